"""Helpers for the image tests: a PNG's size from its header, the text a figure draws."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height in pixels, read from the IHDR chunk of a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def texts(figure: Figure) -> list[str]:
    """Every text the figure draws: its own, and its axes' (titles, labels, legends)."""
    from matplotlib.text import Text

    found = [a.get_text() for a in figure.findobj(match=Text) if isinstance(a, Text)]
    return [t for t in found if t]


def clashes(figure: Figure) -> list[str]:
    """Texts of the figure that overlap one another or run off its edges."""
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    width, height = figure.bbox.width, figure.bbox.height
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in figure.texts if t.get_text()]
    found = []
    for k, (text, box) in enumerate(boxes):
        if box.x0 < 0 or box.y0 < 0 or box.x1 > width or box.y1 > height:
            found.append(f"{text!r} runs off the image")
        found += [f"{text!r} overlaps {other!r}" for other, near in boxes[k + 1 :]
                  if box.overlaps(near)]  # fmt: skip
    return found
