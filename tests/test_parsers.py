"""Parsers never raise anything but the project's own errors, whatever they are given."""

from __future__ import annotations

import contextlib
import json
from datetime import date, timedelta
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from losstrack.dataset import store
from losstrack.errors import LosstrackError
from losstrack.registry import REGISTRY, is_valid_name
from losstrack.sources import api, github
from losstrack.text import LINK_RE, clean_text

from . import fakes

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


@pytest.mark.parametrize("examples", fakes.examples(200))
def test_api_record_parser_raises_only_project_errors(examples: int) -> None:
    @settings(max_examples=examples, deadline=None)
    @given(obj=st.one_of(json_values, records))
    def check(obj: object) -> None:
        with contextlib.suppress(LosstrackError):
            api.parse_record(obj, "fuzz", [])

    check()


@pytest.mark.parametrize("examples", fakes.examples(200))
def test_api_page_and_github_parsers_raise_only_project_errors(examples: int) -> None:
    @settings(max_examples=examples, deadline=None)
    @given(
        body=st.one_of(st.binary(max_size=200), json_values.map(lambda v: json.dumps(v).encode()))
    )
    def check(body: bytes) -> None:
        for parse in (
            lambda: api.parse_page(body, "fuzz", []),
            lambda: api.parse_latest(body, "fuzz", []),
            lambda: github.parse(body, b"[]", []),
        ):
            with contextlib.suppress(LosstrackError):
                parse()

    check()


HEADER = "date,tanks,naval_drones,source,link\n"
cells = st.sampled_from(["", "1", "12", "-3", "x", "1.5", "2022-03-01", '"', ",", "api", " "])


@pytest.mark.parametrize("examples", fakes.examples(300))
def test_dataset_loader_raises_only_project_errors(examples: int) -> None:
    @settings(max_examples=examples, deadline=None)
    @given(
        rows=st.lists(st.lists(cells, min_size=3, max_size=6).map(",".join), max_size=5),
        tail=st.sampled_from(["\n", ""]),
    )
    def check(rows: list[str], tail: str) -> None:
        try:
            frame = store.parse((HEADER + "\n".join(rows) + tail).encode(), "fuzz.csv")
        except LosstrackError:
            return
        assert list(frame.columns[-2:]) == ["source", "link"]
        assert frame.index.is_monotonic_increasing
        assert frame.index.is_unique

    check()


# -- what the parsers let through -------------------------------------------------------------

API_KEYS = [c.api_key for c in REGISTRY if c.api_key]
hostile_text = st.text(
    alphabet=st.sampled_from("ab_Z09 -[]/:\x1b\x07\x9b\u202e\t,\"'"), max_size=10
)  # fmt: skip
totals = st.one_of(st.integers(min_value=-3, max_value=10**16), st.none(), st.booleans(),
                   st.floats(allow_nan=True), st.sampled_from(["12,396", "7", ""]))  # fmt: skip
near_boundaries = st.sampled_from(
    [c.first for c in REGISTRY] + [c.last for c in REGISTRY if c.last] + [date(2022, 2, 24)]
).flatmap(lambda d: st.integers(-2, 2).map(lambda n: (d + timedelta(days=n)).isoformat()))
api_records = st.fixed_dictionaries(
    {"date": st.one_of(near_boundaries, st.dates(min_value=date(2022, 1, 1)).map(str)),
     "stats": st.dictionaries(st.one_of(st.sampled_from(API_KEYS), hostile_text), totals,
                              max_size=8)},
    optional={"resource": st.one_of(hostile_text.map(lambda t: "https://example.org/" + t),
                                    json_values)},
)  # fmt: skip


@pytest.mark.parametrize("examples", fakes.examples(150))
def test_a_parsed_api_record_holds_only_valid_names_totals_and_links(examples: int) -> None:
    @settings(max_examples=examples, deadline=None)
    @given(obj=api_records)
    def check(obj: dict[str, Any]) -> None:
        warnings: list[str] = []
        try:
            record = api.parse_record(obj, "fuzz", warnings)
        except LosstrackError:
            return
        for name, total in record.values.items():
            assert is_valid_name(name)
            assert type(total) is int
            assert total >= 0
        assert record.link == "" or LINK_RE.fullmatch(record.link)
        assert record.link == clean_text(record.link)
        assert all(w == clean_text(w) for w in warnings)

    check()


def mutate(raw: bytes, data: st.DataObject) -> bytes:
    """One random edit of a dataset file: cut, insert, duplicate a line, or swap two bytes."""
    how = data.draw(st.sampled_from(["cut", "insert", "duplicate", "swap", "tail"]))
    at = data.draw(st.integers(0, len(raw) - 1))
    if how == "cut":
        return raw[:at] + raw[at + data.draw(st.integers(1, 40)) :]
    if how == "insert":
        return raw[:at] + data.draw(st.binary(min_size=1, max_size=6)) + raw[at:]
    if how == "duplicate":
        lines = raw.split(b"\n")
        n = data.draw(st.integers(0, len(lines) - 2))
        return b"\n".join([*lines[: n + 1], lines[n], *lines[n + 1 :]])
    if how == "swap":
        other = data.draw(st.integers(0, len(raw) - 1))
        cells = bytearray(raw)
        cells[at], cells[other] = cells[other], cells[at]
        return bytes(cells)
    return raw[:at]


SMALL = b"\n".join(store.bundled_path().read_bytes().split(b"\n")[:25]) + b"\n"


@pytest.mark.parametrize("examples", fakes.examples(120))
def test_a_damaged_real_dataset_loads_the_same_again_or_fails_with_a_data_error(
    examples: int,
) -> None:
    @settings(max_examples=examples, deadline=None)
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        raw = mutate(SMALL, data)
        try:
            frame = store.parse(raw, "fuzz.csv")
        except LosstrackError as exc:
            message = str(exc)
        else:
            # What loads is a valid dataset: writing it and reading it back changes nothing.
            again = store.to_csv(frame)
            assert store.to_csv(store.parse(again, "again.csv")) == again
            assert frame.index.is_monotonic_increasing
            assert frame.index.is_unique
            return
        assert message.startswith("fuzz.csv")  # names the file (and the line, where there is one)
        assert "\n" not in message

    check()


valid_rows = st.lists(
    st.tuples(st.integers(0, 3), st.lists(st.one_of(st.just(""), st.integers(0, 10**15 - 1).map(str)),
                                           min_size=2, max_size=2),
              st.sampled_from(["api", "github", ""]),
              st.sampled_from(["", "https://example.org/[x]:y", "http://a.b/c?d=e&f=%2C"])),
    min_size=1, max_size=8,
)  # fmt: skip


@pytest.mark.parametrize("examples", fakes.examples(100))
def test_the_fast_reader_and_the_careful_one_agree(examples: int) -> None:
    @settings(max_examples=examples, deadline=None)
    @given(rows=valid_rows, quote=st.integers(0, 100))
    def check(rows: list[tuple[int, list[str], str, str]], quote: int) -> None:
        day, plain, quoted = date(2022, 2, 24), [HEADER], [HEADER]
        for number, (gap, values, source, link) in enumerate(rows):
            day += timedelta(days=gap + 1)
            fields = [day.isoformat(), *values, source, link]
            plain.append(",".join(fields) + "\n")
            if number == quote % len(rows):
                at = quote % len(fields)
                fields[at] = f'"{fields[at]}"'
            quoted.append(",".join(fields) + "\n")
        # A quoted field is valid CSV that only the careful, cell-by-cell reader takes.
        fast = store.parse("".join(plain).encode(), "a")
        pd.testing.assert_frame_equal(fast, store.parse("".join(quoted).encode(), "b"))

    check()


@pytest.mark.parametrize("raw", [b"\r" + SMALL, SMALL.replace(b",api,", b",a\rpi,", 1), b'"\r\n'])
def test_a_stray_carriage_return_is_a_data_error(raw: bytes) -> None:
    # Found by the fuzzer above: the csv module raised its own error, an internal error (70).
    with pytest.raises(LosstrackError, match=r"^fuzz\.csv line \d+: "):
        store.parse(raw, "fuzz.csv")
