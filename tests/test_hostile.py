"""Hostile text in the dataset never reaches a terminal as markup or escape sequences.

The dataset an update from a hostile API writes (tests/hostile.py: a new category, refused keys,
a link with markup, escape sequences and a bidi override) is read by every command, in every
format, on a pipe (in-process) and on a real terminal (a process each, every command with
`-m slow`); each must show such text literally, or not at all. Every command the
app registers must be here: add a new one's invocations to COMMANDS, to OWN_FORMATS if its
formats are its own, or to WRITERS if it writes a file. (Hostile text from upstreams, in
updates and errors: test_hostile_upstream.py.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer

from losstrack.cli import app
from losstrack.dataset import store

from .hostile import LINK_STORED, SGR, assert_inert, hostile_dataset
from .procs import cli_env, run, run_on_terminal

# Every command that shows the dataset, as typed; add new commands here.
COMMANDS: list[list[str]] = [
    ["show"],
    ["show", "tanks", "naval_drones"],
    ["show", "naval_drones", "--last", "3"],
    ["diff", "--days", "3"],
    ["diff", "--since", "2026-08-25", "naval_drones"],
    ["categories"],
    ["info"],
    ["corrections"],
    ["corrections", "naval_drones"],
    ["check"],
    ["check", "naval_drones", "--since", "2026-08-01"],
    ["summary"],
    ["summary", "--categories", "naval_drones,tanks"],
    ["top", "naval_drones", "-n", "3"],
    ["top", "naval_drones", "--by", "week"],
    ["milestones", "naval_drones"],
    ["compare", "--periods", "2"],
    ["compare", "--by", "week", "naval_drones"],
]
CHARTS: list[list[str]] = [["chart", "naval_drones"], ["chart", "naval_drones", "--daily"]]
# Commands with formats of their own, as typed.
OWN_FORMATS: list[list[str]] = [
    ["cite"],
    ["cite", "--format", "bibtex"],
    ["cite", "--format", "cff"],
]
# Commands that write a file ({out} is a scratch directory): what they say must be inert.
WRITERS: list[list[str]] = [
    ["export", "--to", "sqlite", "{out}/losses.db"],
    ["export", "--to", "datapackage", "{out}/package", "naval_drones"],
    ["export", "--to", "atom", "{out}/feed.xml"],
    ["card", "--output", "{out}/card.png"],  # matplotlib: a second, with -m slow
]
# Commands fed hostile text elsewhere, and where.
ELSEWHERE = {
    "update": "test_hostile_upstream.py: every update from a hostile upstream",
    "undo": "test_hostile_upstream.py: undo and redo of an update from a hostile API",
    "redo": "test_hostile_upstream.py: undo and redo of an update from a hostile API",
}
FORMATS: list[list[str]] = [[], ["--format", "csv"], ["--format", "json"]]
SHOWS_LINK = {("show",), ("info",)}  # commands whose table shows the latest report's link


@pytest.fixture
def hostile(data_dir: Path) -> Path:
    data_dir.mkdir(parents=True)
    (data_dir / store.FILENAME).write_bytes(hostile_dataset())
    return data_dir


def test_every_registered_command_is_fed_hostile_text() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    registered = set(group.commands)
    here = {args[0] for args in [*COMMANDS, *CHARTS, *OWN_FORMATS, *WRITERS]}

    missing = sorted(registered - here - set(ELSEWHERE))
    assert not missing, (
        f"commands never fed hostile text: {', '.join(missing)}; add their invocations to "
        "COMMANDS (or OWN_FORMATS, or WRITERS) in tests/test_hostile.py"
    )
    assert not (here | set(ELSEWHERE)) - registered, "tests/test_hostile.py names a gone command"


def _pipe_cases() -> list[object]:
    """Every command as a table; csv and json of the first two by default, of all with -m slow."""
    return [
        pytest.param(
            command,
            fmt,
            id=f"{' '.join(command)}-{fmt[-1] if fmt else 'table'}",
            marks=() if not fmt or n < 2 else pytest.mark.slow,
        )
        for n, command in enumerate(COMMANDS)
        for fmt in FORMATS
    ]


@pytest.mark.parametrize(("command", "fmt"), _pipe_cases())
def test_hostile_text_is_inert_on_a_pipe(hostile: Path, command: list[str], fmt: list[str]) -> None:
    result = run(*command, *fmt)

    assert result.exit_code == 0, result.stderr
    assert_inert(result.stdout)
    assert_inert(result.stderr)
    if fmt == ["--format", "json"]:
        json.loads(result.stdout)
    if not fmt and tuple(command) in SHOWS_LINK:
        assert LINK_STORED in result.stdout


@pytest.mark.parametrize("command", CHARTS, ids=" ".join)
def test_hostile_text_is_inert_in_a_chart_on_a_pipe(hostile: Path, command: list[str]) -> None:
    result = run(*command)

    assert result.exit_code == 0, result.stderr
    assert "naval_drones" in result.stdout
    assert_inert(result.stdout)
    assert_inert(result.stderr)


@pytest.mark.parametrize("command", OWN_FORMATS, ids=" ".join)
def test_hostile_text_is_inert_in_a_commands_own_formats(hostile: Path, command: list[str]) -> None:
    result = run(*command)

    assert result.exit_code == 0, result.stderr
    assert result.stdout
    assert_inert(result.stdout)
    assert_inert(result.stderr)


@pytest.mark.parametrize(
    "command",
    # The card's and the feed's (a summary per report) with -m slow.
    [
        pytest.param(c, marks=pytest.mark.slow if c[0] == "card" or "atom" in c else ())
        for c in WRITERS
    ],
    ids=lambda c: " ".join(c[:3]),
)
def test_hostile_text_is_inert_in_what_a_writer_says(
    hostile: Path, tmp_path: Path, command: list[str]
) -> None:
    result = run(*(word.format(out=tmp_path) for word in command))

    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"losstrack: wrote {tmp_path}/")
    assert_inert(result.stdout)
    assert_inert(result.stderr)


@pytest.mark.slow  # a process each on a pseudo-terminal
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_hostile_text_is_inert_on_a_terminal(hostile: Path, command: list[str]) -> None:
    env = cli_env(
        LOSSTRACK_DATA_DIR=str(hostile),
        LOSSTRACK_API_URL="http://127.0.0.1:9/api/v2",
        LOSSTRACK_GITHUB_URL="http://127.0.0.1:9/data",
        COLUMNS="250",
        TERM="xterm-256color",
    )
    env.pop("NO_COLOR", None)

    shown = run_on_terminal(command, env)

    plain = assert_inert(shown, terminal=True)
    assert "losstrack: error" not in plain
    if command[0] != "summary":  # a paragraph, written plainly everywhere
        assert SGR.search(shown) is not None  # it was Rich, in colour, on a terminal
    if tuple(command) in SHOWS_LINK:
        assert LINK_STORED in plain.replace("\n", "")  # literally, brackets and all
    assert "MARKUP\x1b" not in shown


DAMAGE = {
    "markup-column": ("date,tanks,[bold]x,source,link", "2026-09-01,1,2,api,"),
    "escape-column": ("date,tanks,\x1b[31mx,source,link", "2026-09-01,1,2,api,"),
    "spaced-column": ("date,tanks,Tanks Two,source,link", "2026-09-01,1,2,api,"),
    "osc-link": ("date,tanks,source,link", "2026-09-01,1,api,https://example.org/\x1b]0;TITLE\x07"),
    "bidi-link": ("date,tanks,source,link", "2026-09-01,1,api,https://example.org/\u202eevil"),
    "escape-source": ("date,tanks,source,link", "2026-09-01,1,\x1b[31mapi,"),
}  # fmt: skip


def _damage_cases() -> list[object]:
    """Each command with each damage with -m slow; by default each command with one of them."""
    return [
        pytest.param(
            *DAMAGE[name],
            command,
            id=f"{name}-{' '.join(command)}",
            marks=() if n % len(DAMAGE) == m else pytest.mark.slow,
        )
        for n, command in enumerate(COMMANDS)
        for m, name in enumerate(DAMAGE)
    ]


@pytest.mark.parametrize(("header", "row", "command"), _damage_cases())
def test_a_local_dataset_with_hostile_text_is_refused(
    data_dir: Path, header: str, row: str, command: list[str]
) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / store.FILENAME).write_text(f"{header}\n{row}\n")

    result = run(*command, "--format", "csv")

    assert result.exit_code == 4
    assert result.stdout == ""
    assert result.stderr.startswith("losstrack: error: ")
    assert result.stderr.count("\n") == 1
    assert_inert(result.stderr)
