"""What `top` and `compare` share: periods named, their marks and the rule they follow."""

from __future__ import annotations

import pandas as pd

from losstrack.analysis import series
from losstrack.i18n import tr
from losstrack.registry import label
from losstrack.views.notes import glitch_note
from losstrack.views.view import CORRECTED, GLITCH, MARK, Row


def named(category: str) -> str:
    return f"{label(category)} ({category})"


def period(by: str) -> str:
    """A period's name (a header, and `per {period}` in titles)."""
    names = {"day": tr("day"), "week": tr("week"), "month": tr("month"), "year": tr("year")}
    return names[by]


def status(status: str) -> str:
    """A milestone's status as the table shows it (csv and json keep the English one)."""
    names = {"reached": tr("reached"), "projected": tr("projected"),
             "due; update": tr("due; update")}  # fmt: skip
    return names.get(status, status)


def period_marks(row: Row, notes: list[str], h: series.Honest) -> None:
    """Marks a partial period, a change over a period without reports, glitches and falls."""
    record = row.values
    if record["partial"]:
        row.mark("period", MARK)
        if record["starts_late"]:
            notes.append(tr("{mark} {period} is partial: the {category} figures start on {day}",
                            mark=MARK, period=record["period"], category=record["category"],
                            day=record["covered_from"]))  # fmt: skip
        else:
            notes.append(tr("{mark} {period} is partial: it runs to {end}, the latest report is "
                            "{last}", mark=MARK, period=record["period"], end=record["end"],
                            last=record["last"]))  # fmt: skip
    if record["spans"]:
        row.mark("since", MARK)
        notes.append(tr("{mark} {period}: no report in the period before; the change runs from "
                        "the report of {since}", mark=MARK, period=record["period"],
                        since=record["since"]))  # fmt: skip
    if record["glitches"]:
        row.mark("change", GLITCH)
        notes += glitch_note(h.glitches[(pd.Timestamp(d), record["category"])]
                             for d in record["glitches"])  # fmt: skip
    if record["corrections"]:
        row.mark("change", CORRECTED)
        notes.append(tr("{mark} {period}: includes a fall of {category} on {days} (a correction)",
                        mark=CORRECTED, period=record["period"], category=record["category"],
                        days=", ".join(record["corrections"])))  # fmt: skip


def period_rule(by: str) -> str:
    kinds = {"week": tr("ISO weeks, Monday to Sunday"), "month": tr("calendar months"),
             "year": tr("calendar years")}  # fmt: skip
    return tr("Change = last report in the {period} minus the last report before it ({kind}); "
              "the first period counts from 0 at the invasion (2022-02-24).", period=period(by),
              kind=kinds[by])  # fmt: skip
