"""The stages of the package import only downwards; the heavy libraries stay in their rooms.

Stages, bottom up: the foundation (errors, settings, registry, the languages, text), sources,
dataset, analysis, sync, views, render, and at the top the CLI and the Python API (library).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "losstrack"
RANKS = {"sources": 1, "dataset": 2, "analysis": 3, "sync": 4, "views": 5, "render": 6,
         "library": 7, "cli": 7}  # fmt: skip
FOUNDATION = 0  # the top-level modules: errors, settings, registry, i18n, lang_uk, text
PURE = ("analysis", "dataset")  # no typer, rich or requests in them
UI = ("render", "cli")  # the only rooms for rich


def stage(module: str) -> str:
    """`losstrack.views.show` -> "views"; a top-level module -> "" (the foundation)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in RANKS) else ""


def imports(source: str) -> list[tuple[int, str]]:
    """Every module `source` imports, at any depth (inside functions too), with its line."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found += [(node.lineno, node.module)]
            if node.module == "losstrack":  # `from losstrack import registry`
                found += [(node.lineno, f"losstrack.{a.name}") for a in node.names]
    return found


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name not in ("__init__.py", "__main__.py"))


def name_of(path: Path) -> str:
    return ".".join(("losstrack", *path.relative_to(PACKAGE).with_suffix("").parts))


def violations(source: str, name: str) -> list[str]:
    """What module `name` (its `source`) imports against the stages."""
    here = stage(name)
    rank = RANKS.get(here, FOUNDATION)
    found = []
    for line, module in imports(source):
        top = module.split(".")[0]
        where = f"{name}:{line} imports {module}"
        if top == "losstrack" and module != "losstrack":
            theirs = stage(module)
            if RANKS.get(theirs, FOUNDATION) > rank and theirs != here:
                found.append(f"{where}: {here or 'the foundation'} is below {theirs}")
            if {here, theirs} == {"library", "cli"}:
                found.append(f"{where}: the CLI and the library are both clients, apart")
        elif top in ("typer", "rich", "requests", "urllib3") and here in PURE:
            found.append(f"{where}: {here} is pure")
        elif top == "rich" and here not in UI:
            found.append(f"{where}: Rich belongs to render/ and cli/")
        elif top in ("requests", "urllib3") and here != "sources":
            found.append(f"{where}: HTTP belongs to sources/")
    return found


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_module_imports_only_its_own_stage_and_those_below(path: Path) -> None:
    assert violations(path.read_text(), name_of(path)) == []


def test_the_rule_catches_what_it_should() -> None:
    """The check itself fails when it should: upward imports, and libraries out of their room."""
    source = "from losstrack.views import show\nimport rich\n\ndef f():\n    import requests\n"
    assert [m for _, m in imports(source)] == ["losstrack.views", "rich", "requests"]
    assert len(violations(source, "losstrack.analysis.series")) == 3
    assert len(violations(source, "losstrack.views.show")) == 2  # rich and requests
    assert violations("from losstrack import views", "losstrack.registry") != []
    assert violations("from losstrack.cli import app", "losstrack.library.functions") != []
    assert violations("import typer", "losstrack.dataset.store") != []
    assert violations("from losstrack.analysis import series", "losstrack.views.show") == []
    assert violations("import rich", "losstrack.render.terminal") == []


def test_every_stage_is_a_folder() -> None:
    assert {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()} == set(RANKS)
