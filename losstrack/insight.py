"""Pure functions for the insight commands: sparkline, top changes, milestones, comparisons."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

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


def spark_note(frame: pd.DataFrame, category: str, until: pd.Timestamp) -> str:
    """A line with the sparkline of one category's change per day over its last 30 reports."""
    from losstrack import analysis

    table = analysis.changes(frame, category)
    recent = table.loc[table.index <= until].tail(SPARK_REPORTS)
    # A change spanning a missing day is spread over its days, so a gap is not a spike.
    per_day = (recent["change"].astype("Float64") / recent["days"]).astype("float64")
    known = per_day.dropna()
    if known.empty:
        return ""
    line = sparkline(per_day.tolist())
    return (
        f"Change per day over the last {len(recent)} reports to {until.date().isoformat()}: {line} "
        f"(min {known.min():,.0f}, max {known.max():,.0f})"
    )
