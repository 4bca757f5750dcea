"""`losstrack chart`: a category over time, in the terminal or as an image."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from losstrack.cli.write import put
from losstrack.errors import UsageError

if TYPE_CHECKING:
    pass
from losstrack.cli.base import app, load_frame, note, use_colour
from losstrack.cli.options import By, CategoryArg, SinceOpt, UntilOpt, one_category, parse_day


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
    category = one_category(name, series.categories(frame))
    # The figures derived from changes leave one-day glitches of the source out, as elsewhere.
    points = charts.series(series.honest(frame, [category]).frame, category, daily, by.value)
    points = charts.between(points, start, end)
    if output is not None:
        charts.save_image(points, output)
        note(f"wrote {output}")
        return
    put(charts.terminal(points, use_colour()))
