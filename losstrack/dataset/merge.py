"""Pure functions that turn fetched records into a dataset and combine it with the stored one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
    frame = pd.DataFrame(index=index)
    for column in columns:
        values = [by_day[d].values.get(column) for d in days]
        frame[column] = pd.array(values, dtype="Int64")
    frame["source"] = [by_day[d].source for d in days]
    frame["link"] = [by_day[d].link for d in days]
    return normalize(frame)


def empty() -> pd.DataFrame:
    """A dataset with no reports."""
    return records_frame([])


def overlay(base: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """The primary source's records replace stored ones for their dates; nothing is dropped.

    A category the new record does not carry keeps its stored value, and an empty link keeps
    the stored link.
    """
    if new.empty:
        return base
    if base.empty:
        return new
    new = new.copy()
    new["link"] = new["link"].where(new["link"] != "")
    combined = new.combine_first(base)
    combined["link"] = combined["link"].fillna("")
    return _typed(combined)


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
    found: list[Revision] = []
    for column in (c for c in base.columns if c not in META and c in result.columns):
        old = base.loc[common, column]
        new = result.loc[common, column]
        changed = old.notna() & new.notna() & (old != new)
        for ts in changed[changed.fillna(False)].index:
            found.append(Revision(ts.date(), column, int(old[ts]), int(new[ts])))
    return sorted(found, key=lambda r: (r.day, r.category))
