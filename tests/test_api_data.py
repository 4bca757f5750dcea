"""The Python API's dataset functions, checks, errors, update and packaging.

Each function answers the question its command answers, so each is compared with the
command's own `--format csv` (conftest isolates LOSSTRACK_DATA_DIR: the bundled data).
(Series, changes, diffs and the insight functions: test_api.py.)
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any, cast

import pandas as pd
import pytest

import losstrack
from losstrack import errors
from losstrack.library import frames

from . import fakes
from .procs import assert_same, csv_rows

AS_OF = "2026-08-31"  # the bundled data's latest report


# -- the dataset and the checks ---------------------------------------------------------------


def test_categories_are_the_registry_with_the_data_and_ukrainian_aliases() -> None:
    table = losstrack.categories()
    assert table.index.name == "name"
    assert table.loc["uav", "label_uk"] == "БпЛА оперативно-тактичного рівня"
    assert "дрони" in cast("list[str]", table.loc["uav", "aliases_uk"])
    assert table.loc["ground_robots", "first"] == pd.Timestamp("2026-05-03")
    assert_same(table, csv_rows("categories"), {"name", "label", "aliases", "first", "reports"})


def test_corrections_are_the_cli_corrections() -> None:
    table = losstrack.corrections(since="2025-01-01")
    assert set(table["kind"]) == {"decrease"}
    assert table["date"].is_monotonic_decreasing
    rows = csv_rows("corrections", "--since", "2025-01-01")
    assert_same(table, rows, {"date", "category", "old", "new", "change", "glitch"})


def test_check_is_the_cli_check() -> None:
    table = losstrack.check(since="2024-01-01", until="2025-12-31")
    assert {"glitch", "decrease"} <= set(table["check"])
    rows = csv_rows("check", "--since", "2024-01-01", "--until", "2025-12-31")
    assert_same(table, rows, {"date", "category", "check", "value", "other", "detail"})
    tanks = losstrack.check("танки")
    assert set(tanks["category"]) <= {"tanks", ""}
    assert ((tanks["date"] == pd.Timestamp("2023-05-27")) & (tanks["check"] == "glitch")).any()


@pytest.mark.parametrize(
    ("call", "columns"),
    [
        (lambda: losstrack.diff("2022-02-24"), frames.DIFF),
        (lambda: losstrack.top("tanks", n=1), frames.TOP_DAYS),
        (lambda: losstrack.top("tanks", by="week", n=1), frames.TOP_PERIODS),
        (lambda: losstrack.compare("tanks", periods=1), frames.COMPARE),
        (lambda: losstrack.milestones("aircraft"), frames.MILESTONES),
        (lambda: losstrack.categories(), frames.CATEGORIES),
        (lambda: losstrack.corrections(), frames.CORRECTIONS),
        (lambda: losstrack.check(), frames.CHECK),
        (lambda: losstrack.corrections(since="2026-08-31"), frames.CORRECTIONS),  # none
    ],
)
def test_every_result_has_its_documented_columns_and_as_of(
    call: Any, columns: dict[str, str]
) -> None:
    table = call()
    index = [name for name in table.index.names if name is not None]
    assert [*index, *table.columns] == list(columns)
    assert table.attrs["as_of"] == AS_OF
    dtypes = {"int": "Int64", "float": "Float64", "bool": "boolean", "str": "string"}
    for key, kind in columns.items():
        if key in table.columns and kind in dtypes:
            assert str(table[key].dtype) == dtypes[kind], key


def test_nothing_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    losstrack.load(since="2026-08-01")
    losstrack.diff("2022-02-26")  # the CLI notes "no report on 2022-02-26"
    losstrack.summary("today")
    losstrack.check()
    assert capsys.readouterr() == ("", "")


# -- errors in the library's terms ------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: losstrack.load(since="2022-13-01"),
         "since '2022-13-01' is not a date; use YYYY-MM-DD, today or yesterday"),
        (lambda: losstrack.load(until=20220301), "until 20220301 is not a date"),  # type: ignore[arg-type]
        (lambda: losstrack.load(since="2023-03-16", until="2023-03-15"),
         "since 2023-03-16 is after until 2023-03-15"),
        (lambda: losstrack.diff("2022-01-01"), "since 2022-01-01 is before the invasion (2022-02-24)"),
        (lambda: losstrack.diff("2023-03-16", "2023-03-15"),
         "since 2023-03-16 is after until 2023-03-15"),
        (lambda: losstrack.diff("2022-02-24", "2022-02-24"),
         "until 2022-02-24 is before the first report (2022-02-25)"),
        (lambda: losstrack.summary("2022-02-20"),
         "date 2022-02-20 is before the first report (2022-02-25)"),
        (lambda: losstrack.summary(lang="fr"), "lang 'fr': use en or uk"),
        (lambda: losstrack.summary("2022-02-26"),
         "no report before 2022-02-25 to compare it with"),
        (lambda: losstrack.load("zzzzzz"), "unknown category 'zzzzzz'; see losstrack.categories()"),
        (lambda: losstrack.load(["tnaks"]), "unknown category 'tnaks'; did you mean tanks?"),
        (lambda: losstrack.load([1]), "categories: 1 is not a category name"),  # type: ignore[list-item]
        (lambda: losstrack.top("tanks", by="year"), "by 'year': use day, week or month"),
        (lambda: losstrack.top("tanks", n=0), "n 0: use a whole number of at least 1"),
        (lambda: losstrack.compare(by="day"), "by 'day': use week, month or year"),
        (lambda: losstrack.update(source="ftp"), "source 'ftp': use api or github"),
        (lambda: losstrack.corrections(since="tomorrow"), "since 'tomorrow' is not a date"),
    ],
)  # fmt: skip
def test_errors_are_the_packages_own_in_its_terms(call: Any, message: str) -> None:
    with pytest.raises(losstrack.UsageError) as caught:
        call()
    assert str(caught.value).startswith(message)
    assert "--" not in str(caught.value)
    assert isinstance(caught.value, losstrack.LosstrackError)


def test_the_error_classes_are_exported() -> None:
    for name in ("LosstrackError", "UsageError", "DataError", "StorageError", "UpstreamError",
                 "NotFound"):  # fmt: skip
        assert getattr(losstrack, name) is getattr(errors, name)
        assert name in losstrack.__all__


def test_today_and_yesterday_are_dates() -> None:  # conftest: LOSSTRACK_TODAY=2026-09-01
    assert losstrack.load(since="yesterday").index[0] == pd.Timestamp(AS_OF)
    assert losstrack.diff("yesterday", "today").loc["tanks", "since"] == pd.Timestamp(AS_OF)


# -- update -----------------------------------------------------------------------------------


def test_update_stores_what_is_new_and_says_so(seeded_api: fakes.FakeApi, data_dir: Path) -> None:
    done = losstrack.update()
    assert (done.source, done.wrote, done.created) == ("api", True, False)
    assert done.added == (fakes.SEED_NEW,)
    assert done.as_of == fakes.SEED_NEW.isoformat()
    assert done.path == data_dir / "losses.csv"
    assert losstrack.load().attrs["as_of"] == fakes.SEED_NEW.isoformat()
    again = losstrack.update()
    assert (again.wrote, again.added, again.revised) == (False, (), ())


def test_update_goes_through_the_plausibility_gate(
    seeded_api: fakes.FakeApi, data_dir: Path
) -> None:
    before = (data_dir / "losses.csv").read_bytes()
    for record in seeded_api.records[-8:]:
        record["stats"].update({k: v // 10 for k, v in record["stats"].items()})
    with pytest.raises(losstrack.DataError, match="refused the update") as caught:
        losstrack.update(source="api")
    assert "update(force=True)" in str(caught.value)
    assert "--force" not in str(caught.value)
    assert (data_dir / "losses.csv").read_bytes() == before
    forced = losstrack.update(source="api", force=True)
    assert forced.wrote
    assert forced.revised


def test_update_raises_upstream_error_when_no_source_answers() -> None:
    # conftest points both upstreams at 127.0.0.1:9, where nothing listens
    with pytest.raises(losstrack.UpstreamError, match="no source is usable"):
        losstrack.update()


# -- the package ------------------------------------------------------------------------------


def test_no_module_of_the_package_shadows_a_public_name() -> None:
    # `losstrack.update` would be the module once `losstrack/update.py` were imported.
    for name in losstrack.__all__:
        assert importlib.util.find_spec(f"losstrack.{name}") is None, name
        assert hasattr(losstrack, name)
    assert {"load", "diff", "UsageError"} <= set(dir(losstrack))


def test_the_package_says_it_is_typed() -> None:
    assert (Path(losstrack.__file__).parent / "py.typed").is_file()
