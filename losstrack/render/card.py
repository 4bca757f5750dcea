"""The share card of one report (`card`), drawn with matplotlib (the `plot` extra).

Laid out in pixels from the top: the date and the day of the invasion, personnel large, a
grid of the other categories, and at the foot the marks in words, the attribution and the
caveat. Text is measured (image.Painter), not guessed: labels wrap at spaces and after
hyphens, and every size is scaled by the largest of SCALES at which the whole fits. The type
is DejaVu Sans from matplotlib's own files, which has Cyrillic.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from losstrack.i18n import language, number, tr
from losstrack.render import image
from losstrack.render.image import Painter
from losstrack.render.prose import MONTHS_EN, MONTHS_UK_GEN

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from losstrack.views.card import Card, Tile

SIZES = {"1200x675": (1200, 675), "1080x1350": (1080, 1350), "1200x630": (1200, 630)}
DPI = image.DESIGN_DPI  # the Painter's sizes are pixels at this DPI
MAX_TILES = 16  # categories past the 15th are counted in the last tile
# Sizes of the design tried, largest first: the foot's type is 20 px at 1, 12 px at 0.6.
SCALES = tuple(round(1.2 - 0.05 * k, 2) for k in range(13))
GAP = 18  # pixels at least between the header, personnel, the grid and the foot
LABEL_LINES = 2  # a label needing more shrinks the card
BACKGROUND, TILE, TEXT, SOFT = "#0b1f3a", "#17345f", "#ffffff", "#d2dceb"
RISE, FALL = "#ffd43b", "#ffa08a"  # a change; a fall (a correction)


@dataclass(frozen=True)
class Style:
    """Sizes in pixels at scale 1, and the columns of the grid, of one shape of card."""

    columns: int
    title: float
    day: float
    sub: float
    lead: float
    big: float
    big_change: float
    label: float
    total: float
    change: float
    foot: float


LANDSCAPE = Style(4, 36, 28, 22, 26, 84, 54, 21, 31, 25, 20)
PORTRAIT = Style(2, 48, 34, 27, 34, 132, 78, 26, 40, 32, 24)


def long_date(day: date) -> str:
    """16 March 2023; 16 березня 2023."""
    months = MONTHS_UK_GEN if language() == "uk" else MONTHS_EN
    return f"{day.day} {months[day.month - 1]} {day.year}"


def change_text(value: int) -> str:
    """+1,040, -83, ±0 (grouped as the language groups numbers)."""
    return number(value, signed=True) if value else "±0"


def _colour(change: int) -> str:
    return RISE if change > 0 else FALL if change < 0 else SOFT


Block = tuple[float, Callable[[float], None], bool]  # height, draw at a top, whether it fits


def _header(card: Card, p: Painter, s: Style, left: float, room: float) -> Block:
    title = long_date(card.day)
    day = tr("Day {number} of the full-scale invasion", number=str(card.number))  # not 1,011
    beside = p.width_of(title, s.title, True) + p.px(40) + p.width_of(day, s.day, True) <= room
    sub = p.wrap(tr("Russian losses as reported by the General Staff of Ukraine; changes since "
                    "the report of {day}", day=long_date(card.previous)), s.sub, room)  # fmt: skip
    ascent, under = p.metrics(s.title, True)[0], p.px(8)  # under the date and the day
    height = ascent + (0 if beside else p.step(s.day, True)) + under + p.step(s.sub) * len(sub)

    def draw(top: float) -> None:
        y = top + ascent
        p.text(left, y, title, s.title, TEXT, bold=True)
        y += 0 if beside else p.step(s.day, True)
        p.text(left + room if beside else left, y, day, s.day, RISE, True, right=beside)
        y += under
        for line in sub:
            y += p.step(s.sub)
            p.text(left, y, line, s.sub, SOFT)

    return height + p.metrics(s.sub)[1], draw, True


def _lead(tile: Tile, p: Painter, s: Style, left: float, room: float) -> Block:
    total, change = number(tile.total), change_text(tile.change) + tile.marks
    wide = p.width_of(total, s.big, True), p.width_of(change, s.big_change, True)
    beside = wide[0] + p.px(30) + wide[1] <= room
    label_ascent, big = p.metrics(s.lead)[0], p.metrics(s.big, True)
    drop = label_ascent + p.px(12) + big[0]  # from the top to the total's baseline
    below = 0 if beside else big[1] + p.px(8) + p.metrics(s.big_change, True)[0]

    def draw(top: float) -> None:
        p.text(left, top + label_ascent, tile.label, s.lead, SOFT)
        p.text(left, top + drop, total, s.big, TEXT, bold=True)
        x = left + wide[0] + p.px(30) if beside else left
        p.text(x, top + drop + below, change, s.big_change, _colour(tile.change), bold=True)

    return drop + below + big[1], draw, max(wide) <= room


def _grid(tiles: list[Tile], p: Painter, s: Style, left: float, room: float) -> Block:
    if not tiles:
        return 0.0, lambda top: None, True
    shown: list[Tile | str] = [*tiles]
    if len(tiles) > MAX_TILES:
        shown = [*tiles[: MAX_TILES - 1], tr("and {n} more", n=len(tiles) - MAX_TILES + 1)]
    gap, pad, cols = p.px(14), p.px(12), s.columns
    width = (room - (cols - 1) * gap) / cols
    inner = width - 2 * pad
    labels = [p.wrap(t if isinstance(t, str) else t.label, s.label, inner) for t in shown]
    sizes = [(p.width_of(a, s.total, True), p.width_of(b, s.change, True))
             for a, b in (_figures(t) for t in shown if not isinstance(t, str))]  # fmt: skip
    # The change goes under the total when the two do not fit side by side in some tile.
    stacked = max((a + p.px(12) + b for a, b in sizes), default=0.0) > inner
    under = p.step(s.change, True) if stacked else 0.0
    (label_ascent, label_descent), total = p.metrics(s.label), p.metrics(s.total, True)
    # Each row is as tall as its longest label needs: from a tile's top to its figures, and
    # the tile's height.
    lines = [max(len(lab) for lab in labels[k : k + cols]) for k in range(0, len(labels), cols)]
    drops = [pad + label_ascent + (n - 1) * p.step(s.label) + label_descent + p.px(6) + total[0]
             for n in lines]  # fmt: skip
    heights = [drop + under + total[1] + pad for drop in drops]

    def draw(top: float) -> None:
        for k, (tile, label) in enumerate(zip(shown, labels, strict=True)):
            row = k // cols
            x, y = left + (k % cols) * (width + gap), top + sum(heights[:row]) + row * gap
            p.box(x, y, width, heights[row], TILE)
            for n, line in enumerate(label):
                p.text(x + pad, y + pad + label_ascent + n * p.step(s.label), line, s.label, SOFT)
            if not isinstance(tile, str):
                figures = _figures(tile)
                p.text(x + pad, y + drops[row], figures[0], s.total, TEXT, bold=True)
                p.text(x + width - pad, y + drops[row] + under, figures[1], s.change,
                       _colour(tile.change), bold=True, right=True)  # fmt: skip

    fits = max(lines) <= LABEL_LINES and max((max(a, b) for a, b in sizes), default=0.0) <= inner
    height = sum(heights) + (len(heights) - 1) * gap
    return height, draw, fits and (p.stack or not stacked)


def _figures(tile: Tile) -> tuple[str, str]:
    return number(tile.total), change_text(tile.change) + tile.marks


def _footer(card: Card, p: Painter, s: Style, left: float, room: float) -> Block:
    lines = [(line, TEXT) for note in card.notes for line in p.wrap(note, s.foot, room)]
    credit = [tr("Source: General Staff of the Armed Forces of Ukraine."),
              tr("These are the General Staff's figures, not independently verified.")]  # fmt: skip
    lines += [(line, SOFT) for line in p.wrap(" ".join(credit), s.foot, room)]
    if card.link:
        lines.append((p.fit(card.link, s.foot, room), SOFT))
    ascent, descent = p.metrics(s.foot)

    def draw(top: float) -> None:
        for n, (line, colour) in enumerate(lines):
            p.text(left, top + ascent + n * p.step(s.foot), line, s.foot, colour)

    return ascent + (len(lines) - 1) * p.step(s.foot) + descent, draw, True


def _plan(card: Card, p: Painter) -> tuple[bool, Callable[[], None]]:
    """Whether the card fits at the painter's scale, and how to draw it."""
    s = PORTRAIT if p.height > p.width else LANDSCAPE
    margin = round(0.045 * p.width)
    room = p.width - 2 * margin
    where = (p, s, margin, room)
    parts = [_header(card, *where), _lead(card.lead, *where), _grid(card.tiles, *where),
             _footer(card, *where)]  # fmt: skip
    edge = margin * 0.7  # above the header and below the foot
    free = p.height - 2 * edge - sum(part[0] for part in parts)
    fits = all(part[2] for part in parts) and free >= 3 * p.px(GAP)

    def draw() -> None:
        gap, top = free / 3, edge  # what is left spread between the four parts
        for height, paint, _ in parts:
            paint(top)
            top += height + gap

    return fits, draw


def figure(card: Card, width: int, height: int) -> Figure:
    """The card as a matplotlib figure of `width` x `height` pixels, at the largest of SCALES
    at which it fits: with each change beside its total, else under it (else the smallest)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    shape = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, facecolor=BACKGROUND)
    FigureCanvasAgg(shape)
    for stack, scale in ((stack, scale) for stack in (False, True) for scale in SCALES):
        fits, draw = _plan(card, Painter(shape, scale, stack))
        if fits:
            break
    draw()
    return shape


def render(card: Card, size: str, fmt: str) -> bytes:
    """The card as PNG or SVG bytes of one of SIZES."""
    width, height = SIZES[size]
    return image.encode(figure(card, width, height), fmt)
