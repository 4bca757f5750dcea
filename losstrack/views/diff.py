"""`diff`: per category, the totals on two reports and the change between them."""

from __future__ import annotations

from typing import Any

import pandas as pd

from losstrack.analysis import between, series
from losstrack.analysis.values import iso
from losstrack.i18n import tr
from losstrack.registry import label
from losstrack.views.notes import Revised, glitch_note
from losstrack.views.view import CORRECTED, GLITCH, Column, Row, View, count


def diff(
    frame: pd.DataFrame,
    start: pd.Timestamp,
    end: pd.Timestamp,
    notes: list[str],
    revised: Revised | None = None,
) -> View:
    """`diff`: per category, totals on two report dates and the change between them."""
    h = series.honest(frame)
    rows, skipped = [], []
    for record in between.diff(h, start, end, revised or set()):
        name = record["category"]
        row = Row(record, shown={"label": label(name)})
        if record["corrections"] or record["revised"]:
            row.mark("change", CORRECTED)
        for key, day in (("from", start), ("to", end)):
            glitch = h.glitch(day, name)
            if glitch is not None:
                row.mark(key, GLITCH)
                row.mark("change", GLITCH)
                skipped.append(glitch)
        rows.append(row)
    days = (end - start).days
    columns = [Column("category", tr("category")), Column("label", tr("label"), wrap=True),
               Column("from", iso(start), "int"), Column("to", iso(end), "int"),
               Column("change", tr("change"), "change")]  # fmt: skip
    if days > 1:
        columns.append(Column("per_day", tr("per day"), "float"))
    title = tr("Change from {since} to {until} ({days})", since=iso(start), until=iso(end),
               days=count(days, "day"))  # fmt: skip
    notes = notes + _corrections_note([row.values for row in rows]) + glitch_note(skipped)
    return View(title, columns, rows, notes)


def _corrections_note(records: list[dict[str, Any]]) -> list[str]:
    """The ‡ footnote of `diff`: which totals fell and which stored values were revised."""
    items = [tr("{category} fell on {days}", category=r["category"],
                days=", ".join(r["corrections"])) for r in records if r["corrections"]]  # fmt: skip
    items += [tr("{category} revised on {days}", category=r["category"],
                 days=", ".join(r["revised"])) for r in records if r["revised"]]  # fmt: skip
    if not items:
        return []
    shown = "; ".join(items[:4]) + (
        tr("; and {n} more", n=len(items) - 4) if len(items) > 4 else ""
    )
    return [tr("{mark} includes a correction: {items} (see `losstrack corrections`)",
               mark=CORRECTED, items=shown)]  # fmt: skip
