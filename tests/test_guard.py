"""The write path guards the dataset: bounds, hostile JSON, future dates, the plausibility gate.

Each case runs a real `losstrack update` in-process against the fake API on a local server,
over a seeded user dataset, and checks the exit code, the one line on stderr, and that a
refused update leaves the data directory byte for byte as it was.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from losstrack import registry
from losstrack.dataset import journal, merge, store
from losstrack.errors import LosstrackError
from losstrack.sources import api as api_source

from . import fakes
from .helpers import run

LAST, NEW, DAYS = fakes.SEED_LAST, fakes.SEED_NEW, fakes.SEED_DAYS
TEXTS = Path(__file__).parent / "texts"


@pytest.fixture
def api(seeded_api: fakes.FakeApi) -> fakes.FakeApi:
    """The fake API over the seeded dataset (conftest's `seeded_api`)."""
    return seeded_api


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file below a directory with its bytes."""
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*"))
            if p.is_file()}  # fmt: skip


@pytest.fixture
def github(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> fakes.FakeGithub:
    """GitHub's files, broken (HTTP 500) unless a test mends them."""
    monkeypatch.setenv("LOSSTRACK_GITHUB_URL", httpserver.url_for("/data"))
    return fakes.serve_github(httpserver, *fakes.petro_files([*DAYS, NEW]), fail=500)


def top_files(directory: Path) -> dict[str, bytes]:
    """The data directory's own files (not the undo history) with their bytes."""
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())
            if p.is_file() and p.suffix != ".lock"}  # fmt: skip


def refused(result: Any, code: int, before: dict[str, bytes], data_dir: Path) -> str:
    """Assert a refusal: the code, one line on stderr, the data directory unchanged."""
    assert result.exit_code == code, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("losstrack: error: ")
    assert len(result.stderr) < 1200
    assert snapshot(data_dir) == before
    assert run("show").exit_code == 0
    return str(result.stderr)


def raw_body(records: list[dict[str, Any]], literal: str) -> fakes.Fault:
    """Every API answer with the placeholder "__RAW__" replaced by a raw JSON literal."""

    def fault(request: Request) -> Response:
        page = {"paging": {"next_url": None, "total_items": len(records)}, "records": records}
        data = page if request.path.endswith("/statistics") else records[-1]
        body = json.dumps({"message": fakes.SUCCESS, "data": data})
        return Response(body.replace('"__RAW__"', literal), content_type="application/json")

    return fault


# -- values that could not be read back -------------------------------------------------------


@pytest.mark.parametrize(
    ("literal", "code"),
    [
        (str(10_000_001), 4),  # over the bound: a bad record
        (str(10**14), 4),
        (str(10**15), 3),
        (str(2**63 - 1), 3),  # more digits than any count: the answer is unusable
        (str(2**63), 3),
        (str(2**64), 3),
        ("9" * 5000, 3),
        ("1e400", 4),
    ],
)
def test_a_total_beyond_the_bound_is_refused_and_nothing_is_written(
    api: fakes.FakeApi, github: fakes.FakeGithub, data_dir: Path, literal: str, code: int
) -> None:
    before = snapshot(data_dir)
    fakes.set_total(api.records[-1], "tanks", "__RAW__")
    api.fail = raw_body(api.records, literal)

    message = refused(run("update"), code, before, data_dir)

    assert "10,000,000" in message or "digits" in message or "whole number" in message
    if code == 3:
        assert github.requests, "the fallback was not tried"


def test_json_nested_100000_deep_is_an_unusable_api_and_github_is_used(
    api: fakes.FakeApi, github: fakes.FakeGithub, data_dir: Path
) -> None:
    api.fail = lambda request: Response("[" * 100_000 + "]" * 100_000, content_type="text/json")
    github.fail = None

    result = run("update")

    assert result.exit_code == 0, result.stderr
    assert "nested too deeply" in result.stderr
    assert store.read(data_dir / store.FILENAME).index[-1].date() == NEW


def test_keys_too_long_colliding_or_too_many_are_refused_in_few_lines(
    api: fakes.FakeApi, data_dir: Path
) -> None:
    stats = api.records[-1]["stats"]
    stats["k" * 131_073] = 1
    stats.update({"tank": 5, "drones": 6, "kia": 7})
    stats.update({f"x{i}": i for i in range(10_000)})

    result = run("update")

    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("\n") <= 6, result.stderr
    assert len(result.stderr) < 2000
    frame = store.read(data_dir / store.FILENAME)
    extra = [c for c in frame.columns if c not in (*registry.NAMES, *store.META)]
    assert extra == ["x0", "x1", "x2"]
    assert run("show", "x2", "--last", "1", "--format", "csv").exit_code == 0


def test_a_long_link_is_not_stored_and_a_long_date_is_quoted_short(
    api: fakes.FakeApi, github: fakes.FakeGithub, data_dir: Path
) -> None:
    # 2 MB each: under the size cap of one answer (10 MB is over it: the API is not usable).
    api.records[-1]["resource"] = "https://example.org/" + "a" * 2_000_000
    assert run("update").exit_code == 0
    assert store.read(data_dir / store.FILENAME)["link"].iloc[-1] == ""
    before = snapshot(data_dir)
    api.records.append(fakes.api_record(NEW + timedelta(days=1)))
    api.records[-1]["date"] = "9" * 2_000_000

    message = refused(run("update"), 4, before, data_dir)

    assert "…" in message


# -- dates from the future --------------------------------------------------------------------


@pytest.mark.parametrize("day", ["2030-01-01", "9999-12-31", "+2"])
def test_a_report_dated_after_tomorrow_is_refused(
    api: fakes.FakeApi, github: fakes.FakeGithub, data_dir: Path, day: str
) -> None:
    before = snapshot(data_dir)
    when = date.today() + timedelta(days=2) if day == "+2" else date.fromisoformat(day)
    api.records.append(fakes.api_record(when, previous=api.records[-1]["stats"]))

    message = refused(run("update"), 4, before, data_dir)

    assert f"a report dated {when}, after today" in message


def test_a_report_dated_tomorrow_is_allowed_for_time_zones(
    api: fakes.FakeApi, data_dir: Path
) -> None:
    tomorrow = date.today() + timedelta(days=1)
    api.records.append(fakes.api_record(tomorrow, previous=api.records[-1]["stats"]))

    result = run("update")

    assert result.exit_code == 0, result.stderr
    assert store.read(data_dir / store.FILENAME).index[-1].date() == tomorrow


def test_github_reports_from_the_future_are_refused(
    api: fakes.FakeApi, github: fakes.FakeGithub, data_dir: Path
) -> None:
    before = snapshot(data_dir)
    equipment, personnel = fakes.petro_files([*DAYS, date(2099, 12, 31)])
    github.equipment, github.personnel, github.fail = equipment, personnel, None

    message = refused(run("update", "--source", "github"), 4, before, data_dir)

    assert "2099-12-31" in message


def test_a_pasted_report_after_today_exits_2(data_dir: Path) -> None:
    text = (TEXTS / "no-year.txt").read_text("utf-8")
    future = text.replace("from 24.02 to 16.11", "from 24.02.2022 to 31.12.2099")

    for result in (
        run("update", "--text", "-", stdin=future),
        run("update", "--text", "-", "--date", "2099-11-16", stdin=text),
    ):
        assert result.exit_code == 2, result.stderr
        assert result.stderr.count("\n") == 1
        assert "after today" in result.stderr
    assert not data_dir.exists()


# -- the plausibility gate --------------------------------------------------------------------


def divide_by_10(stats: dict[str, Any]) -> None:
    """Every total a tenth of itself."""
    stats.update({k: v // 10 for k, v in stats.items()})


def all_zero(stats: dict[str, Any]) -> None:
    """Every total 0."""
    stats.update(dict.fromkeys(stats, 0))


def no_figures(stats: dict[str, Any]) -> None:
    """`stats: {}`."""
    stats.clear()


POISONS = [divide_by_10, all_zero, no_figures]


@pytest.mark.parametrize("poison", POISONS)
@pytest.mark.parametrize("full", [False, True])
def test_a_poisoned_upstream_is_refused_then_forced_then_recovers(
    api: fakes.FakeApi, github: fakes.FakeGithub, data_dir: Path, poison: Any, full: bool
) -> None:
    before = snapshot(data_dir)
    clean = json.loads(json.dumps(api.records))
    for record in api.records[-8:] if not full else api.records:
        poison(record["stats"])
    args = ["update", "--full"] if full else ["update"]

    message = refused(run(*args), 4, before, data_dir)

    assert "refused the update" in message
    assert "--force" in message
    forced = run(*args, "--force")
    assert forced.exit_code == 0, forced.stderr
    if poison is not no_figures:
        assert (data_dir / "revisions.csv").exists()
        undone = run("undo")
        assert undone.exit_code == 0, undone.stderr
        assert top_files(data_dir) == {n: b for n, b in before.items() if "/" not in n}
        assert run("redo").exit_code == 0
    api.records[:] = clean
    recovered = run("update", "--full", "--force")
    assert recovered.exit_code == 0, recovered.stderr
    frame = store.read(data_dir / store.FILENAME)
    assert frame.loc[str(NEW), "tanks"] == fakes.synthetic_stats(NEW)["tanks"]


def test_records_outside_the_dates_asked_for_are_ignored_and_said(
    api: fakes.FakeApi, data_dir: Path
) -> None:
    history = json.loads(json.dumps(api.records))
    fakes.set_total(history[0], "tanks", 1)  # far outside the re-read tail

    def whole_history(request: Request) -> Response | None:
        if not request.path.endswith("/statistics"):
            return None
        page = {"paging": {"next_url": None, "total_items": len(history)}, "records": history}
        return Response(json.dumps({"message": fakes.SUCCESS, "data": page}),
                        content_type="application/json")  # fmt: skip

    api.fail = whole_history

    result = run("update")

    assert result.exit_code == 0, result.stderr
    assert "ignored 23 report(s) the API sent outside the dates asked for" in result.stderr
    frame = store.read(data_dir / store.FILENAME)
    assert frame.loc[str(DAYS[0]), "tanks"] == fakes.synthetic_stats(DAYS[0])["tanks"]
    assert frame.index[-1].date() == NEW


def test_a_date_twice_with_different_figures_is_refused_naming_it(
    api: fakes.FakeApi, github: fakes.FakeGithub, data_dir: Path
) -> None:
    before = snapshot(data_dir)
    twin = json.loads(json.dumps(api.records[-1]))
    twin["stats"]["tanks"] += 1
    api.records.insert(-1, twin)

    message = refused(run("update"), 4, before, data_dir)

    assert f"sent {NEW} twice with different figures (tanks)" in message


def test_a_first_update_lays_a_short_upstream_over_the_bundled_data(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    bundled = store.read(store.bundled_path())
    records = fakes.bundled_records(10)
    monkeypatch.setenv("LOSSTRACK_API_URL", httpserver.url_for("/api/v2"))
    fakes.serve_api(httpserver, records)

    result = run("update", "--full")

    assert result.exit_code == 0, result.stderr
    assert f"lacks {len(bundled) - 10:,} of the stored reports" in result.stderr
    assert not (data_dir / store.FILENAME).exists()  # nothing new: nothing written
    assert run("show", "--format", "csv").stdout == run("show", "--format", "csv").stdout


def test_a_report_pasted_for_the_wrong_year_is_refused(data_dir: Path) -> None:
    text = (TEXTS / "no-year.txt").read_text("utf-8")  # the report of 2022-11-16

    result = run("update", "--text", "-", "--date", "2023-11-16", stdin=text)

    assert result.exit_code == 4, result.stderr
    assert result.stderr.count("\n") == 1
    assert "differs from" in result.stderr
    assert "--force" in result.stderr
    assert not data_dir.exists()


def test_a_page_dated_another_year_than_date_exits_2(data_dir: Path) -> None:
    text = "16 November 2022\n" + (TEXTS / "no-year.txt").read_text("utf-8")

    result = run("update", "--text", "-", "--date", "2023-11-16", stdin=text)

    assert result.exit_code == 2, result.stderr
    assert "the page dates the report 16.11.2022, --date says 2023-11-16" in result.stderr
    assert not data_dir.exists()


# -- any payload in the record's shape --------------------------------------------------------

VALUES = (
    st.integers(min_value=-(10**30), max_value=10**30)
    | st.integers(min_value=0, max_value=20_000_000)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.none()
    | st.booleans()
    | st.lists(st.integers(), max_size=3)
)
WHOLE = st.integers(min_value=0, max_value=20_000_000) | st.integers(min_value=0, max_value=10**30)
KEYS = (
    st.sampled_from(fakes.API_KEYS)
    | st.text(max_size=80)
    | st.sampled_from(
        ["tank", "drones", "kia", "date", "source", "link", "x" * 200, "naval_drones"]
    )
)
NEAR = st.dates(min_value=LAST - timedelta(days=10), max_value=date.today() + timedelta(days=3))
DATES = NEAR.map(str) | NEAR.map(str) | st.text(max_size=20) | st.integers() | st.none()


@st.composite
def payloads(draw: st.DrawFn) -> list[dict[str, Any]]:
    """One to three records in the API's shape, their contents anything JSON can say."""
    records = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        stats = dict(fakes.synthetic_stats(NEW)) if draw(st.booleans()) else {}
        values: st.SearchStrategy[Any] = VALUES if draw(st.booleans()) else WHOLE  # past parsing
        stats.update(draw(st.dictionaries(KEYS, values, max_size=8)))
        record: dict[str, Any] = {"date": draw(DATES), "day": 1, "stats": stats, "increase": {}}
        if draw(st.booleans()):
            record["resource"] = draw(st.text(max_size=40) | st.just("https://example.org/p"))
        records.append(record)
    return records


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(payload=payloads())
def test_any_payload_ends_in_a_documented_code_and_the_dataset_still_loads(
    api: fakes.FakeApi, github: fakes.FakeGithub, data_dir: Path, payload: list[dict[str, Any]]
) -> None:
    seeded = (data_dir / store.FILENAME).read_bytes()
    shutil.rmtree(data_dir)
    data_dir.mkdir()
    (data_dir / store.FILENAME).write_bytes(seeded)
    before = snapshot(data_dir)
    api.records[:] = [*api.records[: len(DAYS)], *payload]

    result = run("update")

    assert result.exit_code in (0, 3, 4), result.stderr
    assert result.stderr.count("losstrack: error:") == (result.exit_code != 0)
    assert all(len(line) < 2000 for line in result.stderr.splitlines())
    if result.exit_code != 0:
        assert snapshot(data_dir) == before
    frame = store.read(data_dir / store.FILENAME)
    assert len(frame) >= len(DAYS)
    for log in (journal.REVISIONS, journal.STATED):
        journal.read(data_dir, log)
    assert run("show").exit_code == 0


@pytest.mark.parametrize("literal", [str(10**30), str(10**8)])
def test_a_correction_beyond_any_count_is_an_upstream_or_data_error(
    github: fakes.FakeGithub, data_dir: Path, literal: str
) -> None:
    corrections = json.dumps([{"date": "2026-08-30", "tank": "__RAW__"}])

    def serve(request: Request) -> Response | None:
        if request.path.endswith("russia_losses_equipment_correction.json"):
            return Response(corrections.replace('"__RAW__"', literal))
        return None

    github.fail = serve

    result = run("check", "--against", "github")

    assert result.exit_code in (3, 4), result.stderr
    assert result.stderr.count("\n") == 1
    assert "internal error" not in result.stderr


# -- what is written reads back ---------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(payload=payloads())
def test_whatever_a_parser_accepts_is_read_back_unchanged(
    tmp_path_factory: pytest.TempPathFactory, payload: list[dict[str, Any]]
) -> None:
    warnings: list[str] = []
    accepted = []
    for obj in payload:
        try:
            accepted.append(api_source.parse_record(obj, "test", warnings))
        except LosstrackError:
            continue
    accepted = list({r.day: r for r in accepted}.values())
    if not accepted:
        return
    frame = merge.records_frame(accepted)
    back = store.parse(store.to_csv(frame), "losses.csv")
    for record in accepted:
        row = back.loc[pd.Timestamp(record.day)]
        stored = row.drop(list(store.META)).dropna()
        assert {str(k): int(v) for k, v in stored.to_dict().items()} == record.values
        assert row["link"] == record.link
    logs = tmp_path_factory.mktemp("logs")
    entries = [{"date": r.day, "category": c, "old": 0, "new": v, "source": "api"}
               for r in accepted for c, v in r.values.items()]  # fmt: skip
    journal.append(logs, journal.REVISIONS, entries)
    read = journal.read(logs, journal.REVISIONS)
    assert [(e["date"], e["category"], e["new"]) for e in read] == [
        (e["date"], e["category"], e["new"])
        for e in journal.new_entries([], journal.REVISIONS, entries)
    ]


def test_a_stored_date_past_the_calendar_the_periods_can_reach_is_damage(data_dir: Path) -> None:
    bundled = store.bundled_path().read_bytes()
    last = bundled.rstrip(b"\n").rsplit(b"\n", 1)[1]
    data_dir.mkdir()
    (data_dir / store.FILENAME).write_bytes(bundled + b"9999-12-31" + last[10:] + b"\n")

    for command in (["compare", "--by", "week"], ["milestones", "tanks"], ["show"]):
        result = run(*command)
        assert result.exit_code == 4, (command, result.stderr)
        assert result.stderr.count("\n") == 1
        assert "line 1650: date 9999-12-31 is after 2999-12-31" in result.stderr
