"""`corrections`: values updates revised, and every fall in a reported total."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pandas as pd

from losstrack.analysis import corrections as corrections_of
from losstrack.analysis.corrections import DECREASE, REVISION
from losstrack.i18n import Count, tr
from losstrack.registry import label
from losstrack.views.view import Column, Row, View


def corrections(
    frame: pd.DataFrame,
    names: list[str],
    logged: list[dict[str, Any]],
    span: tuple[date | None, date | None],
) -> View:
    """`corrections`: revisions recorded locally and falls in the series, newest first."""
    records = corrections_of.corrections(frame, names, logged, span)
    shown = [Row(r, shown={"label": label(r["category"]), "what": _what(r)}) for r in records]
    columns = [Column("date", tr("date")), Column("category", tr("category")),
               Column("old", tr("old"), "int"), Column("new", tr("new"), "int"),
               Column("change", tr("change"), "change"), Column("what", tr("what"), wrap=True)]  # fmt: skip
    kinds = Counter(r["kind"] for r in records)
    title = tr("Corrections: {revised} revised by updates, {falls} in the reported totals",
               revised=Count(kinds[REVISION], "stored value"),
               falls=Count(kinds[DECREASE], "fall"))  # fmt: skip
    notes = [tr("A fall is the General Staff lowering a cumulative total to correct earlier "
                "figures.")]  # fmt: skip
    return View(title, columns, shown, notes)


def _what(record: dict[str, Any]) -> str:
    if record["kind"] == REVISION:
        return tr("revised by {source} ({day})", source=record["source"],
                  day=record["recorded"][:10])  # fmt: skip
    if record.get("glitch"):
        return tr("lower than on {day}; a one-day glitch of the source (see `losstrack check`)",
                  day=record["previous_date"])  # fmt: skip
    return tr("lower than on {day}", day=record["previous_date"])
