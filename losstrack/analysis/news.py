"""The figures behind the news paragraph of one report: what changed since the report before."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from losstrack.analysis import periods, series
from losstrack.analysis.values import iso, py


@dataclass(frozen=True)
class News:
    """One report against the one before: its figures (personnel first) and what is left out."""

    day: pd.Timestamp
    previous: pd.Timestamp
    records: list[dict[str, Any]]  # date, previous_date, days, category, previous, total, ...
    missing: list[str]  # wanted categories without a figure on both reports
    glitched: list[series.Glitch]  # one-day glitches of the source on `day`, left out


def news(h: series.Honest, day: pd.Timestamp, wanted: list[str]) -> News:
    """The figures of `day` against the report before it; glitches left out as missing reports.

    A category's change counts from its own last value before `day` (`previous_date`, `days`);
    `corrected`: the total fell; `glitches`: those the change leaves out. Raises UsageError
    when personnel is not on both reports.
    """
    previous, table = periods.report_pair(h.frame, day, h.glitches)
    chosen, missing = periods.news_rows(table, wanted)
    records = []
    for item in chosen.to_dict("records"):
        name, since = str(item["category"]), pd.Timestamp(item["since"])
        records.append({"date": iso(day), "previous_date": iso(since),
                        "days": (day - since).days, "category": name,
                        "previous": py(item["previous"]), "total": py(item["total"]),
                        "change": py(item["change"]), "corrected": py(item["change"]) < 0,
                        "glitches": [iso(g.day) for g in h.skipped(name, since, day)]})  # fmt: skip
    glitched = [g for (d, _), g in h.glitches.items() if d == day]
    return News(day, previous, records, missing, glitched)
