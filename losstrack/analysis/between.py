"""What changed between two reports, per category, with the facts behind its marks."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import pandas as pd

from losstrack.analysis import checks, series
from losstrack.analysis.values import iso, py
from losstrack.registry import label

Revised = Collection[tuple[str, str]]  # (report date YYYY-MM-DD, category) an update revised
Stated = Mapping[tuple[str, str], int]  # (report date, category) -> the change a source stated


def diff(
    h: series.Honest, start: pd.Timestamp, end: pd.Timestamp, revised: Revised = frozenset()
) -> list[dict[str, Any]]:
    """Per category: the totals on `start` and `end`, the change and its rate, as records.

    `corrections`: the dates in between on which the total fell; `revised`: those an update
    revised; `glitches`: the endpoints that are one-day glitches of the source, taken as the
    last total before them (one in between cancels out and changes nothing).
    """
    table = series.diff(h.frame, start, end, h.glitches)
    days = (end - start).days
    falls = _falls(h.frame, list(table["category"]), start, end)
    records = []
    for item in table.itertuples(index=False):
        name = str(item.category)
        changed = sorted(d for d, c in revised if c == name and iso(start) <= d <= iso(end))
        skipped = [g for g in (h.glitch(start, name), h.glitch(end, name)) if g is not None]
        records.append(
            {"category": name, "since": iso(start), "until": iso(end), "from": py(item[1]),
             "to": py(item[2]), "change": py(item.change), "per_day": py(item.per_day),
             "days": days, "corrections": falls.get(name, []), "revised": changed,
             "glitches": [iso(g.day) for g in skipped]}
        )  # fmt: skip
    return records


def latest(h: series.Honest, revised: Revised, stated: Stated) -> list[dict[str, Any]]:
    """Every category of the latest report: its total and the change since its previous value.

    `stated`: the change a source stated with a category's first report, where no change can be
    computed; `corrected`: the change includes a fall or a revised value.
    """
    last = h.stored.index.max()
    day = iso(last)
    records = []
    for item in series.latest(h.frame).itertuples(index=False):
        name = str(item.category)
        records.append({"date": day, "category": name, "label": label(name, "en"),
                        "total": py(item.total),
                        **_change_record(h, name, day, item, revised, stated)})  # fmt: skip
    return records


def first_day(h: series.Honest, name: str) -> pd.Timestamp | None:
    """The first report of a category that appeared after the first report of all."""
    totals = h.stored[name].dropna() if name in h.stored.columns else None
    if totals is None or totals.empty or totals.index[0] == h.stored.index.min():
        return None
    return pd.Timestamp(totals.index[0])


def _change_record(
    h: series.Honest, name: str, day: str, item: Any, revised: Revised, stated: Stated
) -> dict[str, Any]:
    """The change fields of one category on one report, with their marks' facts."""
    change, previous = py(item.change), py(item.previous)
    skipped = h.skipped(name, previous, day)
    record = {"change": change, "previous_date": previous, "days": py(item.days),
              "glitches": [iso(g.day) for g in skipped], "stated": None,
              "corrected": corrected(change, day, previous, name, revised)}  # fmt: skip
    claimed = stated.get((day, name))
    # A stated change equal to the total is the source counting from zero: a running total.
    if change is None and claimed is not None and 0 <= claimed < (py(item.total) or 0):
        record["stated"] = claimed
    return record


def corrected(change: Any, day: str, previous: Any, name: str, revised: Revised) -> bool:
    """Whether a change between two reports includes a fall or a revised value."""
    fell = change is not None and change < 0
    return fell or (day, name) in revised or (previous, name) in revised


def missing_days(h: series.Honest, name: str, previous: Any, current: Any) -> list[pd.Timestamp]:
    """Days strictly between two reports of `name` on which it has no stored value at all."""
    if previous is None or current is None or pd.isna(previous):
        return []
    if (pd.Timestamp(current) - pd.Timestamp(previous)).days <= 1:
        return []  # the common case, without building a range
    days = pd.date_range(pd.Timestamp(previous) + pd.Timedelta(days=1), pd.Timestamp(current),
                         inclusive="left")  # fmt: skip
    stored = h.stored[name] if name in h.stored.columns else None
    return [d for d in days if stored is None or d not in stored.index or pd.isna(stored.get(d))]


def _falls(
    frame: pd.DataFrame, names: list[str], start: pd.Timestamp, end: pd.Timestamp
) -> dict[str, list[str]]:
    """Per category, the report dates in (start, end] on which its total fell, newest first."""
    found: dict[str, list[str]] = {}
    table = checks.decreases(frame, names)
    table = table[(table["date"] > start) & (table["date"] <= end)]
    for day, name in zip(table["date"], table["category"], strict=True):
        found.setdefault(name, []).insert(0, iso(day))
    return found
