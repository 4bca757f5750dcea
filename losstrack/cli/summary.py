"""`losstrack summary`: the news paragraph of one report."""

from __future__ import annotations

from typing import Annotated

import typer

from losstrack import registry
from losstrack.cli.base import app, emit, load_frame, note
from losstrack.cli.options import FormatOpt, emit_text, parse_day


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

    `--format csv|json` gives the figures behind the text (json: with the paragraph as `text`),
    `--format markdown` the paragraph and their table; the global `--lang uk` writes it in
    Ukrainian.
    """
    asked = parse_day(day, "--date")
    from losstrack import i18n
    from losstrack.analysis import news as news_of
    from losstrack.analysis import series
    from losstrack.render import prose
    from losstrack.views import summary as views

    frame = load_frame()
    columns = series.categories(frame)
    wanted = registry.resolve_many([w for n in names or [] for w in n.split(",") if w], columns)
    stamp = series.report_on_or_before(frame, asked or frame.index.max().date(), "--date")
    if asked is not None and stamp.date() != asked:
        note(f"no report on {asked}; using the one of {stamp.date()}")
    news = news_of.news(series.honest(frame), stamp, wanted)
    text = prose.summary(news, i18n.language())
    view, left_out = views.summary(news, text)
    for message in left_out:
        note(message)
    if fmt is None or fmt.value == "table":
        emit_text(text)
        return
    emit(view, fmt, lead=text)  # markdown: the paragraph, then the figures
