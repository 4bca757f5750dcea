"""The largest changes and the periods side by side, as records with the facts of their marks.

Behind `top` and `compare` (and their Python calls): each record carries what its marks say:
`glitches` left out, `corrected` or `corrections` (falls), a `partial` period, one that `spans`
a period without reports, a category that `starts_late`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from losstrack.analysis import periods, series
from losstrack.analysis.values import iso, iso_or_none, py


def top_days(h: series.Honest, category: str, n: int) -> list[dict[str, Any]]:
    """The `n` largest changes between consecutive reports, largest first, ranked from 1."""
    records = []
    table = periods.top_days(h.frame, category, n)
    for rank, item in enumerate(table.itertuples(index=False), start=1):
        previous, day = iso_or_none(item.previous), iso(item.date)
        records.append({"rank": rank, "category": category, "date": day,
                        "previous_date": previous, "days": py(item.days),
                        "change": py(item.change), "total": py(item.total),
                        "glitches": [iso(g.day) for g in h.skipped(category, previous, day)],
                        "corrected": py(item.change) < 0})  # fmt: skip
    return records


def top_periods(h: series.Honest, category: str, by: str, n: int) -> list[dict[str, Any]]:
    """The `n` calendar periods with the largest change, ranked from 1, with the daily rate."""
    falls = _fall_dates(h, category)
    records = []
    table = periods.top_periods(h.frame, category, by, n)
    for rank, item in enumerate(table.itertuples(index=False), start=1):
        record = {"rank": rank, **_period_record(item, category, h, falls)}
        record["per_day"] = round(record["change"] / record["days"], 1)
        records.append(record)
    return records


def compare(h: series.Honest, category: str, by: str, count: int) -> list[dict[str, Any]]:
    """The last `count` periods of one category, each against the period before."""
    falls = _fall_dates(h, category)
    table = periods.compare(h.frame, category, by, count)
    return [{**_period_record(item, category, h, falls), **_versus(item)}
            for item in table.itertuples(index=False)]  # fmt: skip


def _period_record(
    item: Any, category: str, h: series.Honest, falls: list[pd.Timestamp]
) -> dict[str, Any]:
    record = {"category": category, "period": item.period, "start": iso(item.start),
              "end": iso(item.end), "since": iso_or_none(item.since), "last": iso(item.last),
              "days": py(item.days), "change": py(item.change), "total": py(item.total),
              "partial": bool(item.partial), "spans": bool(item.spans)}  # fmt: skip
    record["starts_late"] = bool(item.starts_late)
    record["covered_from"] = iso_or_none(item.covered_from)
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
    """The dates on which the category's (glitch-free) total fell, oldest first.

    The falls of `checks.decreases` for one category: a total below its previous reported one.
    """
    column = h.frame[category].dropna()
    values = column.to_numpy(dtype="float64")
    return list(pd.DatetimeIndex(column.index)[1:][values[1:] < values[:-1]])


def _versus(item: Any) -> dict[str, Any]:
    """How a period compares with the one before: totals, or daily rates where one is partial."""
    basis = str(item.basis)
    vs = py(item.vs_previous)
    if vs is not None and basis == "total":
        vs = int(vs)
    return {"per_day": py(item.per_day), "previous_change": py(item.previous_change),
            "previous_per_day": py(item.previous_per_day), "basis": basis,
            "vs_previous": vs, "vs_previous_pct": py(item.vs_previous_pct)}  # fmt: skip
