"""A chart as an image (`chart --output`): PNG or SVG drawn with matplotlib (the `plot` extra).

One panel per category (small multiples on a shared x axis); a title saying what and whose;
the span and the date of the latest report; the last value written on the plot; a partial
last period drawn apart (a hatched bar, a dashed segment); corrections and glitches marked,
each kind named in the panel's legend; the source under it all.
"""

from __future__ import annotations

import math
from datetime import date
from typing import TYPE_CHECKING, Any

from losstrack.i18n import decimal, language, number, tr
from losstrack.registry import BY_NAME, label
from losstrack.render import image

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from losstrack.render.plot import Series

SIZE = (1200, 675)  # pixels, by default
DPI = 100
LINE, LIGHT, FALL, GLITCH, GREY = "#1f5fa8", "#a9c6ea", "#c62828", "#e65100", "#555555"
BAR_DAYS = {"week": 6, "month": 25, "year": 300}  # a bar's width on the time axis
STYLE: dict[Any, Any] = {"font.family": "DejaVu Sans", "svg.fonttype": "none", "axes.titlesize": 11}


def title(panels: list[Series]) -> str:
    """What is charted and whose figures these are."""
    if len(panels) > 1:
        return tr("Russian losses, as reported by the General Staff of Ukraine")
    return tr("Russian {what} lost, as reported by the General Staff of Ukraine",
              what=_noun(panels[0].category))  # fmt: skip


def _noun(category: str) -> str:
    """tanks, personnel, operational-tactical UAVs; in Ukrainian the label (Танки)."""
    if language() == "uk":
        return label(category)
    known = BY_NAME.get(category)
    if category == "personnel" or known is None or not known.noun_en[1]:
        return category if category == "personnel" else label(category)
    return known.noun_en[1]


def subtitle(panels: list[Series], as_of: date) -> str:
    """What each point is, over which dates, and the latest report of the data."""
    what = panels[0].what
    first = min(p.dates[0] for p in panels).isoformat()
    last = max(p.dates[-1] for p in panels).isoformat()
    return tr("{what}, {first}..{last}; data as of {day}", what=what[:1].upper() + what[1:],
              first=first, last=last, day=as_of.isoformat())  # fmt: skip


def figure(panels: list[Series], as_of: date, heading: str | None = None,
           size: tuple[int, int] = SIZE, dpi: int = DPI) -> Figure:  # fmt: skip
    """The chart of one category or more (one panel each) at `size` pixels."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    with rc_context(STYLE):
        shape = Figure(figsize=(size[0] / dpi, size[1] / dpi), dpi=dpi)
        FigureCanvasAgg(shape)  # to measure the heading with
        top = _heading(shape, heading or title(panels), subtitle(panels, as_of))
        shape.set_layout_engine(ConstrainedLayoutEngine(rect=(0, 0, 1, 1 - top / size[1])))
        columns = 1 if len(panels) <= 4 else 2
        grid = shape.subplots(math.ceil(len(panels) / columns), columns, sharex=True,
                              squeeze=False)  # fmt: skip
        cells = list(grid.flat)
        for axes, points in zip(cells, panels, strict=False):
            _panel(axes, points, len(panels) > 1)
        for spare in cells[len(panels) :]:
            spare.set_visible(False)
        source = tr("Source: General Staff of the Armed Forces of Ukraine (losstrack)")
        shape.supxlabel(source, x=0.995, ha="right", fontsize=8, color=GREY)
    return shape


def _heading(shape: Figure, heading: str, sub: str) -> float:
    """Write the title and the line under it, wrapped to the width; the pixels they take."""
    painter = image.Painter(shape, 1.0)  # its sizes are pixels at 100 dpi: points * 100 / 72
    left = 12 * shape.dpi / DPI
    room = shape.bbox.width - 2 * left
    y = left * 0.7
    for text, points, colour, bold in ((heading, 15, "black", True), (sub, 10, GREY, False)):
        step = points * shape.dpi / 72 * 1.25
        for line in painter.wrap(text, points * image.DESIGN_DPI / 72, room, bold):
            shape.text(left / shape.bbox.width, 1 - y / shape.bbox.height, line, va="top",
                       fontsize=points, color=colour, fontweight="bold" if bold else "normal",
                       parse_math=False)  # fmt: skip
            y += step
    return y + left * 0.3


def render(panels: list[Series], as_of: date, fmt: str, heading: str | None = None,
           size: tuple[int, int] = SIZE, dpi: int = DPI) -> bytes:  # fmt: skip
    """The chart as PNG or SVG bytes."""
    from matplotlib import rc_context

    with rc_context(STYLE):
        return image.encode(figure(panels, as_of, heading, size, dpi), fmt)


def _panel(axes: Axes, points: Series, many: bool) -> None:
    """One category's points, its last value, and the marks, named in the legend."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.ticker import FuncFormatter

    xs: list[Any] = list(points.dates)
    ys = points.values
    if points.bars:
        _bars(axes, points, xs)
    else:
        _line(axes, points, xs)
    for where, marker, colour, text in (
        (points.falls, "v", FALL, tr("correction: the total fell")),
        (points.glitches, "X", GLITCH, tr("a one-day glitch of the source left out")),
    ):
        if where:
            axes.scatter([xs[i] for i in where], [ys[i] for i in where], marker=marker, s=42,
                         color=colour, zorder=4, label=text)  # fmt: skip
    _last_value(axes, points, xs)
    axes.margins(x=0.02, y=0.1)
    if min(ys) >= 0 and (points.bars or min(ys) < 0.1 * max(ys)):
        axes.set_ylim(bottom=0)  # from zero, not from below it
    locator = AutoDateLocator()  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    axes.yaxis.set_major_formatter(FuncFormatter(lambda y, _: number(round(y))))  # 1 040 in uk
    axes.set_ylabel(points.y_label)
    axes.grid(alpha=0.3)
    if many:
        axes.set_title(label(points.category), loc="left", fontweight="bold", parse_math=False)
    if axes.get_legend_handles_labels()[0]:
        axes.legend(loc="best", fontsize=9, framealpha=0.9)


def _partial(points: Series) -> str:
    day = points.dates[-1].isoformat()
    if points.by == "week":
        return tr("partial week, to {day}", day=day)
    if points.by == "month":
        return tr("partial month, to {day}", day=day)
    return tr("partial year, to {day}", day=day)


def _bars(axes: Axes, points: Series, xs: list[Any]) -> None:
    bars = axes.bar(xs, points.values, width=BAR_DAYS[points.by], color=LINE)
    if points.partial:
        last = bars[-1]
        last.set_facecolor(LIGHT)
        last.set_edgecolor(LINE)
        last.set_hatch("///")
        last.set_label(_partial(points))


def _line(axes: Axes, points: Series, xs: list[Any]) -> None:
    solid = len(xs) - 1 if points.partial and len(xs) > 1 else len(xs)
    axes.plot(xs[:solid], points.values[:solid], color=LINE, linewidth=1.6)
    if solid < len(xs):
        axes.plot(xs[-2:], points.values[-2:], color=LINE, linewidth=1.6, linestyle=(0, (2, 2)),
                  label=_partial(points))  # fmt: skip


def _last_value(axes: Axes, points: Series, xs: list[Any]) -> None:
    """The last value on the plot: above and left of a line's end (which rises, as totals
    do); over a bar, clear of its neighbours."""
    values = points.values
    value = values[-1]
    if points.daily and points.by == "day" and value != round(value):
        text = decimal(value, signed=True)  # an average over days without a report
    else:
        text = number(round(value), signed=points.daily)
    style: dict[str, Any] = {"fontsize": 11, "fontweight": "bold", "color": LINE,
                             "parse_math": False}  # fmt: skip
    if not points.bars:
        axes.plot(xs[-1:], [value], marker="o", markersize=5, color=LINE)
        axes.annotate(text, (xs[-1], value), xytext=(-5, 5), textcoords="offset points",
                      ha="right", va="bottom", **style,
                      bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none",
                            "alpha": 0.85})  # fmt: skip
        return
    recent = values[-4:]
    span = max(max(values), 0.0) - min(min(values), 0.0) or 1.0
    up = value >= 0
    height = (max(recent) if up else min(recent)) + (0.04 if up else -0.04) * span
    arrow = (
        {"arrowstyle": "-", "color": LINE, "linewidth": 0.8}
        if abs(height - value) > 0.06 * span
        else None
    )
    axes.annotate(text, (xs[-1], value), xytext=(xs[-1], height), textcoords="data", ha="right",
                  va="bottom" if up else "top", arrowprops=arrow, **style)  # fmt: skip
