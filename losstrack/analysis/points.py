"""The points of a chart: one per report, ISO week, month or year, and the marks on them."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from losstrack.analysis import checks, periods, series


@dataclass(frozen=True)
class Points:
    """A category's figures over time, as a chart draws them.

    `falls` and `glitches` are positions in `dates`: the points whose figure includes a fall
    of the total (a correction), or leaves out a one-day glitch of the source.
    """

    dates: list[date]
    values: list[float]
    partial: bool = False  # the last point is a period that has not ended
    falls: tuple[int, ...] = ()
    glitches: tuple[int, ...] = ()


def points(frame: pd.DataFrame, category: str, daily: bool, by: str) -> Points:
    """One point per report (its total, or its change per day when `daily`), or per period
    (`by` week, month or year: the last total in it, or its change), glitches left out."""
    h = series.honest(frame, [category])
    if by == "day":
        table = series.changes(h.frame, category)
        if daily:
            # A change over days without a report is spread over them, not drawn as one day's.
            values = (table["change"].astype("Float64") / table["days"]).dropna()
        else:
            values = table["total"].astype("Float64")
        dates, figures, partial = [d.date() for d in values.index], list(values), False
    else:
        found = periods.table(h.frame, category, by)
        if daily:
            found = found.take(~np.isnan(found.change))
        dates = [date.fromisoformat(str(d)) for d in found.last]
        figures = list(found.change if daily else found.total)
        partial = bool(len(found)) and bool(found.partial[-1])
    falls = [d.date() for d in checks.decreases(h.frame, [category])["date"]]
    glitches = [day.date() for day, name in h.glitches if name == category]
    return Points(dates, [float(v) for v in figures], partial, at(dates, falls),
                  at(dates, glitches))  # fmt: skip


def at(dates: list[date], events: Iterable[date]) -> tuple[int, ...]:
    """The points an event belongs to: the first on or after it (the report of a fall, the
    report whose change spans a glitch, the period either is in); none after the last."""
    found = {bisect_left(dates, day) for day in events}
    return tuple(sorted(i for i in found if i < len(dates)))
