"""What people type is understood: Ukrainian names, any case, -h, --debug anywhere, today."""

from __future__ import annotations

import csv
import io
import json

import pytest
import typer

from losstrack.cli import app
from losstrack.cli.base import ORDER

from .procs import run

COMMANDS = sorted(typer.main.get_command(app).commands, key=ORDER.index)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("word", "name"),
    [("танки", "tanks"), ("ТАНКИ", "tanks"), ("БПЛА", "uav"), ("ППО", "air_defense"),
     ("особовий склад", "personnel"), ("Особовий-Склад", "personnel")],
)  # fmt: skip
def test_ukrainian_category_names_in_any_case(word: str, name: str) -> None:
    result = run("show", word, "--last", "1", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert next(csv.DictReader(io.StringIO(result.stdout)))["category"] == name


@pytest.mark.parametrize(
    "args",
    [["show", "-f", "JSON"], ["--lang", "UK", "show"], ["top", "uav", "--by", "WEEK", "-f", "Csv"],
     ["compare", "--by", "Year", "personnel"]],
)  # fmt: skip
def test_option_values_in_any_case(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.stderr


def test_source_names_in_any_case_reach_the_source() -> None:
    # Nothing listens on the test's upstream address: a source error (3), not a usage error (2).
    assert run("check", "--against", "GitHub").exit_code == 3
    assert run("update", "--source", "API").exit_code == 3


def test_every_command_takes_h_and_its_help_is_plain_with_one_example() -> None:
    root = run("-h")
    assert root.exit_code == 0
    assert "Commands:" in root.stdout
    listed = [line.split()[0] for line in root.stdout.split("Commands:")[1].splitlines() if line]
    assert listed == COMMANDS == list(ORDER)
    for command in COMMANDS:
        result = run(command, "-h")
        assert result.exit_code == 0, command
        assert "<list[str]>" not in result.stdout
        assert "{CATEGORY}" not in result.stdout
        assert result.stdout.count("Example: losstrack ") == 1, command


@pytest.mark.parametrize(
    "args",
    [["--debug", "show", "nope"], ["show", "nope", "--debug"], ["show", "--debug", "nope"]],
)
def test_debug_anywhere_keeps_the_exit_code(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert "Traceback" in result.stderr
    assert result.stderr.splitlines()[-1] == (
        "losstrack: error: unknown category 'nope'; see `losstrack categories`"
    )


def test_a_global_option_after_the_double_dash_is_an_argument() -> None:
    result = run("show", "--", "--debug")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert "unknown category '--debug'" in result.stderr


def test_lang_needs_a_known_value() -> None:
    assert run("--lang", "fr", "show").stderr == "losstrack: error: --lang 'fr': use en or uk\n"
    assert run("show", "--lang").stderr == "losstrack: error: --lang needs a value: en or uk\n"
    assert run("--lang=", "show").exit_code == 2


def test_today_and_yesterday_are_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOSSTRACK_TODAY", "2023-03-16")
    result = run("diff", "--since", "Yesterday", "--until", "today", "personnel", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)[0]["change"] == 1040


def test_a_since_after_the_data_names_what_was_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOSSTRACK_TODAY", "2026-12-02")
    result = run("diff", "--since", "today")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "losstrack: error: --since 2026-12-02 is after the latest report (2026-08-31)"
    )


def test_last_n_together_with_until() -> None:
    result = run("show", "tanks", "--until", "2023-03-16", "--last", "3", "-f", "csv")
    dates = [r["date"] for r in csv.DictReader(io.StringIO(result.stdout))]
    assert dates == ["2023-03-14", "2023-03-15", "2023-03-16"]
    assert run("show", "--last", "3").exit_code == 2  # the latest report has no history
