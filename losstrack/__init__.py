"""losstrack: the General Staff's daily figures of Russian losses, in the terminal and in Python.

    import losstrack
    frame = losstrack.load(["tanks", "drones"], since="2026-01-01")  # a DataFrame by date

The functions (`load`, `changes`, `diff`, `top`, ...) live in `losstrack.library.functions` and are
imported on first use (PEP 562), so `import losstrack` loads neither pandas nor requests.
The error classes are imported here: each call raises them, in the library's terms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from losstrack.errors import (
    DataError,
    LosstrackError,
    NotFound,
    StorageError,
    UpstreamError,
    UsageError,
)

if TYPE_CHECKING:
    from losstrack.library.functions import (
        Summary,
        Update,
        categories,
        changes,
        check,
        compare,
        corrections,
        diff,
        load,
        milestones,
        summary,
        top,
        update,
    )

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "LosstrackError",
    "NotFound",
    "StorageError",
    "Summary",
    "Update",
    "UpstreamError",
    "UsageError",
    "__version__",
    "categories",
    "changes",
    "check",
    "compare",
    "corrections",
    "diff",
    "load",
    "milestones",
    "summary",
    "top",
    "update",
]
_API = frozenset(__all__) - set(globals())  # what `losstrack.library.functions` defines


def __getattr__(name: str) -> Any:
    """The API's functions, imported on first use."""
    if name in _API:
        from losstrack.library import functions as api

        return getattr(api, name)
    raise AttributeError(f"module 'losstrack' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})
