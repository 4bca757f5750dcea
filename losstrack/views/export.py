"""What `export` writes, whatever the format: the tables, their fields, and the feed's entries.

Every writer in `render/` (sqlite, parquet, datapackage, atom) takes these, so the files agree:
the same rows, the same column names and types, the same descriptions. The changes are those
of `analysis.long`, the figures every view shows (glitch-aware unless `--as-published`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import numpy as np
import pandas as pd

from losstrack import __version__, settings
from losstrack.analysis import long, series
from losstrack.analysis.news import News
from losstrack.i18n import tr
from losstrack.registry import BY_NAME

Type = Literal["date", "integer", "string", "datetime"]
# The words of `losses.marks`, in the order they are joined (comma-separated, no spaces).
MARKS = {
    "gap": "the change spans days without a report of the category (shown †)",
    "glitch": "the total is a one-day glitch of the source, left out of the changes: no change "
    "of its own (§)",
    "spans_glitch": "the change leaves out a glitch between it and the previous value (§)",
    "correction": "the change includes a correction: the total fell, or an update revised a "
    "stored value (‡)",
    "stated": "no earlier value to compute a change from; `stated` is the change the source "
    "stated (*)",
}
TITLE = "Russian losses reported by the General Staff of the Armed Forces of Ukraine"
DESCRIPTION = (
    "The daily cumulative totals of Russian losses as the General Staff of the Armed Forces of "
    "Ukraine reports them, one report per date, kept by losstrack. Totals are as published; "
    "changes leave one-day glitches of the source out, as losstrack shows them."
)
LICENCE = {"name": "MIT", "title": "MIT License (the losstrack dataset)",
           "path": "https://opensource.org/licenses/MIT"}  # fmt: skip
SOURCES = (
    {"title": "General Staff of the Armed Forces of Ukraine, daily report",
     "path": "https://www.zsu.gov.ua/"},
    {"title": "russianwarship.rip API v2 (source `api`)", "path": "https://russianwarship.rip/api/v2"},
    {"title": "PetroIvaniuk/2022-Ukraine-Russia-War-Dataset (source `github`)",
     "path": "https://github.com/PetroIvaniuk/2022-Ukraine-Russia-War-Dataset"},
)  # fmt: skip
FEED_SIZE = 30  # reports an Atom feed carries without --since, --until or --all


@dataclass(frozen=True)
class Field:
    """One column: its name, type, description, and what every value of it satisfies."""

    name: str
    type: Type
    description: str
    required: bool = False
    minimum: int | None = None
    maximum: int | None = None
    enum: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    """One table: its rows (one column per field, dates as Timestamps, counts as Int64)."""

    name: str
    description: str
    fields: tuple[Field, ...]
    frame: pd.DataFrame
    key: tuple[str, ...] = ()
    indexes: tuple[str, ...] = ()  # columns with an index of their own
    references: tuple[tuple[str, str, str], ...] = ()  # (column, table, column)


@dataclass(frozen=True)
class Export:
    """The tables of one export and what describes them all."""

    tables: tuple[Table, ...]
    first: date | None
    last: date | None
    as_published: bool
    title: str = TITLE
    description: str = DESCRIPTION
    version: str = __version__
    licence: Mapping[str, str] = field(default_factory=lambda: dict(LICENCE))
    sources: tuple[Mapping[str, str], ...] = SOURCES

    def table(self, name: str) -> Table:
        """The table called `name`."""
        return next(t for t in self.tables if t.name == name)


def _date(name: str, what: str, required: bool = False) -> Field:
    return Field(name, "date", what, required)


def _meta() -> tuple[Field, Field]:
    return (Field("source", "string", "where the report came from: api (russianwarship.rip), "
                  "github (the PetroIvaniuk dataset) or text (a pasted report)"),
            Field("link", "string", "the report's link, where known (empty: not known)"))  # fmt: skip


def tables(
    frame: pd.DataFrame,
    names: list[str],
    selected: pd.DatetimeIndex,
    logs: Mapping[str, list[dict[str, Any]]],
    revised: Collection[tuple[str, str]],
    stated: Mapping[tuple[str, str], int],
) -> Export:
    """The tables of the `selected` reports and `names`: reports, losses, categories, logs."""
    wide = frame.loc[selected, [*names, "source", "link"]]
    h = series.honest(frame, names)
    changes = long.changes(h, names, selected, revised, stated)
    first = selected.min().date() if len(selected) else None
    last = selected.max().date() if len(selected) else None
    made = (_reports(wide, names), _losses(changes, frame, names), _categories(frame, names),
            *(_log(name, entries, names, first, last) for name, entries in logs.items()))  # fmt: skip
    return Export(made, first, last, series.as_published(frame))


def _count(name: str, what: str, required: bool = False) -> Field:
    return Field(name, "integer", what, required, 0, settings.MAX_TOTAL)


def _reports(wide: pd.DataFrame, names: list[str]) -> Table:
    fields = (_date("date", "the report's date (the morning it was published)", True),
              *(_count(n, f"{_label(n)}: the cumulative total since 2022-02-24 (empty: not "
                       "reported that day)") for n in names), *_meta())  # fmt: skip
    rows = wide.reset_index()
    rows["date"] = pd.DatetimeIndex(rows["date"])
    rows["link"] = _known(rows["link"])
    return Table("reports", "One row per report, as losstrack stores it: the cumulative total "
                 "of every category.", fields, rows, ("date",))  # fmt: skip


def _losses(changes: pd.DataFrame, frame: pd.DataFrame, names: list[str]) -> Table:
    rows = changes[["date", "category", "total", "change", "previous_date", "days", "stated"]]
    rows = rows.assign(marks=pd.Series(marks(changes), index=changes.index, dtype=object))
    meta = frame[["source", "link"]].reindex(pd.DatetimeIndex(changes["date"]))
    rows = rows.assign(source=meta["source"].to_numpy(), link=_known(meta["link"]).to_numpy())
    order = ["date", "category", "total", "change", "previous_date", "days", "marks", "stated"]
    fields = (
        _date("date", "the report's date", True),
        Field("category", "string", "the category's name (see the categories table)", True,
              enum=tuple(names)),
        _count("total", "the cumulative total since 2022-02-24", True),
        Field("change", "integer", "the change since the category's previous value (empty "
              "for a glitch or a first report); negative: a correction"),
        _date("previous_date", "the date of the value the change counts from"),
        Field("days", "integer", "days from previous_date to date (2 or more: over days "
              "without a report, or over a glitch)", minimum=1),
        Field("marks", "string", "what to know about the change, comma-separated: "
              + "; ".join(f"{k}: {v}" for k, v in MARKS.items())),
        Field("stated", "integer", "the change the source stated, where none can be computed "
              "(a first report)", minimum=0),
        *_meta(),
    )  # fmt: skip
    return Table("losses", "One row per report and category: the total, the change since the "
                 "previous value, and its marks.", fields, rows[[*order, "source", "link"]],
                 ("date", "category"), ("date", "category"),
                 (("category", "categories", "name"), ("date", "reports", "date")))  # fmt: skip


def _known(links: pd.Series) -> pd.Series:
    """Links as the files write them: none (NULL) where the dataset has an empty one."""
    return links.astype(object).where(links.astype(str) != "", None)


def marks(changes: pd.DataFrame) -> list[str | None]:
    """The `marks` words of each row of `analysis.long.changes` (None: nothing to mark)."""
    glitch = changes["glitch"].to_numpy(dtype=bool)
    facts = np.column_stack([
        changes["gap"].to_numpy(dtype=bool), glitch,
        (changes["glitches"].str.len().to_numpy() > 0) & ~glitch,
        changes["corrected"].to_numpy(dtype=bool), changes["stated"].notna().to_numpy(),
    ])  # fmt: skip
    found: list[str | None] = [None] * len(changes)
    words = np.array(list(MARKS), dtype=object)
    for at in np.flatnonzero(facts.any(axis=1)):  # the few rows with a mark
        found[at] = ",".join(words[facts[at]])
    return found


def _label(name: str, lang: str = "en") -> str:
    cat = BY_NAME.get(name)
    if cat is None:
        return name
    return cat.label_uk if lang == "uk" else cat.label_en


def _categories(frame: pd.DataFrame, names: list[str]) -> Table:
    spans = [frame[n].dropna().index for n in names]
    rows = pd.DataFrame({
        "name": names, "label_en": [_label(n) for n in names],
        "label_uk": [_label(n, "uk") for n in names],
        "first": pd.DatetimeIndex([s.min() if len(s) else pd.NaT for s in spans]),
        "last": pd.DatetimeIndex([s.max() if len(s) else pd.NaT for s in spans]),
    })  # fmt: skip
    fields = (Field("name", "string", "the category's name, as the columns of reports",
                    True, enum=tuple(names)),
              Field("label_en", "string", "its label in English", True),
              Field("label_uk", "string", "its label in Ukrainian, as the General Staff "
                    "writes it", True),
              _date("first", "its first reported date"), _date("last", "its last reported date"))  # fmt: skip
    return Table("categories", "The categories: names, labels, first and last report.",
                 fields, rows, ("name",))  # fmt: skip


LOGS = {
    "revisions": ("Values an update replaced (the append-only log revisions.csv).",
                  (("old", "the value stored before"), ("new", "the value the update stored"))),
    "stated": ("The changes the sources stated (the append-only log stated.csv): the API's "
               "`increase`, a pasted report's (+N).", (("stated", "the change stated"),)),
}  # fmt: skip


def _log(
    name: str,
    entries: list[dict[str, Any]],
    names: list[str],
    first: date | None,
    last: date | None,
) -> Table:
    what, values = LOGS[name]
    kept = (
        []
        if first is None or last is None
        else [e for e in entries if e["category"] in names and first <= e["date"] <= last]
    )
    columns = ["date", "category", *(v for v, _ in values), "source", "recorded"]
    rows = pd.DataFrame({c: [e[c] for e in kept] for c in columns}, columns=columns)
    rows["date"] = pd.DatetimeIndex(pd.to_datetime(rows["date"]))
    for value, _ in values:
        rows[value] = rows[value].astype("Int64")
    fields = (_date("date", "the report's date", True),
              Field("category", "string", "the category's name", True, enum=tuple(names)),
              *(Field(v, "integer", d, True) for v, d in values),
              Field("source", "string", "the source of the entry", True),
              Field("recorded", "datetime", "when losstrack recorded it (UTC)", True))  # fmt: skip
    return Table(name, what, fields, rows)


@dataclass(frozen=True)
class Entry:
    """One report of the Atom feed: its date, title, the figures of its paragraph, its link."""

    day: date
    title: str
    news: News
    link: str


def feed_title() -> str:
    """The feed's title, in the language of the run."""
    return tr("Russian losses reported by the General Staff of the Armed Forces of Ukraine")


def entries(frame: pd.DataFrame, selected: pd.DatetimeIndex, wanted: list[str]) -> list[Entry]:
    """The feed's entries, newest first: each report's `summary` paragraph.

    A report no paragraph can be written for (the first one, or one without personnel on it
    and the report before) is left out.
    """
    from losstrack.analysis import news as news_of
    from losstrack.errors import UsageError

    found = []
    h = series.honest(frame)
    for stamp in reversed(selected):
        try:
            news = news_of.news(h, stamp, wanted)
        except UsageError:
            continue
        title = tr("General Staff report of {day} (day {number} of the invasion)",
                   day=stamp.date().isoformat(), number=series.day_number(stamp))  # fmt: skip
        found.append(Entry(stamp.date(), title, news, str(frame.at[stamp, "link"] or "")))
    return found
