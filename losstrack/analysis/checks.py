"""Pure checks of the series: corrections, glitches, gaps, outliers, and disagreement with GitHub.

Every function takes the dataset frame (and what else it compares with) and returns a frame
of findings, one row per date and category, newest first; nothing here prints or reads files.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import compress
from typing import Any

import numpy as np
import pandas as pd

from losstrack.analysis.series import categories, find_glitches
from losstrack.i18n import Count, Message

WINDOW = 30  # reports in the "recent range" a daily change is compared with
OUTLIER_SCALE = 8.0  # how many robust deviations above the recent median count as far out
OUTLIER_FACTOR = 3.0  # ...and how many times the recent median (and twice the recent maximum)

FINDING = ["date", "category", "check", "value", "other", "detail"]


def _newest_first(rows: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    rows = [r for r in rows if not r.empty]
    if not rows:
        return pd.DataFrame(columns=columns)
    table = pd.concat(rows, ignore_index=True)[columns] if len(rows) > 1 else rows[0][columns]
    return table.sort_values(["date", "category"], ascending=[False, True], kind="stable")


def decreases(frame: pd.DataFrame, names: list[str] | None = None) -> pd.DataFrame:
    """Every fall of a cumulative total: the General Staff's own corrections.

    A fall is a total below the category's previous reported one (a missing report between
    them does not count). Plain numpy per category; only the falls become rows.
    """
    columns = ["date", "category", "previous", "old", "new", "change"]
    names = names or categories(frame)
    values = frame[names].to_numpy(dtype="float64", na_value=np.nan)
    stamps = pd.DatetimeIndex(frame.index).to_numpy()
    found = []
    for column, name in enumerate(names):
        reported = np.flatnonzero(~np.isnan(values[:, column]))
        totals = values[reported, column]
        for at in np.flatnonzero(totals[1:] < totals[:-1]):
            old, new = int(totals[at]), int(totals[at + 1])
            row = int(reported[at + 1])
            found.append(
                (row, column, stamps[row], name, stamps[reported[at]], old, new, new - old)
            )
    if not found:
        return pd.DataFrame(columns=columns)
    found.sort(key=lambda f: f[:2])  # by date, then category: the order of the frame
    rows = dict(zip(columns, zip(*(f[2:] for f in found), strict=True), strict=True))
    table = pd.DataFrame({
        "date": np.array(rows["date"], dtype=stamps.dtype), "category": list(rows["category"]),
        "previous": np.array(rows["previous"], dtype=stamps.dtype),
        **{key: np.array(rows[key], dtype="int64") for key in ("old", "new", "change")},
    })  # fmt: skip
    return _newest_first([table], columns)


def glitches(frame: pd.DataFrame) -> pd.DataFrame:
    """Totals out of line with both neighbours, which are in order with each other."""
    rows = []
    for g in find_glitches(frame):
        detail = Message("between {before} ({since}) and {after} ({until})", before=g.before,
                         since=g.since.date(), after=g.after, until=g.until.date())  # fmt: skip
        rows.append({**_finding(g.day, g.category, "glitch", g.value, None, detail),
                     "until": g.until})  # fmt: skip
    return _newest_first([_findings(rows, [*FINDING, "until"])], [*FINDING, "until"])


def _finding(
    day: Any, name: str, check: str, value: Any, other: Any, detail: str
) -> dict[str, Any]:
    return {"date": pd.Timestamp(day), "category": name, "check": check, "value": value,
            "other": other, "detail": detail}  # fmt: skip


def _findings(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """Findings as one frame: dates as dates, the rest as objects.

    Object columns: a str dtype (pandas 3 with pyarrow) would turn a Message into a plain str,
    which then could not be shown in the language of the view.
    """
    table = {c: pd.Series([r[c] for r in rows], dtype=object) for c in columns}
    for column in ("date", "until"):
        if column in table:
            table[column] = pd.to_datetime(pd.Series([r[column] for r in rows]))
    return pd.DataFrame(table)


def gaps(frame: pd.DataFrame) -> pd.DataFrame:
    """Runs of days without a report."""
    dates = frame.index.to_series()
    step = dates.diff().dt.days
    rows = []
    for day in dates.index[(step > 1).to_numpy()]:
        missing = int(step[day]) - 1
        first = (day - pd.Timedelta(days=missing)).date()
        last = (day - pd.Timedelta(days=1)).date()
        if missing == 1:
            detail = Message("no report on {day}", day=first)
        else:
            detail = Message("no report on {first}..{last} ({days})", first=first, last=last,
                             days=Count(missing, "day", "days"))  # fmt: skip
        rows.append(_finding(first, "", "missing", None, None, detail))
    return _newest_first([_findings(rows, FINDING)], FINDING)


def outliers(frame: pd.DataFrame) -> pd.DataFrame:
    """Daily changes far above the category's recent range (falls are `decreases`)."""
    rows = []
    for name in categories(frame):
        column = frame[name].dropna()
        if len(column) < 2:
            continue
        dates = pd.DatetimeIndex(column.index)
        totals = column.to_numpy(dtype="int64")
        change = totals[1:] - totals[:-1]
        rate = change / (dates[1:] - dates[:-1]).days.to_numpy(dtype="float64")
        before = np.append(np.nan, rate[:-1])  # each report: the ones before it
        highest = _rolling(before, np.max)
        # The limit is at least twice the recent maximum (defined where the median is): only
        # a change above that may be far out, and medians are taken for those alone.
        with np.errstate(invalid="ignore"):
            maybe = np.flatnonzero(rate > 2 * highest)
        if not len(maybe):
            continue
        median, spread = _medians(before, maybe)
        limit = np.fmax(np.fmax(median + OUTLIER_SCALE * np.maximum(1.4826 * spread, 1),
                                OUTLIER_FACTOR * np.maximum(median, 1)), 2 * highest[maybe])  # fmt: skip
        for i in np.flatnonzero((rate[maybe] > limit) & ~np.isnan(median)):
            at = int(maybe[i])
            row = {"date": dates[at + 1], "rate": rate[at], "median": median[i],
                   "highest": highest[at], "change": int(change[at])}  # fmt: skip
            detail = Message("{rate:+,.0f} a day; the previous {reports}: median {median:+,.0f}, "
                             "highest {highest:+,.0f}", rate=row["rate"], median=row["median"],
                             reports=Count(WINDOW, "report"), highest=row["highest"])  # fmt: skip
            rows.append(_finding(row["date"], name, "outlier", row["change"],
                                 round(row["median"]), detail))  # fmt: skip
    return _newest_first([_findings(rows, FINDING)], FINDING)


def _medians(before: np.ndarray, at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The recent median and robust spread at positions `at`, as `_rolling` gives them.

    The spread is the median of |value - its own recent median| over the window, so the
    medians of every position in the windows of `at` are taken (NaN before a full window).
    """
    need = np.unique((at[:, None] - np.arange(WINDOW)[None, :]).ravel())
    need = need[need >= WINDOW - 1]
    median = np.full(len(before), np.nan)
    if len(need):
        windows = np.lib.stride_tricks.sliding_window_view(before, WINDOW)
        median[need] = np.median(windows[need - (WINDOW - 1)], axis=1)
    spread = np.full(len(at), np.nan)
    full = at >= WINDOW - 1
    rows = at[full][:, None] - np.arange(WINDOW)[None, ::-1]
    if len(rows):
        spread[full] = np.median(np.abs(before[rows] - median[rows]), axis=1)
    return median[at], spread


def _rolling(values: np.ndarray, how: Any) -> np.ndarray:
    """`how` (median, max) over each full window of WINDOW values ending here; NaN before, and
    wherever the window holds a NaN (pandas' rolling with min_periods=WINDOW)."""
    out = np.full(len(values), np.nan)
    if len(values) >= WINDOW:
        windows = np.lib.stride_tricks.sliding_window_view(values, WINDOW)
        out[WINDOW - 1 :] = how(windows, axis=1)
    return out


def stated_mismatches(frame: pd.DataFrame, stated: list[dict[str, Any]]) -> pd.DataFrame:
    """Stated changes that differ from the change of the totals, naming who stated them.

    The API's `increase` counts from the category's previous report, so it is compared with
    the change since that report; a pasted report's "(+N)" counts from the day before, so only
    where that day's total is stored. A category's first report has nothing before it: what a
    source states there (the API's is the running total itself) is not compared.
    """
    by_name: dict[str, dict[date, tuple[int, str]]] = {}
    for e in stated:  # the latest entry of each date and category, as latest_stated()
        by_name.setdefault(e["category"], {})[e["date"]] = (e["stated"], e["source"])
    days = list(pd.DatetimeIndex(frame.index).date)
    rows = []
    for name, items in sorted(by_name.items()):
        if name in frame.columns:
            rows += _stated_against(frame[name], days, name, items)
    return _newest_first([_findings(rows, FINDING)], FINDING)


def _stated_against(
    series: pd.Series, days: list[date], name: str, items: dict[date, tuple[int, str]]
) -> list[dict[str, Any]]:
    """Findings of one category's stated changes (`days`: the frame's dates, as dates)."""
    dates = list(compress(days, series.notna().tolist()))
    totals = series.dropna().astype("int64").tolist()
    # date -> (its total, the category's report before, that report's total)
    previous = dict(
        zip(dates[1:], zip(totals[1:], dates[:-1], totals[:-1], strict=True), strict=True)
    )
    found = []
    for day, (claimed, source) in items.items():
        near = previous.get(day)
        if near is None or (source != "api" and near[1] != day - timedelta(days=1)):
            continue
        actual = near[0] - near[2]
        if actual != claimed:
            detail = _stated_detail(source, claimed, actual, near[1], day)
            found.append(_finding(day, name, "stated", actual, claimed, detail))
    return found


def _stated_detail(source: str, stated: int, actual: int, before: date, day: date) -> Message:
    """Who stated a change (by the source name of the stated log), and what the totals say."""
    values: dict[str, Any] = {"stated": stated, "actual": actual, "before": before, "day": day}
    if source == "api":
        return Message("the API states {stated:+,}; the totals of {before} and {day} differ by "
                       "{actual:+,}", **values)  # fmt: skip
    if source == "text":
        return Message("the report states {stated:+,}; the totals of {before} and {day} differ "
                       "by {actual:+,}", **values)  # fmt: skip
    return Message("{source} states {stated:+,}; the totals of {before} and {day} differ by "
                   "{actual:+,}", source=source, **values)  # fmt: skip


def first_day_stated(
    frame: pd.DataFrame, stated: dict[tuple[date, str], tuple[int, str]]
) -> dict[str, tuple[date, int]]:
    """{category: (its first report in `frame`, the change stated that day)}, where it is a day's.

    `stated` is journal.latest_stated(...). A first report has no change of the totals to show,
    but a source may state one. Only 0 <= stated < total is a day's figure: a stated value
    equal to the total is the source counting from zero (the API's 1,306 ground robotic
    systems on 2026-05-03, a running total), and a category with no such value is left out.
    """
    found = {}
    for name in categories(frame):
        reported = frame[name].dropna()
        if reported.empty:
            continue
        day = reported.index[0].date()
        claim = stated.get((day, name))
        if claim is not None and 0 <= claim[0] < int(reported.iloc[0]):
            found[name] = (day, claim[0])
    return found


def _one_day_change(frame: pd.DataFrame, day: date, name: str) -> int | None:
    if name not in frame.columns:
        return None
    today, before = pd.Timestamp(day), pd.Timestamp(day - timedelta(days=1))
    if today not in frame.index or before not in frame.index:
        return None
    pair = frame.loc[[before, today], name]
    return None if pair.isna().any() else int(pair.iloc[1]) - int(pair.iloc[0])


def stated_warnings(frame: pd.DataFrame, day: date, stated: dict[str, int]) -> list[str]:
    """Warnings for a pasted report whose "(+N)" disagree with the stored previous report."""
    if not stated:
        return []
    before = day - timedelta(days=1)
    if pd.Timestamp(before) not in frame.index:
        return [f"no stored report of {before}, so the report's (+N) were not checked"]
    warnings = []
    totals = frame.loc[[pd.Timestamp(before), pd.Timestamp(day)]]
    for name, claimed in stated.items():
        actual = _one_day_change(frame, day, name)
        if actual is not None and actual != claimed:
            old, new = (int(v) for v in totals[name])
            warnings.append(f"{name}: the report states {claimed:+,}, but {new:,} - {old:,} "
                            f"(stored for {before}) is {actual:+,}")  # fmt: skip
    return warnings


def internal(frame: pd.DataFrame, stated: list[dict[str, Any]]) -> pd.DataFrame:
    """Every internal check; a fall or a stated change a one-day glitch explains is the glitch."""
    glitch = glitches(frame)
    odd = set(zip(glitch["date"], glitch["category"], strict=True))
    # The change after a one-day glitch is as out of line as the glitch: not a finding of its own.
    echoes = set(zip(glitch["until"], glitch["category"], strict=True))
    far = outliers(frame)
    far = far[[k not in echoes for k in zip(far["date"], far["category"], strict=True)]]
    falls = [
        _finding(r["date"], r["category"], "decrease", r["new"], r["old"],
                 Message("{old} ({since}) -> {new}", old=r["old"], since=r["previous"].date(),
                         new=r["new"]))
        for r in decreases(frame).to_dict("records")
        if (r["date"], r["category"]) not in odd and (r["previous"], r["category"]) not in odd
    ]  # fmt: skip
    claims = stated_mismatches(frame, stated)  # the change into and out of a glitch: the glitch
    explained = odd | echoes
    keys = zip(claims["date"], claims["category"], strict=True)
    claims = claims.loc[[k not in explained for k in keys]]
    parts = [glitch, gaps(frame), far, claims, _findings(falls, FINDING)]
    return _newest_first(parts, FINDING)


def against(
    frame: pd.DataFrame, other: pd.DataFrame, corrections: dict[tuple[date, str], int] | None
) -> pd.DataFrame:
    """Every date and category where `other` disagrees, and whether a correction explains it.

    `corrections` are the signed adjustments GitHub's correction file lists: a difference is
    explained when GitHub's value plus the adjustment is the local value. None: no file.
    """
    names = [c for c in categories(frame) if c in other.columns]
    common = frame.index.intersection(other.index)
    ours = frame.loc[common, names].stack()
    theirs = other.loc[common, names].stack()
    both = pd.concat({"local": ours, "github": theirs}, axis=1, join="inner")
    both = both[both["local"] != both["github"]].astype("int64")
    table = both.reset_index(names=["date", "category"])
    table["difference"] = table["github"] - table["local"]
    if corrections is None:
        table["correction"], table["explained"] = None, None
    else:
        keys = zip(table["date"].dt.date, table["category"], strict=True)
        table["correction"] = pd.array([corrections.get(key) for key in keys], dtype="Int64")
        table["explained"] = [
            adj is not pd.NA and gh + adj == loc
            for adj, gh, loc in zip(
                table["correction"], table["github"], table["local"], strict=True
            )
        ]
    return table.sort_values(["date", "category"], ascending=[False, True], kind="stable")
