"""View of `card`: one report's figures for the share image, their marks spelled out in words.

The figures are those of `summary` (one report against the one before, one-day glitches of
the source left out), with the marks of `show`: † a change over days without a report, ‡ a
correction (a fall, or a value an update revised), § a change that leaves out a glitch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from losstrack.analysis import news, series
from losstrack.analysis.between import corrected, missing_days
from losstrack.analysis.values import iso
from losstrack.i18n import tr
from losstrack.registry import label
from losstrack.views.notes import SHOWN, Revised, span_note
from losstrack.views.view import CORRECTED, GLITCH, MARK


@dataclass(frozen=True)
class Tile:
    """One category on the card: its label, total and change, and the marks after the change."""

    category: str
    label: str
    total: int
    change: int
    marks: str = ""


@dataclass(frozen=True)
class Card:
    """What the share card of one report shows, in the current language."""

    day: date
    previous: date
    number: int  # day of the full-scale invasion, 2022-02-24 being day 1
    lead: Tile  # personnel
    tiles: list[Tile]
    notes: list[str] = field(default_factory=list)  # each mark spelled out
    link: str = ""  # the report's link, where the dataset has one


@dataclass
class _Found:
    gaps: list[list[pd.Timestamp]] = field(default_factory=list)
    falls: list[str] = field(default_factory=list)  # labels of the categories corrected
    skipped: list[series.Glitch] = field(default_factory=list)


def card(frame: pd.DataFrame, day: pd.Timestamp, revised: Revised | None = None) -> Card:
    """The card of the report of `day` (a report date) against the report before it."""
    h = series.honest(frame)
    previous, table = news.report_pair(h.frame, day, h.glitches)
    rows, _ = news.news_rows(table, list(table["category"]))
    found = _Found()
    tiles = [_tile(h, day, item, revised or set(), found) for item in rows.to_dict("records")]
    link = str(frame.at[day, "link"]) if "link" in frame.columns else ""
    return Card(day.date(), previous.date(), series.day_number(day), tiles[0], tiles[1:],
                _notes(h, day, found), "" if link in ("", "nan", "<NA>") else link)  # fmt: skip


def _tile(
    h: series.Honest, day: pd.Timestamp, item: dict[Any, Any], revised: Revised, found: _Found
) -> Tile:
    """One row of `report_pair` as a tile, its marks collected for the notes."""
    name, since, change = str(item["category"]), pd.Timestamp(item["since"]), int(item["change"])
    marks = ""
    gap = missing_days(h, name, since, day)
    if gap:
        marks += MARK
        found.gaps.append(gap)
    if corrected(change, iso(day), iso(since), name, revised):
        marks += CORRECTED
        found.falls.append(label(name))
    skipped = h.skipped(name, since, day)
    found.skipped += skipped
    if skipped or h.glitch(day, name) is not None:  # the glitch of `day`: the total carried
        marks += GLITCH
    return Tile(name, label(name), int(item["total"]), change, marks)


def _notes(h: series.Honest, day: pd.Timestamp, found: _Found) -> list[str]:
    """The marks in words, then the categories left out as their value of `day` is a glitch.

    The tiles carry the marks, so the notes name no more than SHOWN spans, glitches each.
    """
    spans = {(g[0], g[-1]): g for g in found.gaps}  # every category over the same days: once
    notes = span_note(list(spans.values())[:SHOWN])
    if found.falls:
        notes.append(tr("{mark} a correction: the General Staff lowered the total or revised "
                        "an earlier figure", mark=CORRECTED))  # fmt: skip
    if found.skipped:
        items = [tr("{category} {value} on {day}", category=label(g.category), value=g.value,
                    day=iso(g.day)) for g in found.skipped[:SHOWN]]  # fmt: skip
        items += _more(len(found.skipped))
        notes.append(tr("{mark} leaves out a one-day glitch of the source: {items}",
                        mark=GLITCH, items="; ".join(items)))  # fmt: skip
    today = [g for (d, _), g in h.glitches.items() if d == day]
    notes += [tr("{category} {value} of {day} is a one-day glitch of the source; left out",
                 category=label(g.category), value=g.value, day=iso(day))
              for g in today[:SHOWN]] + _more(len(today))  # fmt: skip
    return notes


def _more(count: int) -> list[str]:
    return [tr("and {n} more", n=count - SHOWN)] if count > SHOWN else []
