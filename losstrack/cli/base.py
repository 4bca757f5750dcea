"""The application, its error boundary, and what every command shares: options, dates, output."""

from __future__ import annotations

import enum
import sys
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from losstrack import __version__, settings
from losstrack.cli import write
from losstrack.cli.write import note as note
from losstrack.cli.write import progress_bar as progress_bar
from losstrack.cli.write import put
from losstrack.cli.write import use_colour as use_colour
from losstrack.errors import ExitCode, LosstrackError, Terminated, UsageError

if TYPE_CHECKING:
    import pandas as pd

    from losstrack.dataset.store import Dataset
    from losstrack.views.view import View

_state: dict[str, Any] = {"debug": False, "as_published": False, "lang": None}
GLOBAL_FLAGS = ("--debug", "--as-published")  # taken from anywhere on the command line
GLOBAL_VALUES = ("--lang",)
CONTEXT = {"help_option_names": ["-h", "--help"]}


class Format(enum.StrEnum):
    """Output formats of the views."""

    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"
    md = "md"  # markdown's short name

    @property
    def canonical(self) -> str:
        """The format's name, aliases resolved: `md` is `markdown`."""
        return "markdown" if self is Format.md else self.value


class Source(enum.StrEnum):
    """Upstreams `update --source` can force."""

    api = "api"
    github = "github"


def _fail(message: str, code: int) -> NoReturn:
    line = " ".join(message.split())  # always one line, whatever the message held
    put(f"losstrack: error: {line}\n", sys.stderr)
    sys.exit(code)


def take_globals(args: list[str]) -> list[str]:
    """Set the global options found anywhere before `--`; the rest of the line, in order."""
    rest: list[str] = []
    words = iter(args)
    for word in words:
        if word == "--":
            rest += [word, *words]
            break
        name, sep, value = word.partition("=")
        if word in GLOBAL_FLAGS:
            _state[word[2:].replace("-", "_")] = True
        elif name in GLOBAL_VALUES:
            given = value if sep else next(words, None)
            if not given or (not sep and given.startswith("-")):
                raise UsageError(f"{name} needs a value: en or uk")
            _state["lang"] = given
        else:
            rest.append(word)
    return rest


def _traceback() -> None:
    if _state["debug"]:
        import traceback

        traceback.print_exc()


class _Group(TyperGroup):
    """Turns every failure into one line on stderr and a documented exit code."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            from losstrack import i18n

            _state.update(debug=False, as_published=False, lang=None, as_of=None)
            given = kwargs.get("args")
            kwargs["args"] = take_globals(list(sys.argv[1:] if given is None else given))
            i18n.set_language(_state["lang"])
            code = super().main(*args, **kwargs)
        except typer.TyperException as exc:  # click's usage errors
            if type(exc).__name__ == "NoArgsIsHelpError":
                put(exc.format_message() + "\n")
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
            _traceback()
            _fail(str(exc), exc.exit_code)
        except BrokenPipeError:
            sys.stderr.close()  # the reader went away (`| head`): not an error
            sys.exit(0)
        except Exception as exc:
            _traceback()
            from losstrack.dataset.files import from_file_system

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


def _plain_arguments() -> None:
    """Help names arguments as people write them: `CATEGORY`, not `{CATEGORY} <list[str]>`."""
    from typer.core import TyperArgument

    def usage_name(self: TyperArgument) -> str:
        name = self.metavar or (self.name or "").upper()
        return (name if self.required else f"[{name}]") + ("..." if self.nargs != 1 else "")

    TyperArgument.get_usage_pieces = lambda self, ctx: [usage_name(self)]  # type: ignore[method-assign]
    TyperArgument._usage_display_name = usage_name  # type: ignore[attr-defined]
    TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[attr-defined]


_plain_arguments()
ORDER = ("update", "show", "diff", "summary", "card", "top", "compare", "milestones", "chart", "export",
         "check", "corrections", "categories", "info", "cite", "undo", "redo")  # fmt: skip


class _Ordered(_Group):
    """Lists the commands in the order people use them, not alphabetically."""

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: ORDER.index(n) if n in ORDER else len(ORDER))


app = typer.Typer(
    cls=_Ordered,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings=CONTEXT,
    help="The Russian losses reported each morning by the General Staff of Ukraine's Armed "
    "Forces: totals, changes, history. Reads the bundled dataset until `losstrack update`.",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"losstrack {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of errors (anywhere on the line).")
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="LANG",
            help="Language of tables, notes and prose: en or uk (or LOSSTRACK_LANG).",
            show_default=False,
        ),
    ] = None,
    as_published: Annotated[
        bool,
        typer.Option(
            "--as-published",
            help="Derived figures from every stored value, one-day glitches of the source "
            "included (default: a glitch is left out like a missing report).",
        ),
    ] = False,
) -> None:
    """Global options; `take_globals` has read them from anywhere on the line already."""


def emit(view: View, fmt: Format | None, lead: str = "") -> None:
    """Write a view (see `write.emit`); csv and json records carry the data's `as_of`."""
    if view.as_of is None:
        view.as_of = _state.get("as_of")
    write.emit(view, fmt, lead)


def load_dataset() -> Dataset:
    """The dataset a view reads, read the way the global options ask; says when it is stale."""
    from losstrack.dataset import store

    dataset = store.load()
    frame = dataset.frame
    frame.attrs["as_published"] = bool(_state["as_published"])
    if len(frame):
        latest = frame.index.max().date()
        _state["as_of"] = latest.isoformat()
        stale = freshness_note(latest, settings.today())
        if stale:
            note(stale)
    return dataset


def freshness_note(latest: date, today: date) -> str:
    """The note a view on old data writes: how old the latest report is, and what to run."""
    from losstrack.i18n import tr
    from losstrack.views.view import count

    age = (today - latest).days
    if age <= 1:
        return ""
    return tr("the latest report is of {day}, {age} old; run `losstrack update` for newer ones",
              day=latest.isoformat(), age=count(age, "day"))  # fmt: skip


def load_frame() -> pd.DataFrame:
    """The dataset's frame (see `load_dataset`)."""
    return load_dataset().frame
