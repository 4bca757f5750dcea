"""Views of the insight commands: top, milestones, compare, and the figures behind summary."""

from __future__ import annotations

from typing import Any

import pandas as pd

from losstrack.analysis import periods, series
from losstrack.i18n import Count, decimal, tr
from losstrack.registry import label
from losstrack.views.notes import glitch_note, iso, mark_change
from losstrack.views.show import py
from losstrack.views.view import CORRECTED, GLITCH, MARK, RATE, Column, Row, View


def _named(category: str) -> str:
    return f"{label(category)} ({category})"


def _period(by: str) -> str:
    """A period's name (a header, and `per {period}` in titles)."""
    names = {"day": tr("day"), "week": tr("week"), "month": tr("month"), "year": tr("year")}
    return names[by]


def _status(status: str) -> str:
    """A milestone's status as the table shows it (csv and json keep the English one)."""
    names = {"reached": tr("reached"), "projected": tr("projected"),
             "due; update": tr("due; update")}  # fmt: skip
    return names.get(status, status)


def _dates(value: Any) -> str | None:
    return None if pd.isna(value) else iso(value)


def top_days(frame: pd.DataFrame, category: str, n: int) -> View:
    """`top --by day`: the largest report-to-report changes; spans and glitches marked."""
    h = series.honest(frame, [category])
    table = periods.top_days(h.frame, category, n)
    rows, gaps, glitches = [], [], []
    for rank, item in enumerate(table.itertuples(index=False), start=1):
        record = {"rank": rank, "category": category, "date": iso(item.date),
                  "previous_date": _dates(item.previous), "days": py(item.days),
                  "change": py(item.change), "total": py(item.total)}  # fmt: skip
        row = Row(record)
        gap, skipped = mark_change(row, "change", h, category, record["previous_date"],
                                   record["date"])  # fmt: skip
        record["glitches"] = [iso(g.day) for g in skipped]
        record["corrected"] = record["change"] < 0
        if record["corrected"]:
            row.mark("change", CORRECTED)
        gaps.append(gap)
        glitches += skipped
        rows.append(row)
    records = [row.values for row in rows]
    columns = [Column("rank", "#", "int"), Column("date", tr("date")),
               Column("change", tr("change"), "change"), Column("days", tr("days"), "int"),
               Column("total", tr("total"), "int")]  # fmt: skip
    notes = [tr("{mark} {day}: change over {days}, since the report of {since} (no report "
                "in between)", mark=MARK, day=r["date"], days=Count(r["days"], "day"),
                since=r["previous_date"])
             for r, gap in zip(records, gaps, strict=True) if gap]  # fmt: skip
    notes += glitch_note(glitches)
    notes += [_fall_note()] if any(r["corrected"] for r in records) else []
    title = tr("Largest changes between reports: {category}", category=_named(category))
    return View(title, columns, rows, notes)


def _fall_note() -> str:
    return tr("{mark} includes a fall: the General Staff lowered the total to correct earlier "
              "figures (see `losstrack corrections`)", mark=CORRECTED)  # fmt: skip


def _period_record(
    item: Any, category: str, h: series.Honest, falls: list[pd.Timestamp]
) -> dict[str, Any]:
    record = {"category": category, "period": item.period, "start": iso(item.start),
              "end": iso(item.end), "since": _dates(item.since), "last": iso(item.last),
              "days": py(item.days), "change": py(item.change), "total": py(item.total),
              "partial": bool(item.partial), "spans": bool(item.spans)}  # fmt: skip
    record["starts_late"] = bool(item.starts_late)
    record["covered_from"] = _dates(item.covered_from)
    # A glitch changes a period's figure only where it would have been an endpoint: the last
    # report of the period, or the last one before it. One in between cancels out.
    start, last, end = (pd.Timestamp(record[k]) for k in ("start", "last", "end"))
    since = pd.Timestamp(record["since"]) if record["since"] else start
    record["glitches"] = [iso(day) for day, name in h.glitches if name == category
                          and (since < day < start or last < day <= end)]  # fmt: skip
    low = pd.Timestamp(record["since"]) if record["since"] else None
    record["corrections"] = [iso(d) for d in falls if low is not None and low < d <= last]
    return record


def _fall_dates(h: series.Honest, category: str) -> list[pd.Timestamp]:
    """The dates on which the category's (glitch-free) total fell, oldest first."""
    from losstrack.analysis import checks

    return sorted(pd.Timestamp(d) for d in checks.decreases(h.frame, [category])["date"])


def _period_marks(row: Row, notes: list[str], h: series.Honest) -> None:
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


def top_periods(frame: pd.DataFrame, category: str, by: str, n: int) -> View:
    """`top --by week|month`: the calendar periods with the largest change."""
    h = series.honest(frame, [category])
    table = periods.top_periods(h.frame, category, by, n)
    falls = _fall_dates(h, category)
    rows: list[Row] = []
    notes: list[str] = []
    for rank, item in enumerate(table.itertuples(index=False), start=1):
        record = {"rank": rank, **_period_record(item, category, h, falls)}
        record["per_day"] = round(record["change"] / record["days"], 1)
        row = Row(record)
        _period_marks(row, notes, h)
        rows.append(row)
    columns = [Column("rank", "#", "int"), Column("period", _period(by)), Column("since", tr("from")),
               Column("last", tr("to")), Column("change", tr("change"), "change"),
               Column("per_day", tr("per day"), "float")]  # fmt: skip
    notes = [*dict.fromkeys(notes), _period_rule(by)]
    title = tr("Largest changes per {period}: {category}", period=_period(by),
               category=_named(category))  # fmt: skip
    return View(title, columns, rows, notes)


def _period_rule(by: str) -> str:
    kinds = {"week": tr("ISO weeks, Monday to Sunday"), "month": tr("calendar months"),
             "year": tr("calendar years")}  # fmt: skip
    return tr("Change = last report in the {period} minus the last report before it ({kind}); "
              "the first period counts from 0 at the invasion (2022-02-24).", period=_period(by),
              kind=kinds[by])  # fmt: skip


def compare(frame: pd.DataFrame, names: list[str], by: str, count: int) -> View:
    """`compare`: per category, the change in each of the last periods and against the one before."""
    h = series.honest(frame, names)
    rows: list[Row] = []
    notes: list[str] = []
    for category in names:
        table = periods.compare(h.frame, category, by, count)
        falls = _fall_dates(h, category)
        for position, item in enumerate(table.itertuples(index=False)):
            record = _period_record(item, category, h, falls)
            record.update(_versus(item))
            row = Row(record, shown={"category": category if position == 0 else ""})
            _period_marks(row, notes, h)
            if record["basis"] == "per_day" and record["vs_previous"] is not None:
                row.mark("vs_previous", RATE)
                row.mark("vs_previous_pct", RATE)
                notes.append(_rate_note(record))
            rows.append(row)
    columns = [Column("category", tr("category")), Column("period", _period(by)),
               Column("since", tr("from")), Column("last", tr("to")),
               Column("change", tr("change"), "change"),
               Column("vs_previous", tr("vs previous"), "change"),
               Column("vs_previous_pct", "%", "float"),
               Column("per_day", tr("per day"), "float")]  # fmt: skip
    notes = [*dict.fromkeys(notes), _period_rule(by)]
    shown = (
        ", ".join(_named(n) for n in names)
        if len(names) <= 3
        else str(Count(len(names), "category", "categories"))
    )
    title = tr("Change per {period}: {categories}", period=_period(by), categories=shown)
    return View(title, columns, rows, notes)


def _versus(item: Any) -> dict[str, Any]:
    """How a period compares with the one before: totals, or daily rates where one is partial."""
    basis = str(item.basis)
    vs = py(item.vs_previous)
    if vs is not None and basis == "total":
        vs = int(vs)
    return {"per_day": py(item.per_day), "previous_change": py(item.previous_change),
            "previous_per_day": py(item.previous_per_day), "basis": basis,
            "vs_previous": vs, "vs_previous_pct": py(item.vs_previous_pct)}  # fmt: skip


def _rate_note(record: dict[str, Any]) -> str:
    return tr("{mark} {category} {period}: it or the period before is partial, so vs previous "
              "and % compare the change per day ({rate} against {before})", mark=RATE,
              category=record["category"], period=record["period"],
              rate=decimal(record["per_day"]),
              before=decimal(record["previous_per_day"]))  # fmt: skip
