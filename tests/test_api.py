"""The Python API: `import losstrack`, in-process and offline, over the bundled data.

Each function answers the question its command answers, so each is compared with the
command's own `--format csv` (conftest isolates LOSSTRACK_DATA_DIR: the bundled data).
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

import pandas as pd

import losstrack
from losstrack.library import frames

from .procs import assert_same, csv_rows, run

AS_OF = "2026-08-31"  # the bundled data's latest report


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
    rows = csv_rows("show", "tanks", "uav", "--since", "2023-05-25", "--until", "2023-05-29")
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
    rows = csv_rows("diff", "--since", "2023-03-15", "--until", "2023-03-16")
    assert_same(table, rows, {"category", "from", "to", "change", "per_day", "days", "since"})


def test_diff_from_before_the_first_report_counts_from_the_invasion() -> None:
    table = losstrack.diff("2022-02-24", "2022-02-27", ["tanks", "артилерія"])
    assert list(table.index) == ["tanks", "artillery"]
    assert table.loc["tanks", "from"] == 0
    assert table.loc["artillery", "change"] == 49
    assert table["since"].iloc[0] == pd.Timestamp("2022-02-24")
    assert_same(table, csv_rows("diff", "--since", "2022-02-24", "--until", "2022-02-27", "tanks",
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
    assert_same(table, csv_rows("top", "tanks"), {"rank", "date", "change", "days", "total"})


def test_top_by_month_is_the_cli_top() -> None:
    table = losstrack.top("дрони", by="month", n=3)
    assert_same(table, csv_rows("top", "uav", "--by", "month", "-n", "3"),
                {"rank", "period", "change", "per_day", "partial", "since"})  # fmt: skip


def test_compare_is_indexed_by_category_and_period_and_is_the_cli_compare() -> None:
    table = losstrack.compare(["personnel", "tanks"], by="year", periods=2)
    assert list(table.index.names) == ["category", "period"]
    assert table.loc[("personnel", "2026"), "basis"] == "per_day"
    assert bool(table.loc[("personnel", "2026"), "partial"])
    rows = csv_rows("compare", "--by", "year", "--periods", "2", "personnel", "tanks")
    assert_same(table, rows, {"change", "vs_previous", "vs_previous_pct", "per_day", "basis"})


def test_compare_defaults_to_every_category_of_the_latest_report() -> None:
    table = losstrack.compare(periods=1)
    assert_same(table, csv_rows("compare", "--periods", "1"), {"category", "period", "change"})


def test_milestones_are_the_cli_milestones() -> None:
    table = losstrack.milestones("tanks")
    assert table.index.name == "threshold"
    assert table.loc[100, "date"] == pd.Timestamp("2022-02-27")
    assert table["status"].iloc[-1] == "projected"
    assert_same(table, csv_rows("milestones", "tanks"), {"threshold", "date", "total", "status"})


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
