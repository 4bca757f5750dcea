"""The README and docs/*.md: real examples, every command and exit code documented, links that work.

The examples run through tests/docs_examples.py, as `python tools/regen_docs.py` reruns them.
"""

from __future__ import annotations

import doctest
import functools
import io
import re
from pathlib import Path

import pytest
import typer
import typer.core

import losstrack
from losstrack.cli import app
from losstrack.errors import ExitCode

from . import docs_examples
from .docs_examples import ROOT, Block, blocks, examples, pages

README = ROOT / "README.md"
COMMANDS = ROOT / "docs" / "commands.md"
RELIABILITY = ROOT / "docs" / "reliability.md"
PYTHON = ROOT / "docs" / "python.md"
FLAGS = doctest.NORMALIZE_WHITESPACE  # a frame's repr pads its lines with spaces
COMMON = {"--help", "--format"}  # documented once, under "Common to every command"


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@functools.cache
def group() -> typer.core.TyperGroup:
    command = typer.main.get_command(app)
    assert isinstance(command, typer.core.TyperGroup)
    return command


def command_names() -> list[str]:
    return list(group().commands)


def all_blocks(lang: str) -> list[Block]:
    return [b for page in pages() for b in blocks(page) if b.lang == lang]


def prose(path: Path) -> str:
    """The page without its fenced blocks (a `# comment` in a block is no heading)."""
    page = text(path)
    for block in blocks(path):
        page = page.replace(f"```{block.lang}\n{block.body}```\n", "", 1)
    return page


# -- the set-up commands, every command, every option, every exit code ----------------------


def test_the_two_set_up_commands_are_in_the_readme() -> None:
    assert "pip install . && losstrack show tanks" in text(README)
    assert "pip install '.[test]' && pytest" in text(README)


def sections() -> dict[str, str]:
    """docs/commands.md's `## `losstrack NAME`` sections by name, subsections included."""
    found: dict[str, str] = {}
    for part in re.split(r"(?m)^## ", prose(COMMANDS))[1:]:
        heading, _, body = part.partition("\n")
        match = re.fullmatch(r"`losstrack ([a-z][a-z-]*)`", heading.strip())
        if match:
            found[match[1]] = body
    return found


@pytest.mark.parametrize("name", command_names())
def test_every_command_has_a_section_in_docs_commands(name: str) -> None:
    assert name in sections(), f"docs/commands.md has no section '## `losstrack {name}`'"


def test_every_section_of_docs_commands_is_a_command() -> None:
    assert sorted(set(sections()) - set(command_names())) == []


def mentions(body: str, option: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", body) is not None


@pytest.mark.parametrize("name", command_names())
def test_every_option_is_in_its_commands_section(name: str) -> None:
    body = sections().get(name)
    if body is None:
        pytest.fail(f"docs/commands.md has no section '## `losstrack {name}`'")
    params = group().commands[name].params
    options = [p.opts for p in params if p.param_type_name == "option" and not COMMON & set(p.opts)]
    missing = [o[0] for o in options if not any(mentions(body, x) for x in o)]
    assert missing == [], f"`losstrack {name}` options not in its section of docs/commands.md"


def test_the_common_options_are_in_docs_commands() -> None:
    common = prose(COMMANDS).split("\n## `losstrack", 1)[0]
    assert "`--format table|csv|json|markdown` (`-f`; `md` for short)" in common
    assert "`-h`/`--help`" in common


@pytest.mark.parametrize("code", [int(c) for c in ExitCode])
def test_every_exit_code_is_in_docs_reliability(code: int) -> None:
    assert f"\n| {code} | " in text(RELIABILITY)


@pytest.mark.parametrize("name", [n for n in losstrack.__all__ if not n.startswith("_")])
def test_every_public_name_is_in_docs_python(name: str) -> None:
    assert re.search(rf"`(losstrack\.)?{name}[`(]", text(PYTHON)), f"`{name}` not in docs/python.md"


# -- the command lines written in the docs ----------------------------------------------------

LINE = re.compile(r"(?:^|[`|$] ?)\s*(?:[A-Z_]+=\S* )*losstrack ([^`#\n&;]*)", re.MULTILINE)
SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)


def command_lines(path: Path) -> list[str]:
    """Every `losstrack ...` written in a page: in code spans, and in fenced blocks."""
    places = [m[2] for m in SPAN.finditer(prose(path))]
    places += [line for block in blocks(path) for line in block.body.splitlines()]
    return [m[1] for place in places for m in LINE.finditer(place)]


def stale_options(line: str) -> list[str]:
    """The options of `losstrack LINE` that neither the app nor its command has."""
    words = [w for w in re.split(r"[\s\[\]()|,\\]+", line) if w]
    options = {"-h", "--help"} | {o for p in group().params for o in [*p.opts, *p.secondary_opts]}
    name, given, after_lang = "", [], False
    for word in words:
        if word.startswith("-") and word != "-":
            given.append(word.partition("=")[0])
        elif not name and not after_lang:
            name = word.rstrip(".:;")
        after_lang = word == "--lang"
    if name:
        assert name in group().commands, f"`losstrack {line}`: no command {name!r}"
        params = group().commands[name].params
        options |= {o for p in params for o in [*p.opts, *p.secondary_opts]}
    return [o for o in given if o not in options]


@pytest.mark.parametrize("path", pages(), ids=lambda p: p.name)
def test_every_command_line_in_the_docs_exists(path: Path) -> None:
    lines = command_lines(path)
    assert lines, "no `losstrack ...` command line found"
    stale = {line: stale_options(line) for line in lines}
    assert {line: found for line, found in stale.items() if found} == {}


# -- links --------------------------------------------------------------------------------


def anchors(path: Path) -> set[str]:
    """GitHub's anchors for the headings of a page."""
    seen: dict[str, int] = {}
    for heading in re.findall(r"(?m)^#+ (.+)$", prose(path)):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        seen[slug] = seen.get(slug, -1) + 1
        if seen[slug]:
            seen[f"{slug}-{seen[slug]}"] = 0
    return set(seen)


@pytest.mark.parametrize("path", pages(), ids=lambda p: p.name)
def test_every_relative_link_resolves(path: Path) -> None:
    links = re.findall(r"\]\(([^)\s]+)\)", prose(path))
    broken = []
    for link in links:
        if re.match(r"[a-z]+:", link):
            continue
        target, _, anchor = link.partition("#")
        page = (path.parent / target).resolve() if target else path
        if not page.exists() or (anchor and anchor not in anchors(page)):
            broken.append(link)
    assert broken == []


def test_every_docs_page_is_linked_from_the_readme() -> None:
    linked = set(re.findall(r"\]\(docs/([\w-]+\.md)\)", text(README)))
    assert linked == {p.name for p in pages()[1:]}


# -- the examples -------------------------------------------------------------------------


@pytest.mark.parametrize("block", all_blocks("console"), ids=lambda b: b.name)
def test_console_examples_are_real_output(block: Block) -> None:
    if all(e.abbreviated for e in examples(block.body)):
        pytest.skip("abbreviated: every example has a line '...'")
    assert docs_examples.rerun(block.body) == block.body


class Checker(doctest.OutputChecker):
    """Output as the docs show it: Ukrainian's no-break space in 1 040 as a plain space."""

    def check_output(self, want: str, got: str, optionflags: int) -> bool:
        return super().check_output(want, got.replace("\u00a0", " "), optionflags)


@pytest.mark.parametrize("block", all_blocks("python"), ids=lambda b: b.name)
def test_python_examples_run_as_shown(block: Block) -> None:
    test = doctest.DocTestParser().get_doctest(block.body, {}, block.name, str(block.path), 0)
    if not test.examples:  # plain code: it must at least compile
        compile(block.body, block.name, "exec")
        return
    runner, out = doctest.DocTestRunner(Checker(), optionflags=FLAGS), io.StringIO()
    with docs_examples.fresh_environment():
        runner.run(test, out=out.write)
    assert runner.failures == 0, out.getvalue()


def test_the_readme_shows_load_diff_and_changes_from_python() -> None:
    section = text(README).split("\n## From Python\n", 1)[1].split("\n## ", 1)[0]
    shown = [b.body for b in blocks(README, section) if b.lang == "python"]
    assert len(shown) == 1
    for call in ("losstrack.load(", "losstrack.diff(", "losstrack.changes("):
        assert f">>> {call}" in shown[0] or f"= {call}" in shown[0], call
