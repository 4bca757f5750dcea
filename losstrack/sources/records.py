"""One dated report as the sources deliver it, and the checks every record passes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from losstrack.errors import DataError
from losstrack.registry import WAR_START
from losstrack.settings import MAX_LINK, MAX_TOTAL, latest_allowed, quote
from losstrack.text import LINK_RE, clean_text


@dataclass(frozen=True)
class Record:
    """Cumulative totals of one report date, with where they came from.

    `stated` holds the changes the source itself states for the date (the API's `increase`),
    under the same column names as `values`.
    """

    day: date
    values: dict[str, int]
    source: str
    link: str = ""
    stated: dict[str, int] = field(default_factory=dict)


def parse_date(text: object, where: str) -> date:
    """A report date: ISO `YYYY-MM-DD`, a real calendar day, not before the invasion."""
    if not isinstance(text, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise DataError(f"{where}: date {quote(text)} is not YYYY-MM-DD")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise DataError(f"{where}: date {text} is not a calendar date") from None
    if day < WAR_START:
        raise DataError(f"{where}: date {text} is before {WAR_START.isoformat()}")
    return day


def parse_report_date(text: object, where: str) -> date:
    """The date of a report a source sends: as `parse_date`, and not after today (+1 day)."""
    day = parse_date(text, where)
    if day > latest_allowed():
        raise DataError(
            f"{where}: a report dated {day}, after today ({date.today()}); "
            "the source's clock or data is wrong"
        )
    return day


def parse_whole(value: object, where: str) -> int:
    """A JSON integer (not a bool, not a string, not null) within +-MAX_TOTAL."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise DataError(f"{where} is {quote(value, 40)}, not a whole number")
    if abs(value) > MAX_TOTAL:
        shown = (
            quote(value, 40)
            if abs(value) < 10**40
            else f"a number of {len(str(abs(value)))} digits"
        )
        raise DataError(f"{where} is {shown}, beyond {MAX_TOTAL:,}: not a count")
    return value


def parse_total(value: object, where: str) -> int:
    """A cumulative total: a JSON integer in [0, MAX_TOTAL] (not a bool, string or null)."""
    value = parse_whole(value, where)
    if value < 0:
        raise DataError(f"{where} is {value}, a total cannot be negative")
    return value


def refused(where: str, key: object, why: str = "") -> str:
    """The warning for a key a source sent that cannot become a column."""
    return f"{where}: refused the unknown key {quote(key, 60)}{why}"


def clean_link(value: object) -> str:
    """A report link kept only when it is a plain http(s) URL of at most MAX_LINK characters.

    `,` and `"` are percent-encoded.
    """
    if not isinstance(value, str) or len(value) > MAX_LINK:
        return ""
    link = clean_text(value).strip().replace(",", "%2C").replace('"', "%22")
    if len(link) > MAX_LINK or LINK_RE.fullmatch(link) is None:
        return ""
    return link
