"""Text wrapped for a terminal: between words first, then inside a long word, never in a figure.

Lines break after a space or a hyphen between letters (`operational-tactical`, not a date);
a word too long for a line breaks after `..`, `/` or `_`, and only a piece longer than the
whole line is cut at its width. A no-break space (Ukrainian digit groups) never breaks.
"""

from __future__ import annotations

import re
import unicodedata

_BETWEEN = re.compile(r"(?<= )(?=[^ ])|(?<=[^\d\W]{2}-)(?=[^\d\W]{2})")
_INSIDE = re.compile(r"(?:(?<=\.\.)|(?<=[/_]))(?=.)")


def width(text: str) -> int:
    """Terminal columns `text` takes: two for a wide (East Asian) character, none for a mark."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def longest(text: str, inside: bool = False) -> int:
    """The width of the longest word (`inside`: the longest piece a word may break into)."""
    words = _BETWEEN.split(text)
    parts = [p for w in words for p in _INSIDE.split(w)] if inside else words
    return max((width(p.rstrip(" ")) for p in parts), default=0)


def wrap(text: str, columns: int) -> list[str]:
    """`text` in lines of at most `columns` (a single character wider than that aside)."""
    columns = max(columns, 1)
    lines: list[str] = []
    line = ""
    for word in _BETWEEN.split(text):
        fits = width(word.rstrip(" ")) <= columns
        for piece in [word] if fits else _INSIDE.split(word):
            if line and width(line + piece.rstrip(" ")) > columns:
                lines.append(line.rstrip(" "))
                line = ""
            while width(piece.rstrip(" ")) > columns:  # no break left: cut at the width
                lines.append(piece[:columns])
                piece = piece[columns:]
            line += piece
    if line.strip(" ") or not lines:
        lines.append(line.rstrip(" "))
    return lines
