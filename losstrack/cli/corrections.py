"""`losstrack corrections`: revised values and falls in a total."""

from __future__ import annotations

from losstrack import registry
from losstrack.cli.base import app, emit, load_dataset
from losstrack.cli.options import CategoriesArg, FormatOpt, SinceOpt, UntilOpt, parse_span


@app.command(epilog="Example: losstrack corrections tanks --since 2024-01-01")
def corrections(
    names: CategoriesArg = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    fmt: FormatOpt = None,
) -> None:
    """Values updates revised (old -> new, from the log) and every fall in a reported total."""
    span = parse_span(since, until)
    from losstrack.analysis import series
    from losstrack.dataset import journal
    from losstrack.views import corrections as views

    frame = load_dataset().frame
    wanted = registry.resolve_many(names or [], series.categories(frame))
    wanted = wanted or series.categories(frame)
    emit(views.corrections(frame, wanted, journal.beside_dataset("revisions"), span), fmt)
