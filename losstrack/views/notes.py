"""The footnote marks of derived figures: days without a report, glitches, corrections, stated.

Views put a mark after a figure and one footnote per kind under the table; csv and json carry
the same facts as fields (`days`, `glitches`, `corrected`, `stated`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from losstrack.analysis.between import missing_days
from losstrack.analysis.series import Glitch, Honest
from losstrack.analysis.values import iso
from losstrack.i18n import number, tr
from losstrack.views.view import CORRECTED, GLITCH, MARK, STATED, Row

Revised = set[tuple[str, str]]  # (report date, category) of values an update revised
Stated = dict[tuple[str, str], int]  # (report date, category) -> the change the source stated
SHOWN = 3  # glitches named in a footnote before "and N more"


def corrected_note() -> str:
    """The ‡ footnote."""
    return tr("{mark} includes a correction: the total fell, or an update revised a stored "
              "value (see `losstrack corrections`)", mark=CORRECTED)  # fmt: skip


def mark_change(
    row: Row, key: str, h: Honest, name: str, previous: Any, current: Any
) -> tuple[list[pd.Timestamp], list[Glitch]]:
    """Marks on a change cell: † over days without a report, § over a glitch left out."""
    gap = missing_days(h, name, previous, current)
    skipped = h.skipped(name, previous, current)
    if gap:
        row.mark(key, MARK)
    if skipped:
        row.mark(key, GLITCH)
    return gap, skipped


def span_note(gaps: Iterable[list[pd.Timestamp]]) -> list[str]:
    """The † footnote: which days had no report."""
    texts = []
    for days in gaps:
        if days:
            texts.append(iso(days[0]) if len(days) == 1 else f"{iso(days[0])}..{iso(days[-1])}")
    if not texts:
        return []
    shown = ", ".join(dict.fromkeys(texts))
    return [tr("{mark} change over more than one day: no report on {days}", mark=MARK, days=shown)]


def glitch_note(glitches: Iterable[Glitch]) -> list[str]:
    """The § footnote: each glitch, its neighbours, and that derived figures leave it out."""
    found = list(dict.fromkeys(glitches))
    if not found:
        return []
    items = [tr("{category} {value} on {day}, between {before} ({since}) and {after} ({until})",
                category=g.category, value=g.value, day=iso(g.day), before=g.before,
                since=iso(g.since), after=g.after, until=iso(g.until))
             for g in found[:SHOWN]]  # fmt: skip
    if len(found) > SHOWN:
        items.append(tr("and {n} more", n=len(found) - SHOWN))
    return [tr("{mark} a one-day glitch of the source, left out of the changes as if the report "
               "were missing: {items} (see `losstrack check`; --as-published keeps it)",
               mark=GLITCH, items="; ".join(items))]  # fmt: skip


def stated_note(firsts: Iterable[tuple[str, str, int | None, int]]) -> list[str]:
    """The * footnote, and what a category's first total is: (category, date, stated, total)."""
    notes = []
    for name, day, stated, total in dict.fromkeys(firsts):
        if stated is None:
            notes.append(tr("{category} is first reported on {day}: {total} is the running "
                            "total since the invasion, not one day's loss", category=name,
                            day=day, total=total))  # fmt: skip
        else:
            notes.append(tr("{mark} {category} {change} on {day}: the change the source stated "
                            "with its first report (no earlier report to compute it from)",
                            mark=STATED, category=name, change=number(stated, signed=True),
                            day=day))  # fmt: skip
    return notes
