"""Views of the insight commands: top, milestones, compare, and the figures behind summary."""

from __future__ import annotations

from typing import Any

import pandas as pd

from losstrack.analysis import rankings, series
from losstrack.i18n import Count, decimal, tr
from losstrack.registry import label
from losstrack.views.notes import glitch_note, mark_change
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
    title = tr("Largest changes between reports: {category}", category=_named(category))
    return View(title, columns, rows, notes)


def _fall_note() -> str:
    return tr("{mark} includes a fall: the General Staff lowered the total to correct earlier "
              "figures (see `losstrack corrections`)", mark=CORRECTED)  # fmt: skip


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
    rows: list[Row] = []
    notes: list[str] = []
    for record in rankings.top_periods(h, category, by, n):
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
        for position, record in enumerate(rankings.compare(h, category, by, count)):
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


def _rate_note(record: dict[str, Any]) -> str:
    return tr("{mark} {category} {period}: it or the period before is partial, so vs previous "
              "and % compare the change per day ({rate} against {before})", mark=RATE,
              category=record["category"], period=record["period"],
              rate=decimal(record["per_day"]),
              before=decimal(record["previous_per_day"]))  # fmt: skip
