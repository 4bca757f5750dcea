"""The source's own stated change: an update logs the API's `increase` in stated.csv.

Updates run in-process against the fake API on a local server (conftest's `seeded_api`: 30
stored reports to 2026-08-31, the API one more), in the API's exact record shape. What `check`
makes of the log, and the parser: test_stated_check.py.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from losstrack.dataset import journal, store
from losstrack.settings import MAX_TOTAL
from losstrack.sources import api as api_source

from . import fakes
from .procs import csv_rows, run

LAST, NEW, DAYS = fakes.SEED_LAST, fakes.SEED_NEW, fakes.SEED_DAYS
# The API's keys under the dataset's names on the seeded days (ground robots from 2026-05-03).
COLUMN = {**fakes.API_COLUMNS, "atgm_srbm_systems": "ground_robots"}
ODD = f"losstrack: warning: {api_source.ODD_INCREASE}"


def increase_of(record: dict[str, Any]) -> list[tuple[str, str, int, str]]:
    """The entries a record's `increase` should log, in the API's key order."""
    day = record["date"]
    return [(day, COLUMN[k], v, "api") for k, v in record["increase"].items()]


# -- update writes the API's increase ---------------------------------------------------------


def test_an_update_logs_the_apis_increase_of_every_report_it_stores(
    seeded_api: fakes.FakeApi, data_dir: Path
) -> None:
    result = run("update")

    assert result.exit_code == 0, result.stderr
    assert result.stderr == "+1 day: 2026-09-01; personnel 1,489,100 (+900)\n"
    # the 7 stored reports it re-read and the new one, each once (latest was sent twice)
    expected = [e for r in seeded_api.records[-8:] for e in increase_of(r)]
    assert sorted(fakes.stated_entries(data_dir)) == sorted(expected)
    assert ("2026-09-01", "ground_robots", 6, "api") in expected


def test_re_reading_the_last_reports_appends_only_what_is_new(
    seeded_api: fakes.FakeApi, data_dir: Path
) -> None:
    assert run("update").exit_code == 0
    log = journal.path(data_dir, journal.STATED)
    first = log.read_bytes()
    assert run("update").stderr.startswith("Nothing new")
    assert log.read_bytes() == first
    record = fakes.add_day(seeded_api)

    result = run("update")

    assert result.exit_code == 0, result.stderr
    after = log.read_bytes()
    assert after.startswith(first)  # append-only: the lines before are kept byte for byte
    added = list(csv.reader(io.StringIO(after[len(first) :].decode())))
    assert [(d, c, int(n), s) for d, c, n, s, _ in added] == increase_of(record)


def test_a_revised_increase_is_appended_and_the_latest_one_counts(
    seeded_api: fakes.FakeApi, data_dir: Path
) -> None:
    assert run("update").exit_code == 0
    seeded_api.records[-1]["increase"]["tanks"] = 9  # the API restates its figure...
    fakes.add_day(seeded_api)  # ...and has news, so the update writes

    assert run("update").exit_code == 0

    tanks = [e for e in fakes.stated_entries(data_dir) if e[:2] == (str(NEW), "tanks")]
    assert [e[2] for e in tanks] == [7, 9]
    [found] = csv_rows("check", "tanks")
    assert (found["date"], found["value"], found["other"]) == (str(NEW), "7", "9")


# -- what may not be logged -------------------------------------------------------------------


HOSTILE: list[Any] = [
    [1, 2], "+7", 7,  # not an object
    {"tanks": "7"}, {"tanks": 7.0}, {"tanks": True}, {"tanks": None}, {"tanks": {"n": 7}},
    {"tanks": MAX_TOTAL + 1}, {"tanks": -MAX_TOTAL - 1}, {"tanks": 10**14},
    {"tanks": 3, "drones_of_mars": 4},  # a key the record has no total of
    {"tanks": 3, "[red]x\u202e": 4},  # markup and bidi in one
]  # fmt: skip


def test_hostile_increases_are_dropped_in_one_warning_and_the_totals_are_stored(
    seeded_api: fakes.FakeApi, data_dir: Path
) -> None:
    for number, record in enumerate(seeded_api.records):  # every kind, each in a few records
        record["increase"] = HOSTILE[number % len(HOSTILE)]

    result = run("update", "--full")

    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [ODD, "+1 day: 2026-09-01; personnel 1,489,100 (+900)"]
    frame = store.read(data_dir / store.FILENAME)
    assert frame.loc[str(NEW), "tanks"] == fakes.synthetic_stats(NEW)["tanks"]
    kept = {r["date"] for r in seeded_api.records if r["increase"] in HOSTILE[-2:]}  # tanks: 3
    assert fakes.stated_entries(data_dir) == [(day, "tanks", 3, "api") for day in sorted(kept)]
    assert run("check").exit_code == 0


@pytest.mark.parametrize("increase", [None, {}, {"submarines": 0, "naval_drones": 0}])
def test_no_increase_or_zeros_for_keys_without_a_total_say_nothing(
    seeded_api: fakes.FakeApi, data_dir: Path, increase: Any
) -> None:
    for record in seeded_api.records:
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
    fakes.seed_dataset(data_dir, records[:1])

    assert run("update", "--full").exit_code == 0

    robots = [e for e in fakes.stated_entries(data_dir) if e[1] == "ground_robots"]
    assert robots == [(str(fakes.GROUND_ROBOTS_FROM), "ground_robots", 6, "api")]


def test_records_ignored_as_outside_the_dates_asked_for_log_nothing(
    seeded_api: fakes.FakeApi, data_dir: Path
) -> None:
    history = json.loads(json.dumps(seeded_api.records))
    history[0]["increase"]["tanks"] = 999

    def whole_history(request: Request) -> Response | None:
        if not request.path.endswith("/statistics"):
            return None
        page = {"paging": {"next_url": None, "total_items": len(history)}, "records": history}
        return Response(
            json.dumps({"message": fakes.SUCCESS, "data": page}), content_type="application/json"
        )

    seeded_api.fail = whole_history

    result = run("update")

    assert result.exit_code == 0, result.stderr
    assert "outside the dates asked for" in result.stderr
    assert {e[0] for e in fakes.stated_entries(data_dir)} == {
        r["date"] for r in seeded_api.records[-8:]
    }


def test_a_refused_update_leaves_stated_csv_byte_for_byte(
    seeded_api: fakes.FakeApi, data_dir: Path
) -> None:
    assert run("update").exit_code == 0
    before = fakes.files_below(data_dir)
    record = fakes.add_day(seeded_api)
    record["stats"].update({k: v // 10 for k, v in record["stats"].items()})
    record["increase"]["tanks"] = 12345

    result = run("update")

    assert result.exit_code == 4
    assert "refused the update" in result.stderr
    assert fakes.files_below(data_dir) == before


def test_undo_and_redo_take_the_stated_log_with_the_dataset(
    seeded_api: fakes.FakeApi, data_dir: Path
) -> None:
    seeded = fakes.files_below(data_dir)
    assert run("update").exit_code == 0
    once = {n: b for n, b in fakes.files_below(data_dir).items() if "/" not in n}
    assert journal.STATED.filename in once
    fakes.add_day(seeded_api)
    assert run("update").exit_code == 0

    assert run("undo").exit_code == 0
    assert {n: b for n, b in fakes.files_below(data_dir).items() if "/" not in n} == once
    assert run("undo").exit_code == 0
    top = {
        n: b
        for n, b in fakes.files_below(data_dir).items()
        if "/" not in n and not n.endswith(".lock")
    }
    assert top == seeded  # no stated.csv: as before the first update
    assert run("redo").exit_code == 0
    assert {n: b for n, b in fakes.files_below(data_dir).items() if "/" not in n} == once
