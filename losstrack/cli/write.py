"""Everything the CLI writes to stdout and stderr, in a form the stream can show.

A terminal gets tables fitted to its width (render.py) and prose wrapped at it; colour only
when it is a terminal, NO_COLOR is empty and TERM is not `dumb`. A stream, or a terminal whose
locale, that cannot encode the text gets the same figures and marks in ASCII (ascii.py).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from losstrack.cli.ascii import asciify
from losstrack.render.wrapping import wrap

if TYPE_CHECKING:
    from losstrack.cli.base import Format
    from losstrack.views.view import View

DEFAULT_WIDTH = 80  # a terminal that does not say how wide it is
MAX_WIDTH = 1000  # whatever COLUMNS says


def is_terminal(stream: TextIO) -> bool:
    """Whether `stream` is an open terminal."""
    try:
        return stream.isatty()
    except (ValueError, OSError):  # closed, or detached
        return False


def use_colour(stream: TextIO | None = None) -> bool:
    """Colour, Rich and cursor movement only on a terminal, never with NO_COLOR or TERM=dumb."""
    on = is_terminal(sys.stdout if stream is None else stream)
    return on and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def width(stream: TextIO) -> int:
    """The terminal's width in columns: COLUMNS if it is set, else what the terminal says."""
    given = os.environ.get("COLUMNS", "")
    if given.isdigit() and int(given) > 0:
        return min(int(given), MAX_WIDTH)
    try:
        return min(os.get_terminal_size(stream.fileno()).columns or DEFAULT_WIDTH, MAX_WIDTH)
    except (AttributeError, ValueError, OSError):
        return DEFAULT_WIDTH


def _terminal_codeset() -> str:
    """The character set of the locale, which is what a terminal shows (UTF-8 mode aside)."""
    import locale

    try:
        return locale.nl_langinfo(locale.CODESET) or "ascii"
    except (AttributeError, ValueError):  # no nl_langinfo (Windows)
        return "utf-8"


def can_show(text: str, stream: TextIO) -> bool:
    """Whether `stream` (and the terminal behind it, if any) can show `text` as it is."""
    if text.isascii():
        return True
    encodings = [getattr(stream, "encoding", None) or "utf-8"]
    if is_terminal(stream):
        encodings.append(_terminal_codeset())
    for encoding in encodings:
        try:
            text.encode(encoding)
        except (UnicodeEncodeError, LookupError):
            return False
    return True


def put(text: str, stream: TextIO | None = None) -> None:
    """Write `text` to `stream` (stdout), in ASCII if the stream cannot show it."""
    out = sys.stdout if stream is None else stream
    out.write(text if can_show(text, out) else asciify(text))
    out.flush()


def prose(text: str, stream: TextIO | None = None) -> None:
    """A line or paragraph for people; on a terminal, wrapped between words at its width."""
    out = sys.stdout if stream is None else stream
    if is_terminal(out):
        shown = text if can_show(text, out) else asciify(text)
        put("\n".join(wrap(shown, width(out))) + "\n", out)
    else:
        put(text + "\n", out)


def note(message: str) -> None:
    """A note for people on stderr: `losstrack: MESSAGE`."""
    prose(f"losstrack: {message}", sys.stderr)


def emit(view: View, fmt: Format | None, lead: str = "") -> None:
    """A view on stdout: csv, json, markdown, a table fitted to the terminal, or the plain table.

    `lead` is prose markdown puts before the table (summary's paragraph).
    """
    from losstrack.render import text as output

    out = sys.stdout
    name = fmt.canonical if fmt is not None else "table"
    if name == "csv":
        put(output.to_csv(view), out)
    elif name == "json":
        text = output.to_json(view)
        put(text if can_show(text, out) else output.to_json(view, ascii_only=True), out)
    elif name == "markdown":
        from losstrack.render import markdown

        text = markdown.to_markdown(view, lead)
        put(text if can_show(text, out) else markdown.to_markdown(view, lead, asciify), out)
    elif is_terminal(out):
        text = _fitted(view, str)
        put(text if can_show(text, out) else _fitted(view, asciify), out)
    else:
        text = output.to_text(view)
        put(text if can_show(text, out) else output.to_text(view, asciify), out)


def _fitted(view: View, convert: Callable[[str], str]) -> str:
    """The view as a terminal shows it: fitted to its width, coloured if it may be."""
    import io

    from rich.console import Console

    from losstrack.render import terminal as render

    buffer = io.StringIO()
    colour = use_colour(sys.stdout)
    console = Console(file=buffer, width=width(sys.stdout), force_terminal=colour,
                      color_system="auto" if colour else None, highlight=False,
                      emoji=False, markup=False, legacy_windows=False)  # fmt: skip
    console.print(render.table(view, convert), crop=False)
    return buffer.getvalue()


def progress_bar() -> Any:
    """A progress bar on stderr when it is a terminal that takes colour and Unicode; else none."""
    if not use_colour(sys.stderr) or not can_show("━", sys.stderr):
        return contextlib.nullcontext(None)
    from rich.console import Console

    from losstrack.render import terminal as render

    return render.progress(Console(stderr=True), "fetching reports")
