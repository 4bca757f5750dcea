"""top, milestones and compare against an independent computation on the API's own history.

Plain Python over ../shared/reference/russianwarship/api-history.json (json + datetime, no
pandas, no losstrack.analysis.series), compared with the commands' JSON on the bundled dataset, which
was built from that history.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from .procs import run

pytestmark = pytest.mark.reference

API_KEYS = {"personnel": "personnel_units", "tanks": "tanks", "afv": "armoured_fighting_vehicles",
            "artillery": "artillery_systems", "mlrs": "mlrs", "air_defense": "aa_warfare_systems",
            "aircraft": "planes", "helicopters": "helicopters", "vehicles": "vehicles_fuel_tanks",
            "warships": "warships_cutters", "submarines": "submarines",
            "cruise_missiles": "cruise_missiles", "uav": "uav_systems",
            "special_equipment": "special_military_equip", "ground_robots": "atgm_srbm_systems"}  # fmt: skip
# The API records 0 before a category was reported; the dataset leaves those days empty.
FIRST_DAY = {"submarines": date(2023, 9, 14), "cruise_missiles": date(2022, 5, 1),
             "special_equipment": date(2022, 3, 16), "ground_robots": date(2026, 5, 3)}  # fmt: skip
CHECKED = ["personnel", "tanks", "cruise_missiles", "submarines", "special_equipment",
           "ground_robots"]  # fmt: skip
INVASION = date(2022, 2, 24)

Series = list[tuple[date, int]]


@functools.cache
def load(reference: Path) -> tuple[dict[str, Series], date, date]:
    records = json.loads((reference / "russianwarship" / "api-history.json").read_text())
    series: dict[str, Series] = {}
    for name, key in API_KEYS.items():
        start = FIRST_DAY.get(name, date.min)
        points = [(date.fromisoformat(r["date"]), r["stats"][key]) for r in records
                  if date.fromisoformat(r["date"]) >= start]  # fmt: skip
        series[name] = without_glitches(points)
    days = [date.fromisoformat(r["date"]) for r in records]
    return series, min(days), max(days)


def without_glitches(points: Series) -> Series:
    """Leave out each value outside both neighbours when they are in order (a one-day glitch)."""
    kept = [points[0]] if points else []
    for (_, before), (day, value), (_, after) in zip(points, points[1:], points[2:], strict=False):
        if not (before <= after and (value < before or value > after) and
                (value < before) == (value < after)):  # fmt: skip
            kept.append((day, value))
    return kept + points[-1:] if len(points) > 1 else kept


def cli(*args: str) -> Any:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def period_key(day: date, by: str) -> tuple[int, int]:
    if by == "week":
        year, week, _ = day.isocalendar()
        return (year, week)
    return (day.year, day.month if by == "month" else 0)


def period_end(key: tuple[int, int], by: str) -> date:
    if by == "week":
        return date.fromisocalendar(key[0], key[1], 7)
    if by == "year":
        return date(key[0], 12, 31)
    following = date(key[0] + key[1] // 12, key[1] % 12 + 1, 1)
    return following - timedelta(days=1)


def period_start(key: tuple[int, int], by: str) -> date:
    if by == "week":
        return date.fromisocalendar(key[0], key[1], 1)
    return date(key[0], key[1] or 1, 1)


def by_period(points: Series, by: str, first: date, last: date) -> list[dict[str, Any]]:
    """Per period: last report, the report before, change (from 0 for categories from day one).

    Partial: the period runs past the last report, or starts before the figures do (the
    invasion, or the category's first report). Against a partial period, or for one, the
    comparison is of changes per day.
    """
    ends: dict[tuple[int, int], tuple[date, int]] = {}
    for day, value in points:
        ends[period_key(day, by)] = (day, value)  # later days overwrite: the period's last
    rows = []
    before: tuple[date, int] | None = (INVASION, 0) if points[0][0] == first else None
    covered = INVASION if before else points[0][0]
    for key, (day, value) in ends.items():
        change = value - before[1] if before else None
        rows.append({"key": key, "last": day, "total": value,
                     "since": before[0] if before else None, "change": change,
                     "rate": change / (day - before[0]).days if before and change is not None
                     else None,
                     "partial": period_end(key, by) > last or period_start(key, by) < covered})  # fmt: skip
        before = (day, value)
    return rows


def versus(row: dict[str, Any], previous: dict[str, Any] | None) -> int | float | None:
    """How a period differs from the one before: totals, or per day where one is partial."""
    if previous is None or row["change"] is None or previous["change"] is None:
        return None
    if row["partial"] or previous["partial"]:
        return round(float(row["rate"] - previous["rate"]), 1)
    return int(row["change"] - previous["change"])


@pytest.mark.parametrize("name", CHECKED)
def test_top_by_day(reference: Path, name: str) -> None:
    series, _, _ = load(reference)
    points = series[name]
    steps = [
        (b[0], b[1] - a[1], (b[0] - a[0]).days, a[0], b[1]) for a, b in itertools.pairwise(points)
    ]
    steps.sort(key=lambda s: (-s[1], s[0]))
    expected = [(d.isoformat(), c, n, p.isoformat(), t) for d, c, n, p, t in steps[:12]]
    got = [(r["date"], r["change"], r["days"], r["previous_date"], r["total"])
           for r in cli("top", name, "-n", "12")]  # fmt: skip
    assert got == expected


@pytest.mark.parametrize("name", CHECKED)
def test_top_by_period(reference: Path, name: str) -> None:
    series, first, last = load(reference)
    for by in ("week", "month"):
        check_top_by_period(series, first, last, name, by)


def check_top_by_period(
    series: dict[str, Series], first: date, last: date, name: str, by: str
) -> None:
    rows = [r for r in by_period(series[name], by, first, last) if r["change"] is not None]
    rows.sort(key=lambda r: (-r["change"], r["last"]))
    expected = [(r["last"].isoformat(), r["change"], r["total"], r["partial"]) for r in rows[:8]]
    got = [(r["last"], r["change"], r["total"], r["partial"])
           for r in cli("top", name, "--by", by, "-n", "8")]  # fmt: skip
    assert got == expected


def ladder(name: str, upto: int) -> list[int]:
    if name == "personnel":
        values = [10_000]
        while values[-1] <= upto:
            values.append(50_000 * (len(values)))
        return values
    values = sorted(m * 10**k for k in range(9) for m in (1, 2, 5))
    return [v for v in values if v <= upto] + [min(v for v in values if v > upto)]


@pytest.mark.parametrize("name", CHECKED)
def test_milestones_and_projection(reference: Path, name: str) -> None:
    points = load(reference)[0][name]
    first_value, top = points[0][1], max(v for _, v in points)
    expected: list[tuple[int, str, bool]] = []
    for threshold in ladder(name, top):
        if first_value < threshold <= top:
            day = next(d for d, v in points if v >= threshold)
            expected.append((threshold, day.isoformat(), False))
    last_day, current = points[-1]
    base_day, base = [p for p in points if p[0] <= last_day - timedelta(days=30)][-1]
    rate = (current - base) / (last_day - base_day).days
    if rate > 0:
        target = ladder(name, top)[-1]
        when = last_day + timedelta(days=math.ceil((target - current) / rate))
        expected.append((target, when.isoformat(), True))
    got = [(r["threshold"], r["date"], r["projected"]) for r in cli("milestones", name)]
    assert got == expected


@pytest.mark.parametrize("by", ["week", "month", "year"])
def test_compare_every_period(reference: Path, by: str) -> None:
    series, first, last = load(reference)
    got = cli("compare", "--by", by, "--periods", "100000", *CHECKED)
    expected = []
    for name in CHECKED:
        rows = by_period(series[name], by, first, last)
        for previous, row in zip([None, *rows], rows, strict=False):
            before = previous["change"] if previous else None
            vs = versus(row, previous)
            expected.append((name, row["last"].isoformat(),
                             row["since"].isoformat() if row["since"] else None,
                             row["change"], before, vs, row["partial"]))  # fmt: skip
    assert [(r["category"], r["last"], r["since"], r["change"], r["previous_change"],
             r["vs_previous"], r["partial"]) for r in got] == expected  # fmt: skip
