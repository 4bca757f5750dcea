"""`losstrack check`: can these figures be trusted?"""

from __future__ import annotations

import enum
import sys
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from losstrack import registry
from losstrack.cli.base import app, emit, load_dataset, note
from losstrack.cli.options import CategoriesArg, FormatOpt, SinceOpt, UntilOpt, parse_span
from losstrack.errors import ExitCode
from losstrack.i18n import tr

if TYPE_CHECKING:
    import pandas as pd


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
    from losstrack.analysis import checks, series
    from losstrack.dataset import journal
    from losstrack.views import trust as trust_views

    dataset = load_dataset()
    frame = dataset.frame
    wanted = registry.resolve_many(names or [], series.categories(frame))
    if wanted:
        frame = frame[[*wanted, "source", "link"]]
    if against is Against.github:
        table = _against_github(frame)
        view = trust_views.against(_within(table, *span), table.attrs["has_file"])
    else:
        where = tr("the bundled data") if dataset.bundled else str(dataset.path)
        table = _within(checks.internal(frame, journal.beside_dataset("stated")), *span)
        view = trust_views.findings(table, where)
    emit(view, fmt)
    if strict and len(view.rows):
        sys.exit(ExitCode.FINDINGS)


def _within(table: pd.DataFrame, since: date | None, until: date | None) -> pd.DataFrame:
    """Findings dated within --since/--until (the checks themselves see the whole series)."""
    import pandas as pd

    keep = pd.Series(True, index=table.index)
    if since is not None:
        keep &= table["date"] >= pd.Timestamp(since)
    if until is not None:
        keep &= table["date"] <= pd.Timestamp(until)
    return table[keep]


def _against_github(frame: pd.DataFrame) -> pd.DataFrame:
    from losstrack.analysis import checks
    from losstrack.dataset import merge
    from losstrack.sources import github
    from losstrack.sources.http import Http

    warnings: list[str] = []
    http = Http()
    try:
        other = merge.records_frame(github.fetch(http, warnings))
        fixes = github.fetch_corrections(http, warnings)
    finally:
        http.close()
    for warning in dict.fromkeys(warnings):
        note(f"warning: {warning}")
    table = checks.against(frame, other, fixes)
    table.attrs["has_file"] = fixes is not None
    return table
