"""The core commands: show, diff, update, categories, info."""

from __future__ import annotations

import sys
from datetime import timedelta
from typing import Annotated, Any

import typer

from losstrack import __version__, categories
from losstrack.cli.base import (
    CategoriesArg,
    FormatOpt,
    SinceOpt,
    Source,
    UntilOpt,
    app,
    emit,
    load_frame,
    note,
    parse_day,
    progress_bar,
)
from losstrack.errors import UsageError


@app.command()
def show(
    names: CategoriesArg = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    last: Annotated[
        int,
        typer.Option(min=1, metavar="N", help="Without dates: how many recent reports to show."),
    ] = 14,
    fmt: FormatOpt = None,
) -> None:
    """The latest report (every category), or the recent history of some categories."""
    start, end = parse_day(since, "--since"), parse_day(until, "--until")
    from losstrack import analysis, views

    frame = load_frame()
    if not names:
        if start or end:
            raise UsageError(
                "--since/--until need a category, e.g. `losstrack show tanks --since ...`"
            )
        emit(views.latest(frame), fmt)
        return
    wanted = categories.resolve_many(names, analysis.categories(frame))
    selected = analysis.window(frame, start, end, last).index
    emit(views.history(frame, wanted, selected), fmt)


@app.command()
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
    """What changed between two reports, per category."""
    start, end = parse_day(since, "--since"), parse_day(until, "--until")
    if sum(x is not None for x in (start, days, weeks)) != 1:
        raise UsageError("give exactly one of --since, --days or --weeks")
    from losstrack import analysis, views

    frame = load_frame()
    wanted = categories.resolve_many(names or [], analysis.categories(frame))
    end_stamp = analysis.report_on_or_before(frame, end or frame.index.max().date(), "--until")
    if start is None:
        start = end_stamp.date() - timedelta(days=days or 7 * (weeks or 0))
    if start > end_stamp.date():
        raise UsageError(f"--since {start} is after --until {end_stamp.date()}")
    start_stamp = analysis.report_on_or_before(frame, start, "--since")
    for asked, used in ((start, start_stamp), (end, end_stamp)):
        if asked is not None and used.date() != asked:
            note(f"no report on {asked}; using the one of {used.date()}")
    if wanted:
        frame = frame[[*wanted, "source", "link"]]
    emit(views.diff(frame, start_stamp, end_stamp, []), fmt)


@app.command()
def update(
    full: Annotated[bool, typer.Option(help="Re-fetch the whole history.")] = False,
    source: Annotated[
        Source | None, typer.Option(help="Use only this source (default: api, then github).")
    ] = None,
) -> None:
    """Fetch the reports that are new since the last update (and re-read the last few)."""
    from losstrack import update as updating

    def notice(message: str) -> None:
        note(f"note: {message}")

    with progress_bar() as progress:
        outcome = updating.run(source.value if source else None, full, progress, notice)
    for warning in dict.fromkeys(outcome.warnings):
        note(f"warning: {warning}")
    from losstrack import views

    sys.stderr.write(views.update_summary(outcome) + "\n")


@app.command(name="categories")
def list_categories(fmt: FormatOpt = None) -> None:
    """Names, labels, aliases and first/last report date of every category."""
    from losstrack import views

    emit(views.categories(load_frame()), fmt)


@app.command()
def info(fmt: FormatOpt = None) -> None:
    """Where the data lives, how much there is, and where the latest report came from."""
    from datetime import datetime

    from losstrack import store, views

    dataset = store.load()
    changed = datetime.fromtimestamp(dataset.path.stat().st_mtime).astimezone()
    facts: dict[str, Any] = {
        "version": __version__,
        "data_directory": str(store.data_dir()),
        "dataset": str(dataset.path),
        "bundled": dataset.bundled,
        "last_changed": "(bundled: run `losstrack update`)"
        if dataset.bundled
        else changed.isoformat(timespec="seconds"),
    }
    facts.update(views.dataset_facts(dataset.frame))
    emit(views.info(facts), fmt)
