"""Any payload in the API record's shape ends in a documented exit code, and what is written
reads back: property tests (a twentieth of the examples by default, all with `-m slow`).
"""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug import Request, Response

from losstrack.dataset import journal, merge, store
from losstrack.errors import LosstrackError
from losstrack.sources import api as api_source

from . import fakes
from .procs import run

LAST, NEW, DAYS = fakes.SEED_LAST, fakes.SEED_NEW, fakes.SEED_DAYS
TEXTS = Path(__file__).parent / "texts"


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


@pytest.mark.parametrize("examples", fakes.examples(40))
def test_any_payload_ends_in_a_documented_code_and_the_dataset_still_loads(
    seeded_api: fakes.FakeApi, github: fakes.FakeGithub, data_dir: Path, examples: int
) -> None:
    @settings(max_examples=examples, deadline=None)
    @given(payload=payloads())
    def check(payload: list[dict[str, Any]]) -> None:
        seeded = (data_dir / store.FILENAME).read_bytes()
        shutil.rmtree(data_dir)
        data_dir.mkdir()
        (data_dir / store.FILENAME).write_bytes(seeded)
        before = fakes.files_below(data_dir)
        seeded_api.records[:] = [*seeded_api.records[: len(DAYS)], *payload]

        result = run("update")

        assert result.exit_code in (0, 3, 4), result.stderr
        assert result.stderr.count("losstrack: error:") == (result.exit_code != 0)
        assert all(len(line) < 2000 for line in result.stderr.splitlines())
        if result.exit_code != 0:
            assert fakes.files_below(data_dir) == before
        frame = store.read(data_dir / store.FILENAME)
        assert len(frame) >= len(DAYS)
        for log in (journal.REVISIONS, journal.STATED):
            journal.read(data_dir, log)
        assert run("show").exit_code == 0

    check()


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


@pytest.mark.parametrize("examples", fakes.examples(200))
def test_whatever_a_parser_accepts_is_read_back_unchanged(
    tmp_path_factory: pytest.TempPathFactory, examples: int
) -> None:
    @settings(max_examples=examples, deadline=None)
    @given(payload=payloads())
    def check(payload: list[dict[str, Any]]) -> None:
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

    check()


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
