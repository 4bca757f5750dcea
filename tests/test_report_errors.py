"""The report parser's errors: what is not a report, or not this one, and absurd figures, each
refused with the project's own error in one line; long hostile lines in linear time.
"""

from __future__ import annotations

import contextlib
import time
from datetime import date

import pytest

from losstrack.errors import DataError, LosstrackError, UsageError
from losstrack.sources.report import parse

from . import fakes

# -- errors -----------------------------------------------------------------------------------

HEAD = fakes.REPORT_HEAD
LINES = (
    "personnel ‒ about 359230 (+960) persons,\ntanks ‒ 5977 (+8),\nAPV ‒ 11070 (+17),\n"
    "artillery systems – 8464 (+30),\nMLRS – 943 (+4),\n"
)


def raises(kind: type[LosstrackError], text: str, day: date | None = None) -> str:
    """The one-line message `parse` fails with."""
    with pytest.raises(kind) as caught:
        parse(text, day)
    message = str(caught.value)
    assert "\n" not in message
    assert type(caught.value) is kind
    return message


def test_text_without_a_header_is_not_a_report() -> None:
    message = raises(DataError, "Втрати ворога становлять понад 1637 танків\ntanks ‒ 5977 (+8)")
    assert "not a General Staff report" in message


def test_four_categories_are_too_few() -> None:
    four = LINES.split("\n", 4)[:4]
    message = raises(DataError, HEAD + "\n".join(four))
    assert "names 4 recognised categories (personnel, tanks, afv, artillery)" in message
    assert "missing mlrs, air_defense" in message


def test_a_header_with_no_figures_names_none() -> None:
    assert "names 0 recognised categories (none)" in raises(DataError, HEAD + "Data are updated")


def test_headline_numbers_before_the_header_never_count() -> None:
    text = "tanks ‒ 9999 (+99)\nAPV ‒ 9999\n" + HEAD + LINES
    assert parse(text).totals["tanks"] == 5977


def test_no_year_no_page_date_and_no_date_is_a_usage_error() -> None:
    message = raises(UsageError, fakes.own_text("no-year.txt"))
    assert "has no year" in message
    assert "--date YYYY-MM-DD" in message


def test_date_disagreeing_with_the_header_is_a_usage_error() -> None:
    message = raises(UsageError, HEAD + LINES, date(2023, 12, 30))
    assert "2023-12-31" in message
    assert "2023-12-30" in message


def test_date_disagreeing_with_a_header_without_year_is_a_usage_error() -> None:
    message = raises(UsageError, fakes.own_text("no-year.txt"), date(2022, 11, 17))
    assert "16.11" in message
    assert "2022-11-17" in message


def test_page_dates_of_two_years_need_date() -> None:
    text = "16 November 2022\n16 November 2023\n" + fakes.own_text("no-year.txt")
    assert "page dates disagree" in raises(UsageError, text)


def test_two_reports_of_different_dates() -> None:
    other = (HEAD + LINES).replace("31.12.2023", "30.12.2023")
    message = raises(DataError, HEAD + LINES + "\n" + other)
    assert "two different reports, of 2023-12-31 and 2023-12-30" in message


def test_two_reports_of_one_date_with_different_figures() -> None:
    other = HEAD + LINES.replace("5977", "5978")
    message = raises(DataError, HEAD + LINES + "\n" + other)
    assert "two different reports of 2023-12-31 (tanks differs)" in message


def test_a_category_stated_twice_with_different_values() -> None:
    message = raises(DataError, HEAD + LINES + "tanks ‒ 5978 (+8),\n")
    assert "states tanks twice: 5977 and 5978" in message


def test_an_unknown_category_inside_the_list_is_refused() -> None:
    text = HEAD + "personnel ‒ 359230 (+960),\nnaval drones ‒ 5 (+1),\n" + LINES.split("\n", 1)[1]
    message = raises(DataError, text)
    assert "unknown category in the report: 'naval drones - 5 (+1)'" in message


def test_figure_shaped_page_text_after_the_list_is_not_a_figure() -> None:
    text = HEAD + LINES + "Views: 20113\nID: 91234\nShare\ntanks ‒ 1 (+1)\n"
    assert parse(text).totals["tanks"] == 5977


def test_a_category_stated_twice_alike_is_one_figure() -> None:
    assert parse(HEAD + LINES + "tanks ‒ 5977 (+8)\n").totals["tanks"] == 5977


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("tanks ‒ -5977 (+8)", "cannot read the figure of tanks"),
        ("tanks ‒ 5977.5 (+8)", "cannot read the figure of tanks"),
        ("tanks ‒ many (+8)", "cannot read the figure of tanks"),
        ("tanks ‒ 123456789012 (+8)", "123456789012 is not a plausible figure"),
        ("tanks ‒ 5977 (+6000)", "the change +6000 exceeds the total 5977"),
        ("tanks ‒ 5977 (+8) units (+8)", "tanks states two changes"),
    ],
)
def test_unreadable_or_absurd_figures(line: str, expected: str) -> None:
    lines = LINES.replace("tanks ‒ 5977 (+8)", line)
    assert expected in raises(DataError, HEAD + lines)


def test_a_negative_change_keeps_its_sign() -> None:
    assert parse(HEAD + LINES.replace("(+8)", "(−2)")).stated["tanks"] == -2


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("from 24.02.2022 to 29.02.2023", "29.02.2023 does not exist"),
        ("from 24.02 to 32.01", "ends on 32.01, not a calendar date"),
        ("from 24.02.2022 to 31.12.2021", "before 2022-02-24"),
        ("from 01.03.2022 to 31.12.2023", "counts from 01.03.2022, not from 24.02.2022"),
    ],
)
def test_impossible_header_dates(header: str, expected: str) -> None:
    text = HEAD.replace("from 24.02.2022 to 31.12.2023", header) + LINES
    assert expected in raises(DataError, text)


def test_vehicles_given_whole_and_in_parts_must_agree() -> None:
    text = HEAD + LINES + "vehicles and fuel tanks - 100,\nvehicles - 60,\nfuel tanks - 30\n"
    assert "vehicles: the total 100 is not the sum of its parts, 90" in raises(DataError, text)
    fixed = parse(text.replace("- 30", "- 40"))
    assert fixed.totals["vehicles"] == 100
    assert "vehicles" not in fixed.stated


NO_YEAR = HEAD.replace(".2022", "").replace(".2023", "")
SLOW_BEFORE = {
    "a long word on a page without a year": NO_YEAR + LINES + "a" * 20_000,
    "a line of units": HEAD + "tanks - 5 (+1) " + "persons " * 5_000 + "x",
    "a line of changes": HEAD + "tanks - 5 " + "(+1) " * 5_000,
    "a long unknown line": HEAD + LINES + "abc " * 5_000 + "- 5",
    "a long translation": HEAD + "tanks / " + "a-b " * 5_000 + "- 5",
    "a long number": HEAD + "tanks - " + "9" * 20_000,
}


@pytest.mark.parametrize("text", SLOW_BEFORE.values(), ids=SLOW_BEFORE.keys())
def test_long_hostile_lines_take_linear_time(text: str) -> None:
    start = time.perf_counter()
    with contextlib.suppress(LosstrackError):
        parse(text)
    assert time.perf_counter() - start < 1.0  # each took minutes before its regex was fixed
