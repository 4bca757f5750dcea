"""The figures behind the news paragraph of one report: what changed since the report before."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from losstrack.analysis import series
from losstrack.analysis.values import iso, py
from losstrack.errors import UsageError


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
    previous, table = report_pair(h.frame, day, h.glitches)
    chosen, missing = news_rows(table, wanted)
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


def report_pair(
    frame: pd.DataFrame, day: pd.Timestamp, glitches: Container[tuple[pd.Timestamp, str]] = ()
) -> tuple[pd.Timestamp, pd.DataFrame]:
    """The report before `day`, and every category on both: category, previous, total, change.

    `frame` has its `glitches` emptied: a category whose value of `day` is one is left out, and
    one whose previous value is one counts from its last report before (`since`).
    """
    position = int(frame.index.searchsorted(day))  # `day` is a report date
    if position <= 0:
        raise UsageError(f"no report before {day.date().isoformat()} to compare it with")
    previous = pd.Timestamp(frame.index[position - 1])
    both = series.diff(frame, previous, day, glitches).dropna(subset=["from", "to"])
    table = pd.DataFrame({"category": both["category"], "previous": both["from"].astype("int64"),
                          "total": both["to"].astype("int64")}).reset_index(drop=True)  # fmt: skip
    table["change"] = table["total"] - table["previous"]
    # Each category's last report up to `previous` (its own previous report, past any gap).
    names = list(table["category"])
    reported = frame.iloc[:position][names].notna().to_numpy()
    rows = position - 1 - np.argmax(reported[::-1], axis=0)
    since = pd.DatetimeIndex(frame.index[rows]) if len(names) else pd.DatetimeIndex([])
    table["since"] = pd.Series(since.as_unit("ns"), index=table.index)
    return previous, table


def news_rows(table: pd.DataFrame, wanted: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """Personnel first, then `wanted` (or every category that changed); and wanted ones absent."""
    lead = table[table["category"] == "personnel"]
    if lead.empty:
        raise UsageError("a summary needs the personnel figure on both reports")
    others = table[table["category"] != "personnel"]
    if wanted:
        asked = [w for w in wanted if w != "personnel"]
        missing = [w for w in asked if w not in set(others["category"])]
        others = others.set_index("category").loc[[w for w in asked if w not in missing]]
        others = others.reset_index()
    else:
        missing, others = [], others[others["change"] != 0]
    return pd.concat([lead, others], ignore_index=True), missing
