"""The plausibility gate: an update that looks like an upstream accident is refused before any write.

Tuned on the real history (2022-02-25..2026-08-31): on no day did more than two categories
fall at once; the largest real fall is ground robotic systems 1,619 -> 1,411 (-13%, a glitch
of 2026-06-09) apart from submarines 2 -> 1; the largest real rise is vehicles +290% in the
first days of the war. A poisoned upstream (every total divided by 10, every total 0, empty
figures) or a report pasted for the wrong year is far outside that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from losstrack.dataset.store import META
from losstrack.errors import DataError

FALLS_AT_ONCE = 4  # categories falling on one date (the real history's most is 2)
LARGE_FRACTION = 0.25  # a fall, or a change of a stored value, by more than this...
LARGE_UNITS = 10  # ...and by at least this many (submarines 2 -> 1 is a real correction)
RISE_FACTOR = 5.0  # a total this many times the previous one (the real most is 3.9x)...
RISE_FROM = 100  # ...from at least this much
SHOWN = 3  # figures named in the refusal


@dataclass(frozen=True)
class Doubt:
    """One figure that makes an update look wrong."""

    day: date
    category: str
    old: int
    new: int
    why: str  # "falls", "replaces", "rises"

    @property
    def weight(self) -> float:
        """How far out of line it is, for naming the worst first."""
        return abs(self.new - self.old) / max(self.old, 1)

    def text(self) -> str:
        """`tanks 3,794 -> 379 on 2023-05-27 (-90%)`."""
        change = f"{(self.new - self.old) / self.old:+.0%}" if self.old else "from 0"
        return f"{self.category} {self.old:,} -> {self.new:,} ({change})"


FORCE = "run it again with --force (`losstrack undo` reverts it)"  # the CLI's way past it


def check(
    base: pd.DataFrame,
    result: pd.DataFrame,
    fetched: pd.DataFrame,
    pasted: date | None = None,
    how_to_force: str = FORCE,
) -> None:
    """Raise a DataError naming the worst figures when `result` is not a plausible successor.

    `fetched` is what the source sent (its rows are the reports checked for figures at all);
    `pasted` is the date of a pasted report, which must agree with most stored figures of it;
    `how_to_force` says how to store it anyway, in the caller's terms.
    """
    problems = _empty_reports(fetched)
    doubts = _doubts(base, result)
    problems += _falls_at_once(doubts)
    worst_of: dict[tuple[date, str], Doubt] = {}
    for doubt in filter(_large, doubts):
        key = (doubt.day, doubt.category)
        if key not in worst_of or doubt.weight > worst_of[key].weight:
            worst_of[key] = doubt
    large = list(worst_of.values())
    if large:
        worst = sorted(large, key=lambda d: -d.weight)[:SHOWN]
        problems.append(
            f"{len(large)} figure(s) change by more than {LARGE_FRACTION:.0%}: "
            + "; ".join(f"{d.text()} on {d.day}" for d in worst)
        )
    if pasted is not None:
        problems += _contradicted(base, result, pasted)
    if problems:
        raise DataError(
            "refused the update, it does not look like the General Staff's figures: "
            + "; ".join(problems)
            + f". If the source is right, {how_to_force}"
        )


def _empty_reports(fetched: pd.DataFrame) -> list[str]:
    totals = fetched[[c for c in fetched.columns if c not in META]]
    none = totals.notna().sum(axis=1) == 0
    zero = (totals.fillna(0) == 0).all(axis=1) & ~none
    found = []
    for mask, what in ((none, "no figures"), (zero, "every total 0")):
        days = [ts.date() for ts in fetched.index[mask.to_numpy()]]
        if days:
            found.append(f"{len(days)} report(s) with {what} ({_days(days)})")
    return found


def _doubts(base: pd.DataFrame, result: pd.DataFrame) -> list[Doubt]:
    """Falls and rises at the dates the update adds or changes, and the stored values it replaces."""
    names = [c for c in result.columns if c not in META]
    now = _numbers(result, names)
    stored = _numbers(base.reindex(index=result.index, columns=names), names)
    touched = np.flatnonzero(
        ~result.index.isin(base.index) | (~np.isnan(now) & (now != stored)).any(axis=1)
    )
    if not len(touched):
        return []
    before = pd.DataFrame(now).ffill().shift(1).to_numpy()[touched]
    now, stored = now[touched], stored[touched]
    with np.errstate(invalid="ignore"):
        seen = ~np.isnan(now) & ~np.isnan(before)
        kinds = (
            ("falls", seen & (now < before), before),
            ("rises", seen & (before >= RISE_FROM) & (now > RISE_FACTOR * before), before),
            ("replaces", ~np.isnan(now) & ~np.isnan(stored) & (now != stored), stored),
        )
    found = []
    for why, mask, old in kinds:
        for row, col in zip(*np.nonzero(mask), strict=True):
            day = result.index[touched[row]].date()
            found.append(Doubt(day, names[col], int(old[row, col]), int(now[row, col]), why))
    return found


def _numbers(frame: pd.DataFrame, names: list[str]) -> np.ndarray:
    """The totals as floats, NaN where none was reported."""
    return frame[names].to_numpy(dtype="float64", na_value=np.nan)


def _large(doubt: Doubt) -> bool:
    if doubt.why == "rises":
        return True
    step = abs(doubt.new - doubt.old)
    return step >= LARGE_UNITS and step > LARGE_FRACTION * doubt.old


def _falls_at_once(doubts: list[Doubt]) -> list[str]:
    by_day: dict[date, list[Doubt]] = {}
    for doubt in doubts:
        if doubt.why == "falls":
            by_day.setdefault(doubt.day, []).append(doubt)
    return [
        f"{len(falls)} categories fall on {day} ({'; '.join(d.text() for d in falls[:SHOWN])})"
        for day, falls in sorted(by_day.items())
        if len(falls) >= FALLS_AT_ONCE
    ]


def _contradicted(base: pd.DataFrame, result: pd.DataFrame, day: date) -> list[str]:
    """A pasted report must agree with most of the figures stored for its date."""
    stamp = pd.Timestamp(day)
    if stamp not in base.index:
        return []
    stored = base.loc[stamp].drop(list(META)).dropna()
    now = result.loc[stamp].reindex(stored.index)
    names = list(stored.index)
    differ = [n for n in names if str(now[n]) != str(stored[n])]
    if not names or 2 * len(differ) <= len(names):
        return []
    return [
        f"the pasted report differs from {len(differ)} of the {len(names)} figures stored "
        f"for {day} (is it of another day or year?)"
    ]


def _days(days: list[date]) -> str:
    shown = ", ".join(str(d) for d in days[:SHOWN])
    return shown + (f" and {len(days) - SHOWN} more" if len(days) > SHOWN else "")
