"""What a source sent, screened before it meets the dataset: asked-for dates, one value per date,
a few new columns at most, and one warning where a source sent many keys it could not use.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date

from losstrack.errors import DataError
from losstrack.settings import MAX_NEW_COLUMNS
from losstrack.sources.records import Record

SHOWN = 3
_REFUSED = re.compile(r"(?P<where>.*?): refused the unknown key (?P<key>.*)")


def within(
    records: list[Record], span: tuple[date, date] | None, notice: Callable[[str], None]
) -> list[Record]:
    """The records inside the dates asked for; the others are dropped, saying so."""
    if span is None:
        return records
    kept = [r for r in records if span[0] <= r.day <= span[1]]
    outside = sorted({r.day for r in records} - {r.day for r in kept})
    if outside:
        notice(
            f"ignored {len(outside)} report(s) the API sent outside the dates asked for "
            f"({span[0]}..{span[1]}): {_some(outside)}"
        )
    return kept


def one_per_date(records: list[Record], where: str) -> list[Record]:
    """Each date once: a date sent twice with the same figures is one report, else refused."""
    by_day: dict[date, Record] = {}
    for record in records:
        other = by_day.get(record.day)
        if other is not None and other.values != record.values:
            names = sorted(
                k for k in {*other.values, *record.values}
                if other.values.get(k) != record.values.get(k)
            )  # fmt: skip
            raise DataError(
                f"{where} sent {record.day} twice with different figures ({_some(names)}); "
                "refused, the source contradicts itself"
            )
        if other is None or (record.link and not other.link):
            by_day[record.day] = record
    return [by_day[d] for d in sorted(by_day)]


def few_new_columns(
    records: list[Record], known: Iterable[str], where: str, warnings: list[str]
) -> list[Record]:
    """At most MAX_NEW_COLUMNS columns the dataset lacks; the rest refused in one warning."""
    known = set(known)
    new: list[str] = []
    for record in records:
        new += [k for k in record.values if k not in known and k not in new]
    if len(new) <= MAX_NEW_COLUMNS:
        return records
    dropped = set(new[MAX_NEW_COLUMNS:])
    warnings.append(
        f"{where}: refused {len(dropped):,} new keys beyond the first {MAX_NEW_COLUMNS} "
        f"({_some(new[MAX_NEW_COLUMNS:])}); one update adds at most {MAX_NEW_COLUMNS} columns"
    )
    return [
        replace(r, values={k: v for k, v in r.values.items() if k not in dropped}) for r in records
    ]


def compact(warnings: list[str]) -> list[str]:
    """The warnings, once each; many refused keys from one place become one line."""
    unique = list(dict.fromkeys(warnings))
    keys: dict[str, list[str]] = {}
    for warning in unique:
        match = _REFUSED.fullmatch(warning)
        if match:
            keys.setdefault(match["where"], []).append(match["key"])
    out = []
    for warning in unique:
        match = _REFUSED.fullmatch(warning)
        if match is None or len(keys[match["where"]]) <= SHOWN:
            out.append(warning)
        elif keys[match["where"]][0] == match["key"]:
            many = keys[match["where"]]
            out.append(
                f"{match['where']}: refused {len(many):,} unknown keys ({', '.join(many[:SHOWN])}, …)"
            )
    return out


def _some(items: list[str] | list[date]) -> str:
    shown = ", ".join(str(i) for i in items[:SHOWN])
    return shown + (f" and {len(items) - SHOWN:,} more" if len(items) > SHOWN else "")
