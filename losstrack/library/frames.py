"""What the Python API shares: its arguments read in the library's terms, and typed frames.

Arguments arrive as a notebook writes them (`since="2026-01-01"`, a `datetime.date`, `"дрони"`)
and are checked here, so an error names the parameter (`since`), never a flag. Results are
the records of the command's own view (what its `--format csv|json` writes), typed by one
table per result below: dates as Timestamps, counts as nullable integers.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from losstrack.errors import UsageError

if TYPE_CHECKING:
    import pandas as pd

Day = str | datetime.date | None
Names = str | Iterable[str] | None
Kind = Literal["date", "time", "int", "float", "bool", "str", "list"]
SEE = "losstrack.categories()"  # where an unknown category's error sends a Python user

# The columns of each result, in order, with their types (see the README's "From Python").
CHANGE: dict[str, Kind] = {"date": "date", "category": "str", "total": "int", "change": "int",
                           "previous_date": "date", "days": "int", "glitch": "bool",
                           "glitches": "list", "corrected": "bool", "stated": "int"}  # fmt: skip
DIFF: dict[str, Kind] = {"category": "str", "from": "int", "to": "int", "change": "int",
                         "per_day": "float", "days": "int", "since": "date", "until": "date",
                         "corrections": "list", "revised": "list", "glitches": "list"}  # fmt: skip
TOP_DAYS: dict[str, Kind] = {"rank": "int", "category": "str", "date": "date", "change": "int",
                             "days": "int", "previous_date": "date", "total": "int",
                             "glitches": "list", "corrected": "bool"}  # fmt: skip
PERIOD: dict[str, Kind] = {"category": "str", "period": "str", "start": "date", "end": "date",
                           "since": "date", "last": "date", "days": "int", "change": "int",
                           "per_day": "float", "total": "int", "partial": "bool",
                           "spans": "bool", "starts_late": "bool", "covered_from": "date",
                           "glitches": "list", "corrections": "list"}  # fmt: skip
TOP_PERIODS: dict[str, Kind] = {"rank": "int", **PERIOD}
COMPARE: dict[str, Kind] = {**PERIOD, "previous_change": "int", "previous_per_day": "float",
                            "basis": "str", "vs_previous": "float",
                            "vs_previous_pct": "float"}  # fmt: skip
MILESTONES: dict[str, Kind] = {"threshold": "int", "date": "date", "day": "int", "total": "int",
                               "days_after_previous": "int", "status": "str",
                               "projected": "bool", "rate_per_day": "float"}  # fmt: skip
CATEGORIES: dict[str, Kind] = {"name": "str", "label": "str", "label_uk": "str",
                               "aliases": "list", "aliases_uk": "list", "api_key": "str",
                               "github_keys": "list", "first": "date", "last": "date",
                               "reports": "int", "note": "str"}  # fmt: skip
CORRECTIONS: dict[str, Kind] = {"date": "date", "category": "str", "kind": "str", "old": "int",
                                "new": "int", "change": "int", "previous_date": "date",
                                "source": "str", "recorded": "time", "glitch": "bool"}  # fmt: skip
CHECK: dict[str, Kind] = {"date": "date", "category": "str", "check": "str", "value": "int",
                          "other": "int", "detail": "str"}  # fmt: skip
SUMMARY: dict[str, Kind] = {"category": "str", "label": "str", "previous_date": "date",
                            "days": "int", "previous": "int", "total": "int", "change": "int",
                            "corrected": "bool", "glitches": "list"}  # fmt: skip


def day(value: Day, name: str) -> datetime.date | None:
    """A date as a notebook gives it: a date or datetime, YYYY-MM-DD, `today` or `yesterday`."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):  # a pandas Timestamp too
        try:
            return value.date()
        except ValueError:  # NaT
            pass
    elif isinstance(value, datetime.date):
        return value
    elif isinstance(value, str):
        from losstrack import settings

        return settings.parse_date(value, name)
    raise UsageError(f"{name} {value!r} is not a date; use YYYY-MM-DD, today or yesterday")


def span(since: Day, until: Day) -> tuple[datetime.date | None, datetime.date | None]:
    """`since` and `until` as dates, in order."""
    start, end = day(since, "since"), day(until, "until")
    if start is not None and end is not None and start > end:
        raise UsageError(f"since {start} is after until {end}")
    return start, end


def names(words: Names, frame: pd.DataFrame) -> list[str]:
    """Categories named by aliases, English or Ukrainian (one name, or several); [] for None."""
    from losstrack import registry
    from losstrack.analysis import series

    if words is None:
        return []
    listed = [words] if isinstance(words, str) else list(words)
    for word in listed:
        if not isinstance(word, str):
            raise UsageError(f"categories: {word!r} is not a category name")
    return registry.resolve_many(listed, series.categories(frame), SEE)


def one(word: str, frame: pd.DataFrame) -> str:
    """The one category `word` names."""
    if not isinstance(word, str):
        raise UsageError(f"category: {word!r} is not a category name")
    return names(word, frame)[0]


def choice(value: str, name: str, allowed: Iterable[str]) -> str:
    """`value` when it is one of `allowed`, else an error listing them."""
    options = list(allowed)
    if value not in options:
        raise UsageError(f"{name} {value!r}: use {', '.join(options[:-1])} or {options[-1]}")
    return value


def at_least_one(value: int, name: str) -> int:
    """A count of at least 1."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise UsageError(f"{name} {value!r}: use a whole number of at least 1")
    return value


def dataset(as_published: bool = False) -> pd.DataFrame:
    """The dataset's frame (the user's, else the bundled one) with its facts in `attrs`."""
    from losstrack.dataset import store

    data = store.load()
    frame = data.frame
    latest = frame.index.max()
    frame.attrs.update(as_of=latest.date().isoformat(), as_published=as_published,
                       path=str(data.path), bundled=data.bundled)  # fmt: skip
    return frame


def typed(
    records: Iterable[Mapping[str, Any]],
    columns: Mapping[str, Kind],
    index: str | list[str] | None,
    attrs: Mapping[str, Any],
) -> pd.DataFrame:
    """Records as a frame of exactly `columns`, each of its kind, indexed by `index`."""
    import pandas as pd

    rows = list(records)
    table = pd.DataFrame({key: _column([r.get(key) for r in rows], kind)
                          for key, kind in columns.items()})  # fmt: skip
    if index is not None:
        table = table.set_index(index)
    table.attrs.update(attrs)
    return table


def cast(
    table: pd.DataFrame,
    columns: Mapping[str, Kind],
    index: str | list[str] | None,
    attrs: Mapping[str, Any],
) -> pd.DataFrame:
    """An analysis table as `typed` makes records: exactly `columns`, each of its kind."""
    import pandas as pd

    data = {}
    for key, kind in columns.items():
        column = table[key]
        if kind == "date":  # through ISO text, so the unit is the one `typed` gives
            text = pd.Series(pd.DatetimeIndex(column).strftime("%Y-%m-%d"), dtype=object)
            data[key] = _column(text.where(column.notna().to_numpy(), None).tolist(), kind)
        elif kind == "list":
            data[key] = pd.Series([list(v or []) for v in column], dtype=object)
        else:
            data[key] = _column(column.astype(object).where(column.notna(), None).tolist(), kind)
    out = pd.DataFrame(data)
    if index is not None:
        out = out.set_index(index)
    out.attrs.update(attrs)
    return out


def _column(values: list[Any], kind: Kind) -> Any:
    import pandas as pd

    if kind == "date":
        return pd.to_datetime(pd.Series(values, dtype=object), format="%Y-%m-%d")
    if kind == "time":
        return pd.to_datetime(pd.Series(values, dtype=object), utc=True, format="ISO8601")
    if kind == "list":
        return pd.Series([list(v or []) for v in values], dtype=object)
    if kind == "str":  # a Message (a str holding the English text) becomes a plain str
        return pd.array([None if v is None else str(v) for v in values], dtype="string")
    if kind == "int":
        return pd.array(values, dtype="Int64")
    return pd.array(values, dtype="Float64" if kind == "float" else "boolean")


def facts(frame: pd.DataFrame) -> dict[str, Any]:
    """The attrs every result carries: the data's latest report, and how figures were taken."""
    return {k: frame.attrs[k] for k in ("as_of", "as_published") if k in frame.attrs}
