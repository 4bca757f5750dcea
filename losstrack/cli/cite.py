"""`losstrack cite`: how to cite the figures as you hold them."""

from __future__ import annotations

import enum
from typing import Annotated

import typer

from losstrack import __version__, settings
from losstrack.cli.base import app, freshness_note, note
from losstrack.cli.write import prose, put


class CiteFormat(enum.StrEnum):
    """What `cite` writes."""

    text = "text"
    bibtex = "bibtex"
    cff = "cff"


@app.command(epilog="Example: losstrack cite --format bibtex >> references.bib")
def cite(
    fmt: Annotated[
        CiteFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="text (default: a paragraph and its sources), bibtex (@misc) or cff "
            "(CITATION.cff of the dataset).",
            show_default=False,
            case_sensitive=False,
        ),
    ] = CiteFormat.text,
) -> None:
    """What a paper or article needs to cite the data: the dataset's latest report, its
    sha256, today as the access date, the upstream sources and their licences, and losstrack.

    Reads your dataset if there is one, else the bundled one. Always in English.
    """
    from losstrack.dataset.snapshot import snapshot
    from losstrack.render import citation as render
    from losstrack.views import cite as views

    held = snapshot()
    today = settings.today()
    frame = held.dataset.frame
    if len(frame):
        stale = freshness_note(frame.index.max().date(), today)
        if stale:
            note(stale)
    record = views.citation(held, today, __version__)
    if fmt is CiteFormat.bibtex:
        put(render.to_bibtex(record))
    elif fmt is CiteFormat.cff:
        put(render.to_cff(record))
    else:
        for line in render.to_text(record).splitlines():
            prose(line)
