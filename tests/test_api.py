"""The Python API: `import losstrack`, in-process and offline, over the bundled data.

Each function answers the question its command answers, so each is compared with the
command's own `--format csv` (conftest isolates LOSSTRACK_DATA_DIR: the bundled data).
"""

from __future__ import annotations

import csv
import importlib.util
import io
from datetime import date
from pathlib import Path
from typing import Any, cast

import pandas as pd
import pytest

import losstrack
from losstrack import errors
from losstrack.library import frames

from . import fakes
from .helpers import run

AS_OF = "2026-08-31"  # the bundled data's latest report


def cli_csv(*args: str) -> list[dict[str, str]]:
    """`losstrack ARGS -f csv` as dicts (exit 0)."""
    result = run(*args, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def agrees(value: Any, cell: str) -> bool:
    """Whether a value of a frame is what the CLI's csv wrote for it."""
    if isinstance(value, list):
        return " ".join(value) == cell
    if value is None or value is pd.NA or value is pd.NaT:
        return cell == ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() == cell
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return str(bool(value)) == cell
    if isinstance(value, int | float):
        return cell != "" and float(cell) == float(value)
    return str(value) == cell


def assert_same(frame: pd.DataFrame, rows: list[dict[str, str]], at_least: set[str]) -> None:
    """Every field the frame and the csv share agree, row by row; `at_least` are shared."""
    records = frame.reset_index().to_dict("records")
    assert len(records) == len(rows) > 0
    shared = {str(key) for key in records[0]} & set(rows[0])
    assert at_least <= shared, at_least - shared
    for record, row in zip(records, rows, strict=True):
        for key in shared:
            assert agrees(record[key], row[key]), (key, record[key], row[key])


# -- the issue's three figures ----------------------------------------------------------------


def test_the_three_figures_of_the_issue() -> None:
    assert losstrack.load().loc["2023-03-16", "personnel"] == 162560
    assert losstrack.diff("2023-03-15", "2023-03-16").loc["personnel", "change"] == 1040
    assert losstrack.changes().loc["2022-02-27", "days"] == 2


# -- load -------------------------------------------------------------------------------------


def test_load_is_the_series_by_date_with_nullable_integers() -> None:
    frame = losstrack.load()
    assert isinstance(frame.index, pd.DatetimeIndex)
    assert frame.index.name == "date"
    assert list(frame.columns[:3]) == ["personnel", "tanks", "afv"]
    assert "source" not in frame.columns
    assert {str(t) for t in frame.dtypes} == {"Int64"}
    assert frame.attrs["as_of"] == AS_OF
    assert frame.attrs["bundled"] is True
    assert len(frame) == 1648


def test_load_takes_aliases_ukrainian_names_and_dates_as_the_command_line() -> None:
    frame = losstrack.load(["Танки", "drones", "tank"], since="2026-08-29", until=date(2026, 8, 30))
    assert list(frame.columns) == ["tanks", "uav"]
    assert [d.date().isoformat() for d in frame.index] == ["2026-08-29", "2026-08-30"]
    assert frame.loc["2026-08-30", "tanks"] == 12311
    one = losstrack.load("бпла", since=pd.Timestamp("2026-08-31"))
    assert list(one.columns) == ["uav"]
    assert one.attrs["as_of"] == AS_OF


def test_load_with_meta_keeps_each_reports_source_and_link() -> None:
    frame = losstrack.load("tanks", until="2022-02-27", meta=True)
    assert list(frame.columns) == ["tanks", "source", "link"]
    assert list(frame["tanks"]) == [80, 146]
    assert set(frame["source"]) == {"api"}


# -- changes ----------------------------------------------------------------------------------


def test_changes_are_wide_by_date_with_the_days_since_the_report_before() -> None:
    table = losstrack.changes(["personnel", "artillery"], until="2022-02-28")
    assert list(table.columns) == ["personnel", "artillery", "days"]
    assert table["artillery"].tolist() == [pd.NA, 49, 25]
    assert table["days"].tolist() == [pd.NA, 2, 1]
    assert table.attrs == {"as_of": AS_OF, "as_published": False}


def test_a_change_spans_a_glitch_and_long_gives_it_its_own_days() -> None:
    # tanks 3,794 on 2023-05-27 is a one-day glitch between 3,796 and 3,797.
    wide = losstrack.changes("tanks", since="2023-05-26", until="2023-05-28")
    assert wide["tanks"].tolist() == [1, pd.NA, 1]
    assert wide["days"].tolist() == [1, 1, 1]
    published = losstrack.changes(
        "tanks", since="2023-05-27", until="2023-05-28", as_published=True
    )
    assert published["tanks"].tolist() == [-2, 3]
    long = losstrack.changes("tanks", since="2023-05-26", until="2023-05-28", long=True)
    assert list(long.index.names) == ["date", "category"]
    after = cast("pd.Series[Any]", long.loc[(pd.Timestamp("2023-05-28"), "tanks")])
    assert (after["change"], after["days"], after["glitches"]) == (1, 2, ["2023-05-27"])
    assert bool(long.loc[(pd.Timestamp("2023-05-27"), "tanks"), "glitch"])


def test_long_changes_are_the_csv_of_show() -> None:
    long = losstrack.changes(["tanks", "uav"], since="2023-05-25", until="2023-05-29", long=True)
    rows = cli_csv("show", "tanks", "uav", "--since", "2023-05-25", "--until", "2023-05-29")
    assert list(long.columns) == [k for k in frames.CHANGE if k not in ("date", "category")]
    assert_same(long, rows, {"date", "category", "total", "change", "days", "glitch", "corrected"})


def test_wide_changes_agree_with_the_long_ones_where_the_spans_agree() -> None:
    wide = losstrack.changes(since="2026-06-01")
    long = losstrack.changes(since="2026-06-01", long=True)
    spans = long.reset_index().merge(
        wide["days"].rename("row_days"), left_on="date", right_index=True
    )
    same = spans[(spans["days"] == spans["row_days"]).fillna(False)]
    assert len(same) > 1000
    for row in same.itertuples():
        value: Any = wide.at[row.date, row.category]
        assert value == row.change


# -- diff -------------------------------------------------------------------------------------


def test_diff_is_indexed_by_category_and_agrees_with_the_cli() -> None:
    table = losstrack.diff("2023-03-15", "2023-03-16")
    assert table.index.name == "category"
    assert list(table.columns[:5]) == ["from", "to", "change", "per_day", "days"]
    tanks = table.loc["tanks", ["from", "to", "change", "per_day", "days"]]
    assert list(tanks) == [3492, 3504, 12, 12.0, 1]
    assert table.attrs["as_of"] == AS_OF
    rows = cli_csv("diff", "--since", "2023-03-15", "--until", "2023-03-16")
    assert_same(table, rows, {"category", "from", "to", "change", "per_day", "days", "since"})


def test_diff_from_before_the_first_report_counts_from_the_invasion() -> None:
    table = losstrack.diff("2022-02-24", "2022-02-27", ["tanks", "артилерія"])
    assert list(table.index) == ["tanks", "artillery"]
    assert table.loc["tanks", "from"] == 0
    assert table.loc["artillery", "change"] == 49
    assert table["since"].iloc[0] == pd.Timestamp("2022-02-24")
    assert_same(table, cli_csv("diff", "--since", "2022-02-24", "--until", "2022-02-27", "tanks",
                               "artillery"), {"from", "to", "change", "per_day"})  # fmt: skip


def test_diff_until_defaults_to_the_latest_and_a_day_without_report_takes_the_one_before() -> None:
    table = losstrack.diff("2022-02-26", categories="tanks")  # no report on 2022-02-26
    assert table.loc["tanks", "since"] == pd.Timestamp("2022-02-25")
    assert table.loc["tanks", "until"] == pd.Timestamp(AS_OF)


# -- the insight commands ---------------------------------------------------------------------


def test_top_by_day_is_the_cli_top() -> None:
    table = losstrack.top("tanks")
    assert table.index.name == "rank"
    assert list(table.index) == list(range(1, 11))
    assert table.loc[1, "date"] == pd.Timestamp("2022-02-27")
    assert table.loc[1, "days"] == 2
    assert_same(table, cli_csv("top", "tanks"), {"rank", "date", "change", "days", "total"})


def test_top_by_month_is_the_cli_top() -> None:
    table = losstrack.top("дрони", by="month", n=3)
    assert_same(table, cli_csv("top", "uav", "--by", "month", "-n", "3"),
                {"rank", "period", "change", "per_day", "partial", "since"})  # fmt: skip


def test_compare_is_indexed_by_category_and_period_and_is_the_cli_compare() -> None:
    table = losstrack.compare(["personnel", "tanks"], by="year", periods=2)
    assert list(table.index.names) == ["category", "period"]
    assert table.loc[("personnel", "2026"), "basis"] == "per_day"
    assert bool(table.loc[("personnel", "2026"), "partial"])
    rows = cli_csv("compare", "--by", "year", "--periods", "2", "personnel", "tanks")
    assert_same(table, rows, {"change", "vs_previous", "vs_previous_pct", "per_day", "basis"})


def test_compare_defaults_to_every_category_of_the_latest_report() -> None:
    table = losstrack.compare(periods=1)
    assert_same(table, cli_csv("compare", "--periods", "1"), {"category", "period", "change"})


def test_milestones_are_the_cli_milestones() -> None:
    table = losstrack.milestones("tanks")
    assert table.index.name == "threshold"
    assert table.loc[100, "date"] == pd.Timestamp("2022-02-27")
    assert table["status"].iloc[-1] == "projected"
    assert_same(table, cli_csv("milestones", "tanks"), {"threshold", "date", "total", "status"})


def test_summary_is_the_paragraph_and_its_figures() -> None:
    news = losstrack.summary("2023-03-16")
    result = run("summary", "--date", "2023-03-16", "-f", "json")
    import json

    payload = json.loads(result.stdout)
    assert news.text == payload["text"] == str(news)
    assert news.text.startswith("Russia lost about 1,040 personnel between Wednesday and Thursday")
    assert (news.date, news.previous_date) == (date(2023, 3, 16), date(2023, 3, 15))
    assert news.figures.loc["personnel", "change"] == 1040
    assert list(news.figures.index) == [f["category"] for f in payload["figures"]]
    assert news.notes == ()


def test_summary_in_ukrainian_leaves_the_language_as_it_was() -> None:
    news = losstrack.summary("2023-03-17", categories=["tanks"], lang="uk")
    assert news.text.startswith("Між четвергом і п'ятницею Росія втратила")
    assert list(news.figures.index) == ["personnel", "tanks"]
    assert losstrack.summary("2023-03-16").text.startswith("Russia lost")


def test_summary_notes_say_what_it_left_out_and_which_report_it_used() -> None:
    glitch = losstrack.summary("2023-05-27")
    assert glitch.notes == (
        "tanks 3,794 of 2023-05-27 is a one-day glitch of the source; left out",
    )
    assert "tanks" not in glitch.figures.index
    later = losstrack.summary("today")  # conftest: LOSSTRACK_TODAY=2026-09-01
    assert later.notes == ("no report on 2026-09-01; using the one of 2026-08-31",)
    assert later.date == date(2026, 8, 31)


# -- the dataset and the checks ---------------------------------------------------------------


def test_categories_are_the_registry_with_the_data_and_ukrainian_aliases() -> None:
    table = losstrack.categories()
    assert table.index.name == "name"
    assert table.loc["uav", "label_uk"] == "БпЛА оперативно-тактичного рівня"
    assert "дрони" in cast("list[str]", table.loc["uav", "aliases_uk"])
    assert table.loc["ground_robots", "first"] == pd.Timestamp("2026-05-03")
    assert_same(table, cli_csv("categories"), {"name", "label", "aliases", "first", "reports"})


def test_corrections_are_the_cli_corrections() -> None:
    table = losstrack.corrections(since="2025-01-01")
    assert set(table["kind"]) == {"decrease"}
    assert table["date"].is_monotonic_decreasing
    rows = cli_csv("corrections", "--since", "2025-01-01")
    assert_same(table, rows, {"date", "category", "old", "new", "change", "glitch"})


def test_check_is_the_cli_check() -> None:
    table = losstrack.check(since="2024-01-01", until="2025-12-31")
    assert {"glitch", "decrease"} <= set(table["check"])
    rows = cli_csv("check", "--since", "2024-01-01", "--until", "2025-12-31")
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
