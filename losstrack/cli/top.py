"""`losstrack top`: the largest changes of a category."""

from __future__ import annotations

from typing import Annotated

import typer

from losstrack.cli.base import app, emit, load_frame
from losstrack.cli.options import By, CategoryArg, FormatOpt, one_category


@app.command(epilog="Example: losstrack top uav --by week -n 5")
def top(
    name: CategoryArg,
    by: Annotated[
        By,
        typer.Option(help="Rank report-to-report changes, weeks or months.", case_sensitive=False),
    ] = By.day,
    n: Annotated[int, typer.Option("-n", min=1, metavar="N", help="How many to show.")] = 10,
    fmt: FormatOpt = None,
) -> None:
    """The largest changes of a category, with their dates.

    `--by day`: between consecutive reports; a change over a missing day is marked, with its
    number of days. `--by week|month`: ISO weeks (Monday to Sunday) or calendar months, each
    the last report in it minus the last report before it; a partial period is marked.
    """
    from losstrack.analysis import series
    from losstrack.views import top as views

    frame = load_frame()
    category = one_category(name, series.categories(frame))
    if by is By.day:
        emit(views.top_days(frame, category, n), fmt)
    else:
        emit(views.top_periods(frame, category, by.value, n), fmt)
