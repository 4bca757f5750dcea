"""Charts of one category: its points, and the chart in the terminal with plotext (the image
is render/chart.py's)."""

from __future__ import annotations

import math
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from losstrack.errors import UsageError
from losstrack.i18n import tr
from losstrack.registry import label

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Series:
    """The points of a chart and what they mean (`falls`, `glitches`: see analysis.points)."""

    category: str
    dates: list[date]
    values: list[float]
    daily: bool
    by: str
    partial: bool = False  # the last point is a period that has not ended
    falls: tuple[int, ...] = ()
    glitches: tuple[int, ...] = ()

    @property
    def bars(self) -> bool:
        """Changes per period are bars; everything else is a line."""
        return self.daily and self.by != "day"

    @property
    def what(self) -> str:
        """What each point is: a total (at the end of each period) or a change."""
        if self.daily:
            return self.y_label
        return {"week": tr("total at the end of each week"),
                "month": tr("total at the end of each month"),
                "year": tr("total at the end of each year")}.get(self.by, tr("total"))  # fmt: skip

    @property
    def title(self) -> str:
        """What is charted, over which dates."""
        values = {"label": label(self.category), "what": self.what,
                  "first": self.dates[0].isoformat(), "last": self.dates[-1].isoformat()}  # fmt: skip
        if not self.partial:
            return tr("{label}: {what}, {first}..{last}", **values)
        if self.by == "week":
            return tr("{label}: {what}, {first}..{last} (last week partial)", **values)
        if self.by == "month":
            return tr("{label}: {what}, {first}..{last} (last month partial)", **values)
        return tr("{label}: {what}, {first}..{last} (last year partial)", **values)

    @property
    def y_label(self) -> str:
        """The y axis: totals or changes."""
        if not self.daily:
            return tr("total")
        return {"week": tr("change per week"), "month": tr("change per month"),
                "year": tr("change per year")}.get(self.by, tr("change per day"))  # fmt: skip


def series(frame: pd.DataFrame, category: str, daily: bool, by: str) -> Series:
    """The chart of one category of the stored `frame` (see analysis.points.points)."""
    from losstrack.analysis.points import points

    found = points(frame, category, daily, by)
    return Series(category, found.dates, found.values, daily, by, found.partial, found.falls,
                  found.glitches)  # fmt: skip


def between(points: Series, since: date | None, until: date | None) -> Series:
    """The points from `since` to `until` (inclusive); none left is a usage error."""
    if since is not None and until is not None and since > until:
        raise UsageError(f"--since {since} is after --until {until}")
    keep = [i for i, d in enumerate(points.dates)
            if (since is None or d >= since) and (until is None or d <= until)]  # fmt: skip
    if not keep:
        raise UsageError(f"no {points.category} figures between {since or 'the start'} and "
                         f"{until or 'the end'}")  # fmt: skip
    partial = points.partial and keep[-1] == len(points.dates) - 1
    first, last = keep[0], keep[-1]
    return Series(points.category, [points.dates[i] for i in keep],
                  [points.values[i] for i in keep], points.daily, points.by, partial,
                  tuple(i - first for i in points.falls if first <= i <= last),
                  tuple(i - first for i in points.glitches if first <= i <= last))  # fmt: skip


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round values inside low..high, 1, 2 or 5 times a power of ten apart, about `count`."""
    if high <= low:
        return [low]
    raw = (high - low) / max(count - 1, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(low / step)
    return [k * step for k in range(first, math.floor(high / step) + 1)]


def _spread(dates: list[date], count: int) -> list[date]:
    """About `count` dates from first to last, evenly spaced through the points."""
    if len(dates) <= count:
        return dates
    picks = {round(i * (len(dates) - 1) / (count - 1)) for i in range(count)}
    return [dates[i] for i in sorted(picks)]


MAX_COLUMNS = 400  # the widest text chart drawn, whatever COLUMNS says
MAX_LINES = 200  # the tallest


def _fit(text: str, width: int) -> str:
    """`text` in at most `width` characters: whole, or cut with `…`."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _title_room(drawn: str, width: int) -> int:
    """The longest title plotext shows over this chart: centred on the plot area (not the
    terminal), it is dropped unless it fits whole between the terminal's edges."""
    for line in drawn.splitlines():
        left, right = line.find("┌"), line.find("┐")
        if 0 <= left < right:
            centre = left + 1 + (right - left - 1) // 2
            right = width - centre  # columns from the centre to the terminal's edge
            fits = [n for n in range(width + 1) if n // 2 <= centre and n - n // 2 <= right]
            return max(fits, default=0)
    return width


def terminal(points: Series, colour: bool) -> str:
    """The chart as text sized to the terminal (COLUMNS x LINES, one line kept for the prompt)."""
    import plotext as plt

    width, height = shutil.get_terminal_size()
    # COLUMNS and LINES are whatever the environment says: keep the drawing bounded.
    width, height = min(max(width, 20), MAX_COLUMNS), min(max(height, 11), MAX_LINES)
    _draw(points, width, max(height - 1, 10), colour)
    text = str(plt.build()).rstrip("\n")
    plain = str(plt.uncolorize(text))
    if points.title not in plain.split("\n", 1)[0]:  # too long for the plot: shortened, not lost
        # Two columns spare: an ASCII terminal gets `...` for the `…`.
        plt.title(_fit(points.title, _title_room(plain, width) - 2))
        text = str(plt.build()).rstrip("\n")
        plain = str(plt.uncolorize(text))
    if colour:
        return text + "\n"
    # Without colour, the padding plotext adds after the frame is only trailing blanks.
    return "\n".join(line.rstrip() for line in plain.splitlines()) + "\n"


def _in_order(data: Iterable[Any]) -> list[Any]:
    """The items of `data` without repeats, in their first order."""
    return list(dict.fromkeys(data))


def _draw(points: Series, width: int, height: int, colour: bool) -> None:
    """Set up plotext's figure for the chart (it is drawn by `plt.build()`)."""
    import plotext as plt
    import plotext._utility

    # plotext drops repeated points and labels through a set, so the order it places the axis
    # labels in (and where one that would touch another lands) changed with the hash seed from
    # run to run. Keep the order: the same data draws the same chart.
    plotext._utility.no_duplicates = _in_order
    plt.clear_figure()
    plt.plot_size(width, height)
    plt.theme("pro" if colour else "clear")
    plt.date_form("Y-m-d")
    # Numeric x (seconds) for both kinds: plotext treats bar labels as categories otherwise.
    # Years are one bar each, evenly spaced: a partial year's bar would run into the one before.
    yearly = points.by == "year"
    xs = list(range(len(points.dates))) if yearly else plt.strings_to_time(
        [d.isoformat() for d in points.dates])  # fmt: skip
    if points.bars:
        plt.bar(xs, points.values, width=0.8)
    else:
        plt.plot(xs, points.values, marker="braille")
    low = min(points.values)
    ticks = nice_ticks(min(low, 0.0) if points.bars else low, max(points.values))
    plt.yticks(ticks, [f"{t:,.0f}" for t in ticks])
    # Ten-character date labels need room; one per 16 columns keeps them apart.
    shown = _spread(points.dates, max(2, min(6, width // 16)))
    labels = [d.isoformat() for d in shown]
    where = [points.dates.index(d) for d in shown] if yearly else plt.strings_to_time(labels)
    plt.xticks(where, labels)
    plt.title(points.title)
    plt.xlabel(tr("date"))
    plt.ylabel(points.y_label)
