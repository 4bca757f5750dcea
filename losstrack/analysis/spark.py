"""The sparkline of one category's recent change per day, under `show` of one category."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from losstrack.analysis import series

BARS = "▁▂▃▄▅▆▇█"
SPARK_REPORTS = 30


def sparkline(values: Sequence[float | None]) -> str:
    """One bar per value, scaled from the smallest to the largest; a gap for a missing value."""
    known = [v for v in values if v is not None and not math.isnan(v)]
    if not known:
        return " " * len(values)
    low, high = min(known), max(known)
    span = high - low
    bars = []
    for value in values:
        if value is None or math.isnan(value):
            bars.append(" ")
        else:
            step = 0 if span == 0 else round((value - low) / span * (len(BARS) - 1))
            bars.append(BARS[step])
    return "".join(bars)


@dataclass(frozen=True)
class Spark:
    """The change per day over a category's last reports up to a day, as bars."""

    reports: int
    line: str
    low: float
    high: float


def spark(frame: pd.DataFrame, category: str, until: pd.Timestamp) -> Spark | None:
    """The last 30 reports of `category` up to `until`; None when none has a change."""
    table = series.changes(frame, category)
    recent = table.loc[table.index <= until].tail(SPARK_REPORTS)
    # A change spanning a missing day is spread over its days, so a gap is not a spike.
    per_day = (recent["change"].astype("Float64") / recent["days"]).astype("float64")
    known = per_day.dropna()
    if known.empty:
        return None
    return Spark(len(recent), sparkline(per_day.tolist()), known.min(), known.max())
