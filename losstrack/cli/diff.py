"""`losstrack diff`: what changed between two reports."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

import typer

from losstrack import registry
from losstrack.cli.base import app, emit, load_frame, note
from losstrack.cli.options import CategoriesArg, FormatOpt, SinceOpt, parse_day
from losstrack.errors import UsageError


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
    from losstrack.views import diff as views

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
