"""Changes by date, diffs and their algebra, on the bundled data and on synthetic series."""

from __future__ import annotations

import importlib.util
import json
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from losstrack.analysis import series
from losstrack.dataset import store

from . import fakes
from .procs import run

BUNDLED = store.read(store.bundled_path())
FIRST, LAST = BUNDLED.index.min().date(), BUNDLED.index.max().date()
days = st.integers(min_value=0, max_value=(LAST - FIRST).days).map(lambda n: FIRST + timedelta(n))


def cell(table: pd.DataFrame, row: Any, column: str) -> int:
    """One whole number of a table."""
    value: Any = table.at[row, column]
    return int(value)


@pytest.mark.parametrize("examples", fakes.examples(60))
def test_diff_is_additive_over_any_three_dates(examples: int) -> None:
    @settings(max_examples=examples, deadline=None)
    @given(a=days, b=days, c=days)
    def check(a: date, b: date, c: date) -> None:
        a, b, c = sorted((a, b, c))
        stamps = [series.report_on_or_before(BUNDLED, d, "--since") for d in (a, b, c)]
        ab = series.diff(BUNDLED, stamps[0], stamps[1]).set_index("category")["change"]
        bc = series.diff(BUNDLED, stamps[1], stamps[2]).set_index("category")["change"]
        ac = series.diff(BUNDLED, stamps[0], stamps[2]).set_index("category")["change"]
        both = ab.notna() & bc.notna()
        assert both.any()  # personnel is in every report: the property is never vacuous
        assert (ab[both] + bc[both]).equals(ac[both])

    check()


@st.composite
def gappy_series(draw: st.DrawFn) -> pd.DataFrame:
    """A dataset with gaps between reports, categories that start and stop, and corrections."""
    steps = draw(st.lists(st.integers(1, 400), min_size=1, max_size=12))
    stamps = pd.DatetimeIndex(pd.Timestamp(FIRST) + pd.to_timedelta(pd.Series(steps).cumsum(), "D"))
    cells = st.one_of(st.none(), st.integers(0, 10**9))
    lines = ["date,tanks,pow,naval_drones,source,link"]
    for stamp in stamps:
        values = [draw(cells) for _ in range(3)]
        lines.append(f"{stamp.date()}," + ",".join("" if v is None else str(v) for v in values)
                     + ",api,")  # fmt: skip
    return store.parse(("\n".join(lines) + "\n").encode(), "synthetic.csv")


@pytest.mark.parametrize("examples", fakes.examples(80))
def test_diff_is_additive_on_any_series_with_gaps_and_corrections(examples: int) -> None:
    @settings(max_examples=examples, deadline=None)
    @given(frame=gappy_series(), data=st.data())
    def check(frame: pd.DataFrame, data: st.DataObject) -> None:
        picks = sorted(
            data.draw(st.lists(st.sampled_from(list(frame.index)), min_size=3, max_size=3))
        )
        ab, bc, ac = (
            series.diff(frame, start, end).set_index("category")
            for start, end in ((picks[0], picks[1]), (picks[1], picks[2]), (picks[0], picks[2]))
        )
        for name in series.categories(frame):
            if frame.loc[list(picks), name].isna().any():
                continue  # a category missing on one of the dates has no change there to add up
            values = [cell(frame, p, name) for p in picks]
            assert cell(ab, name, "to") == cell(bc, name, "from") == values[1]
            assert cell(ac, name, "change") == cell(ab, name, "change") + cell(bc, name, "change")
            assert cell(ac, name, "change") == values[2] - values[0]

    check()


@settings(max_examples=6, deadline=None)
@given(a=days, b=days, c=days)
def test_diff_command_is_additive_over_any_three_dates(a: date, b: date, c: date) -> None:
    a, b, c = sorted((a, b, c))

    def changes(since: date, until: date) -> dict[str, int | None]:
        result = run("diff", "--since", since.isoformat(), "--until", until.isoformat(),
                     "--format", "json")  # fmt: skip
        assert result.exit_code == 0, result.stderr
        return {r["category"]: r["change"] for r in json.loads(result.stdout)}

    ab, bc, ac = changes(a, b), changes(b, c), changes(a, c)
    for name, change in ac.items():
        first, second = ab.get(name), bc.get(name)
        if first is not None and second is not None:
            assert change == first + second


def test_changes_are_taken_by_date_and_label_the_span() -> None:
    frame = store.parse(
        b"date,tanks,source,link\n2022-03-01,10,api,\n2022-03-02,12,api,\n2022-03-05,11,api,\n",
        "x.csv",
    )
    table = series.changes(frame, "tanks")
    assert table["change"].tolist() == [pd.NA, 2, -1]
    assert table["days"].tolist() == [pd.NA, 1, 3]


def test_latest_skips_categories_the_last_report_lacks() -> None:
    frame = store.parse(
        b"date,tanks,pow,source,link\n2022-04-26,10,5,api,\n2022-04-28,12,,api,\n", "x.csv"
    )
    assert series.latest(frame)["category"].tolist()[0] == "tanks"
    assert "pow" not in series.latest(frame)["category"].tolist()
    assert series.missing_from_latest(frame) == [("pow", pd.Timestamp("2022-04-26"))]


def build_script() -> ModuleType:
    """tools/build_dataset.py, the maintainer's script outside the installed package."""
    path = Path(__file__).resolve().parent.parent / "tools" / "build_dataset.py"
    spec = importlib.util.spec_from_file_location("build_dataset", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bundled_dataset_is_what_the_importer_builds_from_the_reference(reference: Path) -> None:
    history = reference / "russianwarship" / "api-history.json"
    importer = build_script()
    assert importer.build(history.read_bytes(), history.name) == store.bundled_path().read_bytes()


def test_importer_command_writes_the_dataset(reference: Path, tmp_path: Path) -> None:
    out = tmp_path / "losses.csv"
    history = reference / "russianwarship" / "api-history.json"
    importer = build_script()
    assert importer.main([str(history), str(out)]) == 0
    assert out.read_bytes() == store.bundled_path().read_bytes()
    assert importer.main([str(tmp_path / "missing.json"), str(out)]) == 4
