"""`losstrack categories`: every category, its labels and aliases."""

from __future__ import annotations

from losstrack.cli.base import app, emit, load_frame
from losstrack.cli.options import FormatOpt


@app.command(name="categories", epilog="Example: losstrack categories --format csv")
def list_categories(fmt: FormatOpt = None) -> None:
    """Names, labels, aliases and first/last report date of every category."""
    from losstrack.views import categories as views

    emit(views.categories(load_frame()), fmt)
