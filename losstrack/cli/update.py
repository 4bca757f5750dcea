"""`losstrack update`: fetch the new reports, or store a pasted one."""

from __future__ import annotations

import contextlib
import sys
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from losstrack import settings
from losstrack.cli.write import prose
from losstrack.errors import DataError, ExitCode, UsageError

if TYPE_CHECKING:
    from losstrack.sync.update import Outcome
from losstrack.cli.base import Format, Source, app, emit, note, progress_bar
from losstrack.cli.options import FormatOpt, parse_day


@app.command(
    epilog="Example: losstrack update (or: losstrack update --text report.txt; from cron: "
    "losstrack update --quiet --exit-code)"
)
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
    exit_code: Annotated[
        bool,
        typer.Option(
            "--exit-code",
            help="Exit 1 when nothing new was stored, 0 when new reports or revised values were "
            "(like `git diff --exit-code`).",
        ),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="No progress bar, notes, warnings or summary line; errors still."
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
    from losstrack.views import update as views

    say = _quiet if quiet else note
    if text is not None:
        outcome = _update_from_text(text, when, dry_run, fmt, force, quiet)
    else:

        def notice(message: str) -> None:
            say(f"note: {message}")

        with contextlib.nullcontext(None) if quiet else progress_bar() as progress:
            outcome = sync.run(source.value if source else None, full, progress, notice, force)
        for warning in dict.fromkeys(outcome.warnings):
            say(f"warning: {warning}")
        if not quiet:
            prose(views.update_summary(outcome), sys.stderr)
    if exit_code and not outcome.news:
        sys.exit(ExitCode.NOTHING_NEW)


def _quiet(message: str) -> None:
    """`--quiet`: notes and warnings are not said."""


def _update_from_text(
    name: str,
    when: date | None,
    dry_run: bool,
    fmt: Format | None,
    force: bool,
    quiet: bool,
) -> Outcome:
    from losstrack.sources import report
    from losstrack.sync import update as sync
    from losstrack.views import update as views

    parsed = report.parse(read_text(name), when)
    outcome = sync.run_text(parsed, dry_run, force)
    for warning in [] if quiet else outcome.warnings:
        note(f"warning: {warning}")
    if dry_run:
        base = outcome.base if outcome.base is not None else outcome.frame
        view = views.text_report(base, outcome.frame, parsed.day, parsed.stated)
        emit(view, fmt)
    elif not quiet:
        prose(views.update_summary(outcome), sys.stderr)
    return outcome


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
