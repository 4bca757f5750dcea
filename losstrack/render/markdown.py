"""A View as a GitHub-flavoured Markdown table: never Rich, never colour, never cut.

The title is a bold line; figure columns are right-aligned (`---:`); the cells are those of
the plain table (figures grouped as the language groups them, marks after them). The notes
follow the table as plain paragraphs, each starting with its mark as in the plain table, not
as GFM footnotes (`[^1]` needs a reference in a cell and renders only on some sites).
Every text is data: line breaks become spaces, and the characters Markdown would read as
markup (`|`, backticks, `*`, `<`, ...) are backslash-escaped, so a cell stays one cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from losstrack.render.text import format_cell
from losstrack.text import clean_text
from losstrack.views.view import Column, Row, View

_BREAKS = re.compile(r"[\t\n\v\f\r\x85\u2028\u2029]+")  # before clean_text strips them
_MARKUP = re.compile(r"([\\`*\[\]<>|~$&])")  # GitHub reads `$...$` as maths, `&...;` as entities
_LOOSE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")  # one inside a word is no markup
_BLOCK_START = re.compile(r"^(?:([#=+-])|(\d+)([.)]))")  # a heading, rule or list at a line start


def escape(text: str) -> str:
    """Text as one Markdown inline: one line, trimmed, every markup character escaped."""
    flat = clean_text(_BREAKS.sub(" ", text)).strip()
    return _LOOSE_UNDERSCORE.sub(r"\\_", _MARKUP.sub(r"\\\1", flat))


def paragraph(text: str) -> str:
    """Text as a Markdown paragraph: escaped, and not read as a heading or a list."""
    inline = escape(text)
    return _BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", inline)


def to_markdown(view: View, lead: str = "", convert: Callable[[str], str] = str) -> str:
    """The view as a GFM table with its title and notes; `lead`, prose before the table.

    `convert` rewrites every text before it is escaped (the ASCII fallback of a stream).
    """
    columns = view.columns
    header = [escape(convert(c.header)) for c in columns]
    cells = [[escape(convert(_cell(row, c))) for c in columns] for row in view.table()]
    rule = ["---:" if c.kind != "text" else "---" for c in columns]
    blocks = [paragraph(convert(t)) for t in (view.title, lead) if t.strip()]
    if blocks and view.title.strip():
        blocks[0] = f"**{blocks[0]}**"
    blocks.append("\n".join(_line(line) for line in [header, rule, *cells]))
    blocks += [paragraph(convert(note)) for note in view.notes if note.strip()]
    return "\n\n".join(blocks) + "\n"


def _cell(row: Row, column: Column) -> str:
    """A cell as the plain table shows it (`text.cell_text`), its line breaks kept as spaces."""
    shown = format_cell(row.cell(column.key), column.kind)
    return _BREAKS.sub(" ", shown).strip() + row.marks.get(column.key, "")


def _line(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
