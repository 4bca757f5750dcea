"""What the images share: matplotlib on demand (the `plot` extra), the type, PNG/SVG bytes."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from losstrack.errors import UsageError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

INSTALL_HINT = "pip install 'losstrack[plot]'"
FORMATS = (".png", ".svg")
# DejaVu Sans from matplotlib's own files: it has Cyrillic, and no system font is looked up.
FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")


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
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "losstrack"}):
        figure.savefig(buffer, format=fmt, dpi=figure.dpi, facecolor=figure.get_facecolor(),
                       metadata=metadata)  # fmt: skip
    return buffer.getvalue()
