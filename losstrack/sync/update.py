"""`losstrack update`: fetch what is new, merge it, and write the dataset once, atomically."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from losstrack.analysis import checks, gate
from losstrack.dataset import history, journal, merge, store
from losstrack.errors import DataError, UpstreamError
from losstrack.sources import api, github, screen
from losstrack.sources.http import Http
from losstrack.sources.records import Record

if TYPE_CHECKING:
    from losstrack.sources.report import Report

TAIL = 7  # stored reports re-read on every update: upstreams rewrite their recent days
TEXT = "text"  # the source name of a pasted report

Apply = Callable[[pd.DataFrame], pd.DataFrame]
Guard = Callable[[pd.DataFrame, pd.DataFrame], None]
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
    news: bool = False  # new reports or changed figures stored (would be, with --dry-run)
    added: list[date] = field(default_factory=list)
    revised: list[merge.Revision] = field(default_factory=list)
    stated: list[dict[str, Any]] = field(default_factory=list)  # stated.csv entries to log
    day: date | None = None  # the date of a pasted report
    base: pd.DataFrame | None = None  # with --dry-run: the data the report would change
    requests: int = 0
    bytes: int = 0
    warnings: list[str] = field(default_factory=list)


def run(
    source: str | None,
    full: bool,
    progress: Progress | None = None,
    notice: Notice = print,
    force: bool = False,
    how_to_force: str = gate.FORCE,
) -> Outcome:
    """Fetch from `source` (None: the API, falling back to GitHub) and store what changed.

    With no dataset of the user's own yet, the upstream is laid over the bundled data the user
    was reading, so an update never leaves fewer reports than were there before. A refusal of
    the plausibility gate says `how_to_force` (the CLI's: --force).
    """
    store.check_files()  # a FIFO, a foreign lock, a bad directory: refused before any request
    api.base_url(), github.base_url()  # a bad LOSSTRACK_*_URL is exit 2 before any request
    path = store.dataset_path()
    own = store.user_dataset_exists()
    current = store.read(path if own else store.bundled_path())
    http = Http()
    warnings: list[str] = []
    try:
        used, fetched, apply, stated = _fetch(
            http, source, full, current, warnings, progress, notice
        )
    finally:
        http.close()
    outcome = Outcome(
        used,
        path,
        current,
        stated=stated,
        requests=http.request_count,
        bytes=http.byte_count,
        warnings=screen.compact(warnings),
    )
    first = _Applied.to(current, apply)
    if not first.same:
        guard = _guard(fetched, None, force, how_to_force)
        guard(current, first.result)  # refused before the data directory is even created
        _write(outcome, apply, guard, f"update from {used}" + (" (forced)" if force else ""), first)
    return outcome


def run_text(report: Report, dry_run: bool, force: bool = False) -> Outcome:
    """Store a pasted report as the primary source for its date (`update --text`)."""
    store.check_files()
    path = store.dataset_path()
    base = store.read(path if store.user_dataset_exists() else store.bundled_path())
    fetched = merge.records_frame([Record(report.day, report.totals, TEXT)])

    def apply(frame: pd.DataFrame) -> pd.DataFrame:
        return merge.overlay(frame, fetched)

    first = _Applied.to(base, apply)
    result = first.result
    outcome = Outcome(TEXT, path, base, day=report.day)
    outcome.warnings = checks.stated_warnings(result, report.day, report.stated)
    outcome.stated = [
        {"date": report.day, "category": c, "stated": n, "source": TEXT}
        for c, n in report.stated.items()
    ]
    guard = _guard(fetched, report.day, force)
    if dry_run:
        try:
            guard(base, result)
        except DataError as exc:
            outcome.warnings.append(f"an update would be {exc}")
        outcome.base, outcome.frame = base, result
        outcome.revised = merge.revisions(base, result)
        outcome.added = merge.added_days(base, result)
        outcome.news = not _same_figures(base, result)
        return outcome
    if not first.same:
        guard(base, result)
    what = f"pasted report of {report.day}" + (" (forced)" if force else "")
    _write(outcome, apply, guard, what, None if first.same else first)
    return outcome


def _guard(
    fetched: pd.DataFrame, pasted: date | None, force: bool, how_to_force: str = gate.FORCE
) -> Guard:
    """The plausibility gate for this update (nothing, with --force)."""

    def guard(base: pd.DataFrame, result: pd.DataFrame) -> None:
        if not force:
            gate.check(base, result, fetched, pasted, how_to_force)

    return guard


def _fetch(
    http: Http,
    source: str | None,
    full: bool,
    current: pd.DataFrame,
    warnings: list[str],
    progress: Progress | None,
    notice: Notice,
) -> tuple[str, pd.DataFrame, Apply, list[dict[str, Any]]]:
    if source == github.NAME:
        return (github.NAME, *_github(http, full, current, warnings))
    try:
        return (api.NAME, *_api(http, full, current, warnings, progress, notice))
    except UpstreamError as exc:
        if source == api.NAME:
            raise
        try:
            fetched = _github(http, full, current, warnings)
        except UpstreamError as second:
            raise UpstreamError(f"no source is usable: API: {exc}; GitHub: {second}") from None
        notice(f"the API is not usable ({exc}); used the GitHub dataset instead")
        return (github.NAME, *fetched)


def _api(
    http: Http,
    full: bool,
    current: pd.DataFrame,
    warnings: list[str],
    progress: Progress | None,
    notice: Notice,
) -> tuple[pd.DataFrame, Apply, list[dict[str, Any]]]:
    if full:
        span = None
        records = api.fetch_pages(http, None, warnings, progress)
        if not records:
            raise UpstreamError("API statistics: the history has no records")
    else:
        latest = api.fetch_latest(http, warnings)
        start = current.index[-min(TAIL, len(current))].date()
        span = (start, max(latest.day, current.index[-1].date()))
        records = [*api.fetch_pages(http, span, warnings, progress), latest]
    records = screen.one_per_date(screen.within(records, span, notice), "API statistics")
    records = screen.few_new_columns(records, current.columns, "API statistics", warnings)
    fetched = merge.records_frame(records)
    _say_what_is_missing(current, fetched, span, "API", notice)
    return fetched, lambda base: merge.overlay(base, fetched), _stated_entries(records)


def _github(
    http: Http, full: bool, current: pd.DataFrame, warnings: list[str]
) -> tuple[pd.DataFrame, Apply, list[dict[str, Any]]]:
    records = github.fetch(http, warnings)
    if not records:
        raise UpstreamError("GitHub: the files have no daily records")
    records = screen.few_new_columns(records, current.columns, "GitHub", warnings)
    fetched = merge.records_frame(records)
    return fetched, lambda base: merge.fill(base, fetched, only_after_last=not full), []


def _say_what_is_missing(
    current: pd.DataFrame,
    fetched: pd.DataFrame,
    span: tuple[date, date] | None,
    source: str,
    notice: Notice,
) -> None:
    """Stored reports the upstream did not send (where it was asked for them) are kept: say so."""
    stored = current.index
    if span is not None:
        stored = stored[(stored >= pd.Timestamp(span[0])) & (stored <= pd.Timestamp(span[1]))]
    missing = stored.difference(fetched.index)
    if len(missing):
        first, last = missing.min().date(), missing.max().date()
        where = str(first) if len(missing) == 1 else f"{first}..{last}"
        notice(
            f"the {source}'s history lacks {len(missing):,} of the stored reports ({where}); "
            "kept them"
        )


@dataclass(frozen=True)
class _Applied:
    """What applying the fetched records to a dataset gave, with both as the bytes stored."""

    base: pd.DataFrame
    result: pd.DataFrame
    written: bytes  # the result's canonical bytes
    same: bool  # they are the base's too: nothing to write

    @classmethod
    def to(cls, base: pd.DataFrame, apply: Apply) -> _Applied:
        result = apply(base)
        written = store.to_csv(result)
        # Other dates are other bytes, and equal frames the same bytes: the base is written out
        # to compare only where neither says.
        if not result.index.equals(base.index):
            same = False
        else:
            same = result.equals(base) or written == store.to_csv(base)
        return cls(base, result, written, same)


def _same_figures(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """The same dates and totals: a new link or source alone is no news."""
    names = sorted(set(a.columns).union(b.columns) - set(store.META))
    # A column missing from one frame is all empty there, whatever its dtype in the other.
    before, after = (f.reindex(columns=names).astype("float64") for f in (a, b))
    return before.equals(after)


def _write(
    outcome: Outcome, apply: Apply, guard: Guard, what: str, gated: _Applied | None = None
) -> None:
    """Under the lock: re-read what another update may have written, re-apply, gate, log, write.

    `gated`: what applying gave before the lock, already through the gate; when the dataset
    read under the lock is still that one, it is what is written.
    """
    directory = store.prepare_dir()
    path = outcome.path
    with store.locked(path):
        own = path.exists()
        base = store.read(path if own else store.bundled_path())
        reuse = gated is not None and base.equals(gated.base)
        applied = gated if gated is not None and reuse else _Applied.to(base, apply)
        result = applied.result
        if applied.same and (own or not _news(directory, outcome.stated)):
            outcome.frame = base
            return
        if not reuse:
            guard(base, result)
        history.save(directory, what)  # before the first byte is written
        outcome.revised = merge.revisions(base, result)
        journal.append(directory, journal.STATED, outcome.stated)
        journal.append(directory, journal.REVISIONS, _revision_entries(outcome.revised, result))
        store.write_atomic(path, applied.written)
    outcome.wrote, outcome.created = True, not own
    outcome.added = merge.added_days(base, result)
    outcome.news = not _same_figures(base, result)
    outcome.frame = result


def _stated_entries(records: list[Record]) -> list[dict[str, Any]]:
    """stated.csv entries of the changes records state, for the totals they bring."""
    return [
        {"date": r.day, "category": name, "stated": change, "source": r.source}
        for r in records
        for name, change in r.stated.items()
        if name in r.values  # not for a column a screen refused
    ]


def _news(directory: Path, stated: list[dict[str, Any]]) -> bool:
    """Whether the stated log lacks any of these entries."""
    log = journal.read(directory, journal.STATED) if stated else []
    return bool(journal.new_entries(log, journal.STATED, stated))


def _revision_entries(revised: list[merge.Revision], result: pd.DataFrame) -> list[dict[str, Any]]:
    """Log entries for revised values; the source is the one of the value that replaced them."""
    return [
        {"date": r.day, "category": r.category, "old": r.old, "new": r.new,
         "source": str(result.at[pd.Timestamp(r.day), "source"]) or "unknown"}
        for r in revised
    ]  # fmt: skip
