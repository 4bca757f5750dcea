"""The plausibility gate lets the real history through, corrections and glitches included."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from pytest_httpserver import HTTPServer

from losstrack.analysis import checks, gate
from losstrack.dataset import merge, store
from losstrack.errors import DataError
from losstrack.sources import api

from . import fakes
from .procs import run


def history_of(reference: Path) -> list[dict[str, Any]]:
    """The recorded API history, oldest first."""
    records: list[dict[str, Any]] = json.loads(
        (reference / "russianwarship" / "api-history.json").read_bytes()
    )
    return records


def frame_of(records: list[dict[str, Any]]) -> pd.DataFrame:
    """The dataset an update stores for these API records."""
    warnings: list[str] = []
    return merge.records_frame([api.parse_record(r, "test", warnings) for r in records])


def stretches(frame: pd.DataFrame) -> list[pd.Timestamp]:
    """Every date with a fall or a glitch in the real history."""
    found = checks.decreases(frame)["date"].tolist() + checks.glitches(frame)["date"].tolist()
    return sorted(set(found))


@pytest.mark.reference
def test_every_fall_and_glitch_of_the_real_history_passes_the_gate(reference: Path) -> None:
    frame = frame_of(history_of(reference))
    for stamp in stretches(frame):
        at = int(frame.index.searchsorted(stamp))
        for end in (at + 1, at + 2):  # the odd report, then the one after it
            gate.check(frame.iloc[: end - 1], frame.iloc[:end], frame.iloc[end - 1 : end])


@pytest.mark.slow
@pytest.mark.reference
def test_every_fall_and_glitch_of_the_real_history_passes_real_incremental_updates(
    reference: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    history = history_of(reference)
    days = [r["date"] for r in history]
    monkeypatch.setenv("LOSSTRACK_API_URL", httpserver.url_for("/api/v2"))
    served = fakes.serve_api(httpserver, [])
    odd = stretches(frame_of(history))
    assert len(odd) >= 18  # 2022-10-11 .. 2026-06-09: corrections and glitches
    for stamp in odd:
        at = days.index(stamp.date().isoformat())
        fakes.seed_dataset(data_dir, history[:at])  # the day before the fall or glitch
        served.records = history[: at + 2]  # the odd report and the one after it
        result = run("update")
        assert result.exit_code == 0, (stamp, result.stderr)
        stored = store.read(data_dir / store.FILENAME)
        assert store.to_csv(stored) == store.to_csv(frame_of(history[: at + 2]))


@pytest.mark.slow
@pytest.mark.reference
def test_the_whole_real_history_one_report_at_a_time_passes_the_gate(reference: Path) -> None:
    frame = frame_of(history_of(reference))
    for at in range(1, len(frame)):
        gate.check(frame.iloc[:at], frame.iloc[: at + 1], frame.iloc[at : at + 1])


def poisoned(frame: pd.DataFrame, change: Any) -> pd.DataFrame:
    """The frame with its last report's totals changed by `change`."""
    names = [c for c in frame.columns if c not in store.META]
    out = frame.copy()
    out.loc[out.index[-1], names] = change(out.loc[out.index[-1], names])
    return merge.overlay(frame.iloc[:0], out) if frame.empty else out


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda row: row // 10, "categories fall on 2026-08-31"),
        (lambda row: row * 0, "every total 0"),
        (lambda row: row * 10, "change by more than 25%"),
    ],
    ids=["tenth", "zero", "tenfold"],
)
def test_a_poisoned_last_report_is_refused(change: Any, expected: str) -> None:
    bundled = store.read(store.bundled_path())
    base = bundled.iloc[:-1]
    result = poisoned(bundled, change)

    with pytest.raises(DataError, match=expected) as caught:
        gate.check(base, result, result.iloc[-1:])

    assert "--force" in str(caught.value)
    gate.check(base, bundled, bundled.iloc[-1:])  # the real one passes


def test_one_small_real_correction_passes_but_a_large_fall_is_refused() -> None:
    bundled = store.read(store.bundled_path())
    base = bundled.iloc[:-1]
    for cut, passes in ((5, True), (9, True), (int(0.3 * 12_316), False)):
        result = bundled.copy()
        result.loc[result.index[-1], "tanks"] = 12_311 - cut  # the day before had 12,311
        if passes:
            gate.check(base, result, result.iloc[-1:])
        else:
            with pytest.raises(DataError, match="tanks 12,311 -> "):
                gate.check(base, result, result.iloc[-1:])
