"""How a table fits a terminal without cutting a figure: widths and line counts, no drawing.

Figures (numbers, dates, periods, names, with their marks) keep their whole width; prose cells
(`Column.wrap`) wrap, their longest words broken last; headers wrap between words. A table too
wide even so is laid out another way that keeps every figure whole: transposed (a few rows of
many columns), in parts one under the other that each repeat the first column, or one block of
`header  value` lines per row (each value under its header on the narrowest terminals). Of
those that fit, the one with the fewest lines wins. render.py draws the plan with Rich.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import Literal

from losstrack.render import wrapping

Wrap = Literal["no", "words", "prose"]  # a figure; a header (between words); prose (anywhere)
Kind = Literal["table", "transposed", "parts", "blocks", "stacked"]
GAP = 2  # blanks between two columns
PROSE_MIN = 12  # a prose column is never narrower: a longer word in it (a path) is broken
WORD_MAX = 20  # a prose word up to this long (a date range, a number) is broken last


@dataclass(frozen=True)
class Cell:
    """One cell's text and how it may be laid out."""

    text: str
    wrap: Wrap = "no"
    right: bool = False
    style: str = ""

    def need(self) -> tuple[int, int, int]:
        """(natural width, least with whole words, least): a figure needs its whole width."""
        return _need(self.text, self.wrap)

    def lines(self, width: int) -> list[str]:
        """The cell's lines at `width` (a figure is never wrapped)."""
        if self.wrap == "no" or self.need()[0] <= width:
            return [self.text]
        return wrapping.wrap(self.text, width)


Grid = list[list[Cell]]  # the header row, then the body rows


@dataclass(frozen=True)
class Plan:
    """A layout that fits: its grids with their column widths, and how many lines it takes."""

    kind: Kind
    parts: list[tuple[Grid, list[int]]]
    lines: int


@functools.lru_cache(maxsize=65536)
def _need(text: str, wrap: Wrap) -> tuple[int, int, int]:
    natural = wrapping.width(text)
    if wrap == "no":
        return natural, natural, natural
    words = wrapping.longest(text)
    if wrap == "words":
        return natural, words, words
    pieces = wrapping.longest(text, inside=True)
    return natural, words, pieces if pieces <= WORD_MAX else min(PROSE_MIN, pieces)


def widths(needs: list[Need], room: int) -> list[int] | None:
    """Column widths within `room`: natural if they fit; else prose narrowed, breaking the
    longest words first, and the room left shared evenly; None when figures alone are too wide."""
    room -= GAP * (len(needs) - 1)
    natural = [n for n, _, _ in needs]
    if sum(natural) <= room:
        return natural
    sized, floor = [w for _, w, _ in needs], [m for _, _, m in needs]
    for _ in range(sum(sized) - room):  # a column at a time, the widest that may give
        wide = [i for i, w in enumerate(sized) if w > floor[i]]
        if not wide:
            return None
        sized[max(wide, key=lambda i: sized[i])] -= 1
    for _ in range(room - sum(sized)):  # a column at a time, the narrowest that wants more
        short = [i for i, w in enumerate(sized) if w < natural[i]]
        sized[min(short, key=lambda i: sized[i])] += 1
    return sized


Need = tuple[int, int, int]


def needs(grid: Grid) -> list[Need]:
    """Per column of `grid`: (natural, least with whole words, least) of its widest cells."""
    found = []
    for column in zip(*grid, strict=True):
        each = [cell.need() for cell in column]
        found.append((max(n[0] for n in each), max(n[1] for n in each), max(n[2] for n in each)))
    return found


def _height(row: list[Cell], sized: list[int]) -> int:
    return max(len(cell.lines(w)) for cell, w in zip(row, sized, strict=True))


def _table(kind: Kind, grid: Grid, width: int, known: list[Need] | None = None) -> Plan | None:
    sized = widths(needs(grid) if known is None else known, width)
    if sized is None:
        return None
    lines = 1 + sum(_height(row, sized) for row in grid)  # the rule under the header
    return Plan(kind, [(grid, sized)], lines)


def plan(grid: Grid, bound: list[bool], width: int) -> Plan | None:
    """The table as it is if it fits, else the layout of fewest lines that fits; or None."""
    known = needs(grid)
    whole = _table("table", grid, width, known)
    if whole is not None:
        return whole
    found = [p for p in (_transposed(grid, width), _parts(grid, known, bound, width),
                         _blocks(grid, width)) if p is not None]  # fmt: skip
    return min(found, key=lambda p: p.lines, default=None)


def _transposed(grid: Grid, width: int) -> Plan | None:
    """Rows as columns, headers down the side: for a few rows of many columns."""
    if len(grid) >= len(grid[0]):
        return None
    turned = [list(column) for column in zip(*grid, strict=True)]
    side = [replace(column[0], right=False) for column in turned]
    top = [replace(c, style="bold", right=any(t[i + 1].right for t in turned[1:]))
           for i, c in enumerate(turned[0][1:])]  # fmt: skip
    rows = [[side[0], *top]] + [[side[j], *turned[j][1:]] for j in range(1, len(turned))]
    return _table("transposed", rows, width)


def _parts(grid: Grid, known: list[Need], bound: list[bool], width: int) -> Plan | None:
    """The table in parts one under the other, each repeating the first column; a column
    `bound` to the one before it (a change after its total) is kept beside it."""

    def fits(group: list[int]) -> bool:
        return widths([known[0], *(known[i] for i in group)], width) is not None

    groups: list[list[int]] = [[]]
    for j in range(1, len(grid[0])):
        if fits([*groups[-1], j]):
            groups[-1].append(j)
            continue
        if not groups[-1]:
            return None  # this column does not fit beside the first one
        carried = bound[j] and len(groups[-1]) > 1
        groups.append([groups[-1].pop(), j] if carried else [j])
        if carried and not fits(groups[-1]):
            groups[-2].append(groups[-1].pop(0))
    if len(groups) < 2 or not all(fits(group) for group in groups):
        return None
    plans = [_table("parts", [[row[0], *(row[i] for i in group)] for row in grid], width,
                    [known[0], *(known[i] for i in group)]) for group in groups]  # fmt: skip
    parts = [piece for p in plans if p is not None for piece in p.parts]
    return Plan("parts", parts, sum(p.lines for p in plans if p) + len(plans) - 1)


def _blocks(grid: Grid, width: int) -> Plan | None:
    """One block per row: a `header  value` line per column, blocks apart by a blank line;
    each value under its header when the two do not fit side by side."""
    heads, rows = [replace(h, right=False) for h in grid[0]], grid[1:]
    if not rows:
        return None
    values = [cell for row in rows for cell in row]
    figure = max(c.need()[2] for c in values)
    words = max(h.need()[1] for h in heads)
    key = max(min(max(h.need()[0] for h in heads), width - GAP - figure), words)
    room = min(width - GAP - key, max(c.need()[0] for c in values))
    fixed = [[heads[j], cell] for row in rows for j, cell in enumerate(row)]
    if room >= figure:
        lines = sum(_height(pair, [key, room]) for pair in fixed) + len(rows) - 1
        return Plan("blocks", [([heads, *rows], [key, room])], lines)
    room = width - GAP  # each value on its own line, indented under its header
    if room < figure or words > width:
        return None
    lines = sum(len(h.lines(width)) + len(v.lines(room)) for h, v in fixed) + len(rows) - 1
    return Plan("stacked", [([heads, *rows], [width, room])], lines)
