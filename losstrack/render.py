"""The only module that builds Rich renderables: tables for terminals and the progress bar."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Literal

from rich import box
from rich.console import Console, Group, RenderableType
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from losstrack.output import View, cell_text
from losstrack.records import clean_text


def table(view: View) -> RenderableType:
    """A View as a Rich table; every cell is plain Text, so data never acts as markup."""
    grid = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for column in view.columns:
        justify: Literal["left", "right"] = "left" if column.kind == "text" else "right"
        grid.add_column(
            Text(clean_text(column.header)), justify=justify, no_wrap=justify == "right"
        )
    for row in view.rows:
        cells = []
        for column in view.columns:
            text = cell_text(row, column)
            negative = column.kind in ("change", "float") and text.startswith("-")
            cells.append(Text(text, style="yellow" if negative else ""))
        grid.add_row(*cells)
    parts: list[RenderableType] = []
    if view.title:
        parts.append(Text(clean_text(view.title), style="bold"))
    parts.append(grid)
    parts.extend(Text(clean_text(note), style="dim") for note in view.notes)
    return Group(*parts)


@contextlib.contextmanager
def progress(console: Console, label: str) -> Iterator[Callable[[int, int | None], None]]:
    """A progress bar on `console`; yields a callback taking (done, total)."""
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    task = bar.add_task(label, total=None)

    def advance(done: int, total: int | None) -> None:
        bar.update(task, completed=done, total=total)

    with bar:
        yield advance
