"""`losstrack update` against fake upstreams on a local server: what it fetches, stores and says."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from losstrack import __version__
from losstrack.dataset import store
from losstrack.sources import http

from . import fakes
from .helpers import run, seed_dataset

LAST = date(2026, 8, 31)
NEW = date(2026, 9, 1)
WAR_START = date(2022, 2, 24)

FIRST_REPORTED = {
    "cruise_missiles": date(2022, 5, 1),
    "submarines": date(2023, 9, 14),
    "special_equipment": date(2022, 3, 16),
}
PETRO_COLUMNS = {
    "personnel": "personnel", "tank": "tanks", "APC": "afv", "field artillery": "artillery",
    "MRL": "mlrs", "anti-aircraft warfare": "air_defense", "aircraft": "aircraft",
    "helicopter": "helicopters", "vehicles and fuel tanks": "vehicles", "naval ship": "warships",
    "submarines": "submarines", "cruise missiles": "cruise_missiles", "drone": "uav",
    "special equipment": "special_equipment", "ground robotic systems": "ground_robots",
    "mobile SRBM system": "srbm", "POW": "pow",
}  # fmt: skip

Totals = dict[str, dict[str, int]]


# -- expected values --------------------------------------------------------------------------


def synthetic_days() -> list[date]:
    """~130 report dates over the whole war: every category boundary, a gap, a final run."""
    days = {WAR_START + timedelta(days=1) + timedelta(days=15 * i) for i in range(108)}
    days |= {date.fromisoformat(d) for d in (
        "2022-02-27", "2022-02-28", "2022-03-15", "2022-03-16", "2022-03-25", "2022-03-26",
        "2022-04-14", "2022-04-30", "2022-05-01", "2023-09-13", "2023-09-14", "2026-05-02",
        "2026-05-03",
    )}  # fmt: skip
    days |= {LAST - timedelta(days=i) for i in range(10)}
    days.discard(date(2022, 2, 26))  # as in the API, which has no report that day
    return sorted(d for d in days if d <= LAST)


def expected_from_api(record: Mapping[str, Any]) -> dict[str, int]:
    """The totals the dataset should hold for one API record."""
    day = date.fromisoformat(record["date"])
    totals: dict[str, int] = {}
    for key, value in record["stats"].items():
        if key == "atgm_srbm_systems":
            if day >= fakes.GROUND_ROBOTS_FROM:
                totals["ground_robots"] = value
            elif value and fakes.SRBM_SPAN[0] <= day <= fakes.SRBM_SPAN[1]:
                totals["srbm"] = value
            continue
        column = fakes.API_COLUMNS.get(key, key)
        if value == 0 and day < FIRST_REPORTED.get(column, WAR_START):
            continue  # the API's 0 for "not reported yet" is stored empty
        totals[column] = value
    return totals


def expected_from_petro(
    equipment: Mapping[str, Any], personnel: Mapping[str, Any]
) -> dict[str, int]:
    """The totals the dataset should hold for one day of the PetroIvaniuk files."""
    totals = {PETRO_COLUMNS[k]: v for obj in (equipment, personnel) for k, v in obj.items()
              if k in PETRO_COLUMNS}  # fmt: skip
    if "military auto" in equipment:
        totals["vehicles"] = equipment["military auto"] + equipment.get("fuel tank", 0)
    return totals


def stored(data_dir: Path) -> pd.DataFrame:
    """The user's dataset, read and validated by the package."""
    return store.read(data_dir / store.FILENAME)


def totals_by_day(frame: pd.DataFrame) -> Totals:
    """{date: {category: total}} of a dataset, empty cells left out."""
    table = frame.drop(columns=["source", "link"])
    return {
        ts.date().isoformat(): {str(k): int(v) for k, v in row.items() if not pd.isna(v)}
        for ts, row in zip(table.index, table.to_dict("records"), strict=True)
    }


def snapshot(directory: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of a directory with its bytes and modification time."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(directory.iterdir())}


def new_day(records: list[dict[str, Any]], day: date, **stats: int) -> dict[str, Any]:
    """Append the record of `day` (synthetic totals, some overridden) to the API's history."""
    values = {**fakes.synthetic_stats(day), **stats}
    record = fakes.api_record(day, values, previous=records[-1]["stats"])
    records.append(record)
    return record


def respond(
    body: str, status: int = 200, content_type: str = "application/json", **headers: str
) -> fakes.Fault:
    """A fault answering every request with this response."""
    return lambda request: Response(body, status=status, content_type=content_type,
                                    headers=headers)  # fmt: skip


def only_first(response: Response) -> fakes.Fault:
    """A fault answering the first request with `response`, then letting the fake answer."""
    calls: list[str] = []

    def fault(request: Request) -> Response | None:
        calls.append(request.path)
        return response if len(calls) == 1 else None

    return fault


# -- fixtures ---------------------------------------------------------------------------------


@pytest.fixture
def records() -> list[dict[str, Any]]:
    """The synthetic API history, oldest first; the last three records carry a link."""
    history = fakes.api_history(synthetic_days())
    for record in history[-3:]:
        record["resource"] = (
            f"https://www.facebook.com/GeneralStaff.ua/posts/pfbid0test{record['day']}"
        )
    return history


@pytest.fixture
def api(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, records: list[dict[str, Any]]
) -> fakes.FakeApi:
    """The API replaying `records`; break it by setting its `fail`."""
    monkeypatch.setenv("LOSSTRACK_API_URL", httpserver.url_for("/api/v2"))
    return fakes.serve_api(httpserver, records)


def serve_petro(
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
    days: list[date],
    stats: Callable[[date], Mapping[str, int]] = fakes.synthetic_stats,
) -> fakes.FakeGithub:
    """PetroIvaniuk's files for `days` on the local server, and the package pointed at them."""
    monkeypatch.setenv("LOSSTRACK_GITHUB_URL", httpserver.url_for("/data"))
    return fakes.serve_github(httpserver, *fakes.petro_files(days, stats))


@pytest.fixture
def seeded(api: fakes.FakeApi, data_dir: Path) -> dict[str, tuple[bytes, int]]:
    """A user dataset of the API's records; returns the data dir's snapshot."""
    seed_dataset(data_dir, api.records)
    api.requests.clear()
    api.bytes_served = 0
    return snapshot(data_dir)


# -- the API, working -------------------------------------------------------------------------


def test_full_fetches_every_page_and_stores_every_date_and_category(
    api: fakes.FakeApi, records: list[dict[str, Any]], data_dir: Path
) -> None:
    seed_dataset(data_dir, records[:1])

    result = run("update", "--full")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == (
        f"+{len(records) - 1} days: 2022-02-27..2026-08-31; personnel 1,488,200 (+900)\n"
    )
    assert len(records) > 2 * fakes.MAX_LIMIT  # so that the update had to follow next_url
    assert api.requests == [
        f"/api/v2/statistics?offset={offset}&limit=50" for offset in (0, 50, 100)
    ]
    assert api.user_agents == {f"losstrack/{__version__} (python-requests)"}
    frame = stored(data_dir)
    assert totals_by_day(frame) == {r["date"]: expected_from_api(r) for r in records}
    assert set(frame["source"]) == {"api"}
    links = {r["date"]: r.get("resource", "") for r in records}
    days = pd.DatetimeIndex(frame.index).strftime("%Y-%m-%d")
    assert dict(zip(days, frame["link"], strict=True)) == links


def test_an_update_maps_the_api_quirks(api: fakes.FakeApi, data_dir: Path) -> None:
    seed_dataset(data_dir, api.records[:1])
    assert run("update", "--full").exit_code == 0
    rows = totals_by_day(stored(data_dir))

    # 0 before a category's first report is "not reported": empty, not 0.
    assert "cruise_missiles" not in rows["2022-04-30"]
    assert rows["2022-05-01"]["cruise_missiles"] == 3 * fakes.day_number(date(2022, 5, 1))
    assert "special_equipment" not in rows["2022-03-15"]
    assert "special_equipment" in rows["2022-03-16"]
    assert "submarines" not in rows["2023-09-13"]
    assert rows["2023-09-14"]["submarines"] == 1
    # ...but a 0 on a day the category was reported is a real 0.
    assert rows["2022-02-25"]["warships"] == 0
    # atgm_srbm_systems: SRBM launchers in spring 2022, ground robots from 2026-05-03.
    assert rows["2022-04-14"]["srbm"] == 4
    assert "ground_robots" not in rows["2026-05-02"]
    assert rows["2026-05-03"]["ground_robots"] == 6
    assert not any("atgm_srbm_systems" in r for r in rows.values())


def test_second_update_with_nothing_new_makes_two_requests_and_changes_no_byte(
    api: fakes.FakeApi, seeded: dict[str, tuple[bytes, int]], data_dir: Path
) -> None:
    first_bytes = len(json.dumps(api.records))

    result = run("update")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == "Nothing new: the latest report is 2026-08-31 (checked api).\n"
    assert len(api.requests) <= 2
    assert api.bytes_served < first_bytes / 5
    assert snapshot(data_dir) == seeded
    assert sorted(seeded) == [store.FILENAME]


def test_one_new_day_is_added_in_at_most_two_requests(
    api: fakes.FakeApi, seeded: dict[str, tuple[bytes, int]], data_dir: Path
) -> None:
    record = new_day(api.records, NEW, personnel_units=1_489_640)

    result = run("update")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == "+1 day: 2026-09-01; personnel 1,489,640 (+1,440)\n"
    assert len(api.requests) <= 2
    after = (data_dir / store.FILENAME).read_bytes()
    assert after.startswith(seeded[store.FILENAME][0])  # stored reports kept byte for byte
    assert totals_by_day(stored(data_dir))["2026-09-01"] == expected_from_api(record)


def test_catching_up_follows_next_url_with_the_date_filter(
    api: fakes.FakeApi, seeded: dict[str, tuple[bytes, int]], data_dir: Path
) -> None:
    added = [new_day(api.records, NEW + timedelta(days=i)) for i in range(60)]

    result = run("update")

    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("+60 days: 2026-09-01..2026-10-30; personnel ")
    # latest, then 67 records (60 new + 7 re-read) on two pages of the filtered list
    assert len(api.requests) == 3
    assert all("date_from=" in r for r in api.requests[1:])
    rows = totals_by_day(stored(data_dir))
    assert len(rows) == len(api.records)
    assert all(rows[r["date"]] == expected_from_api(r) for r in added)


@pytest.mark.parametrize("back", [1, 7])
def test_a_revised_value_in_the_last_seven_reports_is_picked_up_and_reported(
    api: fakes.FakeApi, seeded: dict[str, tuple[bytes, int]], data_dir: Path, back: int
) -> None:
    record = api.records[-back]
    old = record["stats"]["tanks"]
    fakes.set_total(record, "tanks", old + 5)

    result = run("update")

    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "No new report; personnel 1,488,200 (+900); "
        f"1 stored value revised: {record['date']} tanks {old:,} -> {old + 5:,}\n"
    )
    assert len(api.requests) <= 2
    assert totals_by_day(stored(data_dir))[record["date"]]["tanks"] == old + 5


def test_full_lays_the_whole_history_over_the_stored_one(
    api: fakes.FakeApi, seeded: dict[str, tuple[bytes, int]], data_dir: Path
) -> None:
    record = api.records[20]
    old = record["stats"]["personnel_units"]
    fakes.set_total(record, "personnel_units", old + 10)

    assert run("update").stderr.startswith("Nothing new")  # outside the re-read tail
    result = run("update", "--full")

    assert result.exit_code == 0, result.stderr
    assert f"{record['date']} personnel {old:,} -> {old + 10:,}" in result.stderr
    assert totals_by_day(stored(data_dir))[record["date"]]["personnel"] == old + 10


# -- falling back to GitHub, and failing ------------------------------------------------------


def test_api_failing_falls_back_to_github_which_only_adds_newer_days(
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
    api: fakes.FakeApi,
    seeded: dict[str, tuple[bytes, int]],
    data_dir: Path,
) -> None:
    def different(day: date) -> dict[str, int]:
        # GitHub disagrees with the API on stored days: those must stay the API's.
        stats = fakes.synthetic_stats(day)
        return {k: v + 1000 if day <= LAST else v for k, v in stats.items()}

    new = [NEW, NEW + timedelta(days=1)]
    github = serve_petro(httpserver, monkeypatch, [*synthetic_days()[-20:], *new], different)
    api.fail = 500

    result = run("update")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    host = httpserver.url_for("/").split("//")[1].rstrip("/")
    personnel = fakes.synthetic_stats(new[1])["personnel_units"]
    note, summary = result.stderr.splitlines()
    assert note.startswith(
        f"losstrack: note: the API is not usable ({host}/api/v2/statistics/latest: "
        "HTTP 500 INTERNAL SERVER ERROR); "
    )
    assert "GitHub" in note.split(");")[-1]
    assert summary == f"+2 days: 2026-09-01..2026-09-02; personnel {personnel:,} (+900)"
    assert len(github.requests) == 2
    frame = stored(data_dir)
    assert (data_dir / store.FILENAME).read_bytes().startswith(seeded[store.FILENAME][0])
    rows = totals_by_day(frame)
    for equipment, personnel_obj in zip(github.equipment[-2:], github.personnel[-2:], strict=True):
        assert rows[equipment["date"]] == expected_from_petro(equipment, personnel_obj)
    assert list(frame["source"].iloc[-3:]) == ["api", "github", "github"]


def test_fallback_into_an_empty_data_dir_adds_github_days_to_the_bundled_ones(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, api: fakes.FakeApi, data_dir: Path
) -> None:
    api.fail = 503
    upstream = {r["date"]: r["stats"] for r in fakes.grown(fakes.bundled_records(2), 1)}
    days = [date.fromisoformat(d) for d in upstream]
    github = serve_petro(httpserver, monkeypatch, days, lambda d: upstream[d.isoformat()])

    result = run("update")

    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("losstrack: note: the API is not usable (")
    assert "GitHub" in result.stderr.splitlines()[0]
    bundled = store.bundled_path().read_bytes()
    path = data_dir / store.FILENAME
    assert path.read_bytes().startswith(bundled)
    frame = stored(data_dir)
    assert len(frame) == bundled.count(b"\n") - 1 + 1  # the header line; one new report
    assert totals_by_day(frame)["2026-09-01"] == expected_from_petro(
        github.equipment[-1], github.personnel[-1]
    )


def test_source_github_full_fills_every_missing_day_with_the_2022_keys(
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
    api: fakes.FakeApi,
    seeded: dict[str, tuple[bytes, int]],
    data_dir: Path,
) -> None:
    def different(day: date) -> dict[str, int]:
        return {k: v + 7 for k, v in fakes.synthetic_stats(day).items()}

    # Days the API did not send: vehicles as "military auto" + "fuel tank", POW, SRBM.
    missing = [date(2022, 3, 2), date(2022, 3, 20), date(2022, 4, 20)]
    stored_days = [date(2022, 2, 25), date(2022, 4, 14), LAST]
    github = serve_petro(httpserver, monkeypatch, [*missing, *stored_days], different)

    result = run("update", "--source", "github", "--full")

    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("+3 days: 2022-03-02..2022-04-20; personnel 1,488,200 (+900)")
    assert api.requests == []
    before = totals_by_day(store.parse(seeded[store.FILENAME][0], "seeded"))
    rows = totals_by_day(stored(data_dir))
    assert {d: v for d, v in rows.items() if d in before} == before  # stored days untouched
    by_date = {e["date"]: (e, p) for e, p in zip(github.equipment, github.personnel, strict=True)}
    for day in missing:
        equipment, personnel = by_date[day.isoformat()]
        assert "military auto" in equipment
        assert rows[day.isoformat()] == expected_from_petro(equipment, personnel)
    assert rows["2022-04-20"]["pow"] == 400 + fakes.day_number(date(2022, 4, 20))
    assert rows["2022-04-20"]["srbm"] == 4 + 7


def test_source_api_with_a_failing_api_exits_3_without_trying_github(
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
    api: fakes.FakeApi,
    seeded: dict[str, tuple[bytes, int]],
    data_dir: Path,
) -> None:
    github = serve_petro(httpserver, monkeypatch, [NEW])
    api.fail = 500

    result = run("update", "--source", "api")

    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.startswith("losstrack: error: ")
    assert result.stderr.endswith("/api/v2/statistics/latest: HTTP 500 INTERNAL SERVER ERROR\n")
    assert result.stderr.count("\n") == 1
    assert github.requests == []
    assert snapshot(data_dir) == seeded


@pytest.mark.parametrize("seed", [False, True], ids=["empty-dir", "existing-dataset"])
@pytest.mark.parametrize("how", ["http-500", "closed-port"])
def test_nothing_reachable_exits_3_and_writes_nothing(
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
    api: fakes.FakeApi,
    data_dir: Path,
    how: str,
    seed: bool,
) -> None:
    before = None
    if seed:
        seed_dataset(data_dir, api.records)
        before = snapshot(data_dir)
    if how == "http-500":
        api.fail = 500
        github = serve_petro(httpserver, monkeypatch, [NEW])
        github.fail = 500
    else:
        monkeypatch.setenv("LOSSTRACK_API_URL", "http://127.0.0.1:9/api/v2")
        monkeypatch.setenv("LOSSTRACK_GITHUB_URL", "http://127.0.0.1:9/data")

    result = run("update")

    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.startswith("losstrack: error: no source is usable: API: ")
    assert result.stderr.count("\n") == 1
    assert "; GitHub: " in result.stderr
    reason = "HTTP 500" if how == "http-500" else "connection refused"
    assert result.stderr.count(reason) == 2
    if seed:
        assert snapshot(data_dir) == before
    else:
        assert not data_dir.exists()


# -- answers that are not usable --------------------------------------------------------------

CAPTIVE_PORTAL = (
    "<!DOCTYPE html>\n<html><head><title>Hotel Wi-Fi</title></head>"
    "<body><form action='/login'>Accept the terms to browse</form></body></html>"
)


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (respond(CAPTIVE_PORTAL, content_type="text/html"), "answered with an HTML page, not JSON"),
        (respond(CAPTIVE_PORTAL, content_type="application/json"), "answered with an HTML page, not JSON"),
        (respond('{"message": "The data were fetched successfully.", "data": {"date": '),
         "invalid JSON (line 1, column 69); the body may be cut off"),
        (respond(""), "answered with an empty body"),
        (respond("[]"), "not the API's envelope (no `data`)"),
        (respond('{"message": "Too Many Attempts.", "data": null}'),
         "the API said 'Too Many Attempts.'"),
        (respond('{"message": "Server Error"}', status=502), "HTTP 502 BAD GATEWAY"),
    ],
    ids=["html", "html-as-json", "invalid-json", "empty", "not-envelope", "message", "502"],
)  # fmt: skip
def test_an_unusable_api_answer_exits_3_and_changes_nothing(
    api: fakes.FakeApi,
    seeded: dict[str, tuple[bytes, int]],
    data_dir: Path,
    fault: fakes.Fault,
    reason: str,
) -> None:
    api.fail = fault

    result = run("update", "--source", "api")

    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.startswith("losstrack: error: ")
    assert result.stderr.endswith(f"statistics/latest: {reason}\n")
    assert result.stderr.count("\n") == 1
    assert snapshot(data_dir) == seeded


def test_a_success_envelope_with_another_message_is_not_usable(
    api: fakes.FakeApi, data_dir: Path
) -> None:
    api.message = "The data were fetched partially."

    result = run("update", "--source", "api")

    assert result.exit_code == 3
    assert result.stderr.endswith("the API said 'The data were fetched partially.'\n")
    assert not data_dir.exists()


def test_a_body_cut_off_before_its_content_length_exits_3(
    monkeypatch: pytest.MonkeyPatch, records: list[dict[str, Any]], data_dir: Path
) -> None:
    body = json.dumps({"message": fakes.SUCCESS, "data": {"paging": {}, "records": records}})
    declared = {"Content-Length": str(len(body))}
    with fakes.raw_server(
        fakes.http_reply(body[: len(body) // 2].encode(), headers=declared)
    ) as server:
        monkeypatch.setenv("LOSSTRACK_API_URL", f"{server.url}/api/v2")
        result = run("update", "--source", "api")

    assert result.exit_code == 3
    assert result.stderr.startswith("losstrack: error: 127.0.0.1:")
    assert result.stderr.endswith("/api/v2/statistics/latest: the body was cut off\n")
    assert server.connections == 1
    assert not data_dir.exists()


def test_a_server_that_never_answers_times_out(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    monkeypatch.setattr(http, "READ_TIMEOUT", 0.3)
    with fakes.raw_server(None) as server:
        monkeypatch.setenv("LOSSTRACK_API_URL", f"{server.url}/api/v2")
        started = time.monotonic()
        result = run("update", "--source", "api")
        elapsed = time.monotonic() - started

    assert result.exit_code == 3
    assert result.stderr.endswith("/api/v2/statistics/latest: timed out\n")
    assert elapsed < 2.0
    assert not data_dir.exists()


@pytest.mark.parametrize(
    ("retry_after", "cap", "slept"),
    [("1", 5.0, (1.0, 3.0)), ("3600", 0.2, (0.2, 2.0))],
    ids=["honoured", "capped"],
)
def test_429_with_retry_after_is_retried_then_succeeds(
    monkeypatch: pytest.MonkeyPatch,
    api: fakes.FakeApi,
    data_dir: Path,
    retry_after: str,
    cap: float,
    slept: tuple[float, float],
) -> None:
    monkeypatch.setattr(http, "RETRY_AFTER_CAP", cap)
    busy = Response('{"message": "Too Many Attempts."}', status=429,
                    headers={"Retry-After": retry_after}, content_type="application/json")  # fmt: skip
    api.fail = only_first(busy)
    seed_dataset(data_dir, api.records[:-1])

    started = time.monotonic()
    result = run("update", "--source", "api")
    elapsed = time.monotonic() - started

    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("+1 day: 2026-08-31")
    assert api.requests[:2] == ["/api/v2/statistics/latest"] * 2
    assert slept[0] <= elapsed < slept[1]


@pytest.mark.parametrize("value", ["12,396", None, -5, True, 1.5])
@pytest.mark.parametrize("seed", [False, True], ids=["empty-dir", "existing-dataset"])
def test_a_total_that_is_not_a_whole_number_refuses_the_update(
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
    api: fakes.FakeApi,
    data_dir: Path,
    value: object,
    seed: bool,
) -> None:
    before = None
    if seed:
        seed_dataset(data_dir, api.records)
        before = snapshot(data_dir)
    github = serve_petro(httpserver, monkeypatch, [NEW])
    fakes.set_total(api.records[-1], "tanks", value)

    result = run("update")

    assert result.exit_code == 4
    assert result.stdout == ""
    assert result.stderr.startswith("losstrack: error: API statistics")
    assert f"2026-08-31 tanks is {value!r}" in result.stderr
    assert result.stderr.count("\n") == 1
    assert github.requests == []  # bad data is not an outage: no fallback
    if seed:
        assert snapshot(data_dir) == before
    else:
        assert not data_dir.exists()


# -- keys the registry does not know ----------------------------------------------------------


def test_an_unknown_valid_key_becomes_a_column_and_bad_keys_are_refused(
    api: fakes.FakeApi, data_dir: Path
) -> None:
    seed_dataset(data_dir, api.records[:-5])
    for record in api.records[-5:]:
        record["stats"]["naval_drones"] = record["day"] - 1640
        record["stats"]["[bold red]x"] = 1
        record["stats"]["Bad Key"] = 2

    result = run("update")

    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[:-1] == [
        f"losstrack: warning: API statistics{where}: refused the unknown key {key}"
        for where in ("/latest", "")
        for key in ("'[bold red]x'", "'Bad Key'")
    ]
    assert lines[-1].startswith("+5 days")
    frame = stored(data_dir)
    assert list(frame.columns[-3:]) == ["naval_drones", "source", "link"]
    assert totals_by_day(frame)["2026-08-31"]["naval_drones"] == 10
    assert "naval_drones" not in totals_by_day(frame)["2026-08-26"]

    shown = run("show", "--format", "csv")
    assert shown.exit_code == 0, shown.stderr
    assert (
        "\n2026-08-31,naval_drones,naval_drones,10,1,2026-08-30,1,,,False,2026-08-31\n"
        in shown.stdout
    )
    table = run("show").stdout
    assert "naval_drones" in table
    assert "bold" not in table
    assert "Bad" not in table


@pytest.mark.parametrize("key", ["date", "source", "link"])
def test_a_key_named_like_a_dataset_field_is_refused_and_the_dataset_stays_readable(
    api: fakes.FakeApi, data_dir: Path, key: str
) -> None:
    seed_dataset(data_dir, api.records[:-3])
    for record in api.records:
        record["stats"][key] = 5

    result = run("update")

    assert result.exit_code == 0, result.stderr
    shown = run("show", "--format", "csv")
    assert shown.exit_code == 0, shown.stderr
    assert f"losstrack: warning: API statistics: refused the unknown key '{key}'" in result.stderr
    frame = stored(data_dir)
    assert set(frame["source"]) == {"api"}
    assert frame["link"].iloc[-1] == api.records[-1]["resource"]


def test_an_api_without_any_record_writes_no_dataset(api: fakes.FakeApi, data_dir: Path) -> None:
    api.records.clear()

    result = run("update")

    # A file with a header and no reports would make every later command fail on it.
    assert result.exit_code in (0, 3), result.stderr
    assert "0 reports" not in result.stderr
    assert not (data_dir / store.FILENAME).exists()
    shown = run("show")
    assert shown.exit_code == 0, shown.stderr


# -- the local dataset ------------------------------------------------------------------------


def test_a_damaged_dataset_makes_update_exit_4_before_any_request(
    api: fakes.FakeApi, seeded: dict[str, tuple[bytes, int]], data_dir: Path
) -> None:
    path = data_dir / store.FILENAME
    lines = path.read_bytes().split(b"\n")
    lines[2] += b",stray"
    path.write_bytes(b"\n".join(lines))
    before = snapshot(data_dir)
    new_day(api.records, NEW)

    result = run("update")

    assert result.exit_code == 4
    assert result.stdout == ""
    assert result.stderr == (
        f"losstrack: error: {path} line 3: 21 fields where the header has 20\n"
    )
    assert api.requests == []
    assert snapshot(data_dir) == before


def test_writes_leave_only_the_dataset_and_its_lock(
    api: fakes.FakeApi, seeded: dict[str, tuple[bytes, int]], data_dir: Path
) -> None:
    assert sorted(seeded) == [store.FILENAME]
    (data_dir / f".{store.FILENAME}.x1y2z3.tmp").write_bytes(b"left by a killed update")
    new_day(api.records, NEW)

    result = run("update")

    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in data_dir.iterdir())
    # history: for undo; stated.csv: the changes the API's `increase` states
    assert names == ["history", store.FILENAME, f"{store.FILENAME}.lock", "stated.csv"]
    assert (data_dir / store.FILENAME).stat().st_mode & 0o777 == 0o644


# -- the recorded history ---------------------------------------------------------------------


@pytest.mark.reference
def test_replaying_the_recorded_api_history_rebuilds_the_bundled_dataset(
    reference: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    history = json.loads((reference / "russianwarship" / "api-history.json").read_bytes())
    monkeypatch.setenv("LOSSTRACK_API_URL", httpserver.url_for("/api/v2"))
    api = fakes.serve_api(httpserver, history)
    first = run("update")  # over the bundled data, built from this history: nothing new
    assert first.exit_code == 0, first.stderr
    assert first.stderr.startswith("Nothing new: the latest report is 2026-08-31")
    assert not data_dir.exists()
    seed_dataset(data_dir, history[:1])
    api.requests.clear()

    result = run("update", "--full")

    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("+1,647 days: 2022-02-27..2026-08-31")
    assert len(api.requests) == -(-len(history) // fakes.MAX_LIMIT)
    assert totals_by_day(stored(data_dir)) == {r["date"]: expected_from_api(r) for r in history}
    assert (data_dir / store.FILENAME).read_bytes() == store.bundled_path().read_bytes()


@pytest.mark.reference
def test_the_recorded_github_files_extend_a_dataset_when_the_api_fails(
    reference: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    folder = reference / "petroivaniuk"
    equipment = json.loads((folder / fakes.EQUIPMENT).read_bytes())
    personnel = json.loads((folder / fakes.PERSONNEL).read_bytes())
    monkeypatch.setenv("LOSSTRACK_API_URL", httpserver.url_for("/api/v2"))
    monkeypatch.setenv("LOSSTRACK_GITHUB_URL", httpserver.url_for("/data"))
    fakes.serve_api(httpserver, [], fail=500)
    fakes.serve_github(httpserver, equipment, personnel)
    bundled = store.bundled_path().read_bytes()
    kept = bundled[: bundled.index(b"\n2026-08-01,") + 1]  # the bundled data until 2026-07-31
    data_dir.mkdir()
    (data_dir / store.FILENAME).write_bytes(kept)

    result = run("update")

    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("losstrack: note: the API is not usable (")
    assert "GitHub" in result.stderr.splitlines()[0]
    assert result.stderr.splitlines()[-1].startswith(
        "+8 days: 2026-08-01..2026-08-08; personnel 1,456,610 ("
    )
    assert (data_dir / store.FILENAME).read_bytes().startswith(kept)
    rows = totals_by_day(stored(data_dir))
    by_date = {p["date"]: p for p in personnel}
    for day in equipment[-8:]:
        assert rows[day["date"]] == expected_from_petro(day, by_date[day["date"]])
