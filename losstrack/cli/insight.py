"""The commands that turn the series into news: summary, top, milestones, compare, chart."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from losstrack import registry
from losstrack.cli.base import (
    FormatOpt,
    SinceOpt,
    UntilOpt,
    app,
    emit,
    load_frame,
    note,
    parse_day,
    use_colour,
)
from losstrack.cli.write import prose, put
from losstrack.errors import UsageError


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
    from losstrack.sources.records import clean_text

    prose(clean_text(text))


def _one(word: str, columns: list[str]) -> str:
    return registry.resolve(word, columns)


@app.command(epilog="Example: losstrack summary --date 2023-03-16 --lang uk")
def summary(
    day: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="DATE", help="Report date (default: the latest).", show_default=False
        ),
    ] = None,
    names: Annotated[
        list[str] | None,
        typer.Option(
            "--categories",
            metavar="CATEGORY[,CATEGORY...]",
            help="Categories to list after personnel (default: every one that changed).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """A paragraph for the news: the personnel lost since the previous report, then the rest.

    `--format csv|json` gives the figures behind the text (json: with the paragraph as `text`);
    the global `--lang uk` writes it in Ukrainian.
    """
    asked = parse_day(day, "--date")
    from losstrack.analysis import series
    from losstrack.views import news as news_views

    frame = load_frame()
    columns = series.categories(frame)
    wanted = registry.resolve_many([w for n in names or [] for w in n.split(",") if w], columns)
    stamp = series.report_on_or_before(frame, asked or frame.index.max().date(), "--date")
    if asked is not None and stamp.date() != asked:
        note(f"no report on {asked}; using the one of {stamp.date()}")
    news = news_views.summary(frame, stamp, wanted)
    for message in news.left_out:
        note(message)
    if fmt is None or fmt.value == "table":
        emit_text(news.text)
        return
    emit(news.view, fmt)


@app.command(epilog="Example: losstrack top uav --by week -n 5")
def top(
    name: CategoryArg,
    by: Annotated[
        By,
        typer.Option(help="Rank report-to-report changes, weeks or months.", case_sensitive=False),
    ] = By.day,
    n: Annotated[int, typer.Option("-n", min=1, metavar="N", help="How many to show.")] = 10,
    fmt: FormatOpt = None,
) -> None:
    """The largest changes of a category, with their dates.

    `--by day`: between consecutive reports; a change over a missing day is marked, with its
    number of days. `--by week|month`: ISO weeks (Monday to Sunday) or calendar months, each
    the last report in it minus the last report before it; a partial period is marked.
    """
    from losstrack.analysis import series
    from losstrack.views import insight as insight_views

    frame = load_frame()
    category = _one(name, series.categories(frame))
    if by is By.day:
        emit(insight_views.top_days(frame, category, n), fmt)
    else:
        emit(insight_views.top_periods(frame, category, by.value, n), fmt)


@app.command(epilog="Example: losstrack milestones tanks")
def milestones(name: CategoryArg, fmt: FormatOpt = None) -> None:
    """The date each round threshold was first reached, and a projection of the next one.

    Thresholds: personnel 10,000, 50,000, then every 50,000; other categories 1, 2 and 5 times
    a power of ten (..., 100, 200, 500, 1,000, ...). The next threshold is projected at the
    rate of the last 30 days, and marked as projected; none when that rate is not above zero.
    """
    from losstrack.analysis import series
    from losstrack.views import news as news_views

    frame = load_frame()
    emit(news_views.milestones(frame, _one(name, series.categories(frame))), fmt)


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
    from losstrack.views import insight as insight_views

    frame = load_frame()
    wanted = registry.resolve_many(names or [], series.categories(frame))
    if not wanted:
        wanted = list(series.latest(frame)["category"])
    emit(insight_views.compare(frame, wanted, by.value, periods), fmt)


@app.command(epilog="Example: losstrack chart personnel --daily --by week")
def chart(
    name: CategoryArg,
    daily: Annotated[bool, typer.Option("--daily", help="Chart the changes, not totals.")] = False,
    by: Annotated[By, typer.Option(help="One point per report, week or month.", case_sensitive=False)] = By.day,
    since: SinceOpt = None,
    until: UntilOpt = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write a .png or .svg image instead "
            "(needs matplotlib: pip install 'losstrack[plot]').", show_default=False,
        ),
    ] = None,
) -> None:  # fmt: skip
    """A chart of a category in the terminal: totals by default, `--daily` for changes.

    It fits the terminal (COLUMNS x LINES) and has no colours when NO_COLOR is set or the
    output is not a terminal. With `--by week|month` each point is a period: its last total,
    or with `--daily` its change. A change over days without a report is drawn as its
    average per day.
    """
    start, end = parse_day(since, "--since"), parse_day(until, "--until")
    if output is not None and output.suffix.lower() not in (".png", ".svg"):
        raise UsageError(f"--output {output.name!r}: the file must end in .png or .svg")
    from losstrack.analysis import series
    from losstrack.render import plot as charts

    frame = load_frame()
    category = _one(name, series.categories(frame))
    # The figures derived from changes leave one-day glitches of the source out, as elsewhere.
    points = charts.series(series.honest(frame, [category]).frame, category, daily, by.value)
    points = charts.between(points, start, end)
    if output is not None:
        charts.save_image(points, output)
        note(f"wrote {output}")
        return
    put(charts.terminal(points, use_colour()))
