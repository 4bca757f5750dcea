"""The command line: arguments, choosing the output, and mapping errors to exit codes.

Heavy modules (pandas, requests, rich) are imported inside the commands, so that `--help`
and shell completion stay fast.
"""

from __future__ import annotations

import enum
import os
import re
import sys
from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from losstrack import __version__, categories
from losstrack.errors import ExitCode, LosstrackError, UsageError

if TYPE_CHECKING:
    import pandas as pd

    from losstrack.output import View

_state = {"debug": False}


class Format(enum.StrEnum):
    """Output formats of the views."""

    table = "table"
    csv = "csv"
    json = "json"


class Source(enum.StrEnum):
    """Upstreams `update --source` can force."""

    api = "api"
    github = "github"


def _fail(message: str, code: int) -> NoReturn:
    line = " ".join(message.split())  # always one line, whatever the message held
    sys.stderr.write(f"losstrack: error: {line}\n")
    sys.exit(code)


class _Group(TyperGroup):
    """Turns every failure into one line on stderr and a documented exit code."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except typer.TyperException as exc:  # click's usage errors
            if type(exc).__name__ == "NoArgsIsHelpError":
                sys.stdout.write(exc.format_message() + "\n")
                sys.exit(0)
            hint = ""
            ctx = getattr(exc, "ctx", None)
            if ctx is not None:
                hint = f" (see `{ctx.command_path} --help`)"
            _fail(f"{exc.format_message()}{hint}", getattr(exc, "exit_code", 2))
        except typer.Abort:
            _fail("interrupted", ExitCode.INTERRUPTED)
        except LosstrackError as exc:
            if _state["debug"]:
                raise
            _fail(str(exc), exc.exit_code)
        except BrokenPipeError:
            sys.stderr.close()  # the reader went away (`| head`): not an error
            sys.exit(0)
        except Exception as exc:
            if _state["debug"]:
                raise
            _fail(
                f"internal error: {type(exc).__name__}: {exc} (rerun with --debug)",
                ExitCode.INTERNAL,
            )
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=_Group,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="The Russian losses reported each morning by the General Staff of Ukraine's Armed "
    "Forces: totals, changes, history. Reads the bundled dataset until `losstrack update`.",
)

FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format", "-f", metavar="FORMAT", help="table (default), csv or json.", show_default=False
    ),
]
CategoriesArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="Category names or aliases (see `losstrack categories`).",
        metavar="CATEGORY",
        autocompletion=categories.complete,
        show_default=False,
    ),
]
SinceOpt = Annotated[
    str | None, typer.Option(metavar="DATE", help="First date, YYYY-MM-DD.", show_default=False)
]
UntilOpt = Annotated[
    str | None, typer.Option(metavar="DATE", help="Last date, YYYY-MM-DD.", show_default=False)
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"losstrack {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
) -> None:
    _state["debug"] = debug


def parse_day(text: str | None, flag: str) -> date | None:
    """A date typed by the user, strictly YYYY-MM-DD."""
    if text is None:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) is None:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{flag} {text!r} is not a date; use YYYY-MM-DD") from None


def _note(message: str) -> None:
    sys.stderr.write(f"losstrack: {message}\n")


def _emit(view: View, fmt: Format | None) -> None:
    from losstrack import output

    if fmt is Format.csv:
        sys.stdout.write(output.to_csv(view))
    elif fmt is Format.json:
        sys.stdout.write(output.to_json(view))
    elif sys.stdout.isatty() and not os.environ.get("NO_COLOR"):
        from rich.console import Console

        from losstrack import render

        Console(highlight=False).print(render.table(view))
    else:
        sys.stdout.write(output.to_text(view))
    sys.stdout.flush()


def _load() -> pd.DataFrame:
    from losstrack import store

    return store.load().frame


@app.command()
def show(
    names: CategoriesArg = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    last: Annotated[
        int,
        typer.Option(min=1, metavar="N", help="Without dates: how many recent reports to show."),
    ] = 14,
    fmt: FormatOpt = None,
) -> None:
    """The latest report (every category), or the recent history of some categories."""
    start, end = parse_day(since, "--since"), parse_day(until, "--until")
    from losstrack import analysis, views

    frame = _load()
    if not names:
        if start or end:
            raise UsageError(
                "--since/--until need a category, e.g. `losstrack show tanks --since ...`"
            )
        _emit(views.latest(frame), fmt)
        return
    wanted = categories.resolve_many(names, analysis.categories(frame))
    selected = analysis.window(frame, start, end, last).index
    _emit(views.history(frame, wanted, selected), fmt)


@app.command()
def diff(
    names: CategoriesArg = None,
    since: SinceOpt = None,
    until: Annotated[
        str | None,
        typer.Option(
            metavar="DATE", help="Last date (default: the latest report).", show_default=False
        ),
    ] = None,
    days: Annotated[
        int | None, typer.Option(min=1, metavar="N", help="Since N days before --until.")
    ] = None,
    weeks: Annotated[
        int | None, typer.Option(min=1, metavar="N", help="Since N weeks before --until.")
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """What changed between two reports, per category."""
    start, end = parse_day(since, "--since"), parse_day(until, "--until")
    if sum(x is not None for x in (start, days, weeks)) != 1:
        raise UsageError("give exactly one of --since, --days or --weeks")
    from losstrack import analysis, views

    frame = _load()
    wanted = categories.resolve_many(names or [], analysis.categories(frame))
    end_stamp = analysis.report_on_or_before(frame, end or frame.index.max().date(), "--until")
    if start is None:
        start = end_stamp.date() - timedelta(days=days or 7 * (weeks or 0))
    if start > end_stamp.date():
        raise UsageError(f"--since {start} is after --until {end_stamp.date()}")
    start_stamp = analysis.report_on_or_before(frame, start, "--since")
    for asked, used in ((start, start_stamp), (end, end_stamp)):
        if asked is not None and used.date() != asked:
            _note(f"no report on {asked}; using the one of {used.date()}")
    if wanted:
        frame = frame[[*wanted, "source", "link"]]
    _emit(views.diff(frame, start_stamp, end_stamp, []), fmt)


@app.command()
def update(
    full: Annotated[bool, typer.Option(help="Re-fetch the whole history.")] = False,
    source: Annotated[
        Source | None, typer.Option(help="Use only this source (default: api, then github).")
    ] = None,
) -> None:
    """Fetch the reports that are new since the last update (and re-read the last few)."""
    from losstrack import update as updating

    def notice(message: str) -> None:
        _note(f"note: {message}")

    with _progress() as progress:
        outcome = updating.run(source.value if source else None, full, progress, notice)
    for warning in dict.fromkeys(outcome.warnings):
        _note(f"warning: {warning}")
    from losstrack import views

    sys.stderr.write(views.update_summary(outcome) + "\n")


def _progress() -> Any:
    import contextlib

    if not sys.stderr.isatty():
        return contextlib.nullcontext(None)
    from rich.console import Console

    from losstrack import render

    return render.progress(Console(stderr=True), "fetching reports")


@app.command(name="categories")
def list_categories(fmt: FormatOpt = None) -> None:
    """Names, labels, aliases and first/last report date of every category."""
    from losstrack import views

    _emit(views.categories(_load()), fmt)


@app.command()
def info(fmt: FormatOpt = None) -> None:
    """Where the data lives, how much there is, and where the latest report came from."""
    from datetime import datetime

    from losstrack import store, views

    dataset = store.load()
    changed = datetime.fromtimestamp(dataset.path.stat().st_mtime).astimezone()
    facts: dict[str, Any] = {
        "version": __version__,
        "data_directory": str(store.data_dir()),
        "dataset": str(dataset.path),
        "bundled": dataset.bundled,
        "last_changed": "(bundled: run `losstrack update`)"
        if dataset.bundled
        else changed.isoformat(timespec="seconds"),
    }
    facts.update(views.dataset_facts(dataset.frame))
    _emit(views.info(facts), fmt)


def main() -> None:
    """Entry point of the `losstrack` command."""
    app()
