"""The only module that builds Rich renderables: tables fitted to the terminal, the progress bar.

layout.py chooses how a table fits the width without cutting a figure; this module draws that
plan, with the title and notes wrapped at the width. Only a terminal narrower than one figure
gets the plain table, wider than the screen.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import replace

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from losstrack.render import wrapping
from losstrack.render.layout import GAP, Cell, Grid, Plan, Wrap, plan
from losstrack.render.text import cell_text, to_text
from losstrack.text import clean_text
from losstrack.views.view import View

Convert = Callable[[str], str]


def table(view: View, convert: Convert = str) -> RenderableType:
    """A View fitted to the console's width; every cell is plain Text, never markup.

    `convert` rewrites every text before it is measured (the ASCII fallback of a stream).
    """
    return Fitted(view, convert)


class Fitted:
    """A titled table with notes that lays itself out for the width it is given."""

    def __init__(self, view: View, convert: Convert = str) -> None:
        right = [c.kind != "text" for c in view.columns]
        heads = [Cell(convert(clean_text(c.header)), "words", r, "bold")
                 for c, r in zip(view.columns, right, strict=True)]  # fmt: skip
        self.grid: Grid = [heads]
        for row in view.table():
            cells = []
            for column, r in zip(view.columns, right, strict=True):
                text = convert(cell_text(row, column))
                negative = column.kind in ("change", "float") and text.startswith("-")
                wrap: Wrap = "prose" if column.wrap else "no"
                cells.append(Cell(text, wrap, r, "yellow" if negative else ""))
            self.grid.append(cells)
        # A change column stays beside the total before it when a table is split in parts.
        self.bound = [i > 0 and c.kind == "change" and view.columns[i - 1].kind == "int"
                      for i, c in enumerate(view.columns)]  # fmt: skip
        self.view, self.convert = view, convert
        self.title = convert(clean_text(view.title)) if view.title else ""
        self.notes = [convert(clean_text(note)) for note in view.notes]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        if self.title:
            yield _prose(self.title, width, "bold")
        yield from self.body(console, options)
        if self.notes:
            yield Text("")
        for note in self.notes:
            yield _prose(note, width, "dim")

    def body(self, console: Console, options: ConsoleOptions) -> Iterator[RenderableType | Segment]:
        """The table's lines in the layout that fits."""
        chosen = plan(self.grid, self.bound, options.max_width)
        if chosen is not None:
            lines = console.render_lines(draw(chosen), options, pad=False)
            if max(map(Segment.get_line_length, lines), default=0) <= options.max_width:
                for line in lines:
                    yield from line
                    yield Segment.line()
                return
        # Narrower than a figure: the plain table, wider than the screen, but whole.
        plain = to_text(replace(self.view, title="", notes=[]), self.convert).rstrip("\n")
        yield Text(plain, no_wrap=True, overflow="ignore")


def _prose(text: str, width: int, style: str) -> Text:
    """A title or note wrapped to `width` (see wrapping.py)."""
    return Text("\n".join(wrapping.wrap(text, width)), style=style, no_wrap=True)


def _text(cell: Cell, width: int, right: bool | None = None) -> Text:
    """A cell as Text in its lines at `width`."""
    right = cell.right if right is None else right
    return Text("\n".join(cell.lines(width)), style=cell.style, no_wrap=True,
                justify="right" if right else "left")  # fmt: skip


def draw(chosen: Plan) -> RenderableType:
    """The Rich renderable of a layout."""
    if chosen.kind == "blocks":
        return _blocks(*chosen.parts[0])
    if chosen.kind == "stacked":
        return _stacked(*chosen.parts[0])
    tables: list[RenderableType] = []
    for grid, sized in chosen.parts:
        tables += [Text(""), _grid(grid, sized)] if tables else [_grid(grid, sized)]
    return Group(*tables)


def _grid(grid: Grid, sized: list[int]) -> Table:
    drawn = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, GAP - 1, 0, 0))
    for head, size in zip(grid[0], sized, strict=True):
        drawn.add_column(_text(head, size), width=size, no_wrap=True)
    for row in grid[1:]:
        drawn.add_row(*(_text(cell, size) for cell, size in zip(row, sized, strict=True)))
    return drawn


def _blocks(grid: Grid, sized: list[int]) -> Table:
    """One block per row: a `header  value` line per column, blocks apart by a blank line."""
    key, room = sized
    drawn = Table.grid(padding=(0, GAP, 0, 0))
    drawn.add_column(width=key, no_wrap=True)
    drawn.add_column(width=room, no_wrap=True)
    for n, row in enumerate(grid[1:]):
        if n:
            drawn.add_row("", "")
        for head, cell in zip(grid[0], row, strict=True):
            drawn.add_row(_text(head, key), _text(cell, room))
    return drawn


def _stacked(grid: Grid, sized: list[int]) -> Group:
    """Blocks with each value on its own line, indented under its header."""
    width, room = sized
    lines: list[RenderableType] = []
    for n, row in enumerate(grid[1:]):
        lines += [Text("")] if n else []
        for head, cell in zip(grid[0], row, strict=True):
            lines += [_text(head, width), Padding(_text(cell, room, False), (0, 0, 0, GAP))]
    return Group(*lines)


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
