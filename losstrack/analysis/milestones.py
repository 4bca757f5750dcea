"""The round thresholds a category reached, and the next one projected, as records."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from losstrack.analysis import series
from losstrack.analysis.values import iso, py

PERSONNEL_STEP = 50_000
RATE_DAYS = 30


def milestones(
    h: series.Honest, category: str, today: date
) -> tuple[list[dict[str, Any]], Projection | None]:
    """Each threshold reached (`status` "reached"), then the next at the recent rate.

    The projected one is "projected", or "due; update" when its date is before `today`: the
    data is older than the projection. `day` counts the day of the invasion as day 1.
    """
    rows: list[dict[str, Any]] = []
    previous: pd.Timestamp | None = None
    for item in reached(h.frame, category).itertuples(index=False):
        stamp = pd.Timestamp(iso(item.date))
        rows.append({"threshold": py(item.threshold), "date": iso(stamp),
                     "day": series.day_number(stamp), "total": py(item.total),
                     "days_after_previous": (stamp - previous).days if previous else None,
                     "status": "reached"})  # fmt: skip
        previous = stamp
    ahead = projection(h.frame, category)
    if ahead is not None:
        rows.append(_projected(ahead, previous, today))
    records = [{"category": category, **r, "projected": r["status"] != "reached"} for r in rows]
    return records, ahead


def _projected(ahead: Projection, previous: pd.Timestamp | None, today: date) -> dict[str, Any]:
    """The projected row; a date the projection puts before today is due, not projected."""
    due = ahead.date.date() < today
    return {"threshold": ahead.threshold, "date": None if due else iso(ahead.date),
            "day": None if due else series.day_number(ahead.date), "total": None,
            "days_after_previous": None if due or previous is None else (ahead.date - previous).days,
            "status": "due; update" if due else "projected",
            "rate_per_day": round(ahead.rate_per_day, 1)}  # fmt: skip


def ladder(category: str, upto: int) -> list[int]:
    """Round thresholds, up to and including the first one above `upto`.

    Personnel: 10,000, 50,000, then every 50,000. Other categories: 1, 2 and 5 times a power
    of ten (1, 2, 5, 10, 20, 50, 100, ...).
    """
    if category == "personnel":
        steps = [10_000, PERSONNEL_STEP]
        while steps[-1] <= upto:
            steps.append(steps[-1] + PERSONNEL_STEP)
        return steps
    steps, power = [], 1
    while True:
        for factor in (1, 2, 5):
            steps.append(factor * power)
            if steps[-1] > upto:
                return steps
        power *= 10


def reached(frame: pd.DataFrame, category: str) -> pd.DataFrame:
    """Each threshold first reached after the first report: threshold, date, total that day."""
    totals = frame[category].dropna().astype("int64")
    if totals.empty:
        return pd.DataFrame(columns=["threshold", "date", "total"])
    peak = totals.cummax().to_numpy()
    wanted = [t for t in ladder(category, int(peak[-1])) if int(totals.iloc[0]) < t <= peak[-1]]
    # The running maximum only grows, so a sorted search finds the first report at or above.
    found = np.searchsorted(peak, wanted, side="left")
    return pd.DataFrame(
        {"threshold": wanted, "date": totals.index[found], "total": totals.to_numpy()[found]}
    )


@dataclass(frozen=True)
class Projection:
    """The next threshold and the day it would be reached at the recent rate."""

    threshold: int
    date: pd.Timestamp
    rate_per_day: float
    rate_since: pd.Timestamp
    rate_until: pd.Timestamp
    current: int


def projection(frame: pd.DataFrame, category: str, days: int = RATE_DAYS) -> Projection | None:
    """When the next threshold comes at the rate of the last `days` days; None if not rising."""
    totals = frame[category].dropna().astype("int64")
    if totals.empty:
        return None
    last_day, current = totals.index[-1], int(totals.iloc[-1])
    earlier = totals.loc[totals.index <= last_day - pd.Timedelta(days=days)]
    if earlier.empty:
        return None
    span = (last_day - earlier.index[-1]).days
    rate = (current - int(earlier.iloc[-1])) / span
    if round(rate, 1) <= 0:  # a rate shown as 0.0 a day projects nothing
        return None
    target = ladder(category, int(totals.max()))[-1]
    needed = math.ceil((target - current) / rate)
    return Projection(
        target, last_day + pd.Timedelta(days=needed), rate, earlier.index[-1], last_day, current
    )
