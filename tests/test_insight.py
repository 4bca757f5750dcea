"""Insight analysis: the sparkline, and its place under `show CATEGORY` in table mode only."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from losstrack.analysis import milestones, periods
from losstrack.analysis.spark import sparkline
from losstrack.dataset import store
from losstrack.render import prose as summary

from .procs import run


def test_sparkline_scales_from_smallest_to_largest() -> None:
    assert sparkline([0, 1, 2, 3, 4, 5, 6, 7]) == "▁▂▃▄▅▆▇█"
    assert sparkline([10, 80, 45]) == "▁█▅"


def test_sparkline_of_flat_or_missing_values() -> None:
    assert sparkline([5, 5, 5]) == "▁▁▁"
    assert sparkline([None, 0, float("nan"), 2]) == " ▁ █"
    assert sparkline([]) == ""
    assert sparkline([None]) == " "


def test_show_one_category_has_a_sparkline_in_table_mode_only() -> None:
    table = run("show", "tanks", "--last", "3").stdout
    assert table.splitlines()[-1] == (
        "Change per day over the last 30 reports to 2026-08-31: "
        "▁▂▆▆▅▂▅▃▃▅▁▄▃▆▂▃▃▃█▄▇▁▂▁█▅▄▄▂▆ (min 0, max 7)"
    )
    assert "▁" not in run("show", "tanks", "--last", "3", "-f", "csv").stdout
    assert "▁" not in run("show", "tanks", "--last", "3", "-f", "json").stdout
    assert len(json.loads(run("show", "tanks", "--last", "3", "-f", "json").stdout)) == 3
    assert "▁" not in run("show", "tanks", "personnel", "--last", "3").stdout


def frame_of(text: str) -> pd.DataFrame:
    """A dataset frame from CSV lines `date,tanks`."""
    return store.parse(("date,tanks,source,link\n" + text).encode(), "x.csv")


def test_periods_count_from_zero_and_mark_partial_and_spanning_periods() -> None:
    frame = frame_of("2022-02-25,5,api,\n2022-02-28,9,api,\n2022-03-15,20,api,\n"
                     "2022-05-10,30,api,\n")  # fmt: skip
    table = periods.periods(frame, "tanks", "month")
    assert table["period"].tolist() == ["2022-02", "2022-03", "2022-05"]
    assert table["change"].tolist() == [9, 11, 10]
    assert [d.date().isoformat() for d in table["since"]] == [
        "2022-02-24", "2022-02-28", "2022-03-15"]  # fmt: skip
    assert table["spans"].tolist() == [False, False, True]  # April had no report
    assert table["starts_late"].tolist() == [True, False, False]  # from the invasion, 24 Feb
    assert table["ends_early"].tolist() == [False, False, True]  # May runs past the last report
    assert table["partial"].tolist() == [True, False, True]
    assert table["days"].tolist() == [4, 15, 56]


def test_a_category_that_starts_later_has_no_change_for_its_first_period() -> None:
    frame = frame_of("2022-02-25,,api,\n2022-03-02,40,api,\n2022-03-09,45,api,\n")
    table = periods.periods(frame, "tanks", "week")
    assert table["period"].tolist() == ["2022-W09", "2022-W10"]
    assert table["change"].tolist() == [pd.NA, 5]
    assert table["starts_late"].tolist() == [True, False]  # its figures start on 2 March


def test_ladders_and_milestones() -> None:
    assert milestones.ladder("personnel", 120_000) == [10_000, 50_000, 100_000, 150_000]
    assert milestones.ladder("tanks", 500) == [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
    frame = frame_of("2022-02-25,8,api,\n2022-02-27,25,api,\n2022-02-28,19,api,\n"
                     "2022-03-01,60,api,\n")  # fmt: skip
    table = milestones.reached(frame, "tanks")
    assert table["threshold"].tolist() == [10, 20, 50]
    assert [d.date().isoformat() for d in table["date"]] == [
        "2022-02-27", "2022-02-27", "2022-03-01"]  # fmt: skip


def test_projection_at_the_30_day_rate_and_none_when_flat() -> None:
    frame = frame_of("2022-03-01,100,api,\n2022-03-31,160,api,\n")
    ahead = milestones.projection(frame, "tanks")
    assert ahead is not None
    assert (ahead.threshold, ahead.rate_per_day) == (200, 2.0)
    assert ahead.date.date().isoformat() == "2022-04-20"  # 40 more at 2 a day
    assert (
        milestones.projection(frame_of("2022-03-01,100,api,\n2022-03-31,100,api,\n"), "tanks")
        is None
    )


def test_top_days_breaks_ties_by_the_earlier_date() -> None:
    frame = frame_of("2022-03-01,1,api,\n2022-03-02,4,api,\n2022-03-04,7,api,\n"
                     "2022-03-05,8,api,\n")  # fmt: skip
    table = periods.top_days(frame, "tanks", 3)
    assert [d.date().isoformat() for d in table["date"]] == [
        "2022-03-02", "2022-03-04", "2022-03-05"]  # fmt: skip
    assert table["days"].tolist() == [1, 2, 1]


def test_ukrainian_plural_forms_and_grouping() -> None:
    forms = [summary.uk_form(n, "a", "b", "c") for n in (1, 2, 5, 11, 12, 21, 22, 25, 111, 1041)]
    assert forms == ["a", "b", "c", "c", "c", "a", "b", "c", "c", "a"]
    assert summary.number(161520, "uk") == "161\u00a0520"
    assert summary.number(1040, "uk", signed=True) == "+1\u00a0040"
    assert summary.number(161520, "en") == "161,520"


def test_paragraph_names_weekdays_or_dates_by_the_gap() -> None:
    lead = summary.Figure("personnel", 1000, 2500)
    one = summary.Figure("submarines", 0, 1)
    text = summary.paragraph(date(2022, 2, 27), date(2022, 2, 25), lead, [one], "en")
    assert "about 1,500 personnel in the 2 days since Friday" in text
    assert "Russia has also lost 1 submarine (+1)." in text
    text = summary.paragraph(date(2022, 3, 20), date(2022, 3, 3), lead, [], "en")
    assert "in the 17 days since 3 March 2022," in text
    uk = summary.paragraph(date(2022, 3, 20), date(2022, 3, 3), lead, [], "uk")
    assert uk.startswith("За 17 днів з 3 березня 2022 року Росія втратила близько 1\u00a0500 осіб")
    uk = summary.paragraph(date(2022, 2, 27), date(2022, 2, 25), summary.Figure("personnel", 0, 21),
                           [], "uk")  # fmt: skip
    assert uk.startswith("За 2 дні з п'ятниці Росія втратила близько 21 особи особового складу")


def test_summary_of_16_march_2023_in_english() -> None:
    result = run("summary", "--date", "2023-03-16")
    assert (result.exit_code, result.stderr) == (0, "")
    text = result.stdout
    assert text.startswith(
        "Russia lost about 1,040 personnel between Wednesday and Thursday, according to the "
        "General Staff of the Armed Forces of Ukraine. The total rose from 161,520 to 162,560. "
        "Russia has also lost 3,504 tanks (+12), 6,810 armoured fighting vehicles (+11), "
        "2,539 artillery systems (+11), "
    )
    assert "helicopters" not in text  # unchanged that day
    assert text.count("\n") == 1


def test_summary_of_16_march_2023_in_ukrainian() -> None:
    text = run("summary", "--date", "2023-03-16", "--lang", "uk").stdout
    assert text.startswith(
        "Між середою і четвергом Росія втратила близько 1\u00a0040 осіб особового складу, за "
        "даними Генерального штабу Збройних сил України. Загалом втрати особового складу зросли "
        "з 161\u00a0520 до 162\u00a0560. Загальні втрати Росії також склали: танків — "
        "3\u00a0504 (+12), бойових броньованих машин — 6\u00a0810 (+11), артилерійських систем "
        "— 2\u00a0539 (+11), "
    )


def test_summary_categories_keep_the_asked_order_and_include_unchanged() -> None:
    result = run("summary", "--date", "2023-03-16", "--categories", "helicopters,tank",
                 "--categories", "submarines")  # fmt: skip
    assert result.stdout.endswith(
        "Russia has also lost 289 helicopters (+0) and 3,504 tanks (+12).\n"
    )
    assert result.stderr == (
        "losstrack: no submarines figure on both 2023-03-15 and 2023-03-16; left out\n"
    )


def test_summary_on_a_day_without_report_and_before_any_previous_one() -> None:
    result = run("summary", "--date", "2022-02-26")
    assert result.exit_code == 2
    assert result.stderr == (
        "losstrack: no report on 2022-02-26; using the one of 2022-02-25\n"
        "losstrack: error: no report before 2022-02-25 to compare it with\n"
    )
    gap = run("summary", "--date", "2022-02-27")
    assert "about 1,500 personnel in the 2 days since Friday" in gap.stdout


def test_top_by_day_marks_a_change_over_a_missing_day() -> None:
    result = run("top", "afv", "-n", "2")
    assert "1  2022-02-27   +190†     2    706" in result.stdout
    assert "† 2022-02-27: change over 2 days, since the report of 2022-02-25" in result.stdout
    rows = json.loads(run("top", "afv", "-n", "1", "-f", "json").stdout)
    assert (rows[0]["days"], rows[0]["previous_date"]) == (2, "2022-02-25")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["top", "tankz"], "unknown category 'tankz'; did you mean tanks?"),
        (["top", "tanks", "--by", "year"], "Invalid value for '--by'"),
        (["compare", "--periods", "0"], "Invalid value for '--periods'"),
        (["summary", "--date", "16.03.2023"], "--date '16.03.2023' is not a date"),
        (["milestones", "tanks", "extra"], "Got unexpected extra argument"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
