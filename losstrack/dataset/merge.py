"""Pure functions that turn fetched records into a dataset and combine it with the stored one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from losstrack.dataset.store import META, normalize
from losstrack.sources.records import Record


@dataclass(frozen=True)
class Revision:
    """A stored total that a source replaced with another."""

    day: date
    category: str
    old: int
    new: int


def records_frame(records: list[Record]) -> pd.DataFrame:
    """Records -> a dataset frame; a date sent twice keeps its last record."""
    by_day = {r.day: r for r in records}
    days = sorted(by_day)
    index = pd.DatetimeIndex(pd.to_datetime(days), name="date")
    columns = sorted({k for r in by_day.values() for k in r.values})
    data: dict[str, Any] = {
        column: pd.array([by_day[d].values.get(column) for d in days], dtype="Int64")
        for column in columns
    }
    data["source"] = [by_day[d].source for d in days]
    data["link"] = [by_day[d].link for d in days]
    return normalize(pd.DataFrame(data, index=index))


def empty() -> pd.DataFrame:
    """A dataset with no reports."""
    return records_frame([])


def overlay(base: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """The primary source's records replace stored ones for their dates; nothing is dropped.

    A category the new record does not carry keeps its stored value, and an empty link keeps
    the stored link. Column by column in numpy: integers and their masks, exact at any size.
    """
    if new.empty:
        return base
    if base.empty:
        return new
    index = base.index.union(new.index)
    at_base, at_new = index.get_indexer(base.index), index.get_indexer(new.index)
    columns: dict[str, Any] = {}
    for column in dict.fromkeys([*base.columns, *new.columns]):
        if column in META:
            continue
        values, missing = np.zeros(len(index), dtype="int64"), np.ones(len(index), dtype=bool)
        for part, at in ((base, at_base), (new, at_new)):  # the new values last: they win
            if column in part.columns:
                given = part[column].notna().to_numpy()
                values[at[given]] = part[column].to_numpy(dtype="int64", na_value=0)[given]
                missing[at[given]] = False
        columns[column] = pd.arrays.IntegerArray(values, missing)
    for column in META:
        cells = np.full(len(index), "", dtype=object)
        cells[at_base] = base[column].to_numpy(dtype=object)
        given = new[column].to_numpy(dtype=object)
        keep = given != "" if column == "link" else np.ones(len(given), dtype=bool)
        cells[at_new[keep]] = given[keep]
        columns[column] = cells
    return normalize(pd.DataFrame(columns, index=pd.DatetimeIndex(index, name="date")))


def fill(base: pd.DataFrame, new: pd.DataFrame, only_after_last: bool) -> pd.DataFrame:
    """A secondary source adds only dates the dataset lacks (newer ones unless told otherwise)."""
    missing = new.index.difference(base.index)
    if only_after_last and len(base):
        missing = missing[missing > base.index.max()]
    if missing.empty:
        return base
    return _typed(pd.concat([base, new.loc[missing]]).sort_index())


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for column in frame.columns:
        if column not in META:
            frame[column] = frame[column].astype("Int64")
    frame.index.name = "date"
    return normalize(frame)


def added_days(base: pd.DataFrame, result: pd.DataFrame) -> list[date]:
    """Report dates in `result` that `base` did not have."""
    return [ts.date() for ts in result.index.difference(base.index)]


def revisions(base: pd.DataFrame, result: pd.DataFrame) -> list[Revision]:
    """Stored totals that changed value, oldest first."""
    common = base.index.intersection(result.index)
    names = [c for c in base.columns if c not in META and c in result.columns]
    if not len(common) or not names:
        return []
    rows = (base.index.get_indexer(common), result.index.get_indexer(common))
    old, new = (
        (f[names].to_numpy(dtype="int64", na_value=0)[at], f[names].notna().to_numpy()[at])
        for f, at in zip((base, result), rows, strict=True)
    )
    changed = old[1] & new[1] & (old[0] != new[0])
    found = [Revision(common[r].date(), names[c], int(old[0][r, c]), int(new[0][r, c]))
             for r, c in zip(*np.nonzero(changed), strict=True)]  # fmt: skip
    return sorted(found, key=lambda r: (r.day, r.category))
