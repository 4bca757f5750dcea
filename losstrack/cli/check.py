"""`losstrack check`: can these figures be trusted?"""

from __future__ import annotations

import enum
import sys
from typing import Annotated

import typer

from losstrack import registry
from losstrack.cli.base import app, emit, load_dataset, note
from losstrack.cli.options import CategoriesArg, FormatOpt, SinceOpt, UntilOpt, parse_span
from losstrack.errors import ExitCode
from losstrack.i18n import tr


class Against(enum.StrEnum):
    """Sources `check --against` compares with."""

    github = "github"


@app.command(epilog="Example: losstrack check --since 2026-01-01")
def check(
    names: CategoriesArg = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    against: Annotated[
        Against | None,
        typer.Option(
            help="Compare with another source instead (fetches it).",
            show_default=False,
            case_sensitive=False,
        ),
    ] = None,
    strict: Annotated[bool, typer.Option(help="Exit 1 when there are findings.")] = False,
    fmt: FormatOpt = None,
) -> None:
    """Can these numbers be trusted? Falls, glitches, gaps, outliers, or another source's view."""
    span = parse_span(since, until)
    from losstrack.analysis import checks, corrections, series
    from losstrack.dataset import journal
    from losstrack.sync import against as other_source
    from losstrack.views import check as views

    dataset = load_dataset()
    frame = dataset.frame
    wanted = registry.resolve_many(names or [], series.categories(frame))
    if wanted:
        frame = frame[[*wanted, "source", "link"]]
    if against is Against.github:
        table = other_source.github(frame, lambda warning: note(f"warning: {warning}"))
        view = views.against(corrections.within(table, *span), table.attrs["has_file"])
    else:
        where = tr("the bundled data") if dataset.bundled else str(dataset.path)
        table = corrections.within(checks.internal(frame, journal.beside_dataset("stated")), *span)
        view = views.findings(table, where)
    emit(view, fmt)
    if strict and len(view.rows):
        sys.exit(ExitCode.FINDINGS)
