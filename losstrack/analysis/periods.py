"""Calendar periods of one category: the change over each, the largest ones, each against the
one before, and the largest changes from report to report.

Plain numpy over the dates: `compare` runs it for every category it shows, so a period is a
position in a few arrays, and a frame is built only when one is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd

from losstrack.analysis import series
from losstrack.registry import WAR_START

_NAT = np.datetime64("NaT", "D")


@dataclass(frozen=True)
class Periods:
    """One category's calendar periods with a report, oldest first, as numpy columns.

    Dates are datetime64[D]; `change` is NaN for a period without one (the first period of a
    category that appears after the first report: its first total covers unknown days).
    """

    by: str  # week, month or year
    start: np.ndarray  # the period's first day
    last: np.ndarray  # its last report
    since: np.ndarray  # the last report before it (NaT: none)
    total: np.ndarray  # int64: the total on `last`
    change: np.ndarray  # float64: `total` minus the total on `since`
    covered: np.datetime64  # where the figures start: the invasion, or the first report
    latest: np.datetime64  # the dataset's latest report: a period running past it is partial

    def __len__(self) -> int:
        return len(self.start)

    @property
    def end(self) -> np.ndarray:
        """The period's last day."""
        return _step(self.start, self.by, 1) - 1

    @property
    def days(self) -> np.ndarray:
        """float64: the days from `since` to `last` (NaN without a `since`)."""
        days = (self.last - self.since).astype("float64")
        return np.where(np.isnat(self.since), np.nan, days)

    @property
    def ends_early(self) -> np.ndarray:
        """The period has not ended by the latest report."""
        return self.end > self.latest

    @property
    def starts_late(self) -> np.ndarray:
        """The figures start part-way into the period (at the invasion, or a first report)."""
        return self.start < self.covered

    @property
    def partial(self) -> np.ndarray:
        partial: np.ndarray = self.ends_early | self.starts_late
        return partial

    @property
    def spans(self) -> np.ndarray:
        """Whole periods without a report lie between this one and the report before it."""
        return self.since < _step(self.start, self.by, -1)  # NaT compares False

    def take(self, positions: np.ndarray | slice) -> Periods:
        """The periods at `positions`, in their order."""
        return replace(self, start=self.start[positions], last=self.last[positions],
                       since=self.since[positions], total=self.total[positions],
                       change=self.change[positions])  # fmt: skip

    def labels(self) -> list[str]:
        """ISO week (2026-W35), month (2026-08) or year (2026) of each period."""
        days = [date.fromisoformat(str(d)) for d in self.start]
        if self.by == "week":
            return ["{}-W{:02d}".format(*d.isocalendar()[:2]) for d in days]
        return [d.isoformat()[: 7 if self.by == "month" else 4] for d in days]

    def frame(self, unit: str = "s") -> pd.DataFrame:
        """The periods as a frame: dates in `unit`, change and days as nullable integers."""

        def dates(values: np.ndarray) -> np.ndarray:
            return values.astype(f"datetime64[{unit}]")

        return pd.DataFrame({
            "period": self.labels(), "start": dates(self.start), "end": dates(self.end),
            "last": dates(self.last), "since": dates(self.since), "total": self.total,
            "change": pd.array(self.change, dtype="Float64").astype("Int64"),
            "days": pd.array(self.days, dtype="Float64").astype("Int64"),
            "ends_early": self.ends_early, "starts_late": self.starts_late,
            "partial": self.partial, "covered_from": dates(np.full(len(self), self.covered)),
            "spans": self.spans,
        })  # fmt: skip


def table(frame: pd.DataFrame, category: str, by: str) -> Periods:
    """One category's periods with a report: the last report in each and the change over it.

    The change is the last report in the period minus the last report before it. A category
    reported from the first report on counts from zero at the invasion; one that appears later
    has no change for its first period, since its first total covers unknown earlier days.
    """
    column = frame[category]
    reported = column.notna().to_numpy()
    values = column.to_numpy(dtype="float64", na_value=np.nan)[reported]
    days = pd.DatetimeIndex(frame.index).to_numpy().astype("datetime64[D]")
    latest = days[-1] if len(days) else _NAT
    days = days[reported]
    keys = _starts(days, by)
    ends_at = np.flatnonzero(np.append(keys[1:] != keys[:-1], True)[: len(keys)])
    last, total = days[ends_at], values[ends_at]
    since = np.append(_NAT, last[:-1])[: len(last)]
    base = np.append(np.nan, total[:-1])[: len(total)]
    counts_from_zero = bool(len(reported)) and bool(reported[0])
    if counts_from_zero:
        since[0], base[0] = np.datetime64(WAR_START, "D"), 0.0
    first = days[0] if len(days) else _NAT
    covered = np.datetime64(WAR_START, "D") if counts_from_zero else first
    return Periods(by, keys[ends_at], last, since, total.astype("int64"), total - base,
                   covered, latest)  # fmt: skip


def periods(frame: pd.DataFrame, category: str, by: str) -> pd.DataFrame:
    """`table` as a frame (one row per period, dates in the frame's own unit)."""
    unit = np.datetime_data(pd.DatetimeIndex(frame.index).to_numpy().dtype)[0]
    return table(frame, category, by).frame(unit)


def _starts(days: np.ndarray, by: str) -> np.ndarray:
    """The first day of each day's period: its ISO week's Monday, its month's or year's 1st."""
    if by == "week":
        monday: np.ndarray = days - (days.view("int64") + 3) % 7  # 1970-01-01 was a Thursday
        return monday
    return days.astype("datetime64[M]" if by == "month" else "datetime64[Y]").astype(
        "datetime64[D]"
    )


def _step(starts: np.ndarray, by: str, n: int) -> np.ndarray:
    """The first days of the periods `n` after (or before) those starting on `starts`."""
    if by == "week":
        return starts + 7 * n
    unit = "datetime64[M]" if by == "month" else "datetime64[Y]"
    return (starts.astype(unit) + n).astype("datetime64[D]")


def top_periods(frame: pd.DataFrame, category: str, by: str, n: int) -> Periods:
    """The `n` calendar periods with the largest change, largest first (ties: earlier first)."""
    found = table(frame, category, by)
    valid = np.flatnonzero(~np.isnan(found.change))
    order = np.lexsort((found.start[valid], -found.change[valid]))
    return found.take(valid[order][:n])


@dataclass(frozen=True)
class Compared:
    """The last periods of a category, each against the one before it.

    Where either period is partial, totals mislead: `by_rate` compares the change per day.
    Floats are NaN where there is nothing to compare.
    """

    periods: Periods
    per_day: np.ndarray
    previous_change: np.ndarray
    previous_per_day: np.ndarray
    by_rate: np.ndarray  # bool
    vs_previous: np.ndarray
    vs_previous_pct: np.ndarray


def compare(frame: pd.DataFrame, category: str, by: str, count: int) -> Compared:
    """The last `count` periods with their change, and how it differs from the period before."""
    found = table(frame, category, by)
    found = found.take(slice(max(len(found) - count - 1, 0), None))
    change = found.change
    rate = change / found.days
    before, rate_before = _shifted(change), _shifted(rate)
    partial = found.partial
    by_rate = partial | np.append(False, partial[:-1])[: len(partial)]
    versus = np.where(by_rate, np.round(rate - rate_before, 1), change - before)
    base = np.where(by_rate, rate_before, before)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(base > 0, np.where(by_rate, rate - rate_before, change - before) / base,
                         np.nan)  # fmt: skip
    shown = slice(max(len(found) - count, 0), None)
    return Compared(found.take(shown), np.round(rate, 1)[shown], before[shown],
                    np.round(rate_before, 1)[shown], by_rate[shown], versus[shown],
                    np.round(share * 100, 1)[shown])  # fmt: skip


def _shifted(values: np.ndarray) -> np.ndarray:
    """Each period's value of the period before (NaN for the first)."""
    return np.append(np.nan, values[:-1])[: len(values)]


def top_days(frame: pd.DataFrame, category: str, n: int) -> pd.DataFrame:
    """The `n` largest report-to-report changes (date, previous, days, change, total)."""
    ranked = series.changes(frame, category).dropna(subset=["change"])
    ranked = ranked.rename_axis("date").reset_index()
    ranked = ranked.sort_values(["change", "date"], ascending=[False, True], kind="stable")
    return ranked.head(n).reset_index(drop=True)
