"""`losstrack chart`: a category over time, in the terminal or as an image."""

from __future__ import annotations

import enum
import re
from pathlib import Path
from typing import Annotated

import typer

from losstrack import registry, settings
from losstrack.cli.base import app, load_frame, note, use_colour
from losstrack.cli.options import SinceOpt, UntilOpt, parse_day
from losstrack.cli.write import put
from losstrack.errors import UsageError


class Step(enum.StrEnum):
    """Steps of `chart`."""

    day = "day"
    week = "week"
    month = "month"
    year = "year"


def parse_size(text: str) -> tuple[int, int]:
    """--size WxH in pixels, each side within settings.IMAGE_SIDES."""
    low, high = settings.IMAGE_SIDES
    found = re.fullmatch(r"\s*(\d{1,5})\s*[xX×]\s*(\d{1,5})\s*", text)
    sides = (int(found[1]), int(found[2])) if found else None
    if sides is None or not all(low <= side <= high for side in sides):
        raise UsageError(f"--size {settings.quote(text, 40)}: use WIDTHxHEIGHT in pixels, each "
                         f"{low} to {high}, e.g. 1200x675")  # fmt: skip
    return sides


def _image_only(output: Path | None, names: list[str], given: list[str]) -> None:
    """What only an image can do: several categories, --size, --dpi, --title."""
    if output is not None:
        if len(names) > settings.MAX_PANELS:
            raise UsageError(f"{len(names)} categories: one image charts {settings.MAX_PANELS} "
                             "at most")  # fmt: skip
        return
    if len(names) > 1:
        raise UsageError("the terminal chart shows one category; chart several as small "
                         "multiples with --output FILE.png")  # fmt: skip
    if given:
        raise UsageError(f"{', '.join(given)} need --output (an image)")


@app.command(epilog="Example: losstrack chart tanks artillery uav --output losses.png")
def chart(
    names: Annotated[
        list[str],
        typer.Argument(help="Category names or aliases; several only with --output.",
                       metavar="CATEGORY", autocompletion=registry.complete, show_default=False),
    ],
    daily: Annotated[bool, typer.Option("--daily", help="Chart the changes, not totals.")] = False,
    by: Annotated[Step, typer.Option(help="One point per report, week, month or year.",
                                     case_sensitive=False)] = Step.day,
    since: SinceOpt = None,
    until: UntilOpt = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", show_default=False,
                     help="Write a .png or .svg image instead (replaced if it exists; needs "
                     "matplotlib: pip install 'losstrack[plot]')."),
    ] = None,
    title: Annotated[str | None, typer.Option(metavar="TEXT", show_default=False,
                                              help="The image's title instead of its own.")] = None,
    size: Annotated[str | None, typer.Option(metavar="WxH", show_default=False,
                                             help="The image's size in pixels (default 1200x675).")] = None,
    dpi: Annotated[int | None, typer.Option(min=settings.IMAGE_DPI[0], max=settings.IMAGE_DPI[1],
                                            metavar="N", show_default=False,
                                            help="The image's dots per inch: the size of its type and lines on those pixels (default 100).")] = None,
) -> None:  # fmt: skip
    """A chart in the terminal: totals by default, `--daily` for changes; or an image.

    The terminal chart fits the terminal (COLUMNS x LINES) and has no colours when NO_COLOR
    is set or the output is not a terminal. With `--by week|month|year` each point is a
    period: its last total, or with `--daily` its change; a change over days without a
    report is drawn as its average per day. An image (`--output`) has one panel per
    category, the date of the latest report, the last value, the partial last period drawn
    apart, and the corrections and one-day glitches of the source marked.
    """
    start, end = parse_day(since, "--since"), parse_day(until, "--until")
    given = [flag for flag, value in (("--title", title), ("--size", size), ("--dpi", dpi))
             if value is not None]  # fmt: skip
    _image_only(output, names, given)
    pixels = parse_size(size) if size is not None else None
    if title is not None and not 0 < len(title.strip()) <= settings.MAX_TITLE:
        raise UsageError(f"--title: give 1 to {settings.MAX_TITLE} characters")
    from losstrack.render import image

    fmt = image.check_suffix(output.name) if output is not None else ""
    if output is not None:
        image.require("--output")
    from losstrack.analysis import series
    from losstrack.render import plot as charts

    frame = load_frame()
    wanted = registry.resolve_many(names, series.categories(frame))
    # The figures derived from changes leave one-day glitches of the source out, as elsewhere.
    panels = [charts.between(charts.series(frame, name, daily, by.value), start, end)
              for name in wanted]  # fmt: skip
    if output is None:
        put(charts.terminal(panels[0], use_colour()))
        return
    from losstrack.dataset import files
    from losstrack.render import chart as images
    from losstrack.text import clean_text

    heading = clean_text(title).strip() if title is not None else None
    data = images.render(panels, frame.index.max().date(), fmt, heading,
                         pixels or images.SIZE, dpi or images.DPI)  # fmt: skip
    files.write_atomic(output, data)
    note(f"wrote {output}")
