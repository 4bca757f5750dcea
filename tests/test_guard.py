"""The write path guards the dataset: bounds, hostile JSON, dates from the future.

Each case runs a real `losstrack update` in-process against the fake API on a local server,
over a seeded user dataset (conftest's `seeded_api`), and checks the exit code, the one line on
stderr, and that a refused update leaves the data directory byte for byte as it was.
(The plausibility gate: test_guard_gate.py; any payload: test_guard_fuzz.py.)
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from werkzeug import Request, Response

from losstrack import registry
from losstrack.dataset import store

from . import fakes
from .procs import assert_refusal, run

LAST, NEW, DAYS = fakes.SEED_LAST, fakes.SEED_NEW, fakes.SEED_DAYS
TEXTS = Path(__file__).parent / "texts"


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
    seeded_api: fakes.FakeApi, github: fakes.FakeGithub, data_dir: Path, literal: str, code: int
) -> None:
    before = fakes.files_below(data_dir)
    fakes.set_total(seeded_api.records[-1], "tanks", "__RAW__")
    seeded_api.fail = raw_body(seeded_api.records, literal)

    message = assert_refusal(run("update"), code, before, data_dir)

    assert "10,000,000" in message or "digits" in message or "whole number" in message
    if code == 3:
        assert github.requests, "the fallback was not tried"


def test_json_nested_100000_deep_is_an_unusable_api_and_github_is_used(
    seeded_api: fakes.FakeApi, github: fakes.FakeGithub, data_dir: Path
) -> None:
    seeded_api.fail = lambda request: Response(
        "[" * 100_000 + "]" * 100_000, content_type="text/json"
    )
    github.fail = None

    result = run("update")

    assert result.exit_code == 0, result.stderr
    assert "nested too deeply" in result.stderr
    assert store.read(data_dir / store.FILENAME).index[-1].date() == NEW


def test_keys_too_long_colliding_or_too_many_are_refused_in_few_lines(
    seeded_api: fakes.FakeApi, data_dir: Path
) -> None:
    stats = seeded_api.records[-1]["stats"]
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
    seeded_api: fakes.FakeApi, github: fakes.FakeGithub, data_dir: Path
) -> None:
    # 2 MB each: under the size cap of one answer (10 MB is over it: the API is not usable).
    seeded_api.records[-1]["resource"] = "https://example.org/" + "a" * 2_000_000
    assert run("update").exit_code == 0
    assert store.read(data_dir / store.FILENAME)["link"].iloc[-1] == ""
    before = fakes.files_below(data_dir)
    seeded_api.records.append(fakes.api_record(NEW + timedelta(days=1)))
    seeded_api.records[-1]["date"] = "9" * 2_000_000

    message = assert_refusal(run("update"), 4, before, data_dir)

    assert "…" in message


# -- dates from the future --------------------------------------------------------------------


@pytest.mark.parametrize("day", ["2030-01-01", "9999-12-31", "+2"])
def test_a_report_dated_after_tomorrow_is_refused(
    seeded_api: fakes.FakeApi, github: fakes.FakeGithub, data_dir: Path, day: str
) -> None:
    before = fakes.files_below(data_dir)
    when = date.today() + timedelta(days=2) if day == "+2" else date.fromisoformat(day)
    seeded_api.records.append(fakes.api_record(when, previous=seeded_api.records[-1]["stats"]))

    message = assert_refusal(run("update"), 4, before, data_dir)

    assert f"a report dated {when}, after today" in message


def test_a_report_dated_tomorrow_is_allowed_for_time_zones(
    seeded_api: fakes.FakeApi, data_dir: Path
) -> None:
    tomorrow = date.today() + timedelta(days=1)
    seeded_api.records.append(fakes.api_record(tomorrow, previous=seeded_api.records[-1]["stats"]))

    result = run("update")

    assert result.exit_code == 0, result.stderr
    assert store.read(data_dir / store.FILENAME).index[-1].date() == tomorrow


def test_github_reports_from_the_future_are_refused(
    seeded_api: fakes.FakeApi, github: fakes.FakeGithub, data_dir: Path
) -> None:
    before = fakes.files_below(data_dir)
    equipment, personnel = fakes.petro_files([*DAYS, date(2099, 12, 31)])
    github.equipment, github.personnel, github.fail = equipment, personnel, None

    message = assert_refusal(run("update", "--source", "github"), 4, before, data_dir)

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
