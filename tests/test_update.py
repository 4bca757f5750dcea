"""`losstrack update` from the API on a local server: what it fetches, stores and says.

Pages, date filters, revisions, `--full`; the local dataset it starts from; and the recorded
histories of ../shared/reference replayed. (Falling back to GitHub: test_update_fallback.py;
answers it cannot use: test_update_answers.py.)
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from pytest_httpserver import HTTPServer

from losstrack import __version__
from losstrack.dataset import store

from . import fakes
from .fakes import expected_from_api, expected_from_petro, stored, totals_by_day
from .procs import run

LAST = date(2026, 8, 31)
NEW = date(2026, 9, 1)


# -- the API, working -------------------------------------------------------------------------


def test_full_fetches_every_page_and_stores_every_date_and_category(
    api: fakes.FakeApi, records: list[dict[str, Any]], data_dir: Path
) -> None:
    fakes.seed_dataset(data_dir, records[:1])

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
    fakes.seed_dataset(data_dir, api.records[:1])
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
    assert fakes.snapshot(data_dir) == seeded
    assert sorted(seeded) == [store.FILENAME]


def test_one_new_day_is_added_in_at_most_two_requests(
    api: fakes.FakeApi, seeded: dict[str, tuple[bytes, int]], data_dir: Path
) -> None:
    record = fakes.new_day(api.records, NEW, personnel_units=1_489_640)

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
    added = [fakes.new_day(api.records, NEW + timedelta(days=i)) for i in range(60)]

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


# -- the local dataset ------------------------------------------------------------------------


def test_a_damaged_dataset_makes_update_exit_4_before_any_request(
    api: fakes.FakeApi, seeded: dict[str, tuple[bytes, int]], data_dir: Path
) -> None:
    path = data_dir / store.FILENAME
    lines = path.read_bytes().split(b"\n")
    lines[2] += b",stray"
    path.write_bytes(b"\n".join(lines))
    before = fakes.snapshot(data_dir)
    fakes.new_day(api.records, NEW)

    result = run("update")

    assert result.exit_code == 4
    assert result.stdout == ""
    assert result.stderr == (
        f"losstrack: error: {path} line 3: 21 fields where the header has 20\n"
    )
    assert api.requests == []
    assert fakes.snapshot(data_dir) == before


def test_writes_leave_only_the_dataset_and_its_lock(
    api: fakes.FakeApi, seeded: dict[str, tuple[bytes, int]], data_dir: Path
) -> None:
    assert sorted(seeded) == [store.FILENAME]
    (data_dir / f".{store.FILENAME}.x1y2z3.tmp").write_bytes(b"left by a killed update")
    fakes.new_day(api.records, NEW)

    result = run("update")

    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in data_dir.iterdir())
    # history: for undo; stated.csv: the changes the API's `increase` states
    assert names == ["history", store.FILENAME, f"{store.FILENAME}.lock", "stated.csv"]
    assert (data_dir / store.FILENAME).stat().st_mode & 0o777 == 0o644


# -- the recorded history ---------------------------------------------------------------------


@pytest.mark.reference
@pytest.mark.slow  # the whole recorded history
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
    fakes.seed_dataset(data_dir, history[:1])
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
