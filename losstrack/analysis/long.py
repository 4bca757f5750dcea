"""The long table of changes: one row per report and category, with the facts behind the marks.

The one computation behind `show CATEGORY...`, `losstrack.changes(long=True)` and `export`.
A change counts from the category's own previous value, one-day glitches of the source left
out as if the report were missing (unless the frame is read as published); the glitch itself
is a row of its own with no change. Plain numpy per category, so the whole history is cheap.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import numpy as np
import pandas as pd

from losstrack.analysis.series import Honest

Revised = Collection[tuple[str, str]]  # (report date YYYY-MM-DD, category) an update revised
Stated = Mapping[tuple[str, str], int]  # (report date, category) -> the change a source stated

# The columns of `changes`, in order.
COLUMNS = ("date", "category", "total", "change", "previous_date", "days", "glitch", "glitches",
           "gap", "corrected", "stated")  # fmt: skip


def changes(
    h: Honest,
    names: Sequence[str],
    selected: pd.Index | None = None,
    revised: Revised = frozenset(),
    stated: Stated | None = None,
) -> pd.DataFrame:
    """Every reported total of `names` on the `selected` dates (default: all), by date.

    Columns (`COLUMNS`): `change` since the category's previous value (`previous_date`, `days`
    before); `glitch`: the total is a one-day glitch, left out of the changes (no change of its
    own); `glitches`: the glitch dates a change leaves out (ISO dates); `gap`: the change spans
    days with no report of the category; `corrected`: it includes a fall or a value an update
    revised; `stated`: the change a source stated where none can be computed (a first report).
    """
    parts = [_category(h, name, revised, stated or {}) for name in names]
    if not parts:
        return _empty()
    table = pd.concat(parts, ignore_index=True)
    if selected is not None:
        table = table[table["date"].isin(pd.DatetimeIndex(selected))]
    order = {name: position for position, name in enumerate(names)}
    rank = table["category"].map(order).to_numpy()
    table = table.iloc[np.lexsort((rank, table["date"].to_numpy()))]
    return table.reset_index(drop=True)


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})


def _category(h: Honest, name: str, revised: Revised, stated: Stated) -> pd.DataFrame:
    """One category's rows: its honest reports with their changes, then its glitches."""
    column = h.stored[name]
    reported = column.notna().to_numpy()
    days = pd.DatetimeIndex(h.stored.index)[reported]
    values = column.to_numpy(dtype="float64", na_value=np.nan)[reported].astype("int64")
    odd = np.zeros(len(days), dtype=bool)
    glitched = [day for day, category in h.glitches if category == name]
    if glitched:
        odd = days.isin(pd.DatetimeIndex(glitched))
    kept = np.flatnonzero(~odd)
    table = _honest_rows(name, days[kept], values[kept], kept, days, revised, stated)
    glitches = pd.DataFrame({
        "date": days[odd], "category": name, "total": pd.array(values[odd], dtype="Int64"),
        "change": pd.array([None] * int(odd.sum()), dtype="Int64"),
        "previous_date": pd.NaT, "days": pd.array([None] * int(odd.sum()), dtype="Int64"),
        "glitch": True, "glitches": [[_iso(day)] for day in days[odd]], "gap": False,
        "corrected": False, "stated": pd.array([None] * int(odd.sum()), dtype="Int64"),
    })  # fmt: skip
    return pd.concat([table, glitches], ignore_index=True) if len(glitches) else table


def _honest_rows(
    name: str,
    dates: pd.DatetimeIndex,
    totals: np.ndarray,
    positions: np.ndarray,
    reported: pd.DatetimeIndex,
    revised: Revised,
    stated: Stated,
) -> pd.DataFrame:
    """The reports a change is taken between: each against the one before it."""
    count = len(dates)
    change = pd.array([None] * count, dtype="Int64")
    days = pd.array([None] * count, dtype="Int64")
    previous = pd.Series(pd.NaT, index=range(count), dtype=dates.dtype)
    gap = np.zeros(count, dtype=bool)
    skipped: list[list[str]] = [[] for _ in range(count)]
    if count > 1:
        change[1:] = totals[1:] - totals[:-1]
        between = (dates[1:] - dates[:-1]).days.to_numpy()
        days[1:] = between
        previous.iloc[1:] = dates[:-1]
        steps = positions[1:] - positions[:-1]  # > 1: glitches of the category in between
        gap[1:] = between > steps
        for at in np.flatnonzero(steps > 1):  # the few changes that leave a glitch out
            skipped[at + 1] = [_iso(day) for day in reported[positions[at] + 1 : positions[at + 1]]]
    corrected = (change < 0).fillna(False).to_numpy(dtype=bool)
    marked = [day for day, category in revised if category == name]
    if marked:
        fixed = pd.DatetimeIndex(pd.to_datetime(marked, format="%Y-%m-%d"))
        corrected |= dates.isin(fixed) | pd.DatetimeIndex(previous).isin(fixed)
    table = pd.DataFrame({
        "date": dates, "category": name, "total": pd.array(totals, dtype="Int64"),
        "change": change, "previous_date": previous.to_numpy(), "days": days, "glitch": False,
        "glitches": skipped, "gap": gap, "corrected": corrected,
        "stated": pd.array([None] * count, dtype="Int64"),
    })  # fmt: skip
    if count:
        claimed = stated.get((_iso(dates[0]), name))
        # A stated change equal to the total is the source counting from zero: a running total.
        if claimed is not None and 0 <= claimed < int(totals[0]):
            table.loc[0, "stated"] = claimed
    return table


def _iso(stamp: pd.Timestamp) -> str:
    return stamp.date().isoformat()
