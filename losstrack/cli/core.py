"""The core commands: show, diff, update, categories, info."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from typing import Annotated, Any

import typer

from losstrack import __version__, registry, settings
from losstrack.cli.base import (
    CategoriesArg,
    Format,
    FormatOpt,
    SinceOpt,
    Source,
    UntilOpt,
    app,
    emit,
    load_dataset,
    load_frame,
    note,
    parse_day,
    progress_bar,
)
from losstrack.cli.write import prose
from losstrack.errors import DataError, UsageError
from losstrack.i18n import Message


@app.command(epilog="Example: losstrack show tanks uav --last 7")
def show(
    names: CategoriesArg = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    last: Annotated[
        int | None,
        typer.Option(
            min=1,
            metavar="N",
            help="How many reports to show: the latest N, or the last N up to --until "
            "(default 14 without dates).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """The latest report (every category), or the recent history of some categories."""
    start, end = parse_day(since, "--since"), parse_day(until, "--until")
    from losstrack.analysis import series
    from losstrack.dataset import journal
    from losstrack.views import show as views

    frame = load_frame()
    if not names:
        if start or end or last:
            raise UsageError(
                "--since, --until and --last need a category, e.g. `losstrack show tanks --last 7`"
            )
        emit(views.latest(frame, journal.revised_keys(), journal.stated_changes()), fmt)
        return
    wanted = registry.resolve_many(names, series.categories(frame))
    if start is None and end is None and last is None:
        last = 14
    selected = series.window(frame, start, end, last, ("--since", "--until")).index
    emit(
        views.history(frame, wanted, selected, journal.revised_keys(), journal.stated_changes()),
        fmt,
    )


@app.command(epilog="Example: losstrack diff --since 2023-03-15 --until 2023-03-16")
def diff(
    names: CategoriesArg = None,
    since: SinceOpt = None,
    until: Annotated[
        str | None,
        typer.Option(
            metavar="DATE", help="Last date (default: the latest report).", show_default=False
        ),
    ] = None,
    days: Annotated[
        int | None, typer.Option(min=1, metavar="N", help="Since N days before --until.")
    ] = None,
    weeks: Annotated[
        int | None, typer.Option(min=1, metavar="N", help="Since N weeks before --until.")
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """What changed between two reports, per category (--since 2022-02-24: since the invasion)."""
    start, end = parse_day(since, "--since"), parse_day(until, "--until")
    if sum(x is not None for x in (start, days, weeks)) != 1:
        raise UsageError("give exactly one of --since, --days or --weeks")
    from losstrack.analysis import series
    from losstrack.dataset import journal
    from losstrack.views import show as views

    frame = load_frame()
    wanted = registry.resolve_many(names or [], series.categories(frame))
    end_stamp = series.report_on_or_before(frame, end or frame.index.max().date(), "--until")
    if start is None:
        back = days if days is not None else 7 * (weeks or 0)
        flag = f"--days {days}" if days is not None else f"--weeks {weeks}"
        start = _back_from(end_stamp.date(), back, flag, until)
    if start > end_stamp.date():
        upto = f"--until {until}" if until else f"the latest report ({end_stamp.date()})"
        raise UsageError(f"--since {start} is after {upto}")
    start_stamp = series.start_report(frame, start, "--since")
    for asked, used in ((start, start_stamp), (end, end_stamp)):
        if asked is not None and used.date() != asked:
            note(f"no report on {asked}; using the one of {used.date()}")
    if wanted:
        frame = frame[[*wanted, "source", "link"]]
    emit(views.diff(frame, start_stamp, end_stamp, [], journal.revised_keys()), fmt)


def _back_from(end: date, back: int, flag: str, until: str | None) -> date:
    """The date `back` days before `end`; before the invasion is an error naming what was typed."""
    first = registry.WAR_START
    if back > (end - first).days:
        where = f" before --until {until}" if until else ""
        raise UsageError(f"{flag}{where} goes back before the invasion ({first}); "
                         f"use --since {first} to count from it")  # fmt: skip
    return end - timedelta(days=back)


@app.command(epilog="Example: losstrack update (or: losstrack update --text report.txt)")
def update(
    full: Annotated[bool, typer.Option(help="Re-fetch the whole history.")] = False,
    source: Annotated[
        Source | None,
        typer.Option(
            help="Use only this source (default: api, then github).", case_sensitive=False
        ),
    ] = None,
    text: Annotated[
        str | None,
        typer.Option(
            metavar="FILE",
            help="Store a General Staff report pasted into FILE (`-`: stdin) instead of fetching.",
            show_default=False,
        ),
    ] = None,
    day: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DATE",
            help="With --text: the report's date, when its header has no year.",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option(help="With --text: show what would be stored, write nothing.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Store what the source sent even if the plausibility gate refuses it.",
        ),
    ] = False,
    fmt: FormatOpt = None,
) -> None:
    """Fetch the reports that are new since the last update (and re-read the last few)."""
    when = parse_day(day, "--date")
    if when is not None and when > settings.latest_allowed():
        raise UsageError(f"--date {when} is after today ({date.today()})")
    if text is None and (when or dry_run or fmt):
        raise UsageError("--date, --dry-run and --format go with --text FILE")
    if text is not None and (full or source):
        raise UsageError("--text stores a pasted report; it does not go with --full or --source")
    from losstrack.sync import update as sync
    from losstrack.views import dataset as dataset_views

    if text is not None:
        _update_from_text(text, when, dry_run, fmt, force)
        return

    def notice(message: str) -> None:
        note(f"note: {message}")

    with progress_bar() as progress:
        outcome = sync.run(source.value if source else None, full, progress, notice, force)
    for warning in dict.fromkeys(outcome.warnings):
        note(f"warning: {warning}")
    prose(dataset_views.update_summary(outcome), sys.stderr)


def _update_from_text(
    name: str, when: date | None, dry_run: bool, fmt: Format | None, force: bool
) -> None:
    from losstrack.sources import report
    from losstrack.sync import update as sync
    from losstrack.views import dataset as dataset_views
    from losstrack.views import trust as trust_views

    parsed = report.parse(read_text(name), when)
    outcome = sync.run_text(parsed, dry_run, force)
    for warning in outcome.warnings:
        note(f"warning: {warning}")
    if dry_run:
        base = outcome.base if outcome.base is not None else outcome.frame
        view = trust_views.text_report(base, outcome.frame, parsed.day, parsed.stated)
        emit(view, fmt)
        return
    prose(dataset_views.update_summary(outcome), sys.stderr)


def read_text(name: str) -> str:
    """The text of FILE, or of stdin for `-`: UTF-8, at most a megabyte."""
    limit = 1 << 20
    try:
        if name == "-":
            data = sys.stdin.buffer.read(limit + 1)
        else:
            with open(name, "rb") as handle:
                data = handle.read(limit + 1)
    except OSError as exc:
        raise UsageError(f"cannot read {name}: {exc.strerror}") from None
    if len(data) > limit:
        raise DataError(f"{name} is over a megabyte: not a report")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(f"{name} is not UTF-8 text") from None


@app.command(name="categories", epilog="Example: losstrack categories --format csv")
def list_categories(fmt: FormatOpt = None) -> None:
    """Names, labels, aliases and first/last report date of every category."""
    from losstrack.views import dataset as dataset_views

    emit(dataset_views.categories(load_frame()), fmt)


@app.command(epilog="Example: losstrack info")
def info(fmt: FormatOpt = None) -> None:
    """Where the data lives, how much there is, and where the latest report came from."""
    from datetime import datetime

    from losstrack.dataset import store
    from losstrack.views import dataset as dataset_views

    dataset = load_dataset()
    changed = datetime.fromtimestamp(dataset.path.stat().st_mtime).astimezone()
    facts: dict[str, Any] = {
        "version": __version__,
        "data_directory": str(store.data_dir()),
        "dataset": str(dataset.path),
        "bundled": dataset.bundled,
        "last_changed": Message("(bundled: run `losstrack update`)")
        if dataset.bundled
        else changed.isoformat(timespec="seconds"),
    }
    facts.update(dataset_views.dataset_facts(dataset.frame))
    emit(dataset_views.info(facts), fmt)
