"""The source's own stated change: the API's `increase` in stated.csv, and what `check` makes of it.

Updates run in-process against the fake API on a local server (conftest's `seeded_api`: 30
stored reports to 2026-08-31, the API one more), in the API's exact record shape.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from losstrack.analysis import checks
from losstrack.dataset import journal, merge, store
from losstrack.errors import DataError
from losstrack.settings import MAX_TOTAL
from losstrack.sources import api as api_source
from losstrack.sources.records import Record

from . import fakes
from .helpers import run, seed_dataset

LAST, NEW, DAYS = fakes.SEED_LAST, fakes.SEED_NEW, fakes.SEED_DAYS
# The API's keys under the dataset's names on the seeded days (ground robots from 2026-05-03).
COLUMN = {**fakes.API_COLUMNS, "atgm_srbm_systems": "ground_robots"}
ODD = f"losstrack: warning: {api_source.ODD_INCREASE}"


@pytest.fixture
def api(seeded_api: fakes.FakeApi) -> fakes.FakeApi:
    """The fake API over the seeded dataset."""
    return seeded_api


def stated(data_dir: Path) -> list[tuple[str, str, int, str]]:
    """stated.csv as (date, category, stated, source), read and validated by the package."""
    entries = journal.read(data_dir, journal.STATED)
    return [(e["date"].isoformat(), e["category"], e["stated"], e["source"]) for e in entries]


def increase_of(record: dict[str, Any]) -> list[tuple[str, str, int, str]]:
    """The entries a record's `increase` should log, in the API's key order."""
    day = record["date"]
    return [(day, COLUMN[k], v, "api") for k, v in record["increase"].items()]


def add_day(api: fakes.FakeApi, **stats: int) -> dict[str, Any]:
    """The API's next report: synthetic totals, some set; `increase` from the record before."""
    day = fakes.as_date(api.records[-1]["date"]) + timedelta(days=1)
    values = {**fakes.synthetic_stats(day), **stats}
    record = fakes.api_record(day, values, previous=api.records[-1]["stats"])
    api.records.append(record)
    return record


def findings(*args: str) -> list[dict[str, str]]:
    """`check ARGS -f csv` as dicts (exit 0)."""
    result = run("check", *args, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def tree(directory: Path) -> dict[str, bytes]:
    """Every file under a directory with its bytes."""
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


# -- update writes the API's increase ---------------------------------------------------------


def test_an_update_logs_the_apis_increase_of_every_report_it_stores(
    api: fakes.FakeApi, data_dir: Path
) -> None:
    result = run("update")

    assert result.exit_code == 0, result.stderr
    assert result.stderr == "+1 day: 2026-09-01; personnel 1,489,100 (+900)\n"
    # the 7 stored reports it re-read and the new one, each once (latest was sent twice)
    expected = [e for r in api.records[-8:] for e in increase_of(r)]
    assert sorted(stated(data_dir)) == sorted(expected)
    assert ("2026-09-01", "ground_robots", 6, "api") in expected


def test_re_reading_the_last_reports_appends_only_what_is_new(
    api: fakes.FakeApi, data_dir: Path
) -> None:
    assert run("update").exit_code == 0
    log = journal.path(data_dir, journal.STATED)
    first = log.read_bytes()
    assert run("update").stderr.startswith("Nothing new")
    assert log.read_bytes() == first
    record = add_day(api)

    result = run("update")

    assert result.exit_code == 0, result.stderr
    after = log.read_bytes()
    assert after.startswith(first)  # append-only: the lines before are kept byte for byte
    added = list(csv.reader(io.StringIO(after[len(first) :].decode())))
    assert [(d, c, int(n), s) for d, c, n, s, _ in added] == increase_of(record)


def test_a_revised_increase_is_appended_and_the_latest_one_counts(
    api: fakes.FakeApi, data_dir: Path
) -> None:
    assert run("update").exit_code == 0
    api.records[-1]["increase"]["tanks"] = 9  # the API restates its figure...
    add_day(api)  # ...and has news, so the update writes

    assert run("update").exit_code == 0

    tanks = [e for e in stated(data_dir) if e[:2] == (str(NEW), "tanks")]
    assert [e[2] for e in tanks] == [7, 9]
    [found] = findings("tanks")
    assert (found["date"], found["value"], found["other"]) == (str(NEW), "7", "9")


# -- check compares it with the totals --------------------------------------------------------


def test_check_names_the_api_when_its_increase_differs_from_the_totals(
    api: fakes.FakeApi, data_dir: Path
) -> None:
    record = api.records[-1]
    before = api.records[-2]["stats"]["tanks"]
    fakes.set_total(record, "tanks", before + 5)
    record["increase"]["tanks"] = 7

    assert run("update").exit_code == 0
    found = findings()

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
    api: fakes.FakeApi, data_dir: Path
) -> None:
    gap = NEW + timedelta(days=2)
    api.records.append(fakes.api_record(gap, previous=api.records[-1]["stats"]))

    assert run("update").exit_code == 0

    assert (str(gap), "tanks", 14, "api") in stated(data_dir)  # two days' losses
    assert [f["check"] for f in findings()] == ["missing"]


def test_a_categorys_first_report_states_its_running_total_and_is_no_finding(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    monkeypatch.setenv("LOSSTRACK_API_URL", httpserver.url_for("/api/v2"))
    first = fakes.GROUND_ROBOTS_FROM
    records = fakes.api_history(first + timedelta(days=i) for i in range(-4, 4))
    fakes.serve_api(httpserver, records)
    seed_dataset(data_dir, records[:1])

    assert run("update", "--full").exit_code == 0

    # the API counts a new category from zero: its first `increase` is the whole total
    assert (str(first), "ground_robots", 6, "api") in stated(data_dir)
    assert findings() == []
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


# -- what may not be logged -------------------------------------------------------------------


HOSTILE: list[Any] = [
    [1, 2], "+7", 7,  # not an object
    {"tanks": "7"}, {"tanks": 7.0}, {"tanks": True}, {"tanks": None}, {"tanks": {"n": 7}},
    {"tanks": MAX_TOTAL + 1}, {"tanks": -MAX_TOTAL - 1}, {"tanks": 10**14},
    {"tanks": 3, "drones_of_mars": 4},  # a key the record has no total of
    {"tanks": 3, "[red]x\u202e": 4},  # markup and bidi in one
]  # fmt: skip


def test_hostile_increases_are_dropped_in_one_warning_and_the_totals_are_stored(
    api: fakes.FakeApi, data_dir: Path
) -> None:
    for number, record in enumerate(api.records):  # every kind, each in a few records
        record["increase"] = HOSTILE[number % len(HOSTILE)]

    result = run("update", "--full")

    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [ODD, "+1 day: 2026-09-01; personnel 1,489,100 (+900)"]
    frame = store.read(data_dir / store.FILENAME)
    assert frame.loc[str(NEW), "tanks"] == fakes.synthetic_stats(NEW)["tanks"]
    kept = {r["date"] for r in api.records if r["increase"] in HOSTILE[-2:]}  # tanks: 3
    assert stated(data_dir) == [(day, "tanks", 3, "api") for day in sorted(kept)]
    assert run("check").exit_code == 0


@pytest.mark.parametrize("increase", [None, {}, {"submarines": 0, "naval_drones": 0}])
def test_no_increase_or_zeros_for_keys_without_a_total_say_nothing(
    api: fakes.FakeApi, data_dir: Path, increase: Any
) -> None:
    for record in api.records:
        if increase is None:
            del record["increase"]
        else:
            record["increase"] = increase
            record["stats"].pop("submarines")

    result = run("update")

    assert result.exit_code == 0, result.stderr
    assert result.stderr == "+1 day: 2026-09-01; personnel 1,489,100 (+900)\n"
    assert not journal.path(data_dir, journal.STATED).exists()


def test_the_apis_zero_for_a_category_not_reported_yet_is_not_a_statement(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    monkeypatch.setenv("LOSSTRACK_API_URL", httpserver.url_for("/api/v2"))
    records = fakes.api_history(fakes.GROUND_ROBOTS_FROM + timedelta(days=i) for i in (-2, -1, 0))
    fakes.serve_api(httpserver, records)
    seed_dataset(data_dir, records[:1])

    assert run("update", "--full").exit_code == 0

    robots = [e for e in stated(data_dir) if e[1] == "ground_robots"]
    assert robots == [(str(fakes.GROUND_ROBOTS_FROM), "ground_robots", 6, "api")]


def test_records_ignored_as_outside_the_dates_asked_for_log_nothing(
    api: fakes.FakeApi, data_dir: Path
) -> None:
    history = json.loads(json.dumps(api.records))
    history[0]["increase"]["tanks"] = 999

    def whole_history(request: Request) -> Response | None:
        if not request.path.endswith("/statistics"):
            return None
        page = {"paging": {"next_url": None, "total_items": len(history)}, "records": history}
        return Response(
            json.dumps({"message": fakes.SUCCESS, "data": page}), content_type="application/json"
        )

    api.fail = whole_history

    result = run("update")

    assert result.exit_code == 0, result.stderr
    assert "outside the dates asked for" in result.stderr
    assert {e[0] for e in stated(data_dir)} == {r["date"] for r in api.records[-8:]}


def test_a_refused_update_leaves_stated_csv_byte_for_byte(
    api: fakes.FakeApi, data_dir: Path
) -> None:
    assert run("update").exit_code == 0
    before = tree(data_dir)
    record = add_day(api)
    record["stats"].update({k: v // 10 for k, v in record["stats"].items()})
    record["increase"]["tanks"] = 12345

    result = run("update")

    assert result.exit_code == 4
    assert "refused the update" in result.stderr
    assert tree(data_dir) == before


def test_undo_and_redo_take_the_stated_log_with_the_dataset(
    api: fakes.FakeApi, data_dir: Path
) -> None:
    seeded = tree(data_dir)
    assert run("update").exit_code == 0
    once = {n: b for n, b in tree(data_dir).items() if "/" not in n}
    assert journal.STATED.filename in once
    add_day(api)
    assert run("update").exit_code == 0

    assert run("undo").exit_code == 0
    assert {n: b for n, b in tree(data_dir).items() if "/" not in n} == once
    assert run("undo").exit_code == 0
    top = {n: b for n, b in tree(data_dir).items() if "/" not in n and not n.endswith(".lock")}
    assert top == seeded  # no stated.csv: as before the first update
    assert run("redo").exit_code == 0
    assert {n: b for n, b in tree(data_dir).items() if "/" not in n} == once


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


@settings(max_examples=300, deadline=None)
@given(day=DAYS_ANY, increase=INCREASES)
def test_the_parser_keeps_exactly_the_whole_bounded_changes_of_stored_totals(
    day: date, increase: Any
) -> None:
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


@settings(max_examples=100, deadline=None)
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
def test_the_stated_log_reads_back_what_was_appended(
    tmp_path_factory: pytest.TempPathFactory,
    entries: list[tuple[date, str, int, str]],
    quoted: bool,
) -> None:
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
