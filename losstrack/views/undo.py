"""`undo` and `redo`: the line a restore prints, and `undo --list`, every kept version."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from losstrack.i18n import Count, tr

if TYPE_CHECKING:
    from datetime import datetime

    from losstrack.dataset.history import Restored, Stack, Summary, Version

    Kept = dict[Stack, list[tuple[Version, Summary]]]
    from losstrack.views.view import View


def said(restored: Restored, command: str) -> str:
    """What an undo or redo restored, and how to go back, on one line."""
    version, steps = restored.version, restored.steps
    when, shown = stamp(version.when), dataset(restored.summary)
    if command == "undo":  # an undo version precedes its write
        head = tr("Restored the dataset as it was before the {what} at {when}",
                  what=version.what, when=when)  # fmt: skip
        head += tr(", {steps} back", steps=Count(steps, "step")) if steps > 1 else ""
        return tr("{head} ({dataset}); `losstrack redo` puts it back.", head=head, dataset=shown)
    head = tr("Restored the dataset as it was after the {what} at {when}",
              what=version.what, when=when)  # fmt: skip
    head += tr(", {steps} forward", steps=Count(steps, "step")) if steps > 1 else ""
    return tr("{head} ({dataset}); `losstrack undo` undoes it.", head=head, dataset=shown)


def dataset(summary: Summary) -> str:
    """`1,648 reports, 2022-02-25..2026-08-31`, or that the bundled data is read again."""
    if not summary.reports:
        return tr("no dataset of your own: the bundled data is read again")
    from losstrack.i18n import count

    span = f", {summary.first}..{summary.last}" if summary.first else ""
    return f"{count(summary.reports, 'report')}{span}"


def stamp(when: datetime) -> str:
    """A version's time as people read it: `2026-12-01 21:50 UTC`."""
    return when.strftime("%Y-%m-%d %H:%M UTC")


def listing(kept: Kept) -> View:
    """Every kept version (`history.listing`): the furthest redo first, down to the oldest undo."""
    from losstrack.views.view import Column, Row, View

    redos = list(reversed(kept["redo"]))
    rows = [_row("redo", len(redos) - i, *pair) for i, pair in enumerate(redos)]
    rows += [_row("undo", i, *pair) for i, pair in enumerate(kept["undo"], start=1)]
    columns = [Column("command", tr("restore with"), wrap=True), Column("side", tr("as it was")),
               Column("write", tr("write"), wrap=True), Column("at", tr("at")),
               Column("reports", tr("reports"), "int"), Column("dates", tr("dates"))]  # fmt: skip
    keys = ("stack", "steps", "write", "at_utc", "reports", "first", "last")
    shown = [Row({k: row[k] for k in keys}, shown=row) for row in rows]
    notes = [] if rows else [tr("Nothing kept yet: every update or pasted report keeps one.")]
    return View(tr("Kept versions of the dataset"), columns, shown, notes)


def _row(stack: str, steps: int, version: Version, summary: Summary) -> dict[str, Any]:
    first = summary.first.isoformat() if summary.first else None
    last = summary.last.isoformat() if summary.last else None
    return {
        "command": f"losstrack {stack}" + (f" --steps {steps}" if steps > 1 else ""),
        "stack": stack,
        "steps": steps,
        "side": tr("before") if stack == "undo" else tr("after"),
        "write": version.what,
        "at": stamp(version.when),
        "at_utc": version.when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "reports": summary.reports or None,
        "first": first,
        "last": last,
        "dates": f"{first}..{last}" if first else (None if summary.reports else tr("bundled data")),
    }
