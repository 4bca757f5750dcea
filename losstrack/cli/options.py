"""What the commands share: their options and arguments, dates read once, one category."""

from __future__ import annotations

import enum
from datetime import date
from typing import Annotated

import typer

from losstrack import registry, settings
from losstrack.cli.base import Format
from losstrack.cli.write import note as note
from losstrack.cli.write import progress_bar as progress_bar
from losstrack.cli.write import prose
from losstrack.cli.write import use_colour as use_colour
from losstrack.errors import UsageError

FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="table (default), csv, json or markdown (md).",
        show_default=False,
        case_sensitive=False,
    ),
]


CategoriesArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="Category names or aliases, English or Ukrainian (see `losstrack categories`).",
        metavar="CATEGORY",
        autocompletion=registry.complete,
        show_default=False,
    ),
]


DATE_HELP = settings.DATE_WORDS


SinceOpt = Annotated[
    str | None,
    typer.Option(metavar="DATE", help=f"First date ({DATE_HELP}).", show_default=False),
]


UntilOpt = Annotated[
    str | None,
    typer.Option(metavar="DATE", help=f"Last date ({DATE_HELP}).", show_default=False),
]


def parse_day(text: str | None, flag: str) -> date | None:
    """A date typed by the user (see `settings.parse_date`), or None when not given."""
    return None if text is None else settings.parse_date(text, flag)


class By(enum.StrEnum):
    """Steps of `top` and `chart`."""

    day = "day"
    week = "week"
    month = "month"


class Period(enum.StrEnum):
    """Periods of `compare`."""

    week = "week"
    month = "month"
    year = "year"


CategoryArg = Annotated[
    str,
    typer.Argument(
        help="A category name or alias (see `losstrack categories`).",
        metavar="CATEGORY",
        autocompletion=registry.complete,
        show_default=False,
    ),
]


def emit_text(text: str) -> None:
    """Prose for people: one line, control characters stripped like every other output."""
    from losstrack.text import clean_text

    prose(clean_text(text))


def one_category(word: str, columns: list[str]) -> str:
    return registry.resolve(word, columns)


def parse_span(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    """--since and --until as dates, in order."""
    start, end = parse_day(since, "--since"), parse_day(until, "--until")
    if start is not None and end is not None and start > end:
        raise UsageError(f"--since {start} is after --until {end}")
    return start, end
