"""Pure functions over the dataset frame: changes between reports, histories, diffs."""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from losstrack.dataset.store import META
from losstrack.errors import UsageError
from losstrack.registry import WAR_START


def categories(frame: pd.DataFrame) -> list[str]:
    """Columns that hold totals, in dataset order."""
    return [c for c in frame.columns if c not in META]


@dataclass(frozen=True)
class Glitch:
    """A total out of line with both neighbours, which are in order with each other."""

    day: pd.Timestamp
    category: str
    value: int
    before: int
    since: pd.Timestamp
    after: int
    until: pd.Timestamp


def glitch_flags(values: np.ndarray) -> np.ndarray:
    """Which of one category's reported totals (in date order) are one-day glitches.

    A glitch is out of line with both neighbours, which are in order with each other: the
    rule of `check`. Plain numpy: every view runs it, on every category it shows.
    """
    odd = np.zeros(len(values), dtype=bool)
    if len(values) >= 3:
        before, value, after = values[:-2], values[1:-1], values[2:]
        odd[1:-1] = (before <= after) & (
            ((value < before) & (value < after)) | ((value > before) & (value > after))
        )
    return odd


def find_glitches(frame: pd.DataFrame, names: Iterable[str] | None = None) -> list[Glitch]:
    """Every one-day glitch of the stored series (of `names`, default all), by category."""
    found = []
    index = pd.DatetimeIndex(frame.index)
    for name in categories(frame) if names is None else names:
        column = frame[name]
        reported = column.notna().to_numpy()
        values = column.to_numpy(dtype="float64", na_value=np.nan)[reported]
        odd = glitch_flags(values).nonzero()[0]
        if not len(odd):
            continue
        days = index[reported]
        for at in (int(p) for p in odd):  # only the few glitches become Python objects
            found.append(Glitch(days[at], name, int(values[at]), int(values[at - 1]),
                                days[at - 1], int(values[at + 1]), days[at + 1]))  # fmt: skip
    return found


@dataclass(frozen=True)
class Honest:
    """The stored series, and the one derived figures are taken from: glitches left out.

    A glitch is treated like a missing report, so a change spans it. `--as-published` (the
    frame's attrs["as_published"]) keeps every stored value, glitches included.
    """

    stored: pd.DataFrame
    frame: pd.DataFrame
    glitches: dict[tuple[pd.Timestamp, str], Glitch] = field(default_factory=dict)

    def skipped(self, category: str, since: Any, until: Any) -> list[Glitch]:
        """The glitches of `category` a change from `since` to `until` leaves out."""
        if since is None or until is None or pd.isna(since) or pd.isna(until):
            return []
        low, high = pd.Timestamp(since), pd.Timestamp(until)
        return [g for (day, name), g in self.glitches.items()
                if name == category and low < day < high]  # fmt: skip

    def glitch(self, day: Any, category: str) -> Glitch | None:
        """The glitch stored for `category` on `day`, if that value is one."""
        return self.glitches.get((pd.Timestamp(day), category))


def as_published(frame: pd.DataFrame) -> bool:
    """Whether derived figures take every stored value, glitches included."""
    return bool(frame.attrs.get("as_published", False))


def honest(frame: pd.DataFrame, names: Iterable[str] | None = None) -> Honest:
    """The frame with the one-day glitches of `names` (default: every category) emptied for
    derived figures, unless it is to be read as published."""
    if as_published(frame):
        return Honest(frame, frame)
    found = {(g.day, g.category): g for g in find_glitches(frame, names)}
    if not found:
        return Honest(frame, frame, found)
    masked = frame.copy()
    for day, name in found:
        masked.at[day, name] = pd.NA
    return Honest(frame, masked, found)


def value_on_or_before(
    frame: pd.DataFrame, category: str, day: pd.Timestamp
) -> tuple[object, object]:
    """A category's last reported total on or before `day`, and that report's date."""
    totals = frame.loc[frame.index <= day, category].dropna()
    if totals.empty:
        return None, None
    return int(totals.iloc[-1]), pd.Timestamp(totals.index[-1])


def changes(frame: pd.DataFrame, category: str) -> pd.DataFrame:
    """One category's reports: total, change since its previous report, and the days between.

    Changes are taken by date between consecutive reports of the category, so a change after
    a missing day spans two days (days == 2) rather than pretending to be one day's.
    """
    totals = frame[category].dropna().astype("int64")
    dates = totals.index.to_series()
    result = pd.DataFrame(
        {
            "total": totals,
            "change": totals.diff().astype("Int64"),
            "previous": dates.shift(1),
            "days": (dates - dates.shift(1)).dt.days.astype("Int64"),
        }
    )
    return result


def day_number(day: pd.Timestamp) -> int:
    """Day of the full-scale invasion, counting 2022-02-24 as day 1."""
    return (day.date() - WAR_START).days + 1


def latest(frame: pd.DataFrame) -> pd.DataFrame:
    """Every category on the latest report, with its change since its previous report.

    Columns: category, total, change and days (nullable integers: none for a category's first
    report), previous (its previous report's date). One pass over the values as floats.
    """
    names = on_latest(frame)
    values = frame[names].to_numpy(dtype="float64", na_value=np.nan)
    index = pd.DatetimeIndex(frame.index)
    rows = []
    for column, category in enumerate(names):
        reported = np.flatnonzero(~np.isnan(values[:, column]))[-2:]
        last = reported[-1]
        before = reported[0] if len(reported) == 2 else None
        rows.append({"category": category, "total": int(values[last, column]),
                     "change": None if before is None else
                     int(values[last, column] - values[before, column]),
                     "previous": None if before is None else index[before],
                     "days": None if before is None else (index[last] - index[before]).days})  # fmt: skip
    table = pd.DataFrame(rows, columns=["category", "total", "change", "previous", "days"])
    for name in ("change", "days"):
        table[name] = table[name].astype("Int64")
    table["total"] = table["total"].astype("int64")
    table["previous"] = pd.to_datetime(table["previous"])
    return table


def on_latest(frame: pd.DataFrame) -> list[str]:
    """The categories the latest report carries, in dataset order."""
    if frame.empty:
        return []
    last = frame.iloc[-1]
    return [c for c in categories(frame) if not pd.isna(last[c])]


def missing_from_latest(frame: pd.DataFrame) -> list[tuple[str, pd.Timestamp]]:
    """Categories with data that the latest report no longer carries, with their last date."""
    found = []
    for category in categories(frame):
        values = frame[category].dropna()
        if len(values) and bool(frame[category].isna().iloc[-1]):
            found.append((category, values.index.max()))
    return found


def report_on_or_before(frame: pd.DataFrame, day: date, name: str = "date") -> pd.Timestamp:
    """The latest report on or before `day`; a date before the first report is a usage error.

    `name` is what the caller calls the date in an error (`until`; the CLI: `--until`).
    """
    stamp = pd.Timestamp(day)
    position = frame.index.searchsorted(stamp, side="right") - 1
    if position < 0:
        first = frame.index.min().date().isoformat()
        raise UsageError(f"{name} {day.isoformat()} is before the first report ({first})")
    return pd.Timestamp(frame.index[int(position)])


def start_report(frame: pd.DataFrame, start: date, name: str = "since") -> pd.Timestamp:
    """The report a diff starts from: the day of the invasion counts from zero, before it is
    an error; a date without a report takes the one before it."""
    if start < WAR_START:
        raise UsageError(f"{name} {start} is before the invasion ({WAR_START})")
    if start < frame.index.min().date():
        return pd.Timestamp(WAR_START)  # every total counts from 0 there
    return report_on_or_before(frame, start, name)


def window(
    frame: pd.DataFrame,
    since: date | None,
    until: date | None,
    last: int | None = None,
    names: tuple[str, str] = ("since", "until"),
) -> pd.DataFrame:
    """Rows between two dates (inclusive), the last `last` of them when `last` is given.

    `names` are what the caller calls the two dates in an error (the CLI: its flags).
    """
    if since is not None and until is not None and since > until:
        raise UsageError(f"{names[0]} {since} is after {names[1]} {until}")
    selected = frame
    if since is not None:
        selected = selected.loc[selected.index >= pd.Timestamp(since)]
    if until is not None:
        selected = selected.loc[selected.index <= pd.Timestamp(until)]
    if last is not None:
        selected = selected.iloc[-last:]
    return selected


def history(frame: pd.DataFrame, names: list[str], selected: pd.Index) -> pd.DataFrame:
    """Long table (date, category, total, change, previous, days) for the selected dates."""
    parts = []
    for name in names:
        table = changes(frame, name)
        table = table.loc[table.index.intersection(selected)]
        parts.append(table.assign(category=name).reset_index())
    if not parts:
        return pd.DataFrame(columns=["date", "category", "total", "change", "previous", "days"])
    long = pd.concat(parts, ignore_index=True)
    return long[["date", "category", "total", "change", "previous", "days"]]


def diff(
    frame: pd.DataFrame,
    start: pd.Timestamp,
    end: pd.Timestamp,
    glitches: Container[tuple[pd.Timestamp, str]] = (),
) -> pd.DataFrame:
    """Per category: total on `start`, total on `end`, change; categories absent on both dropped.

    `start` may be the day of the invasion, before the first report: every total counts from 0
    there. An endpoint whose value is one of `glitches` (emptied in `frame`) takes the
    category's last reported total before it, as for a missing report.
    """
    names = categories(frame)
    table = pd.DataFrame({"category": names,
                          "from": _endpoint(frame, names, start, glitches),
                          "to": _endpoint(frame, names, end, glitches)})  # fmt: skip
    table["from"] = table["from"].astype("Int64")
    table["to"] = table["to"].astype("Int64")
    table = table[table["from"].notna() | table["to"].notna()].reset_index(drop=True)
    table["change"] = table["to"] - table["from"]
    days = (end - start).days
    table["per_day"] = (table["change"].astype("Float64") / days).round(1) if days else pd.NA
    return table


def _endpoint(
    frame: pd.DataFrame,
    names: list[str],
    day: pd.Timestamp,
    glitches: Container[tuple[pd.Timestamp, str]],
) -> list[object]:
    if day not in frame.index and day.date() == WAR_START:
        return [0] * len(names)
    row = frame.loc[day, names]
    values: list[object] = []
    for name in names:
        value = row[name]
        if pd.isna(value) and (day, name) in glitches:
            value, _ = value_on_or_before(frame, name, day)
        values.append(None if pd.isna(value) else int(value))
    return values
