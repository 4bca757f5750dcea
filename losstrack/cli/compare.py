"""`losstrack compare`: periods side by side."""

from __future__ import annotations

from typing import Annotated

import typer

from losstrack import registry
from losstrack.cli.base import app, emit, load_frame
from losstrack.cli.options import FormatOpt, Period


@app.command(epilog="Example: losstrack compare --by year personnel")
def compare(
    names: Annotated[
        list[str] | None,
        typer.Argument(
            help="Category names or aliases (default: every category of the latest report).",
            metavar="CATEGORY",
            autocompletion=registry.complete,
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        Period,
        typer.Option(help="week (ISO, Monday to Sunday), month or year.", case_sensitive=False),
    ] = (Period.month),
    periods: Annotated[
        int, typer.Option(min=1, metavar="N", help="How many recent periods to show.")
    ] = 6,
    fmt: FormatOpt = None,
) -> None:
    """The change per period and category, and how it differs from the period before.

    The change of a period is its last report minus the last report before it; the current,
    incomplete period is marked as partial.
    """
    from losstrack.analysis import series
    from losstrack.views import compare as views

    frame = load_frame()
    wanted = registry.resolve_many(names or [], series.categories(frame)) or series.on_latest(frame)
    emit(views.compare(frame, wanted, by.value, periods), fmt)
