"""Pure functions over the dataset frame: changes between reports, histories, diffs."""

from __future__ import annotations

from datetime import date

import pandas as pd

from losstrack.categories import WAR_START
from losstrack.errors import UsageError
from losstrack.store import META


def categories(frame: pd.DataFrame) -> list[str]:
    """Columns that hold totals, in dataset order."""
    return [c for c in frame.columns if c not in META]


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
    """Every category on the latest report, with its change since its previous report."""
    rows = []
    for category in categories(frame):
        if bool(frame[category].isna().iloc[-1]):
            continue
        table = changes(frame, category)
        row = table.iloc[-1]
        rows.append(
            {
                "category": category,
                "total": int(row["total"]),
                "change": row["change"],
                "previous": row["previous"],
                "days": row["days"],
            }
        )
    return pd.DataFrame(rows, columns=["category", "total", "change", "previous", "days"])


def missing_from_latest(frame: pd.DataFrame) -> list[tuple[str, pd.Timestamp]]:
    """Categories with data that the latest report no longer carries, with their last date."""
    found = []
    for category in categories(frame):
        values = frame[category].dropna()
        if len(values) and bool(frame[category].isna().iloc[-1]):
            found.append((category, values.index.max()))
    return found


def report_on_or_before(frame: pd.DataFrame, day: date, flag: str) -> pd.Timestamp:
    """The latest report on or before `day`; a date before the first report is a usage error."""
    stamp = pd.Timestamp(day)
    position = frame.index.searchsorted(stamp, side="right") - 1
    if position < 0:
        first = frame.index.min().date().isoformat()
        raise UsageError(f"{flag} {day.isoformat()} is before the first report ({first})")
    return pd.Timestamp(frame.index[int(position)])


def window(
    frame: pd.DataFrame, since: date | None, until: date | None, last: int | None
) -> pd.DataFrame:
    """Rows between two dates (inclusive), or the last `last` rows when no date is given."""
    if since is not None and until is not None and since > until:
        raise UsageError(f"--since {since} is after --until {until}")
    selected = frame
    if since is not None:
        selected = selected.loc[selected.index >= pd.Timestamp(since)]
    if until is not None:
        selected = selected.loc[selected.index <= pd.Timestamp(until)]
    if since is None and until is None and last is not None:
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


def diff(frame: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Per category: total on `start`, total on `end`, change; categories absent on both dropped."""
    before = frame.loc[start, categories(frame)]
    after = frame.loc[end, categories(frame)]
    table = pd.DataFrame(
        {"category": categories(frame), "from": before.to_numpy(), "to": after.to_numpy()}
    )
    table["from"] = table["from"].astype("Int64")
    table["to"] = table["to"].astype("Int64")
    table = table[table["from"].notna() | table["to"].notna()].reset_index(drop=True)
    table["change"] = table["to"] - table["from"]
    days = (end - start).days
    table["per_day"] = (table["change"].astype("Float64") / days).round(1) if days else pd.NA
    return table
