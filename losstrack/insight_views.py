"""Views of the insight commands: top, milestones, compare, and the figures behind summary."""

from __future__ import annotations

from typing import Any

import pandas as pd

from losstrack import analysis, insight
from losstrack.categories import label
from losstrack.output import MARK, Column, View, add_mark
from losstrack.views import iso, py


def _named(category: str) -> str:
    return f"{label(category)} ({category})"


def _dates(value: Any) -> str | None:
    return None if pd.isna(value) else _day(value)


def _day(value: Any) -> str:
    return iso(pd.Timestamp(value))


def top_days(frame: pd.DataFrame, category: str, n: int) -> View:
    """`top --by day`: the largest report-to-report changes; spans over missing days marked."""
    table = insight.top_days(frame, category, n)
    rows: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []
    notes: list[str] = []
    for rank, item in enumerate(table.itertuples(index=False), start=1):
        record = {"rank": rank, "category": category, "date": _day(item.date),
                  "previous_date": _dates(item.previous), "days": py(item.days),
                  "change": py(item.change), "total": py(item.total)}  # fmt: skip
        row = {**record}
        if record["days"] > 1:
            add_mark(row, "change", MARK)
            notes.append(f"{MARK} {record['date']}: change over {record['days']} days, since "
                         f"the report of {record['previous_date']} (no report in between)")  # fmt: skip
        rows.append(row)
        records.append(record)
    columns = [Column("rank", "#", "int"), Column("date", "date"),
               Column("change", "change", "change"), Column("days", "days", "int"),
               Column("total", "total", "int")]  # fmt: skip
    title = f"Largest changes between reports: {_named(category)}"
    return View(title, columns, rows, records, notes)


def _period_record(item: Any, category: str) -> dict[str, Any]:
    return {"category": category, "period": item.period, "start": _day(item.start),
            "end": _day(item.end), "since": _dates(item.since), "last": _day(item.last),
            "days": py(item.days), "change": py(item.change), "total": py(item.total),
            "partial": bool(item.partial), "spans": bool(item.spans)}  # fmt: skip


def _period_marks(row: dict[str, Any], record: dict[str, Any], notes: list[str]) -> None:
    """Marks a partial period, and a change that reaches back over a period without reports."""
    if record["partial"]:
        add_mark(row, "period", MARK)
        notes.append(f"{MARK} {record['period']} is partial: it runs to {record['end']}, "
                     f"the latest report is {record['last']}")  # fmt: skip
    if record["spans"]:
        add_mark(row, "since", MARK)
        notes.append(f"{MARK} {record['period']}: no report in the period before; the change "
                     f"runs from the report of {record['since']}")  # fmt: skip


def top_periods(frame: pd.DataFrame, category: str, by: str, n: int) -> View:
    """`top --by week|month`: the calendar periods with the largest change."""
    table = insight.top_periods(frame, category, by, n)
    rows: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []
    notes: list[str] = []
    for rank, item in enumerate(table.itertuples(index=False), start=1):
        record = {"rank": rank, **_period_record(item, category)}
        record["per_day"] = round(record["change"] / record["days"], 1)
        row = {**record}
        _period_marks(row, record, notes)
        rows.append(row)
        records.append(record)
    columns = [Column("rank", "#", "int"), Column("period", by), Column("since", "from"),
               Column("last", "to"), Column("change", "change", "change"),
               Column("per_day", "per day", "float")]  # fmt: skip
    notes.append(_period_rule(by))
    return View(f"Largest changes per {by}: {_named(category)}", columns, rows, records, notes)


def _period_rule(by: str) -> str:
    kind = "ISO weeks, Monday to Sunday" if by == "week" else f"calendar {by}s"
    return (f"Change = last report in the {by} minus the last report before it ({kind}); "
            "the first period counts from 0 at the invasion (2022-02-24).")  # fmt: skip


def compare(frame: pd.DataFrame, names: list[str], by: str, count: int) -> View:
    """`compare`: per category, the change in each of the last periods and against the one before."""
    rows: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []
    notes: list[str] = []
    for category in names:
        table = insight.compare(frame, category, by, count)
        for position, item in enumerate(table.itertuples(index=False)):
            record = _period_record(item, category)
            record.update(per_day=py(item.per_day), previous_change=py(item.previous_change),
                          vs_previous=py(item.vs_previous),
                          vs_previous_pct=py(item.vs_previous_pct))  # fmt: skip
            row = {**record, "category": category if position == 0 else ""}
            _period_marks(row, record, notes)
            rows.append(row)
            records.append(record)
    columns = [Column("category", "category"), Column("period", by), Column("since", "from"),
               Column("last", "to"), Column("change", "change", "change"),
               Column("vs_previous", "vs previous", "change"), Column("vs_previous_pct", "%",
               "float"), Column("per_day", "per day", "float")]  # fmt: skip
    notes = [*dict.fromkeys(notes), _period_rule(by)]
    shown = ", ".join(_named(n) for n in names) if len(names) <= 3 else f"{len(names)} categories"
    title = f"Change per {by}: {shown}"
    return View(title, columns, rows, records, notes)


def milestones(frame: pd.DataFrame, category: str) -> View:
    """`milestones`: the date each threshold was first reached, then the projected next one."""
    table = insight.milestones(frame, category)
    rows: list[dict[str, Any]] = []
    previous: pd.Timestamp | None = None
    for item in table.itertuples(index=False):
        stamp = pd.Timestamp(_day(item.date))
        rows.append({"threshold": py(item.threshold), "date": iso(stamp),
                     "day": analysis.day_number(stamp), "total": py(item.total),
                     "days_after_previous": (stamp - previous).days if previous else None,
                     "projected": False})  # fmt: skip
        previous = stamp
    notes = _skipped_note(frame, category)
    ahead = insight.projection(frame, category)
    if ahead is None:
        notes.append(f"No projection: no rise over the last {insight.RATE_DAYS} days.")
    else:
        rows.append({"threshold": ahead.threshold, "date": iso(ahead.date),
                     "day": analysis.day_number(ahead.date), "total": None,
                     "days_after_previous": (ahead.date - previous).days if previous else None,
                     "projected": True, "rate_per_day": round(ahead.rate_per_day, 1)})  # fmt: skip
        notes.append(f"Projected: at {ahead.rate_per_day:,.1f} a day, the rate from "
                     f"{iso(ahead.rate_since)} to {iso(ahead.rate_until)} "
                     f"({ahead.current:,} on {iso(ahead.rate_until)}).")  # fmt: skip
    table_rows = [{**r, "status": "projected" if r["projected"] else "reached"} for r in rows]
    columns = [Column("threshold", "threshold", "int"), Column("date", "date"),
               Column("day", "day", "int"), Column("days_after_previous", "after", "int"),
               Column("total", "total", "int"), Column("status", "")]  # fmt: skip
    records = [{"category": category, **r} for r in rows]
    return View(f"Milestones: {_named(category)}", columns, table_rows, records, notes)


def _skipped_note(frame: pd.DataFrame, category: str) -> list[str]:
    """Thresholds the first report had already passed, and the day of the invasion."""
    totals = frame[category].dropna()
    notes = ["Day = day of the invasion (2022-02-24 is day 1); after = days since the "
             "previous threshold."]  # fmt: skip
    if len(totals):
        first = int(totals.iloc[0])
        below = [t for t in insight.ladder(category, first) if t <= first]
        if below:
            notes.append(f"Already passed on the first report ({iso(totals.index[0])}: "
                         f"{first:,}): {', '.join(f'{t:,}' for t in below)}.")  # fmt: skip
    return notes


def summary_figures(
    day: pd.Timestamp, previous: pd.Timestamp, table: pd.DataFrame, lang: str
) -> View:
    """`summary --format csv|json`: the figures behind the paragraph, one record per category."""
    records = [{"date": iso(day), "previous_date": iso(previous),
                "days": (day - previous).days, "category": str(item.category),
                "label": label(str(item.category), lang), "previous": py(item.previous),
                "total": py(item.total), "change": py(item.change)}
               for item in table.itertuples(index=False)]  # fmt: skip
    columns = [Column(k, k) for k in ("date", "previous_date", "category", "label")]
    columns += [Column("previous", "previous", "int"), Column("total", "total", "int"),
                Column("change", "change", "change")]  # fmt: skip
    return View(f"Summary of {iso(day)}", columns, records, records)
