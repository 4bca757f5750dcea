"""Terminal rendering: Rich tables on a terminal, and upstream text never acting as markup."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from losstrack import render, store, views
from losstrack.sources import api

from .helpers import run

HOSTILE = "https://example.org/[red]boom[/red]"
DATASET = (
    f"date,tanks,naval_drones,source,link\n2026-09-01,10,3,api,\n2026-09-02,12,5,api,{HOSTILE}\n"
).encode()


@pytest.fixture(autouse=True)
def _colour(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests look at a colour terminal."""
    monkeypatch.delenv("NO_COLOR", raising=False)


def terminal(width: int = 100) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=width, color_system="truecolor"), out


def test_markup_in_a_link_is_shown_literally_on_a_terminal() -> None:
    frame = store.parse(DATASET, "x.csv")
    console, out = terminal()
    console.print(render.table(views.latest(frame)))
    text = out.getvalue()
    assert "[red]boom[/red]" in text
    assert "\x1b[31mboom" not in text
    assert "naval_drones" in text


def test_markup_in_a_link_is_shown_literally_when_piped(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / store.FILENAME).write_bytes(DATASET)
    result = run("show")
    assert result.exit_code == 0, result.stderr
    assert f"Source: api ({HOSTILE})" in result.stdout
    assert "\x1b" not in result.stdout


def test_escape_sequences_and_controls_never_reach_the_dataset() -> None:
    record = api.parse_record(
        {"date": "2026-09-01", "stats": {"tanks": 1},
         "resource": "https://example.org/\x1b[31mred\x07\u202e"},
        "test", [],
    )  # fmt: skip
    assert record.link == "https://example.org/[31mred"


def test_a_link_with_spaces_or_a_foreign_scheme_is_dropped() -> None:
    for link in ("https://example.org/a b", "javascript:alert(1)", "ftp://example.org/x", 42):
        record = api.parse_record(
            {"date": "2026-09-01", "stats": {"tanks": 1}, "resource": link}, "test", []
        )
        assert record.link == ""


def test_decreases_are_highlighted_on_a_terminal() -> None:
    frame = store.read(store.bundled_path())
    selected = frame.loc["2024-11-29":"2024-11-30"].index
    console, out = terminal()
    console.print(render.table(views.history(frame, ["special_equipment"], selected)))
    assert re.search(r"\x1b\[33m *-83‡\x1b\[0m", out.getvalue())


def test_progress_bar_reports_on_its_console() -> None:
    console, out = terminal()
    with render.progress(console, "fetching reports") as advance:
        advance(50, 100)
        advance(100, 100)
    assert "fetching reports" in out.getvalue()
