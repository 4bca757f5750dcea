"""`compare`: the change per period and category, against the period before."""

from __future__ import annotations

from typing import Any

import pandas as pd

from losstrack.analysis import rankings, series
from losstrack.i18n import Count, decimal, tr
from losstrack.views.periods import named, period, period_marks, period_rule
from losstrack.views.view import RATE, Column, Row, View


def compare(frame: pd.DataFrame, names: list[str], by: str, count: int) -> View:
    """`compare`: per category, the change in each of the last periods and against the one before."""
    h = series.honest(frame, names)
    rows: list[Row] = []
    notes: list[str] = []
    for category in names:
        for position, record in enumerate(rankings.compare(h, category, by, count)):
            row = Row(record, shown={"category": category if position == 0 else ""})
            period_marks(row, notes, h)
            if record["basis"] == "per_day" and record["vs_previous"] is not None:
                row.mark("vs_previous", RATE)
                row.mark("vs_previous_pct", RATE)
                notes.append(_rate_note(record))
            rows.append(row)
    columns = [Column("category", tr("category")), Column("period", period(by)),
               Column("since", tr("from")), Column("last", tr("to")),
               Column("change", tr("change"), "change"),
               Column("vs_previous", tr("vs previous"), "change"),
               Column("vs_previous_pct", "%", "float"),
               Column("per_day", tr("per day"), "float")]  # fmt: skip
    notes = [*dict.fromkeys(notes), period_rule(by)]
    shown = (
        ", ".join(named(n) for n in names)
        if len(names) <= 3
        else str(Count(len(names), "category", "categories"))
    )
    title = tr("Change per {period}: {categories}", period=period(by), categories=shown)
    return View(title, columns, rows, notes)


def _rate_note(record: dict[str, Any]) -> str:
    return tr("{mark} {category} {period}: it or the period before is partial, so vs previous "
              "and % compare the change per day ({rate} against {before})", mark=RATE,
              category=record["category"], period=record["period"],
              rate=decimal(record["per_day"]),
              before=decimal(record["previous_per_day"]))  # fmt: skip
