"""`losstrack update` when the API fails: GitHub's files instead, or exit 3 and nothing written."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from losstrack.dataset import store

from . import fakes
from .fakes import expected_from_petro, serve_petro, stored, totals_by_day
from .procs import run

LAST = date(2026, 8, 31)
NEW = date(2026, 9, 1)


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
    github = serve_petro(httpserver, monkeypatch, [*fakes.synthetic_days()[-20:], *new], different)
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
    assert fakes.snapshot(data_dir) == seeded


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
        fakes.seed_dataset(data_dir, api.records)
        before = fakes.snapshot(data_dir)
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
        assert fakes.snapshot(data_dir) == before
    else:
        assert not data_dir.exists()
