"""The russianwarship.rip API v2: the General Staff's figures, one record per report."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urljoin

from losstrack import settings
from losstrack.errors import DataError, UpstreamError
from losstrack.registry import REGISTRY, Category, is_new_column
from losstrack.sources.http import Http, env_url, same_origin
from losstrack.sources.payload import decode_json
from losstrack.sources.records import (
    Record,
    clean_link,
    parse_report_date,
    parse_total,
    parse_whole,
    refused,
)
from losstrack.text import clean_text

NAME = "api"
DEFAULT_URL = "https://russianwarship.rip/api/v2"
SUCCESS = "The data were fetched successfully."
PAGE_LIMIT = 50
# The categories each API key fills: one, or several in turn (atgm_srbm_systems was mobile SRBM
# systems in spring 2022 and is ground robotic systems since 2026-05-03; see the registry).
_BY_KEY: dict[str, list[Category]] = {}
for _cat in REGISTRY:
    if _cat.api_key:
        _BY_KEY.setdefault(_cat.api_key, []).append(_cat)

# Always the same words, so that the update says it once however many records had them.
ODD_INCREASE = (
    "ignored odd `increase` figures from the API (each must be a whole number within "
    f"±{settings.MAX_TOTAL:,} for one of the record's totals); the totals are kept"
)

Progress = Callable[[int, int | None], None]


def base_url() -> str:
    """The API's base URL, from LOSSTRACK_API_URL when set (UsageError when not a URL)."""
    return env_url(settings.API_URL_ENV, DEFAULT_URL)


# -- parse: bytes -> records, no I/O -------------------------------------------------------


def unwrap(body: bytes, where: str) -> Any:
    """The `data` of a success envelope; anything else means the API is not usable."""
    payload = decode_json(body, where)
    if not isinstance(payload, dict) or "data" not in payload:
        raise UpstreamError(f"{where}: not the API's envelope (no `data`)")
    message = payload.get("message")
    if message != SUCCESS:
        raise UpstreamError(f"{where}: the API said {clean_text(str(message))[:80]!r}")
    return payload["data"]


def parse_record(obj: object, where: str, warnings: list[str]) -> Record:
    """One API record: validated totals under canonical names, and the changes it states."""
    if not isinstance(obj, dict):
        raise DataError(f"{where}: a record is not an object")
    day = parse_report_date(obj.get("date"), where)
    stats = obj.get("stats")
    if not isinstance(stats, dict):
        raise DataError(f"{where}: the record of {day} has no `stats` object")
    values: dict[str, int] = {}
    columns: dict[str, str | None] = {}  # API key -> the column its total went to, None: none
    for key, raw in stats.items():
        name = columns[str(key)] = _column_for(str(key), day, raw)
        if name is None:
            continue
        if name.startswith("!"):
            warnings.append(refused(where, key))
            columns[str(key)] = None
            continue
        total = parse_total(raw, f"{where}: {day} {name}")
        values[name] = total
    stated = _stated(obj.get("increase"), day, columns, warnings)
    return Record(day, values, NAME, clean_link(obj.get("resource")), stated)


def _stated(
    raw: object, day: date, columns: dict[str, str | None], warnings: list[str]
) -> dict[str, int]:
    """The record's `increase` under the columns its totals went to; odd figures are dropped.

    A change is a whole number within +-MAX_TOTAL of a key whose total is stored. The key of a
    total not stored (a category not reported yet, a refused key) states nothing, nor does a 0
    for a key the record has no total of; anything else is dropped, with one warning in all.
    """
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        warnings.append(ODD_INCREASE)
        return {}
    stated: dict[str, int] = {}
    for key, value in raw.items():
        if key in columns:
            name = columns[key]
            if name is None:
                continue
        elif _is_zero(value):
            continue
        else:
            warnings.append(ODD_INCREASE)
            continue
        try:
            stated[name] = parse_whole(value, f"{day} {name}")
        except DataError:
            warnings.append(ODD_INCREASE)
    return stated


def _column_for(key: str, day: date, raw: object) -> str | None:
    """The dataset column an API key fills on `day`; None to skip, `!` prefix to refuse."""
    cats = _BY_KEY.get(key)
    if not cats:
        return key if is_new_column(key) else "!" + key
    if len(cats) == 1:  # the API records 0 for the days before a category was reported
        return None if _is_zero(raw) and day < cats[0].first else cats[0].name
    if _is_zero(raw):
        return None  # a shared key holds 0 on the days none of its categories was reported
    covering = [c for c in cats if c.first <= day <= (c.last or day)]
    return covering[-1].name if covering else "!" + key


def _is_zero(raw: object) -> bool:
    """A JSON 0, not `false` or `0.0` (those fail validation instead of being skipped)."""
    return type(raw) is int and raw == 0


def parse_latest(body: bytes, where: str, warnings: list[str]) -> Record:
    """The record of `statistics/latest`."""
    return parse_record(unwrap(body, where), where, warnings)


def parse_page(
    body: bytes, where: str, warnings: list[str]
) -> tuple[list[Record], str | None, int | None]:
    """Records of one `statistics` page, its `next_url` and the total count, when given."""
    data = unwrap(body, where)
    if not isinstance(data, dict) or not isinstance(data.get("records"), list):
        raise UpstreamError(f"{where}: the page has no `records` list")
    records = [parse_record(item, where, warnings) for item in data["records"]]
    paging = data.get("paging")
    paging = paging if isinstance(paging, dict) else {}
    next_url = paging.get("next_url")
    total = paging.get("total_items")
    return (
        records,
        next_url if isinstance(next_url, str) and next_url else None,
        total if isinstance(total, int) and not isinstance(total, bool) else None,
    )


# -- fetch: I/O ----------------------------------------------------------------------------


def fetch_latest(http: Http, warnings: list[str]) -> Record:
    """GET statistics/latest."""
    url = f"{base_url()}/statistics/latest"
    return parse_latest(http.get(url), "API statistics/latest", warnings)


def fetch_pages(
    http: Http,
    span: tuple[date, date] | None,
    warnings: list[str],
    progress: Progress | None = None,
) -> list[Record]:
    """Every record of `statistics` between two dates (all when None), following next_url."""
    base = base_url()
    params: dict[str, Any] = {"offset": 0, "limit": PAGE_LIMIT}
    if span is not None:
        params["date_from"], params["date_to"] = span[0].isoformat(), span[1].isoformat()
    url: str | None = f"{base}/statistics"
    seen: set[str] = set()
    records: list[Record] = []
    while url is not None:
        if url in seen:
            raise UpstreamError(f"API statistics: paging does not end (at {clean_text(url)[:100]})")
        if len(seen) >= settings.MAX_PAGES:
            raise UpstreamError(f"API statistics: more than {settings.MAX_PAGES} pages; refused")
        seen.add(url)
        page, url, total = parse_page(http.get(url, params), "API statistics", warnings)
        records.extend(page)
        if len(records) > settings.MAX_RECORDS:
            raise UpstreamError(
                f"API statistics: more than {settings.MAX_RECORDS:,} records; refused"
            )
        params = {}
        if not page:
            break
        if url is not None:
            url = _check_same_host(url, base)
        if progress is not None:
            progress(len(records), total)
    return records


def _check_same_host(url: str, base: str) -> str:
    """A next_url made absolute, if it stays on the base URL's origin (scheme, host, port)."""
    try:
        url = urljoin(base + "/", url)
        same = same_origin(url, base)
    except ValueError:  # e.g. a bad IPv6 literal
        same = False
    if not same:
        raise UpstreamError(
            f"API statistics: next_url points to another origin ({clean_text(url)[:100]})"
        )
    return url
