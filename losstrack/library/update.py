"""`losstrack.update()`: what `losstrack update` does, as a call that returns what changed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from losstrack.library import frames

if TYPE_CHECKING:
    from losstrack.dataset.merge import Revision

FORCE = "call update(force=True) (`losstrack undo` reverts it)"


@dataclass(frozen=True)
class Update:
    """What `update()` did: the source used, the reports added, the values revised."""

    source: str  # "api" or "github"
    wrote: bool  # False: nothing new
    created: bool  # the user's dataset was created (from the bundled data and the upstream)
    added: tuple[datetime.date, ...]
    revised: tuple[Revision, ...]  # day, category, old, new
    warnings: tuple[str, ...]
    notes: tuple[str, ...]  # what `losstrack update` says as `note:` (a fallback to GitHub)
    path: Path
    as_of: str | None  # the latest report now stored


def update(*, source: str | None = None, full: bool = False, force: bool = False) -> Update:
    """Fetch what is new and store it, as `losstrack update` does (the same code).

    The files are checked, the lock taken and the plausibility gate applied (`force=True`
    stores what it refuses); an undo step is kept. `source`: "api" or "github" (default: the
    API, then GitHub). Raises UpstreamError when no source is usable, DataError when refused.
    """
    from losstrack.sync import update as sync

    if source is not None:
        frames.choice(source, "source", ("api", "github"))
    notes: list[str] = []
    done = sync.run(source, full, None, notes.append, force, FORCE)
    latest = done.frame.index.max().date().isoformat() if len(done.frame) else None
    warnings = tuple(dict.fromkeys(done.warnings))
    added, revised = tuple(done.added), tuple(done.revised)
    return Update(
        done.source,
        done.wrote,
        done.created,
        added,
        revised,
        warnings,
        tuple(notes),
        done.path,
        latest,
    )
