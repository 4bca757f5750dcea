"""Views of `milestones` and `summary`: thresholds reached and due, and the news paragraph."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from losstrack import settings
from losstrack.analysis import periods, series
from losstrack.i18n import decimal, number, tr
from losstrack.registry import label
from losstrack.views.insight import _named, _status
from losstrack.views.notes import iso
from losstrack.views.show import py
from losstrack.views.view import Column, Row, View, rows


def milestones(frame: pd.DataFrame, category: str, today: date | None = None) -> View:
    """`milestones`: the date each threshold was first reached, then the projected next one."""
    h = series.honest(frame, [category])
    table = periods.milestones(h.frame, category)
    rows: list[dict[str, Any]] = []
    previous: pd.Timestamp | None = None
    for item in table.itertuples(index=False):
        stamp = pd.Timestamp(iso(item.date))
        rows.append({"threshold": py(item.threshold), "date": iso(stamp),
                     "day": series.day_number(stamp), "total": py(item.total),
                     "days_after_previous": (stamp - previous).days if previous else None,
                     "status": "reached"})  # fmt: skip
        previous = stamp
    notes = _skipped_note(h.frame, category)
    ahead = periods.projection(h.frame, category)
    if ahead is None:
        notes.append(tr("No projection: no rise over the last {days} days.",
                        days=periods.RATE_DAYS))  # fmt: skip
    else:
        rows.append(_projected(ahead, previous, today or settings.today()))
        notes.append(_projection_note(ahead, rows[-1]["status"]))
    shown = [Row({"category": category, **r, "projected": r["status"] != "reached"},
                 shown={"status": _status(r["status"])}) for r in rows]  # fmt: skip
    columns = [Column("threshold", tr("threshold"), "int"), Column("date", tr("date")),
               Column("day", tr("day"), "int"), Column("days_after_previous", tr("after"), "int"),
               Column("total", tr("total"), "int"), Column("status", "")]  # fmt: skip
    title = tr("Milestones: {category}", category=_named(category))
    return View(title, columns, shown, notes)


def _projected(
    ahead: periods.Projection, previous: pd.Timestamp | None, today: date
) -> dict[str, Any]:
    """The projected row; a date the projection puts before today is due, not projected."""
    due = ahead.date.date() < today
    return {"threshold": ahead.threshold, "date": None if due else iso(ahead.date),
            "day": None if due else series.day_number(ahead.date), "total": None,
            "days_after_previous": None if due or previous is None else (ahead.date - previous).days,
            "status": "due; update" if due else "projected",
            "rate_per_day": round(ahead.rate_per_day, 1)}  # fmt: skip


def _projection_note(ahead: periods.Projection, status: str) -> str:
    rate = tr("at {rate} a day, the rate from {since} to {until} ({current} on {until})",
              rate=decimal(ahead.rate_per_day), since=iso(ahead.rate_since),
              until=iso(ahead.rate_until), current=ahead.current)  # fmt: skip
    if status == "projected":
        return tr("Projected: {rate}.", rate=rate)
    return tr("Due: {rate}, {threshold} would have been reached by {day}, before today; run "
              "`losstrack update`.", rate=rate, threshold=ahead.threshold,
              day=iso(ahead.date))  # fmt: skip


def _skipped_note(frame: pd.DataFrame, category: str) -> list[str]:
    """Thresholds the first report had already passed, and the day of the invasion."""
    totals = frame[category].dropna()
    notes = [tr("Day = day of the invasion (2022-02-24 is day 1); after = days since the "
                "previous threshold.")]  # fmt: skip
    if len(totals):
        first = int(totals.iloc[0])
        below = [t for t in periods.ladder(category, first) if t <= first]
        if below:
            notes.append(tr("Already passed on the first report ({day}: {first}): {passed}.",
                            day=iso(totals.index[0]), first=first,
                            passed=", ".join(number(t) for t in below)))  # fmt: skip
    return notes


@dataclass(frozen=True)
class News:
    """What `summary` prints: the paragraph, the figures behind it, and what it left out."""

    text: str
    view: View
    left_out: list[str]


def summary(frame: pd.DataFrame, day: pd.Timestamp, wanted: list[str]) -> News:
    """`summary`: the paragraph of one report against the one before, glitches left out."""
    from losstrack import i18n
    from losstrack.render import prose

    h = series.honest(frame)
    previous, table = periods.report_pair(h.frame, day, h.glitches)
    rows, missing = periods.news_rows(table, wanted)
    left = [tr("no {category} figure on both {previous} and {day}; left out", category=m,
               previous=iso(previous), day=iso(day)) for m in missing]  # fmt: skip
    left += [tr("{category} {value} of {day} is a one-day glitch of the source; left out",
                category=g.category, value=g.value, day=iso(day))
             for (d, _), g in h.glitches.items() if d == day]  # fmt: skip
    figures = [
        prose.Figure(str(r["category"]), int(r["previous"]), int(r["total"]),
                     None if r["since"] == previous else r["since"].date())
        for r in rows.to_dict("records")
    ]  # fmt: skip
    text = prose.paragraph(day.date(), previous.date(), figures[0], figures[1:], i18n.language())
    view = summary_figures(day, previous, rows, h)
    view.extra = {"date": iso(day), "previous_date": iso(previous), "text": text}
    return News(text, view, left)


def summary_figures(
    day: pd.Timestamp, previous: pd.Timestamp, table: pd.DataFrame, h: series.Honest
) -> View:
    """`summary --format csv|json`: the figures behind the paragraph, one record per category."""
    records = []
    for item in table.to_dict("records"):
        name, since = str(item["category"]), pd.Timestamp(item["since"])
        records.append({"date": iso(day), "previous_date": iso(since),
                        "days": (day - since).days, "category": name, "label": label(name),
                        "previous": py(item["previous"]), "total": py(item["total"]),
                        "change": py(item["change"]), "corrected": py(item["change"]) < 0,
                        "glitches": [iso(g.day) for g in h.skipped(name, since, day)]})  # fmt: skip
    columns = [Column(k, k) for k in ("date", "previous_date", "category", "label")]
    columns += [Column("previous", "previous", "int"), Column("total", "total", "int"),
                Column("change", "change", "change")]  # fmt: skip
    return View(tr("Summary of {day}", day=iso(day)), columns, rows(records))
