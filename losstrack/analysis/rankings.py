"""The largest changes and the periods side by side, as records with the facts of their marks.

Behind `top` and `compare` (and their Python calls): each record carries what its marks say:
`glitches` left out, `corrected` or `corrections` (falls), a `partial` period, one that `spans`
a period without reports, a category that `starts_late`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from losstrack.analysis import periods, series
from losstrack.analysis.values import (
    day_or_none,
    float_or_none,
    iso,
    iso_or_none,
    py,
    whole_or_none,
)


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
    found = periods.top_periods(h.frame, category, by, n)
    records = []
    for position, record in enumerate(_period_records(found, category, h)):
        record = {"rank": position + 1, **record}
        record["per_day"] = round(record["change"] / record["days"], 1)
        records.append(record)
    return records


def compare(h: series.Honest, category: str, by: str, count: int) -> list[dict[str, Any]]:
    """The last `count` periods of one category, each against the period before."""
    found = periods.compare(h.frame, category, by, count)
    versus = zip(found.per_day, found.previous_change, found.previous_per_day, found.by_rate,
                 found.vs_previous, found.vs_previous_pct, strict=True)  # fmt: skip
    records = []
    for record, (rate, before, rate_before, by_rate, vs, pct) in zip(
        _period_records(found.periods, category, h), versus, strict=True
    ):
        vs_previous = float_or_none(vs) if by_rate or vs != vs else int(vs)
        records.append({**record, "per_day": float_or_none(rate), "previous_change": whole_or_none(before),
                        "previous_per_day": float_or_none(rate_before),
                        "basis": "per_day" if by_rate else "total", "vs_previous": vs_previous,
                        "vs_previous_pct": float_or_none(pct)})  # fmt: skip
    return records


def _period_records(
    found: periods.Periods, category: str, h: series.Honest
) -> list[dict[str, Any]]:
    """Each period as a record, with the glitches and falls that change its figure."""
    # A glitch changes a period's figure only where it would have been an endpoint: the last
    # report of the period, or the last one before it. One in between cancels out. Dates are
    # compared as ISO text, which sorts as the dates do.
    glitches = sorted(iso(day) for day, name in h.glitches if name == category)
    falls = _fall_dates(h, category)
    covered = day_or_none(found.covered)
    columns = zip(found.labels(), found.start, found.end, found.last, found.since, found.days,
                  found.change, found.total, found.partial, found.spans, found.starts_late,
                  strict=True)  # fmt: skip
    records = []
    for period, start, end, last, since, days, change, total, partial, spans, late in columns:
        record = {"category": category, "period": period, "start": day_or_none(start), "end": day_or_none(end),
                  "since": day_or_none(since), "last": day_or_none(last), "days": whole_or_none(days),
                  "change": whole_or_none(change), "total": int(total), "partial": bool(partial),
                  "spans": bool(spans), "starts_late": bool(late), "covered_from": covered}  # fmt: skip
        low = record["since"] or record["start"]
        record["glitches"] = [g for g in glitches if low < g < record["start"]
                              or record["last"] < g <= record["end"]]  # fmt: skip
        record["corrections"] = [d for d in falls if record["since"] and record["since"] < d
                                 and d <= record["last"]]  # fmt: skip
        records.append(record)
    return records


def _fall_dates(h: series.Honest, category: str) -> list[str]:
    """The dates on which the category's (glitch-free) total fell, oldest first.

    The falls of `checks.decreases` for one category: a total below its previous reported one.
    """
    column = h.frame[category].dropna()
    values = column.to_numpy(dtype="float64")
    return [iso(d) for d in pd.DatetimeIndex(column.index)[1:][values[1:] < values[:-1]]]
