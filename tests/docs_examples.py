"""The examples of README.md and docs/*.md, and the one way of running a console example.

tests/test_docs.py compares them with real output; tools/regen_docs.py rewrites them from it.
"""

from __future__ import annotations

import os
import re
import shlex
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ABBREVIATED = "..."  # an output line of its own: the example is shortened, not compared
PROMPT = "$ "
ENVIRONMENT = {  # as tests/conftest.py sets it for every test
    "COLUMNS": "100",
    "LINES": "40",
    "NO_COLOR": "1",
    "LOSSTRACK_TODAY": "2026-09-01",  # the bundled data's latest report + 1: fresh
    "LOSSTRACK_API_URL": "http://127.0.0.1:9/api/v2",  # an example never fetches
    "LOSSTRACK_GITHUB_URL": "http://127.0.0.1:9/data",
}
ASSIGNMENT = re.compile(r"[A-Z_][A-Z0-9_]*=")


class ExampleError(Exception):
    """A console example that is not a `losstrack` command, or that failed."""


def pages() -> list[Path]:
    """README.md and every docs/*.md page."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@dataclass(frozen=True)
class Block:
    """A fenced block: its page, the line of its opening fence (from 1), its language, its text."""

    path: Path
    line: int
    lang: str
    body: str

    @property
    def name(self) -> str:
        """`docs/commands.md:42`, a test id and a place to look."""
        return f"{self.path.relative_to(ROOT).as_posix()}:{self.line}"


def blocks(path: Path, text: str | None = None) -> list[Block]:
    """The fenced blocks of a page, in order."""
    found: list[Block] = []
    lines = (path.read_text(encoding="utf-8") if text is None else text).splitlines(keepends=True)
    start, lang = -1, ""
    for number, line in enumerate(lines):
        if start < 0 and line.startswith("```"):
            start, lang = number, line[3:].strip()
        elif start >= 0 and line.rstrip("\n") == "```":
            found.append(Block(path, start + 1, lang, "".join(lines[start + 1 : number])))
            start = -1
    return found


@dataclass(frozen=True)
class Example:
    """One `$ command` of a console block and the output the block shows for it."""

    command: str
    output: str

    @property
    def abbreviated(self) -> bool:
        return ABBREVIATED in self.output.splitlines()


def examples(body: str) -> list[Example]:
    """The examples of a console block; blank lines between them are not output."""
    chunks = ("\n" + body).split("\n" + PROMPT)
    if chunks[0].strip():
        raise ExampleError(f"text before the first {PROMPT!r}: {chunks[0].strip()[:60]!r}")
    found: list[Example] = []
    for chunk in chunks[1:]:
        command, _, output = chunk.partition("\n")
        found.append(Example(command, output.rstrip("\n") + "\n"))
    return found


def console_body(shown: list[Example]) -> str:
    """A console block's text for these examples: one blank line between them."""
    return "\n".join(f"{PROMPT}{e.command}\n{e.output}" for e in shown)


@contextmanager
def environment(data_dir: Path) -> Iterator[None]:
    """ENVIRONMENT, this data directory and no other LOSSTRACK_* variable, within the block."""
    from losstrack import i18n

    wanted = {**ENVIRONMENT, "LOSSTRACK_DATA_DIR": str(data_dir)}
    before = dict(os.environ)
    for name in [n for n in os.environ if n.startswith("LOSSTRACK_")]:
        del os.environ[name]
    os.environ.update(wanted)
    try:
        with i18n.using(None):  # a --lang of the example is forgotten after it
            yield
    finally:
        os.environ.clear()
        os.environ.update(before)


@contextmanager
def fresh_environment() -> Iterator[None]:
    """environment() with a new, empty data directory: the bundled data is read."""
    with (
        tempfile.TemporaryDirectory(prefix="losstrack-docs-") as tmp,
        environment(Path(tmp) / "data"),
    ):
        yield


def run(command: str) -> str:
    """The stdout of `losstrack ...` (after optional NAME=value words), run in-process."""
    from typer.testing import CliRunner

    from losstrack.cli import app

    words = shlex.split(command, comments=True)
    settings = {}
    while words and ASSIGNMENT.match(words[0]):
        name, _, value = words.pop(0).partition("=")
        settings[name] = value
    if not words or words[0] != "losstrack":
        raise ExampleError(f"not a losstrack command: {command!r}")
    with fresh_environment():
        os.environ.update(settings)
        result = CliRunner().invoke(app, words[1:])
    if result.exit_code != 0:
        why = result.stderr.strip() or repr(result.exception)
        raise ExampleError(f"`{command}` exited {result.exit_code}: {why}")
    return result.stdout.rstrip("\n") + "\n"


def rerun(body: str) -> str:
    """A console block's text with every output as the command prints it now.

    An abbreviated example keeps its output as written.
    """
    shown = examples(body)
    return console_body([e if e.abbreviated else Example(e.command, run(e.command)) for e in shown])
