"""What the images share: matplotlib on demand (the `plot` extra), the type, PNG/SVG bytes."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

from losstrack.errors import UsageError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

INSTALL_HINT = "pip install 'losstrack[plot]'"
FORMATS = (".png", ".svg")
# DejaVu Sans from matplotlib's own files: it has Cyrillic, and no system font is looked up.
FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")


DESIGN_DPI = 100


_EMS: dict[tuple[str, bool], float] = {}  # a character's advance, in ems of DejaVu Sans


def ems(text: str, bold: bool = False) -> float:
    """The advance of `text` in ems: measured once per character, not once per string (the
    card tries its layout at several scales, and long lines cost FreeType dearly)."""
    missing = {char for char in text if (char, bold) not in _EMS}
    if missing:
        from matplotlib import ft2font
        from matplotlib.font_manager import get_font

        face = get_font(font(bold).get_file())
        face.set_size(100, 72)  # 100 points at 72 dpi: advances in hundredths of an em
        module: Any = ft2font  # LoadFlags from matplotlib 3.10; before, module constants
        flags = getattr(module, "LoadFlags", None)
        plain = flags.NO_HINTING if flags is not None else module.LOAD_NO_HINTING
        for char in missing:
            glyph = face.load_char(ord(char), flags=plain)
            _EMS[(char, bold)] = glyph.linearHoriAdvance / 65536 / 100
    return sum(_EMS[(char, bold)] for char in text)


def require(what: str) -> None:
    """Raise a one-line UsageError naming the extra when matplotlib is not installed."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise UsageError(f"{what} needs matplotlib: {INSTALL_HINT}") from None


def check_suffix(name: str, flag: str = "--output") -> str:
    """The image format a file name asks for (png or svg); any other suffix is a usage error."""
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    if suffix not in FORMATS:
        raise UsageError(f"{flag} {name!r}: the file must end in .png or .svg")
    return suffix[1:]


def font(bold: bool = False, points: float | None = None) -> Any:
    """DejaVu Sans (or its bold) as FontProperties, at `points` when given."""
    from matplotlib import get_data_path
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(fname=f"{get_data_path()}/fonts/ttf/{FONTS[bold]}")
    if points is not None:
        prop.set_size(points)
    return prop


def encode(figure: Figure, fmt: str) -> bytes:
    """The figure as PNG or SVG bytes at its own size and DPI; SVG keeps its text as text."""
    from matplotlib import rc_context

    buffer = io.BytesIO()
    # No date in the metadata: the same figures give the same file.
    metadata = {"Software": None} if fmt == "png" else {"Date": None}
    # zlib level 3, not 6: a card is ~4% larger and ~15% faster to write.
    extra: dict[str, Any] = {"pil_kwargs": {"compress_level": 3}} if fmt == "png" else {}
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "losstrack"}):
        figure.savefig(buffer, format=fmt, dpi=figure.dpi, facecolor=figure.get_facecolor(),
                       metadata=metadata, **extra)  # fmt: skip
    return buffer.getvalue()


class Painter:
    """Measures text, and puts text and boxes on the figure in pixels from its top left.

    Sizes are pixels of a design at DESIGN_DPI (a size in points is points * 100 / 72);
    what it measures is pixels of the figure.
    """

    def __init__(self, figure: Figure, scale: float, stack: bool = False) -> None:
        self.figure, self.scale = figure, scale
        self.stack = stack  # whether a tile may put its change under its total
        self.width, self.height = (round(v) for v in figure.bbox.size)
        self.renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
        self._fonts: dict[tuple[float, bool], Any] = {}
        self._lines: dict[tuple[float, bool], tuple[float, float]] = {}

    def px(self, value: float) -> float:
        """A length of the design, at this scale."""
        return value * self.scale

    def font(self, px: float, bold: bool) -> Any:
        key = (px, bold)
        if key not in self._fonts:
            self._fonts[key] = font(bold, px * self.scale * 72 / DESIGN_DPI)
        return self._fonts[key]

    def width_of(self, text: str, px: float, bold: bool = False) -> float:
        """The width of `text` in the figure's pixels: its characters' advances, a hair over
        what matplotlib draws (which may kern a pair closer), never under."""
        return ems(text, bold) * px * self.scale * self.figure.dpi / DESIGN_DPI * 1.01

    def metrics(self, px: float, bold: bool = False) -> tuple[float, float]:
        """Ascent and descent of a line, as matplotlib lays one out (from "lp")."""
        key = (px, bold)
        if key not in self._lines:
            _, height, descent = self.renderer.get_text_width_height_descent(
                "lp", self.font(px, bold), ismath=False
            )
            self._lines[key] = float(height - descent), float(descent)
        return self._lines[key]

    def step(self, px: float, bold: bool = False) -> float:
        """From one baseline to the next."""
        return sum(self.metrics(px, bold)) * 1.15

    def wrap(self, text: str, px: float, room: float, bold: bool = False) -> list[str]:
        """Lines no wider than `room`, broken at spaces and after hyphens (a word too long for
        a line, at any character)."""
        lines: list[str] = []
        for token, glue in _tokens(text):
            for k, piece in enumerate(self._pieces(token, px, room, bold)):
                joined = f"{lines[-1]}{glue}{piece}" if lines and glue is not None else ""
                if k == 0 and joined and self.width_of(joined, px, bold) <= room:
                    lines[-1] = joined
                else:
                    lines.append(piece)
        return lines or [""]

    def _pieces(self, token: str, px: float, room: float, bold: bool) -> list[str]:
        if self.width_of(token, px, bold) <= room:
            return [token]
        pieces = [""]
        for char in token:
            if pieces[-1] and self.width_of(pieces[-1] + char, px, bold) > room:
                pieces.append("")
            pieces[-1] += char
        return pieces

    def fit(self, text: str, px: float, room: float) -> str:
        """`text` whole, or cut with `…` to `room` (a link: the only text ever cut)."""
        while len(text) > 1 and self.width_of(text, px) > room:
            text = text[: -max(2, len(text) // 8)] + "…"
        return text

    def text(self, x: float, baseline: float, text: str, px: float, colour: str,
             bold: bool = False, right: bool = False) -> None:  # fmt: skip
        self.figure.text(x / self.width, 1 - baseline / self.height, text, color=colour,
                         fontproperties=self.font(px, bold), ha="right" if right else "left",
                         va="baseline", parse_math=False)  # fmt: skip

    def box(self, x: float, top: float, width: float, height: float, colour: str) -> None:
        from matplotlib.patches import FancyBboxPatch

        w, h = self.width, self.height
        self.figure.add_artist(FancyBboxPatch(
            (x / w, 1 - (top + height) / h), width / w, height / h, transform=self.figure.transFigure,
            boxstyle=f"round,pad=0,rounding_size={self.px(10) / w}", mutation_aspect=w / h,
            facecolor=colour, edgecolor="none"))  # fmt: skip


def _tokens(text: str) -> list[tuple[str, str | None]]:
    """Words and hyphenated parts, each with what joins it to the one before (None: first)."""
    found: list[tuple[str, str | None]] = []
    for word in text.split():
        for k, part in enumerate(re.findall(r"[^-]+-+|[^-]+$|-+", word)):
            found.append((part, "" if k else " "))
    return [(t, None if i == 0 else g) for i, (t, g) in enumerate(found)]
