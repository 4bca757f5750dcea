"""`losstrack undo` and `losstrack redo`: put back an earlier version of the dataset and its logs."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from losstrack.cli.base import app, emit
from losstrack.cli.options import FormatOpt
from losstrack.cli.write import prose
from losstrack.errors import UsageError

StepsOpt = Annotated[
    int | None,
    typer.Option(min=1, metavar="N", help="How many steps to go (default 1).", show_default=False),
]


@app.command(epilog="Example: losstrack undo --list")
def undo(
    steps: StepsOpt = None,
    show: Annotated[
        bool, typer.Option("--list", help="List the kept versions instead of restoring one.")
    ] = False,
    fmt: FormatOpt = None,
) -> None:
    """Put the dataset and its logs back as they were before the last write (update, --text)."""
    from losstrack.dataset import history, store
    from losstrack.views import undo as views

    if show:
        if steps is not None:
            raise UsageError("--list shows the kept versions; it does not go with --steps")
        emit(views.listing(history.listing(store.data_dir())), fmt)
        return
    if fmt is not None:
        raise UsageError("--format goes with --list")
    restored = history.undo(store.data_dir(), steps or 1)
    prose(views.said(restored, "undo"), sys.stderr)


@app.command(epilog="Example: losstrack redo")
def redo(steps: StepsOpt = None) -> None:
    """Put back what `losstrack undo` took away."""
    from losstrack.dataset import history, store
    from losstrack.views import undo as views

    restored = history.redo(store.data_dir(), steps or 1)
    prose(views.said(restored, "redo"), sys.stderr)
