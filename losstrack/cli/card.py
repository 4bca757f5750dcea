"""`losstrack card`: the share image of one report."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from losstrack.cli.base import app, load_frame, note
from losstrack.cli.options import parse_day


class Size(enum.StrEnum):
    """The card's sizes in pixels: landscape (16:9), portrait (4:5), link preview (1.91:1)."""

    landscape = "1200x675"
    portrait = "1080x1350"
    preview = "1200x630"


@app.command(epilog="Example: losstrack card --date 2023-03-16 --lang uk --output card.png")
def card(
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="FILE", show_default=False,
                     help="The image to write: .png or .svg (replaced if it exists)."),
    ],
    day: Annotated[
        str | None,
        typer.Option("--date", metavar="DATE", show_default=False,
                     help="Report date (default: the latest)."),
    ] = None,
    size: Annotated[
        Size, typer.Option(metavar="WxH", help="1200x675, 1080x1350 or 1200x630 pixels.")
    ] = Size.landscape,
) -> None:  # fmt: skip
    """An image to share of one report: its date and day of the invasion, personnel large,
    every other category's total and change, the marks in words, and the attribution.

    The figures are those of `summary --date`: one-day glitches of the source are left out.
    The global `--lang uk` writes it in Ukrainian. Needs matplotlib: pip install
    'losstrack[plot]'.
    """
    from losstrack.render import image

    fmt = image.check_suffix(output.name)
    asked = parse_day(day, "--date")
    image.require("card")
    from losstrack.analysis import series
    from losstrack.dataset import files, journal
    from losstrack.render import card as cards
    from losstrack.views import card as card_views

    frame = load_frame()
    stamp = series.report_on_or_before(frame, asked or frame.index.max().date(), "--date")
    if asked is not None and stamp.date() != asked:
        note(f"no report on {asked}; using the one of {stamp.date()}")
    shown = card_views.card(frame, stamp, journal.revised_keys())
    files.write_atomic(output, cards.render(shown, size.value, fmt))
    note(f"wrote {output}")
