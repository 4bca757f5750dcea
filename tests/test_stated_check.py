"""What `check` makes of the source's stated changes (stated.csv), and the log's parser.

Updates run in-process against the fake API on a local server (conftest's `seeded_api`: 30
stored reports to 2026-08-31, the API one more), in the API's exact record shape.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from losstrack.analysis import checks
from losstrack.dataset import journal, merge, store
from losstrack.errors import DataError
from losstrack.settings import MAX_TOTAL
from losstrack.sources import api as api_source
from losstrack.sources.records import Record

from . import fakes
from .procs import csv_rows, run

LAST, NEW, DAYS = fakes.SEED_LAST, fakes.SEED_NEW, fakes.SEED_DAYS
# The API's keys under the dataset's names on the seeded days (ground robots from 2026-05-03).
COLUMN = {**fakes.API_COLUMNS, "atgm_srbm_systems": "ground_robots"}
ODD = f"losstrack: warning: {api_source.ODD_INCREASE}"


# -- check compares it with the totals --------------------------------------------------------


def test_check_names_the_api_when_its_increase_differs_from_the_totals(
    seeded_api: fakes.FakeApi, data_dir: Path
) -> None:
    record = seeded_api.records[-1]
    before = seeded_api.records[-2]["stats"]["tanks"]
    fakes.set_total(record, "tanks", before + 5)
    record["increase"]["tanks"] = 7

    assert run("update").exit_code == 0
    found = csv_rows("check")

    columns = ("date", "category", "check", "value", "other", "detail")
    assert [{k: f[k] for k in columns} for f in found] == [
        {
            "date": "2026-09-01",
            "category": "tanks",
            "check": "stated",
            "value": "5",
            "other": "7",
            "detail": "the API states +7; the totals of 2026-08-31 and 2026-09-01 differ by +5",
        }
    ]
    assert run("check", "--strict").exit_code == 1


def test_the_apis_increase_after_a_missing_day_counts_from_its_previous_report(
    seeded_api: fakes.FakeApi, data_dir: Path
) -> None:
    gap = NEW + timedelta(days=2)
    seeded_api.records.append(fakes.api_record(gap, previous=seeded_api.records[-1]["stats"]))

    assert run("update").exit_code == 0

    assert (str(gap), "tanks", 14, "api") in fakes.stated_entries(data_dir)  # two days' losses
    assert [f["check"] for f in csv_rows("check")] == ["missing"]


def test_a_categorys_first_report_states_its_running_total_and_is_no_finding(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    monkeypatch.setenv("LOSSTRACK_API_URL", httpserver.url_for("/api/v2"))
    first = fakes.GROUND_ROBOTS_FROM
    records = fakes.api_history(first + timedelta(days=i) for i in range(-4, 4))
    fakes.serve_api(httpserver, records)
    fakes.seed_dataset(data_dir, records[:1])

    assert run("update", "--full").exit_code == 0

    # the API counts a new category from zero: its first `increase` is the whole total
    assert (str(first), "ground_robots", 6, "api") in fakes.stated_entries(data_dir)
    assert csv_rows("check") == []
    frame = store.read(data_dir / store.FILENAME)
    latest = journal.latest_stated(journal.read(data_dir, journal.STATED))
    assert checks.first_day_stated(frame, latest) == {}  # running totals only, no day's figure


def test_a_first_day_figure_below_the_total_is_the_days_stated_change() -> None:
    frame = merge.records_frame(
        [
            Record(date(2026, 5, 2), {"tanks": 100}, "api"),
            Record(date(2026, 5, 3), {"tanks": 103, "ground_robots": 1306}, "api"),
            Record(date(2026, 5, 4), {"tanks": 105, "ground_robots": 1311}, "api"),
        ]
    )
    entries = [
        {"date": date(2026, 5, 2), "category": "tanks", "stated": 100, "source": "api"},
        {"date": date(2026, 5, 3), "category": "ground_robots", "stated": 1306, "source": "api"},
        {"date": date(2026, 5, 3), "category": "ground_robots", "stated": 12, "source": "text"},
    ]
    latest = journal.latest_stated(entries)

    assert latest[(date(2026, 5, 3), "ground_robots")] == (12, "text")
    assert checks.first_day_stated(frame, latest) == {"ground_robots": (date(2026, 5, 3), 12)}
    assert checks.first_day_stated(frame, journal.latest_stated(entries[:2])) == {}
    assert checks.stated_mismatches(frame, entries).empty  # nothing before a first report


def test_a_stated_change_a_glitch_explains_is_the_glitch_alone() -> None:
    tanks = {date(2026, 6, d): t for d, t in ((7, 100), (8, 105), (9, 160), (10, 115))}
    frame = merge.records_frame([Record(d, {"tanks": t}, "api") for d, t in tanks.items()])
    # the API's own day figures run smoothly through the glitch of 2026-06-09
    entries = [{"date": d, "category": "tanks", "stated": 5, "source": "api"} for d in tanks]

    found = checks.internal(frame, entries)

    assert list(zip(found["date"].dt.date, found["check"], strict=True)) == [
        (date(2026, 6, 9), "glitch")
    ]
    assert len(checks.stated_mismatches(frame, entries)) == 2  # on its own, the check sees both


def test_a_pasted_reports_stated_change_still_needs_the_day_before() -> None:
    frame = merge.records_frame(
        [
            Record(date(2026, 6, 7), {"tanks": 100}, "api"),
            Record(date(2026, 6, 9), {"tanks": 110}, "text"),
        ]
    )
    day = date(2026, 6, 9)
    pasted = [{"date": day, "category": "tanks", "stated": 4, "source": "text"}]
    from_api = [{**pasted[0], "source": "api"}]

    assert checks.stated_mismatches(frame, pasted).empty  # no report of 2026-06-08
    [detail] = checks.stated_mismatches(frame, from_api)["detail"]
    assert detail == "the API states +4; the totals of 2026-06-07 and 2026-06-09 differ by +10"


# -- the parser and the log -------------------------------------------------------------------

ODD_VALUES = (
    st.integers(min_value=-(10**30), max_value=10**30)
    | st.integers(min_value=-MAX_TOTAL - 2, max_value=MAX_TOTAL + 2)
    | st.floats()
    | st.text(max_size=10)
    | st.none()
    | st.booleans()
    | st.lists(st.integers(), max_size=2)
)
KEYS = st.sampled_from(fakes.API_KEYS) | st.text(max_size=20)
INCREASES = (
    st.dictionaries(KEYS, ODD_VALUES, max_size=20)
    | st.lists(st.integers(), max_size=3)
    | st.text(max_size=5)
    | st.integers()
    | st.none()
)
DAYS_ANY = st.dates(min_value=date(2022, 2, 25), max_value=date(2026, 8, 31))


@pytest.mark.parametrize("examples", fakes.examples(300))
def test_the_parser_keeps_exactly_the_whole_bounded_changes_of_stored_totals(examples: int) -> None:
    @settings(max_examples=examples, deadline=None)
    @given(day=DAYS_ANY, increase=INCREASES)
    def check(day: date, increase: Any) -> None:
        obj = fakes.api_record(day)
        obj["increase"] = increase
        warnings: list[str] = []

        record = api_source.parse_record(obj, "test", warnings)

        columns = {k: n for k, n in COLUMN.items() if n in record.values}
        if day < fakes.GROUND_ROBOTS_FROM:
            columns.pop("atgm_srbm_systems", None)
            if "srbm" in record.values:
                columns["atgm_srbm_systems"] = "srbm"
        good = {
            columns[k]: v
            for k, v in (increase.items() if isinstance(increase, dict) else [])
            if k in columns and type(v) is int and abs(v) <= MAX_TOTAL
        }
        assert record.stated == good
        assert set(record.stated) <= set(record.values)
        assert set(warnings) <= {api_source.ODD_INCREASE}
        said_nothing = isinstance(increase, dict | None) and all(
            (k in columns and type(v) is int and abs(v) <= MAX_TOTAL)
            or (k in fakes.API_KEYS and k not in columns)
            or (k not in fakes.API_KEYS and type(v) is int and v == 0)
            for k, v in (increase or {}).items()
        )
        assert bool(warnings) != said_nothing

    check()


@pytest.mark.parametrize("examples", fakes.examples(100))
def test_the_stated_log_reads_back_what_was_appended(
    tmp_path_factory: pytest.TempPathFactory, examples: int
) -> None:
    @settings(max_examples=examples, deadline=None)
    @given(
        entries=st.lists(
            st.tuples(
                DAYS_ANY,
                st.sampled_from(list(COLUMN.values())),
                st.integers(min_value=-MAX_TOTAL, max_value=MAX_TOTAL),
                st.sampled_from(["api", "text"]),
            ),
            max_size=40,
        ),
        quoted=st.booleans(),
    )
    def check(entries: list[tuple[date, str, int, str]], quoted: bool) -> None:
        folder = tmp_path_factory.mktemp("logs")
        given_entries = [
            dict(zip(("date", "category", "stated", "source"), e, strict=True)) for e in entries
        ]
        journal.append(folder, journal.STATED, given_entries)
        log = journal.path(folder, journal.STATED)
        if quoted and log.exists():  # a log quoted by hand (or by a spreadsheet) reads the same
            rows = list(csv.reader(io.StringIO(log.read_text())))
            out = io.StringIO()
            csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
            log.write_text(out.getvalue())

        back = journal.read(folder, journal.STATED)

        fresh = journal.new_entries([], journal.STATED, given_entries)
        assert [{k: e[k] for k in ("date", "category", "stated", "source")} for e in back] == fresh
        latest = {(e["date"], e["category"]): e for e in given_entries}
        assert journal.append(folder, journal.STATED, list(latest.values())) == 0  # news only

    check()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("2026-09-01,tanks,x7,api,2026-09-01T08:00:00+00:00", "stated 'x7' is not a whole number"),
        ("2026-09-31,tanks,7,api,2026-09-01T08:00:00+00:00", "date 2026-09-31 is not a calendar"),
        ("2026-09-01,Tanks!,7,api,2026-09-01T08:00:00+00:00", "'Tanks!' is not a category name"),
        ("2026-09-01,tanks,7,API,2026-09-01T08:00:00+00:00", "source or recorded time"),
        ("2026-09-01,tanks,7,api", "4 fields, expected 5"),
        ('2026-09-01,tanks,"7,8",api,2026-09-01T08:00:00+00:00', "stated '7,8' is not a whole"),
        ('2026-09-01,tanks,"7\n8",api,2026-09-01T08:00:00+00:00', "stated '7\\n8' is not a whole"),
    ],
)
def test_a_damaged_line_of_a_long_log_is_named(data_dir: Path, line: str, message: str) -> None:
    good = "2026-08-31,tanks,7,api,2026-09-01T08:00:00+00:00\n"
    data_dir.mkdir()
    log = journal.path(data_dir, journal.STATED)
    log.write_text(",".join(journal.STATED.columns) + "\n" + good * 500 + line + "\n" + good)

    with pytest.raises(DataError) as caught:
        journal.read(data_dir, journal.STATED)

    assert str(caught.value).startswith(f"{log} line 502: ")
    assert message in str(caught.value)
