"""The round thresholds a category reached, and the next one projected, as records."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from losstrack.analysis import periods, series
from losstrack.analysis.values import iso, py


def milestones(
    h: series.Honest, category: str, today: date
) -> tuple[list[dict[str, Any]], periods.Projection | None]:
    """Each threshold reached (`status` "reached"), then the next at the recent rate.

    The projected one is "projected", or "due; update" when its date is before `today`: the
    data is older than the projection. `day` counts the day of the invasion as day 1.
    """
    rows: list[dict[str, Any]] = []
    previous: pd.Timestamp | None = None
    for item in periods.milestones(h.frame, category).itertuples(index=False):
        stamp = pd.Timestamp(iso(item.date))
        rows.append({"threshold": py(item.threshold), "date": iso(stamp),
                     "day": series.day_number(stamp), "total": py(item.total),
                     "days_after_previous": (stamp - previous).days if previous else None,
                     "status": "reached"})  # fmt: skip
        previous = stamp
    ahead = periods.projection(h.frame, category)
    if ahead is not None:
        rows.append(_projected(ahead, previous, today))
    records = [{"category": category, **r, "projected": r["status"] != "reached"} for r in rows]
    return records, ahead


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
