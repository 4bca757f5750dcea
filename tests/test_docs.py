"""The README documents every command, every exit code, and the two set-up commands."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from losstrack.cli import app
from losstrack.errors import ExitCode

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [c.name for c in typer.main.get_command(app).commands.values()])  # type: ignore[attr-defined]
def test_every_command_is_in_the_readme(name: str) -> None:
    assert f"`losstrack {name}" in README


@pytest.mark.parametrize("code", [int(c) for c in ExitCode])
def test_every_exit_code_is_in_the_readme(code: int) -> None:
    assert f"\n| {code} | " in README


def test_the_two_set_up_commands_are_in_the_readme() -> None:
    assert "pip install . && losstrack show tanks" in README
    assert "pip install '.[test]' && pytest" in README
