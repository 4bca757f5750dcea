"""The README documents every command, every exit code, and the two set-up commands."""

from __future__ import annotations

import doctest
import io
import shlex
from pathlib import Path

import pytest
import typer

from losstrack.cli import app
from losstrack.errors import ExitCode

from .helpers import run

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
FLAGS = doctest.NORMALIZE_WHITESPACE  # a frame's repr pads its lines with spaces


@pytest.mark.parametrize("name", [c.name for c in typer.main.get_command(app).commands.values()])  # type: ignore[attr-defined]
def test_every_command_is_in_the_readme(name: str) -> None:
    assert f"`losstrack {name}" in README


@pytest.mark.parametrize("code", [int(c) for c in ExitCode])
def test_every_exit_code_is_in_the_readme(code: int) -> None:
    assert f"\n| {code} | " in README


def test_the_two_set_up_commands_are_in_the_readme() -> None:
    assert "pip install . && losstrack show tanks" in README
    assert "pip install '.[test]' && pytest" in README


def console_examples() -> list[tuple[str, str]]:
    """(`losstrack ...` command, its output) pairs from the README's console blocks."""
    examples: list[tuple[str, str]] = []
    for block in README.split("```console\n")[1:]:
        body = block.split("```", 1)[0]
        for chunk in body.split("$ ")[1:]:
            command, _, output = chunk.partition("\n")
            if "..." not in output.splitlines():  # abbreviated examples are not compared
                examples.append((command, output.rstrip("\n") + "\n"))
    return examples


@pytest.mark.parametrize(("command", "output"), console_examples())
def test_readme_examples_are_real_output(command: str, output: str) -> None:
    result = run(*shlex.split(command)[1:])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.rstrip("\n") + "\n" == output


class Checker(doctest.OutputChecker):
    """Output as the README shows it: Ukrainian's no-break space in 1 040 as a plain space."""

    def check_output(self, want: str, got: str, optionflags: int) -> bool:
        return super().check_output(want, got.replace("\u00a0", " "), optionflags)


def python_blocks() -> list[str]:
    """The ```python blocks of the README's "From Python" section."""
    section = README.split("\n## From Python\n", 1)[1].split("\n## ", 1)[0]
    return [block.split("```", 1)[0] for block in section.split("```python\n")[1:]]


def test_readme_python_examples_run_as_shown() -> None:
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(Checker(), optionflags=FLAGS)
    blocks = python_blocks()
    examples = 0
    for number, block in enumerate(blocks):
        test = parser.get_doctest(block, {}, f"README From Python {number}", "README.md", 0)
        if not test.examples:  # plain code: it must at least compile
            compile(block, f"README From Python {number}", "exec")
            continue
        examples += len(test.examples)
        out = io.StringIO()
        runner.run(test, out=out.write)
        assert runner.failures == 0, out.getvalue()
    assert examples >= 10
    assert len(blocks) >= 2
