"""Corrections: values an update revised (from the log) and every fall of a reported total."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from losstrack.analysis import checks, series
from losstrack.analysis.values import iso, py

REVISION = "revision"
DECREASE = "decrease"


def in_range(day: date, since: date | None, until: date | None) -> bool:
    """Whether a report date is within `since`..`until` (either may be open)."""
    return (since is None or day >= since) and (until is None or day <= until)


def within(table: pd.DataFrame, since: date | None, until: date | None) -> pd.DataFrame:
    """Findings dated within `since`..`until` (the checks themselves see the whole series)."""
    keep = pd.Series(True, index=table.index)
    if since is not None:
        keep &= table["date"] >= pd.Timestamp(since)
    if until is not None:
        keep &= table["date"] <= pd.Timestamp(until)
    return table[keep]


def corrections(
    frame: pd.DataFrame,
    names: list[str],
    logged: list[dict[str, Any]],
    span: tuple[date | None, date | None],
) -> list[dict[str, Any]]:
    """Revisions logged and falls in the series of `names` within `span`, newest first.

    A fall into a one-day glitch of the source has `glitch` set: it is no correction.
    """
    records = [
        {"date": e["date"].isoformat(), "category": e["category"], "kind": REVISION,
         "old": e["old"], "new": e["new"], "change": e["new"] - e["old"],
         "previous_date": None, "source": e["source"], "recorded": e["recorded"]}
        for e in logged
        if e["category"] in names and in_range(e["date"], *span)
    ]  # fmt: skip
    falls = checks.decreases(frame, names)
    records += [
        {"date": iso(r["date"]), "category": r["category"], "kind": DECREASE,
         "old": py(r["old"]), "new": py(r["new"]), "change": py(r["change"]),
         "previous_date": iso(r["previous"]), "source": str(frame.at[r["date"], "source"]),
         "recorded": None}
        for r in falls.to_dict("records")
        if in_range(r["date"].date(), *span)
    ]  # fmt: skip
    odd = {(iso(g.day), g.category): g for g in series.find_glitches(frame)}
    for record in records:  # a fall into a one-day glitch of the source is no correction
        glitch = odd.get((record["date"], record["category"]))
        record["glitch"] = glitch is not None and record["kind"] == DECREASE
    records.sort(key=lambda r: (r["date"], r["recorded"] or ""), reverse=True)
    return records
