"""`losstrack show`: the latest totals, or the history of some categories."""

from __future__ import annotations

from typing import Annotated

import typer

from losstrack import registry
from losstrack.cli.base import app, emit, load_frame
from losstrack.cli.options import CategoriesArg, FormatOpt, SinceOpt, UntilOpt, parse_day
from losstrack.errors import UsageError


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
