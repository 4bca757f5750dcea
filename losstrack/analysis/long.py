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
        return pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})
    cells = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    rank = np.repeat(np.arange(len(parts)), [len(p["date"]) for p in parts])
    order = np.lexsort((rank, cells["date"]))
    if selected is not None:
        order = order[np.isin(cells["date"][order], pd.DatetimeIndex(selected).to_numpy())]
    cells = {key: values[order] for key, values in cells.items()}
    unit = pd.DatetimeIndex(h.stored.index).dtype
    return pd.DataFrame({
        "date": pd.DatetimeIndex(cells["date"]).astype(unit),
        "category": np.asarray(names, dtype=object)[rank[order]],
        "total": pd.array(cells["total"], dtype="Int64"),
        "change": _nullable(cells["change"], cells["has_change"]),
        "previous_date": pd.DatetimeIndex(cells["previous_date"]).astype(unit),
        "days": _nullable(cells["days"], cells["has_change"]),
        "glitch": cells["glitch"], "glitches": cells["glitches"], "gap": cells["gap"],
        "corrected": cells["corrected"], "stated": _nullable(cells["stated"], cells["has_stated"]),
    })  # fmt: skip


def _nullable(values: np.ndarray, present: np.ndarray) -> pd.api.extensions.ExtensionArray:
    return pd.arrays.IntegerArray(values.astype("int64"), ~present)


def _category(h: Honest, name: str, revised: Revised, stated: Stated) -> dict[str, np.ndarray]:
    """One category's cells: its honest reports against the one before, then its glitches."""
    column = h.stored[name]
    reported = column.notna().to_numpy()
    days = pd.DatetimeIndex(h.stored.index)[reported]
    values = column.to_numpy(dtype="float64", na_value=np.nan)[reported].astype("int64")
    odd = np.zeros(len(days), dtype=bool)
    glitched = [day for day, category in h.glitches if category == name]
    if glitched:
        odd = days.isin(pd.DatetimeIndex(glitched))
    kept = np.flatnonzero(~odd)
    cells = _honest(name, days[kept], values[kept], kept, days, revised, stated)
    count = int(odd.sum())
    if not count:
        return cells
    none = np.zeros(count, dtype="int64")
    flags = np.zeros(count, dtype=bool)
    skipped = np.empty(count, dtype=object)
    skipped[:] = [[_iso(day)] for day in days[odd]]
    glitches = {"date": days[odd].to_numpy(), "total": values[odd], "change": none,
                "has_change": flags, "previous_date": np.full(count, np.datetime64("NaT"),
                                                              dtype=days.to_numpy().dtype),
                "days": none, "glitch": ~flags, "glitches": skipped, "gap": flags,
                "corrected": flags, "stated": none, "has_stated": flags}  # fmt: skip
    return {key: np.concatenate([cells[key], glitches[key]]) for key in cells}


def _honest(
    name: str,
    dates: pd.DatetimeIndex,
    totals: np.ndarray,
    positions: np.ndarray,
    reported: pd.DatetimeIndex,
    revised: Revised,
    stated: Stated,
) -> dict[str, np.ndarray]:
    """The reports a change is taken between: each against the one before it."""
    count = len(dates)
    stamps = dates.to_numpy()
    has_change = np.arange(count) > 0
    change = np.zeros(count, dtype="int64")
    change[1:] = totals[1:] - totals[:-1]
    previous = np.full(count, np.datetime64("NaT"), dtype=stamps.dtype)
    previous[1:] = stamps[:-1]
    between = np.zeros(count, dtype="int64")
    between[1:] = (stamps[1:] - stamps[:-1]) // np.timedelta64(1, "D")
    steps = np.zeros(count, dtype="int64")
    steps[1:] = positions[1:] - positions[:-1]  # > 1: glitches of the category in between
    skipped = np.empty(count, dtype=object)
    skipped[:] = [[] for _ in range(count)]
    for at in np.flatnonzero(steps > 1):  # the few changes that leave a glitch out
        skipped[at] = [_iso(day) for day in reported[positions[at - 1] + 1 : positions[at]]]
    corrected = change < 0
    marked = [day for day, category in revised if category == name]
    if marked:
        fixed = pd.to_datetime(marked, format="%Y-%m-%d").to_numpy().astype(stamps.dtype)
        corrected |= np.isin(stamps, fixed) | np.isin(previous, fixed)
    claims, has_stated = np.zeros(count, dtype="int64"), np.zeros(count, dtype=bool)
    claimed = stated.get((_iso(dates[0]), name)) if count else None
    # A stated change equal to the total is the source counting from zero: a running total.
    if claimed is not None and 0 <= claimed < int(totals[0]):
        claims[0], has_stated[0] = claimed, True
    return {"date": stamps, "total": totals, "change": change, "has_change": has_change,
            "previous_date": previous, "days": between, "glitch": np.zeros(count, dtype=bool),
            "glitches": skipped, "gap": has_change & (between > steps), "corrected": corrected,
            "stated": claims, "has_stated": has_stated}  # fmt: skip


def _iso(stamp: pd.Timestamp) -> str:
    return stamp.date().isoformat()
