"""`cite`: what a paper or article needs to cite the figures as the user holds them.

Always in English, like `--help` and errors: citation metadata is read by reference managers
and editors, not only by people. The licences are what each work states; `""` where it
states none (the General Staff's reports, the russianwarship.rip API).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from losstrack.analysis import coverage
from losstrack.dataset.snapshot import Snapshot
from losstrack.views.export import LICENCE, TITLE

PETRO = "https://github.com/PetroIvaniuk/2022-Ukraine-Russia-War-Dataset"
REPOSITORY = "https://github.com/losstrack/losstrack"  # also in CITATION.cff (a test checks)
ATTRIBUTION = (
    "Source: General Staff of the Armed Forces of Ukraine. These are the General Staff's "
    "figures, not independently verified."
)  # the card's words


@dataclass(frozen=True)
class Work:
    """A work the figures come from or pass through: its role, maker, title, link, licence."""

    role: str
    author: str
    title: str
    url: str
    licence: str = ""  # an SPDX identifier; empty: the work states none
    also: str = ""  # another link to it
    reports: int | None = None  # reports of the dataset that came from it


@dataclass(frozen=True)
class Citation:
    """The dataset as held, the upstreams its figures came from, and losstrack itself."""

    title: str
    version: str  # losstrack's
    first: date | None
    latest: date | None
    reports: int
    sha256: str
    bundled: bool
    accessed: date
    licence: str
    sources: tuple[Work, ...]
    software: Work

    @property
    def year(self) -> int:
        """The year of the figures: that of the latest report (else of the access)."""
        return (self.latest or self.accessed).year


def citation(held: Snapshot, accessed: date, version: str) -> Citation:
    """The citation of the dataset `held`, accessed on `accessed`, kept by losstrack `version`."""
    frame = held.dataset.frame
    used = coverage.reports_by_source(frame)
    first = _day(frame.index.min()) if len(frame) else None
    latest = _day(frame.index.max()) if len(frame) else None
    software = Work("software", "losstrack developers", f"losstrack {version}", REPOSITORY, "MIT")
    return Citation(
        TITLE,
        version,
        first,
        latest,
        len(frame),
        held.sha256,
        held.dataset.bundled,
        accessed,
        LICENCE["name"],
        _sources(used),
        software,
    )


def _sources(used: dict[str, int]) -> tuple[Work, ...]:
    """The General Staff, the API and the GitHub dataset, with the reports each brought."""
    return (
        Work(
            "figures",
            "General Staff of the Armed Forces of Ukraine",
            "Daily reports of the combat losses of the enemy",
            "https://www.zsu.gov.ua/",
            also="https://www.facebook.com/GeneralStaff.ua",
            reports=used.get("text", 0),
        ),
        Work(
            "api",
            "russianwarship.rip",
            "russianwarship.rip API v2",
            "https://russianwarship.rip/",
            reports=used.get("api", 0),
        ),
        Work(
            "fallback",
            "Petro Ivaniuk",
            "2022 Ukraine Russia War Dataset",
            PETRO,
            "MIT",
            reports=used.get("github", 0),
        ),
    )


def _day(stamp: pd.Timestamp) -> date:
    return date(stamp.year, stamp.month, stamp.day)
