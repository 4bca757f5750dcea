"""`show`: the latest report with its changes, or the history of some categories."""

from __future__ import annotations

from typing import Any

import pandas as pd

from losstrack.analysis import between, long, series, spark
from losstrack.analysis.values import iso, py
from losstrack.i18n import count, shown, tr
from losstrack.registry import BY_NAME, label
from losstrack.views.notes import (
    Revised,
    Stated,
    corrected_note,
    glitch_note,
    mark_change,
    span_note,
    stated_note,
)
from losstrack.views.view import CORRECTED, GLITCH, STATED, Column, Row, View, Wide

# The fields of a `show CATEGORY...` record, in the order csv and json write them.
RECORD = ("date", "category", "total", "change", "previous_date", "days", "glitches", "stated",
          "corrected", "glitch")  # fmt: skip


def _marks(row: Row, key: str, h: series.Honest, name: str, record: dict[str, Any],
           found: dict[str, list[Any]]) -> None:  # fmt: skip
    """Put a record's marks on its change cell and collect what the footnotes need."""
    gap, skipped = mark_change(row, key, h, name, record["previous_date"], record["date"])
    found["gaps"].append(gap)
    found["glitches"].extend(skipped)
    if record["corrected"]:
        row.mark(key, CORRECTED)
        found["corrected"].append(True)
    if record["stated"] is not None:
        row.shown[key] = record["stated"]
        row.mark(key, STATED)
    # Only a change without a previous report can be a category's first (a scan per category).
    first = between.first_day(h, name) if record["previous_date"] is None else None
    if first is not None and iso(first) == record["date"]:
        found["firsts"].append((name, record["date"], record["stated"], record["total"]))


def _notes(found: dict[str, list[Any]]) -> list[str]:
    notes = span_note(found["gaps"]) + glitch_note(found["glitches"])
    notes += [corrected_note()] if found["corrected"] else []
    return notes + stated_note(found["firsts"])


def _found() -> dict[str, list[Any]]:
    return {"gaps": [], "glitches": [], "corrected": [], "firsts": []}


def latest(
    frame: pd.DataFrame, revised: Revised | None = None, stated: Stated | None = None
) -> View:
    """`show`: every category of the latest report with its change."""
    h = series.honest(frame)
    last = frame.index.max()
    day = iso(last)
    rows, found = [], _found()
    for record in between.latest(h, revised or set(), stated or {}):
        name = record["category"]
        row = Row(record, shown={"label": label(name)})
        _marks(row, "change", h, name, record, found)
        rows.append(row)
    previous = frame.index[-2] if len(frame) > 1 else None
    notes = (
        [tr("Changes since the report of {day}.", day=iso(previous))]
        if previous is not None
        else []
    )
    notes += _notes(found)
    gone = series.missing_from_latest(frame)
    if gone:
        notes.append(tr("Not in this report: {items}",
                        items=", ".join(tr("{category} (last {day})", category=c, day=iso(d))
                                        for c, d in gone)))  # fmt: skip
    notes.append(_source_line(frame, last))
    title = tr("General Staff report of {day} (day {number} of the invasion)", day=day,
               number=series.day_number(last))  # fmt: skip
    return View(
        title,
        [Column("category", tr("category")), Column("label", tr("label"), wrap=True),
         Column("total", tr("total"), "int"), Column("change", tr("change"), "change")],
        rows, notes,
    )  # fmt: skip


def _source_line(frame: pd.DataFrame, day: pd.Timestamp) -> str:
    source = str(frame.at[day, "source"]) or tr("unknown")
    link = str(frame.at[day, "link"])
    if link:
        return tr("Source: {source} ({link})", source=source, link=link)
    return tr("Source: {source}", source=source)


def history(
    frame: pd.DataFrame,
    names: list[str],
    selected: pd.Index,
    revised: Revised | None = None,
    stated: Stated | None = None,
) -> View:
    """`show CATEGORY...`: each category's totals and changes over the selected reports."""
    h = series.honest(frame, names)
    records = _history_records(h, names, selected, revised or set(), stated or {})
    rows, found = [Row(record) for record in records], _found()
    for row in rows:
        rec, name = row.values, row.values["category"]
        if rec["glitch"]:
            row.mark("total", GLITCH)
            row.mark("change", GLITCH)
            found["glitches"].append(h.glitches[(pd.Timestamp(rec["date"]), name)])
        _marks(row, "change", h, name, rec, found)
    columns = [Column("date", tr("date"))]
    for name in names:
        single = len(names) == 1
        columns.append(Column(name, tr("total") if single else name, "int"))
        columns.append(Column(f"{name}_change", tr("change") if single else "±", "change"))
    title = ", ".join(f"{label(n)} ({n})" for n in names)
    if selected.empty:
        title += tr(": no reports in this range")
    else:
        title += tr(": {first} to {last}", first=iso(selected[0]), last=iso(selected[-1]))
    notes = _notes(found)
    if not records and names:
        notes.append(_no_values(frame, names))
    if len(names) == 1 and not selected.empty:  # notes show in table mode only
        notes += _spark_note(h.frame, names[0], selected[-1])
    wide = Wide("date", "category", (("total", "{}"), ("change", "{}_change")))
    return View(title, columns, rows, notes, layout=wide)


def _history_records(
    h: series.Honest, names: list[str], selected: pd.Index, revised: Revised, stated: Stated
) -> list[dict[str, Any]]:
    """One record per date and category, glitches included with no change of their own."""
    table = long.changes(h, names, selected, revised, stated)
    columns = {key: [py(v) for v in table[key]] for key in RECORD if key != "glitches"}
    columns["glitches"] = list(table["glitches"])
    cells = [columns[key] for key in RECORD]
    return [dict(zip(RECORD, values, strict=True)) for values in zip(*cells, strict=True)]


def _no_values(frame: pd.DataFrame, names: list[str]) -> str:
    """Why a history is empty: the categories have no figure in these dates (or at all)."""
    empty = [n for n in names if frame[n].dropna().empty]
    if empty:
        why = "; ".join(
            f"{n}: {shown(BY_NAME[n].note)}" for n in empty if n in BY_NAME and BY_NAME[n].note
        )
        return tr("The data has no figures of {names}", names=", ".join(empty)) + (
            f" ({why})." if why else "."
        )
    spans = ", ".join(tr("{category} {first}..{last}", category=n,
                         first=iso(frame[n].dropna().index.min()),
                         last=iso(frame[n].dropna().index.max())) for n in names)  # fmt: skip
    return tr("No figures in these dates; reported: {spans}.", spans=spans)


def _spark_note(frame: pd.DataFrame, category: str, until: pd.Timestamp) -> list[str]:
    """A line with the sparkline of one category's change per day over its last 30 reports."""
    found = spark.spark(frame, category, until)
    if found is None:
        return []
    return [tr("Change per day over the last {reports} to {day}: {line} (min {low}, max {high})",
               reports=count(found.reports, "report"), day=iso(until), line=found.line,
               low=round(found.low), high=round(found.high))]  # fmt: skip
