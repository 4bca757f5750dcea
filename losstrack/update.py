"""`losstrack update`: fetch what is new, merge it, and write the dataset once, atomically."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from losstrack import journal, merge, store, trust
from losstrack.errors import UpstreamError
from losstrack.http import Http
from losstrack.records import Record
from losstrack.sources import api, github

if TYPE_CHECKING:
    from losstrack.report import Report

TAIL = 7  # stored reports re-read on every update: upstreams rewrite their recent days
TEXT = "text"  # the source name of a pasted report

Apply = Callable[[pd.DataFrame], pd.DataFrame]
Progress = Callable[[int, int | None], None]
Notice = Callable[[str], None]


@dataclass
class Outcome:
    """What an update did."""

    source: str
    path: Path
    frame: pd.DataFrame
    wrote: bool = False
    created: bool = False
    added: list[date] = field(default_factory=list)
    revised: list[merge.Revision] = field(default_factory=list)
    stated: list[dict[str, Any]] = field(default_factory=list)  # (+N) a pasted report states
    day: date | None = None  # the date of a pasted report
    base: pd.DataFrame | None = None  # with --dry-run: the data the report would change
    requests: int = 0
    bytes: int = 0
    warnings: list[str] = field(default_factory=list)


def run(
    source: str | None, full: bool, progress: Progress | None = None, notice: Notice = print
) -> Outcome:
    """Fetch from `source` (None: the API, falling back to GitHub) and store what changed."""
    path = store.dataset_path()
    current = store.read(path) if store.user_dataset_exists() else None
    http = Http()
    warnings: list[str] = []
    try:
        used, apply = _fetch(http, source, full, current, warnings, progress, notice)
    finally:
        http.close()
    if current is not None:
        base = current
    elif used == api.NAME:
        base = merge.empty()  # the first update takes the API's whole history as it is now
    else:
        base = store.read(store.bundled_path())  # GitHub only adds days after the bundled ones
    outcome = Outcome(used, path, base, requests=http.request_count, bytes=http.byte_count,
                      warnings=warnings)  # fmt: skip
    result = apply(base)
    if (current is None and used == api.NAME) or not _same(result, base):
        _write(outcome, apply, result)
    return outcome


def run_text(report: Report, dry_run: bool) -> Outcome:
    """Store a pasted report as the primary source for its date (`update --text`)."""
    path = store.dataset_path()
    exists = store.user_dataset_exists()
    base = store.read(path if exists else store.bundled_path())
    fetched = merge.records_frame([Record(report.day, report.totals, TEXT)])

    def apply(frame: pd.DataFrame) -> pd.DataFrame:
        return merge.overlay(frame, fetched)

    result = apply(base)
    outcome = Outcome(TEXT, path, base, day=report.day)
    outcome.warnings = trust.stated_warnings(result, report.day, report.stated)
    outcome.stated = [
        {"date": report.day, "category": c, "stated": n, "source": TEXT}
        for c, n in report.stated.items()
    ]
    if dry_run:
        outcome.base, outcome.frame = base, result
        outcome.revised = merge.revisions(base, result)
        outcome.added = merge.added_days(base, result)
        return outcome
    news = journal.new_entries(
        journal.read(path.parent, journal.STATED), journal.STATED, outcome.stated
    )
    if news or not _same(result, base):
        _write(outcome, apply, result)
    return outcome


def _fetch(
    http: Http,
    source: str | None,
    full: bool,
    current: pd.DataFrame | None,
    warnings: list[str],
    progress: Progress | None,
    notice: Notice,
) -> tuple[str, Apply]:
    if source == github.NAME:
        return github.NAME, _github(http, full, warnings)
    try:
        return api.NAME, _api(http, full, current, warnings, progress)
    except UpstreamError as exc:
        if source == api.NAME:
            raise
        try:
            apply = _github(http, full, warnings)
        except UpstreamError as second:
            raise UpstreamError(f"no source is usable: API: {exc}; GitHub: {second}") from None
        notice(f"the API is not usable ({exc}); used the GitHub dataset instead")
        return github.NAME, apply


def _api(
    http: Http,
    full: bool,
    current: pd.DataFrame | None,
    warnings: list[str],
    progress: Progress | None,
) -> Apply:
    if full or current is None or current.empty:
        records = api.fetch_pages(http, None, warnings, progress)
        if not records:
            raise UpstreamError("API statistics: the history has no records")
    else:
        latest = api.fetch_latest(http, warnings)
        start = current.index[-min(TAIL, len(current))].date()
        end = max(latest.day, current.index[-1].date())
        records = [*api.fetch_pages(http, (start, end), warnings, progress), latest]
    fetched = merge.records_frame(records)
    return lambda base: merge.overlay(base, fetched)


def _github(http: Http, full: bool, warnings: list[str]) -> Apply:
    records = github.fetch(http, warnings)
    if not records:
        raise UpstreamError("GitHub: the files have no daily records")
    fetched = merge.records_frame(records)
    return lambda base: merge.fill(base, fetched, only_after_last=not full)


def _same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    return store.to_csv(a) == store.to_csv(b)


def _write(outcome: Outcome, apply: Apply, result: pd.DataFrame) -> None:
    """Under the lock: re-read what another update may have written, re-apply, log, write."""
    directory = store.prepare_dir()
    path = outcome.path
    with store.locked(path):
        if path.exists():
            base = seen = store.read(path)
            result = apply(base)
            stated = journal.append(directory, journal.STATED, outcome.stated)
            if _same(result, base):
                outcome.frame, outcome.wrote = base, bool(stated)  # nothing else is news
                return
        else:
            base = outcome.frame  # what `result` was computed from
            seen = store.read(store.bundled_path())  # what the user read until now
            outcome.created = True
            journal.append(directory, journal.STATED, outcome.stated)
        outcome.revised = merge.revisions(seen, result)
        journal.append(directory, journal.REVISIONS, _revision_entries(outcome.revised, result))
        store.write_atomic(path, store.to_csv(result))
    outcome.wrote = True
    outcome.added = merge.added_days(base, result)
    outcome.frame = result


def _revision_entries(revised: list[merge.Revision], result: pd.DataFrame) -> list[dict[str, Any]]:
    """Log entries for revised values; the source is the one of the value that replaced them."""
    return [
        {"date": r.day, "category": r.category, "old": r.old, "new": r.new,
         "source": str(result.at[pd.Timestamp(r.day), "source"]) or "unknown"}
        for r in revised
    ]  # fmt: skip
