"""Parsers never raise anything but the project's own errors, whatever they are given."""

from __future__ import annotations

import contextlib
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from losstrack import store
from losstrack.errors import LosstrackError
from losstrack.sources import api, github

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)  # fmt: skip
records = st.fixed_dictionaries(
    {"date": st.one_of(st.dates().map(str), st.text(max_size=12)),
     "stats": st.dictionaries(st.sampled_from([*api.SUCCESS.split(), "tanks", "uav_systems",
                                               "atgm_srbm_systems", "[x]", "date"]),
                              json_values, max_size=5)},
    optional={"resource": json_values},
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(obj=st.one_of(json_values, records))
def test_api_record_parser_raises_only_project_errors(obj: object) -> None:
    with contextlib.suppress(LosstrackError):
        api.parse_record(obj, "fuzz", [])


@settings(max_examples=200, deadline=None)
@given(body=st.one_of(st.binary(max_size=200), json_values.map(lambda v: json.dumps(v).encode())))
def test_api_page_and_github_parsers_raise_only_project_errors(body: bytes) -> None:
    for parse in (
        lambda: api.parse_page(body, "fuzz", []),
        lambda: api.parse_latest(body, "fuzz", []),
        lambda: github.parse(body, b"[]", []),
    ):
        with contextlib.suppress(LosstrackError):
            parse()


HEADER = "date,tanks,naval_drones,source,link\n"
cells = st.sampled_from(["", "1", "12", "-3", "x", "1.5", "2022-03-01", '"', ",", "api", " "])


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.lists(cells, min_size=3, max_size=6).map(",".join), max_size=5),
    tail=st.sampled_from(["\n", ""]),
)
def test_dataset_loader_raises_only_project_errors(rows: list[str], tail: str) -> None:
    try:
        frame = store.parse((HEADER + "\n".join(rows) + tail).encode(), "fuzz.csv")
    except LosstrackError:
        return
    assert list(frame.columns[-2:]) == ["source", "link"]
    assert frame.index.is_monotonic_increasing
    assert frame.index.is_unique
