"""The public Python API: the series, and what every command knows, as DataFrames.

`import losstrack` exposes these functions lazily (see `__init__.py`), so the import stays
light and pandas loads on the first call. Every function reads the user's dataset, else the
bundled one, and prints nothing. Results carry `attrs["as_of"]` (the latest report of the
data, YYYY-MM-DD) and `attrs["as_published"]`. Derived figures leave one-day glitches of the
source out, like missing reports, unless `as_published=True`. The columns of each result
are in `api_frames` and the README's "From Python".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from losstrack.errors import UsageError
from losstrack.library import frames
from losstrack.library.frames import Day, Names
from losstrack.library.update import Update as Update
from losstrack.library.update import update as update

if TYPE_CHECKING:
    import pandas as pd


META = ("source", "link")


def load(
    categories: Names = None, *, since: Day = None, until: Day = None, meta: bool = False
) -> pd.DataFrame:
    """The stored series: DatetimeIndex `date`, one nullable-integer column per category.

    `categories`: names or aliases, English or Ukrainian (default: all); `since`/`until`: the
    reports between two dates, inclusive; `meta=True` adds each report's `source` and `link`.
    Values are as published (see `check()`); `attrs` also has the file read (`path`, `bundled`).
    """
    from losstrack.analysis import series

    frame = frames.dataset()
    wanted = frames.names(categories, frame) or series.categories(frame)
    frame = series.window(frame, *frames.span(since, until))
    return frame[[*wanted, *META]] if meta else frame[wanted]


def changes(
    categories: Names = None,
    *,
    since: Day = None,
    until: Day = None,
    long: bool = False,
    as_published: bool = False,
) -> pd.DataFrame:
    """The change of each category since its previous report, by report date.

    Wide (default): one Int64 column per category, and `days` since the previous report (2
    after a day without one). A change counts from the category's own previous value: where
    the report before lacks it or holds a glitch, it spans more days than `days`. `long=True`:
    index (`date`, `category`), each change with its `previous_date`, `days` and marks.
    """
    from losstrack.analysis import long as long_table
    from losstrack.analysis import series
    from losstrack.dataset import journal

    frame = frames.dataset(as_published)
    wanted = frames.names(categories, frame) or series.categories(frame)
    selected = series.window(frame, *frames.span(since, until)).index
    if long:
        h = series.honest(frame, wanted)
        table = long_table.changes(
            h, wanted, selected, journal.revised_keys(), journal.stated_changes()
        )
        index = ["date", "category"]
        return frames.cast(table, frames.CHANGE, index, frames.facts(frame))
    totals = series.honest(frame, wanted).frame[wanted]
    table = totals - totals.ffill().shift(1)
    table["days"] = frame.index.to_series().diff().dt.days.astype("Int64")
    table = table.loc[selected]
    table.attrs.clear()
    table.attrs.update(frames.facts(frame))
    return table


def diff(
    since: str | datetime.date,
    until: Day = None,
    categories: Names = None,
    *,
    as_published: bool = False,
) -> pd.DataFrame:
    """What changed between two reports: index `category`; `from`, `to`, `change`, `per_day`.

    `until` defaults to the latest report; a date without a report takes the one before it,
    and a `since` before the first report counts from zero at the invasion (2022-02-24): the
    dates used are the `since`/`until` columns. Marks: `corrections`, `revised`, `glitches`.
    """
    from losstrack.analysis import between, series
    from losstrack.dataset import journal

    frame = frames.dataset(as_published)
    wanted = frames.names(categories, frame)
    start, end = frames.day(since, "since"), frames.day(until, "until")
    if start is None:
        raise UsageError("since: give the first date of the diff")
    last = series.report_on_or_before(frame, end or frame.index.max().date(), "until")
    if start > last.date():
        raise UsageError(f"since {start} is after until {end or last.date()}")
    first = series.start_report(frame, start, "since")
    if wanted:
        frame = frame[[*wanted, *META]]
    found = between.diff(series.honest(frame), first, last, journal.revised_keys())
    return frames.typed(found, frames.DIFF, "category", frames.facts(frame))


def top(category: str, *, by: str = "day", n: int = 10, as_published: bool = False) -> pd.DataFrame:
    """The `n` largest changes of one category, largest first (index `rank`).

    `by="day"`: between consecutive reports (`days` > 1 over days without a report).
    `by="week"` or `"month"`: ISO weeks or calendar months, each its last report minus the
    last report before it, with `partial` and `spans` marks, as in `compare()`.
    """
    from losstrack.analysis import rankings, series

    frame = frames.dataset(as_published)
    name = frames.one(category, frame)
    count = frames.at_least_one(n, "n")
    h = series.honest(frame, [name])
    if frames.choice(by, "by", ("day", "week", "month")) == "day":
        found, columns = rankings.top_days(h, name, count), frames.TOP_DAYS
    else:
        found, columns = rankings.top_periods(h, name, by, count), frames.TOP_PERIODS
    return frames.typed(found, columns, "rank", frames.facts(frame))


def compare(
    categories: Names = None, *, by: str = "month", periods: int = 6, as_published: bool = False
) -> pd.DataFrame:
    """The change per period and category, and against the period before.

    Index (`category`, `period`): the last `periods` ISO weeks, months or years (`by`) of each
    category (default: those of the latest report). `vs_previous` and `vs_previous_pct`
    compare totals, or the change per day where either period is `partial` (`basis`).
    """
    from losstrack.analysis import rankings, series

    frame = frames.dataset(as_published)
    wanted = frames.names(categories, frame) or series.on_latest(frame)
    by = frames.choice(by, "by", ("week", "month", "year"))
    count = frames.at_least_one(periods, "periods")
    h = series.honest(frame, wanted)
    found = [r for name in wanted for r in rankings.compare(h, name, by, count)]
    return frames.typed(found, frames.COMPARE, ["category", "period"], frames.facts(frame))


def milestones(category: str, *, as_published: bool = False) -> pd.DataFrame:
    """Each round threshold a category reached (index `threshold`), then the next, projected.

    `status` is "reached", "projected" (at the rate of the last 30 days, `rate_per_day`) or
    "due; update" when the projected date has passed; `day` counts 2022-02-24 as day 1.
    """
    from losstrack import settings
    from losstrack.analysis import milestones as milestones_of
    from losstrack.analysis import series

    frame = frames.dataset(as_published)
    name = frames.one(category, frame)
    found, _ = milestones_of.milestones(series.honest(frame, [name]), name, settings.today())
    return frames.typed(found, frames.MILESTONES, "threshold", frames.facts(frame))


@dataclass(frozen=True, eq=False)
class Summary:
    """The news paragraph of one report, and the figures behind it."""

    text: str
    date: datetime.date
    previous_date: datetime.date
    figures: pd.DataFrame  # index `category`: `previous`, `total`, `change`, ...
    notes: tuple[str, ...]  # what the paragraph left out, and why

    def __str__(self) -> str:
        return self.text


def summary(
    date: Day = None,
    *,
    categories: Names = None,
    lang: str | None = None,
    as_published: bool = False,
) -> Summary:
    """The paragraph `losstrack summary` writes: personnel, then `categories` (default: all
    that changed) since the report before `date` (default: the latest report).

    `lang`: "en" or "uk" (default: LOSSTRACK_LANG, else English).
    """
    from losstrack import i18n
    from losstrack.analysis import news as news_of
    from losstrack.analysis import series
    from losstrack.render import prose
    from losstrack.views import summary as summary_view

    frame = frames.dataset(as_published)
    wanted = frames.names(categories, frame)
    asked = frames.day(date, "date")
    stamp = series.report_on_or_before(frame, asked or frame.index.max().date(), "date")
    news = news_of.news(series.honest(frame), stamp, wanted)
    with i18n.using(frames.choice(lang, "lang", i18n.LANGUAGES) if lang else None):
        text = prose.summary(news, i18n.language())
        view, left_out = summary_view.summary(news, text)  # the notes, in the language asked
    notes = [str(message) for message in left_out]
    if asked is not None and stamp.date() != asked:
        notes.insert(0, f"no report on {asked}; using the one of {stamp.date()}")
    figures = frames.typed(view.records(), frames.SUMMARY, "category", frames.facts(frame))
    return Summary(text, stamp.date(), news.previous.date(), figures, tuple(notes))


def categories() -> pd.DataFrame:
    """Every category (index `name`): labels, aliases, upstream keys, first and last report."""
    from losstrack.analysis import coverage
    from losstrack.registry import BY_NAME

    frame = frames.dataset()
    records = [
        {**r, "aliases_uk": list(BY_NAME[r["name"]].aliases_uk) if r["name"] in BY_NAME else []}
        for r in coverage.categories(frame)
    ]
    return frames.typed(records, frames.CATEGORIES, "name", frames.facts(frame))


def corrections(categories: Names = None, *, since: Day = None, until: Day = None) -> pd.DataFrame:
    """Values updates revised (`kind` "revision") and every fall of a total ("decrease").

    Newest first. A decrease into a one-day glitch of the source has `glitch` set.
    """
    from losstrack.analysis import corrections as corrections_of
    from losstrack.analysis import series
    from losstrack.dataset import journal

    frame = frames.dataset()
    wanted = frames.names(categories, frame) or series.categories(frame)
    span = frames.span(since, until)
    found = corrections_of.corrections(frame, wanted, journal.beside_dataset("revisions"), span)
    return frames.typed(found, frames.CORRECTIONS, None, frames.facts(frame))


def check(categories: Names = None, *, since: Day = None, until: Day = None) -> pd.DataFrame:
    """The findings of `losstrack check`, newest first: one row per finding.

    `check`: "decrease", "glitch", "outlier", "missing" (days without a report) or "stated".
    The checks see the whole series; `since`/`until` keep the findings dated between them.
    """
    from losstrack.analysis import checks
    from losstrack.analysis.corrections import in_range
    from losstrack.analysis.values import iso
    from losstrack.dataset import journal

    frame = frames.dataset()
    wanted = frames.names(categories, frame)
    start, end = frames.span(since, until)
    if wanted:
        frame = frame[[*wanted, *META]]
    table = checks.internal(frame, journal.beside_dataset("stated"))
    found = [{**{str(k): v for k, v in r.items()}, "date": iso(r["date"])}
             for r in table.to_dict("records") if in_range(r["date"].date(), start, end)]  # fmt: skip
    return frames.typed(found, frames.CHECK, None, frames.facts(frame))
