"""`update`: the line an update prints, and what `update --text --dry-run` would store."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from losstrack.analysis import series
from losstrack.analysis.values import iso
from losstrack.i18n import Count, number, tr
from losstrack.registry import label
from losstrack.views.view import Column, View

if TYPE_CHECKING:
    from losstrack.sync.update import Outcome
from datetime import date

from losstrack.analysis.values import py
from losstrack.views.view import rows


def update_summary(outcome: Outcome) -> str:
    """The one line `update` prints: what arrived, the latest personnel figure, revisions."""
    frame = outcome.frame
    if outcome.day is not None:
        return _text_summary(outcome)
    if not outcome.wrote:
        last = iso(frame.index.max()) if len(frame) else tr("none")
        return tr("Nothing new: the latest report is {day} (checked {source}).", day=last,
                  source=outcome.source)  # fmt: skip
    parts = [_update_head(outcome)]
    if "personnel" in frame.columns and frame["personnel"].notna().any():
        row = series.changes(frame, "personnel").iloc[-1]
        change = "" if pd.isna(row["change"]) else f" ({number(int(row['change']), signed=True)})"
        parts.append(tr("personnel {total}{change}", total=int(row["total"]), change=change))
    revised = outcome.revised
    if revised and not outcome.created:
        shown = ", ".join(tr("{day} {category} {old} -> {new}", day=r.day, category=r.category,
                             old=r.old, new=r.new) for r in revised[:3])  # fmt: skip
        parts.append(_revised(len(revised), shown))
    return "; ".join(parts)


def _update_head(outcome: Outcome) -> str:
    """What an update wrote: a new dataset, the dates it added, or none."""
    frame = outcome.frame
    if outcome.created:
        return tr("Created {path} with {reports}, {first}..{last}", path=outcome.path,
                  reports=Count(len(frame), "report"), first=iso(frame.index.min()),
                  last=iso(frame.index.max()))  # fmt: skip
    days = outcome.added
    if not days:
        return tr("No new report")
    span = days[0].isoformat() if len(days) == 1 else f"{days[0]}..{days[-1]}"
    return tr("+{days}: {span}", days=Count(len(days), "day"), span=span)


def _revised(n: int, shown: str) -> str:
    """`2 stored values revised: ...`, the first three shown."""
    more = tr(" and {n} more", n=n - 3) if n > 3 else ""
    return tr("{revised} revised: {shown}{more}", revised=Count(n, "stored value"), shown=shown,
              more=more)  # fmt: skip


def _text_summary(outcome: Outcome) -> str:
    """The line `update --text` prints."""
    if not outcome.wrote:
        return tr("Nothing new: the report of {day} is stored as it is.", day=outcome.day)
    parts = [tr("Stored the report of {day}", day=outcome.day)]
    if outcome.created:
        parts.append(tr("created {path} from the bundled data", path=outcome.path))
    if outcome.added:
        parts.append(tr("a new date"))
    revised = outcome.revised
    shown = ", ".join(tr("{category} {old} -> {new}", category=r.category, old=r.old, new=r.new)
                      for r in revised[:3])  # fmt: skip
    parts.append(_revised(len(revised), shown) if revised else tr("no stored value changed"))
    return "; ".join(parts)


def text_report(
    frame: pd.DataFrame, result: pd.DataFrame, day: date, stated: dict[str, int]
) -> View:
    """`update --text --dry-run`: what the pasted report would store, next to what is stored."""
    stamp = pd.Timestamp(day)
    after = result.loc[stamp]
    before = frame.loc[stamp] if stamp in frame.index else None
    records: list[dict[str, Any]] = []
    for name in series.categories(result):
        if pd.isna(after[name]):
            continue
        changes = series.changes(result, name)
        records.append({"date": day.isoformat(), "category": name, "label": label(name, "en"),
                        "stored": None if before is None else py(before.get(name)),
                        "report": py(after[name]), "stated": stated.get(name),
                        "change": py(changes.at[stamp, "change"])})  # fmt: skip
    columns = [Column("category", tr("category")), Column("stored", tr("stored"), "int"),
               Column("report", tr("report"), "int"),
               Column("stated", tr("stated (+N)"), "change"),
               Column("change", tr("since previous report"), "change")]  # fmt: skip
    title = tr("Report of {day} (dry run: nothing written)", day=day)
    return View(title, columns, rows(records))
