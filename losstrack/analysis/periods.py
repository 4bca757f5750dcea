"""Pure functions for the insight commands: sparkline, top changes, milestones, comparisons."""

from __future__ import annotations

import math
from collections.abc import Container, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from losstrack.analysis import series
from losstrack.errors import UsageError
from losstrack.registry import WAR_START

BARS = "▁▂▃▄▅▆▇█"
SPARK_REPORTS = 30


def sparkline(values: Sequence[float | None]) -> str:
    """One bar per value, scaled from the smallest to the largest; a gap for a missing value."""
    known = [v for v in values if v is not None and not math.isnan(v)]
    if not known:
        return " " * len(values)
    low, high = min(known), max(known)
    span = high - low
    bars = []
    for value in values:
        if value is None or math.isnan(value):
            bars.append(" ")
        else:
            step = 0 if span == 0 else round((value - low) / span * (len(BARS) - 1))
            bars.append(BARS[step])
    return "".join(bars)


def spark_note(frame: pd.DataFrame, category: str, until: pd.Timestamp) -> str:
    """A line with the sparkline of one category's change per day over its last 30 reports."""
    table = series.changes(frame, category)
    recent = table.loc[table.index <= until].tail(SPARK_REPORTS)
    # A change spanning a missing day is spread over its days, so a gap is not a spike.
    per_day = (recent["change"].astype("Float64") / recent["days"]).astype("float64")
    known = per_day.dropna()
    if known.empty:
        return ""
    line = sparkline(per_day.tolist())
    from losstrack.i18n import count, tr

    return tr("Change per day over the last {reports} to {day}: {line} (min {low}, max {high})",
              reports=count(len(recent), "report"), day=until.date().isoformat(), line=line,
              low=round(known.min()), high=round(known.max()))  # fmt: skip


PERIOD_FREQ = {"week": "W-SUN", "month": "M", "year": "Y"}
PERSONNEL_STEP = 50_000
RATE_DAYS = 30


def top_days(frame: pd.DataFrame, category: str, n: int) -> pd.DataFrame:
    """The `n` largest report-to-report changes (date, previous, days, change, total)."""
    table = series.changes(frame, category).dropna(subset=["change"])
    table = table.rename_axis("date").reset_index()
    ranked = table.sort_values(["change", "date"], ascending=[False, True], kind="stable")
    return ranked.head(n).reset_index(drop=True)


def periods(frame: pd.DataFrame, category: str, by: str) -> pd.DataFrame:
    """One row per calendar period with a report: its last report and the change over it.

    The change is the last report in the period minus the last report before it. A category
    reported from the first report on counts from zero at the invasion; one that appears later
    has no change for its first period, since its first total covers unknown earlier days.
    Plain numpy over the dates: `compare` runs it for every category it shows.
    """
    totals = frame[category].dropna()
    values = totals.to_numpy(dtype="int64")
    stamps = pd.DatetimeIndex(totals.index)
    days = stamps.to_numpy().astype("datetime64[D]")
    keys = _starts(days, by)
    changed = np.append(keys[1:] != keys[:-1], True) if len(keys) else np.zeros(0, dtype=bool)
    ends_at = np.flatnonzero(changed)  # the last report of each period
    starts, last, total = keys[ends_at], stamps[ends_at], values[ends_at]
    before = last.to_numpy().copy()  # each period's since: the last report of the one before
    before[1:], before[:1] = before[:-1], np.datetime64("NaT")
    since = pd.DatetimeIndex(before)
    base = pd.array([None, *total[:-1]][: len(total)], dtype="Int64")
    counts_from_zero = bool(len(totals)) and totals.index[0] == frame.index.min()
    if counts_from_zero:
        since = since.where(np.arange(len(since)) > 0, pd.Timestamp(WAR_START))
        base[0] = 0
    unit = f"datetime64[{np.datetime_data(before.dtype)[0]}]"  # the dates' own unit
    start = pd.DatetimeIndex(starts.astype(unit))
    result = pd.DataFrame({
        "period": _labels(start, by), "start": start,
        "end": pd.DatetimeIndex((_step(starts, by, 1) - 1).astype(unit)),
        "last": last.to_numpy(), "since": since.to_numpy(), "total": total,
        "change": pd.Series(total, dtype="Int64") - pd.Series(base, dtype="Int64"),
    })  # fmt: skip
    result["days"] = (result["last"] - result["since"]).dt.days.astype("Int64")
    # A period is partial when it has not ended, or when the figures start part-way into it:
    # at the invasion, or on a category's first report (its first period has no change).
    covered = pd.Timestamp(WAR_START) if counts_from_zero else totals.index.min()
    result["ends_early"] = result["end"] > frame.index.max()
    result["starts_late"] = result["start"] < covered if len(totals) else False
    result["partial"] = result["ends_early"] | result["starts_late"]
    result["covered_from"] = covered if len(totals) else pd.NaT
    # True when whole periods without a report lie between this one and the report before it.
    previous_start = pd.DatetimeIndex(_step(starts, by, -1).astype(unit))
    result["spans"] = (result["since"] < previous_start).to_numpy()
    return result


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


def _labels(starts: pd.DatetimeIndex, by: str) -> list[str]:
    """ISO week (2026-W35), month (2026-08) or year (2026) of each period start."""
    if by == "week":
        iso = starts.isocalendar()
        return [f"{y}-W{w:02d}" for y, w in zip(iso["year"], iso["week"], strict=True)]
    return list(starts.strftime("%Y-%m" if by == "month" else "%Y"))


def top_periods(frame: pd.DataFrame, category: str, by: str, n: int) -> pd.DataFrame:
    """The `n` calendar periods with the largest change (ties: the earlier first)."""
    table = periods(frame, category, by).dropna(subset=["change"])
    ranked = table.sort_values(["change", "start"], ascending=[False, True], kind="stable")
    return ranked.head(n).reset_index(drop=True)


def compare(frame: pd.DataFrame, category: str, by: str, count: int) -> pd.DataFrame:
    """The last `count` periods with their change, and how it differs from the period before."""
    table = periods(frame, category, by).tail(count + 1).reset_index(drop=True)
    change = table["change"].to_numpy(dtype="float64", na_value=np.nan)
    rate = change / table["days"].to_numpy(dtype="float64", na_value=np.nan)
    before, rate_before = _shifted(change), _shifted(rate)
    # Where either period is partial, totals mislead: compare the change per day instead.
    partial = table["partial"].to_numpy(dtype=bool)
    by_rate = partial | np.append(False, partial[:-1])[: len(partial)]
    versus = np.where(by_rate, np.round(rate - rate_before, 1), change - before)
    base = np.where(by_rate, rate_before, before)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(base > 0, np.where(by_rate, rate - rate_before, change - before) / base,
                         np.nan)  # fmt: skip
    table["previous_change"] = pd.array(before, dtype="Float64").astype("Int64")
    table["previous_per_day"] = _floats(np.round(rate_before, 1))
    table["basis"] = pd.Series(np.where(by_rate, "per_day", "total"), dtype="str")
    table["vs_previous"] = _floats(versus)
    table["vs_previous_pct"] = _floats(np.round(share * 100, 1))
    table["per_day"] = _floats(np.round(rate, 1))
    return table.tail(count).reset_index(drop=True)


def _shifted(values: np.ndarray) -> np.ndarray:
    """Each period's value of the period before (NaN for the first)."""
    return np.append(np.nan, values[:-1])[: len(values)]


def _floats(values: np.ndarray) -> pd.arrays.FloatingArray:
    """Nullable floats: NaN is a missing value."""
    return pd.array(values, dtype="Float64")


def ladder(category: str, upto: int) -> list[int]:
    """Round thresholds, up to and including the first one above `upto`.

    Personnel: 10,000, 50,000, then every 50,000. Other categories: 1, 2 and 5 times a power
    of ten (1, 2, 5, 10, 20, 50, 100, ...).
    """
    if category == "personnel":
        steps = [10_000, PERSONNEL_STEP]
        while steps[-1] <= upto:
            steps.append(steps[-1] + PERSONNEL_STEP)
        return steps
    steps, power = [], 1
    while True:
        for factor in (1, 2, 5):
            steps.append(factor * power)
            if steps[-1] > upto:
                return steps
        power *= 10


def milestones(frame: pd.DataFrame, category: str) -> pd.DataFrame:
    """Each threshold first reached after the first report: threshold, date, total that day."""
    import numpy as np

    totals = frame[category].dropna().astype("int64")
    if totals.empty:
        return pd.DataFrame(columns=["threshold", "date", "total"])
    peak = totals.cummax().to_numpy()
    wanted = [t for t in ladder(category, int(peak[-1])) if int(totals.iloc[0]) < t <= peak[-1]]
    # The running maximum only grows, so a sorted search finds the first report at or above.
    found = np.searchsorted(peak, wanted, side="left")
    return pd.DataFrame(
        {"threshold": wanted, "date": totals.index[found], "total": totals.to_numpy()[found]}
    )


@dataclass(frozen=True)
class Projection:
    """The next threshold and the day it would be reached at the recent rate."""

    threshold: int
    date: pd.Timestamp
    rate_per_day: float
    rate_since: pd.Timestamp
    rate_until: pd.Timestamp
    current: int


def projection(frame: pd.DataFrame, category: str, days: int = RATE_DAYS) -> Projection | None:
    """When the next threshold comes at the rate of the last `days` days; None if not rising."""
    totals = frame[category].dropna().astype("int64")
    if totals.empty:
        return None
    last_day, current = totals.index[-1], int(totals.iloc[-1])
    earlier = totals.loc[totals.index <= last_day - pd.Timedelta(days=days)]
    if earlier.empty:
        return None
    span = (last_day - earlier.index[-1]).days
    rate = (current - int(earlier.iloc[-1])) / span
    if round(rate, 1) <= 0:  # a rate shown as 0.0 a day projects nothing
        return None
    target = ladder(category, int(totals.max()))[-1]
    needed = math.ceil((target - current) / rate)
    return Projection(
        target, last_day + pd.Timedelta(days=needed), rate, earlier.index[-1], last_day, current
    )


def report_pair(
    frame: pd.DataFrame, day: pd.Timestamp, glitches: Container[tuple[pd.Timestamp, str]] = ()
) -> tuple[pd.Timestamp, pd.DataFrame]:
    """The report before `day`, and every category on both: category, previous, total, change.

    `frame` has its `glitches` emptied: a category whose value of `day` is one is left out, and
    one whose previous value is one counts from its last report before (`since`).
    """
    position = int(frame.index.searchsorted(day))  # `day` is a report date
    if position <= 0:
        raise UsageError(f"no report before {day.date().isoformat()} to compare it with")
    previous = pd.Timestamp(frame.index[position - 1])
    both = series.diff(frame, previous, day, glitches).dropna(subset=["from", "to"])
    table = pd.DataFrame({"category": both["category"], "previous": both["from"].astype("int64"),
                          "total": both["to"].astype("int64")}).reset_index(drop=True)  # fmt: skip
    table["change"] = table["total"] - table["previous"]
    since = [series.value_on_or_before(frame, name, previous)[1] for name in table["category"]]
    table["since"] = pd.Series(since, index=table.index, dtype="datetime64[ns]")
    return previous, table


def news_rows(table: pd.DataFrame, wanted: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """Personnel first, then `wanted` (or every category that changed); and wanted ones absent."""
    lead = table[table["category"] == "personnel"]
    if lead.empty:
        raise UsageError("a summary needs the personnel figure on both reports")
    others = table[table["category"] != "personnel"]
    if wanted:
        asked = [w for w in wanted if w != "personnel"]
        missing = [w for w in asked if w not in set(others["category"])]
        others = others.set_index("category").loc[[w for w in asked if w not in missing]]
        others = others.reset_index()
    else:
        missing, others = [], others[others["change"] != 0]
    return pd.concat([lead, others], ignore_index=True), missing
