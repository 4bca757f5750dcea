"""`milestones`: the thresholds reached, and the next one projected or due."""

from __future__ import annotations

from datetime import date

import pandas as pd

from losstrack import settings
from losstrack.analysis import milestones as milestones_of
from losstrack.analysis import series
from losstrack.analysis.values import iso
from losstrack.i18n import decimal, number, tr
from losstrack.views.periods import named, status
from losstrack.views.view import Column, Row, View


def milestones(frame: pd.DataFrame, category: str, today: date | None = None) -> View:
    """`milestones`: the date each threshold was first reached, then the projected next one."""
    h = series.honest(frame, [category])
    records, ahead = milestones_of.milestones(h, category, today or settings.today())
    notes = _skipped_note(h.frame, category)
    if ahead is None:
        notes.append(tr("No projection: no rise over the last {days} days.",
                        days=milestones_of.RATE_DAYS))  # fmt: skip
    else:
        notes.append(_projection_note(ahead, records[-1]["status"]))
    shown = [Row(r, shown={"status": status(r["status"])}) for r in records]
    columns = [Column("threshold", tr("threshold"), "int"), Column("date", tr("date")),
               Column("day", tr("day"), "int"), Column("days_after_previous", tr("after"), "int"),
               Column("total", tr("total"), "int"), Column("status", "")]  # fmt: skip
    title = tr("Milestones: {category}", category=named(category))
    return View(title, columns, shown, notes)


def _projection_note(ahead: milestones_of.Projection, status: str) -> str:
    rate = tr("at {rate} a day, the rate from {since} to {until} ({current} on {until})",
              rate=decimal(ahead.rate_per_day), since=iso(ahead.rate_since),
              until=iso(ahead.rate_until), current=ahead.current)  # fmt: skip
    if status == "projected":
        return tr("Projected: {rate}.", rate=rate)
    return tr("Due: {rate}, {threshold} would have been reached by {day}, before today; run "
              "`losstrack update`.", rate=rate, threshold=ahead.threshold,
              day=iso(ahead.date))  # fmt: skip


def _skipped_note(frame: pd.DataFrame, category: str) -> list[str]:
    """Thresholds the first report had already passed, and the day of the invasion."""
    totals = frame[category].dropna()
    notes = [tr("Day = day of the invasion (2022-02-24 is day 1); after = days since the "
                "previous threshold.")]  # fmt: skip
    if len(totals):
        first = int(totals.iloc[0])
        below = [t for t in milestones_of.ladder(category, first) if t <= first]
        if below:
            notes.append(tr("Already passed on the first report ({day}: {first}): {passed}.",
                            day=iso(totals.index[0]), first=first,
                            passed=", ".join(number(t) for t in below)))  # fmt: skip
    return notes
