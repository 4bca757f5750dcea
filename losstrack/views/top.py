"""`top`: the largest changes between reports, or per week or month."""

from __future__ import annotations

import pandas as pd

from losstrack.analysis import rankings, series
from losstrack.i18n import Count, tr
from losstrack.views.notes import glitch_note, mark_change
from losstrack.views.periods import named, period, period_marks, period_rule
from losstrack.views.view import CORRECTED, MARK, Column, Row, View


def top_days(frame: pd.DataFrame, category: str, n: int) -> View:
    """`top --by day`: the largest report-to-report changes; spans and glitches marked."""
    h = series.honest(frame, [category])
    records = rankings.top_days(h, category, n)
    rows, gaps, glitches = [], [], []
    for record in records:
        row = Row(record)
        gap, skipped = mark_change(row, "change", h, category, record["previous_date"],
                                   record["date"])  # fmt: skip
        if record["corrected"]:
            row.mark("change", CORRECTED)
        gaps.append(gap)
        glitches += skipped
        rows.append(row)
    columns = [Column("rank", "#", "int"), Column("date", tr("date")),
               Column("change", tr("change"), "change"), Column("days", tr("days"), "int"),
               Column("total", tr("total"), "int")]  # fmt: skip
    notes = [tr("{mark} {day}: change over {days}, since the report of {since} (no report "
                "in between)", mark=MARK, day=r["date"], days=Count(r["days"], "day"),
                since=r["previous_date"])
             for r, gap in zip(records, gaps, strict=True) if gap]  # fmt: skip
    notes += glitch_note(glitches)
    notes += [_fall_note()] if any(r["corrected"] for r in records) else []
    title = tr("Largest changes between reports: {category}", category=named(category))
    return View(title, columns, rows, notes)


def _fall_note() -> str:
    return tr("{mark} includes a fall: the General Staff lowered the total to correct earlier "
              "figures (see `losstrack corrections`)", mark=CORRECTED)  # fmt: skip


def top_periods(frame: pd.DataFrame, category: str, by: str, n: int) -> View:
    """`top --by week|month`: the calendar periods with the largest change."""
    h = series.honest(frame, [category])
    rows: list[Row] = []
    notes: list[str] = []
    for record in rankings.top_periods(h, category, by, n):
        row = Row(record)
        period_marks(row, notes, h)
        rows.append(row)
    columns = [Column("rank", "#", "int"), Column("period", period(by)), Column("since", tr("from")),
               Column("last", tr("to")), Column("change", tr("change"), "change"),
               Column("per_day", tr("per day"), "float")]  # fmt: skip
    notes = [*dict.fromkeys(notes), period_rule(by)]
    title = tr("Largest changes per {period}: {category}", period=period(by),
               category=named(category))  # fmt: skip
    return View(title, columns, rows, notes)
