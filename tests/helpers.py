"""Helpers for running the CLI in-process and comparing with golden files."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from losstrack.cli import app

EXPECTED = Path(__file__).parent / "expected"


def run(*args: str, stdin: str | None = None) -> Result:
    """Invoke `losstrack ARGS` in-process."""
    return CliRunner().invoke(app, list(args), input=stdin)


def golden(request: pytest.FixtureRequest, name: str, text: str) -> None:
    """Compare `text` with tests/expected/NAME, or rewrite it under --regen-golden."""
    path = EXPECTED / name
    if request.config.getoption("--regen-golden"):
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"missing golden file {path}; run pytest --regen-golden"
    assert text == path.read_text(encoding="utf-8")
