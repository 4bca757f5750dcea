"""The application, its error boundary, and what every command shares: options, dates, output."""

from __future__ import annotations

import enum
import os
import re
import sys
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from losstrack import __version__, categories
from losstrack.errors import ExitCode, LosstrackError, Terminated, UsageError

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
        except (typer.Abort, KeyboardInterrupt):
            _fail("interrupted", ExitCode.INTERRUPTED)
        except Terminated:
            _fail("interrupted", ExitCode.TERMINATED)
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
            from losstrack.files import from_file_system

            storage = from_file_system(exc) if isinstance(exc, OSError) else None
            if storage is not None:  # a full disk or an unusable path is not a bug
                _fail(str(storage), storage.exit_code)
            _fail(
                f"internal error: {type(exc).__name__}: {exc} (rerun with --debug)",
                ExitCode.INTERNAL,
            )
        if code == ExitCode.INTERRUPTED:  # typer turns a KeyboardInterrupt into a silent 130
            _fail("interrupted", ExitCode.INTERRUPTED)
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


def note(message: str) -> None:
    sys.stderr.write(f"losstrack: {message}\n")


def use_colour() -> bool:
    """Rich tables and colour only on a terminal, and never with NO_COLOR set."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def emit(view: View, fmt: Format | None) -> None:
    from losstrack import output

    if fmt is Format.csv:
        sys.stdout.write(output.to_csv(view))
    elif fmt is Format.json:
        sys.stdout.write(output.to_json(view))
    elif use_colour():
        from rich.console import Console

        from losstrack import render

        Console(highlight=False).print(render.table(view))
    else:
        sys.stdout.write(output.to_text(view))
    sys.stdout.flush()


def load_frame() -> pd.DataFrame:
    from losstrack import store

    return store.load().frame


def progress_bar() -> Any:
    import contextlib

    if not sys.stderr.isatty():
        return contextlib.nullcontext(None)
    from rich.console import Console

    from losstrack import render

    return render.progress(Console(stderr=True), "fetching reports")
