"""What a command shows, independent of how: a titled table plus machine-readable records."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from losstrack.i18n import count as count  # views count their nouns through the language
from losstrack.i18n import decimal, number, shown
from losstrack.sources.records import clean_text

Kind = Literal["text", "int", "change", "float"]
MARK = "†"  # a change over more than one day (days without a report)
CORRECTED = "‡"  # a change that includes a correction: a fall, or a value an update revised
GLITCH = "§"  # a one-day glitch of the source, left out of derived figures
STATED = "*"  # a change the source stated, where none can be computed
RATE = "≈"  # a comparison of changes per day, as one of the periods is partial


@dataclass(frozen=True)
class Column:
    """One table column: the row key it shows, its header, and how to format it."""

    key: str
    header: str
    kind: Kind = "text"
    wrap: bool = False  # prose (labels, notes, paths) that may wrap on a narrow terminal


@dataclass
class View:
    """A command's answer: a table for people, records for csv/json, notes under the table."""

    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    records: list[dict[str, Any]] | None = None
    notes: list[str] = field(default_factory=list)
    single: bool = False  # json prints the one record as an object, not a list
    extra: dict[str, Any] | None = None  # json: these fields, then the records as `figures`
    as_of: str | None = None  # the latest report of the data behind it, in every record

    def machine_records(self) -> list[dict[str, Any]]:
        """The records csv and json write."""
        records = self.records
        if records is None:
            records = [{c.key: row.get(c.key) for c in self.columns} for row in self.rows]
        if self.as_of is None:
            return records
        return [{**record, "as_of": self.as_of} for record in records]


def format_cell(value: Any, kind: Kind) -> str:
    """A cell as people read it: thousands grouped as the language groups them, signed changes."""
    if value is None:
        return "–"
    if kind == "int":
        return number(value)
    if kind == "change":
        return number(value, signed=True) if value else "0"
    if kind == "float":
        return decimal(value, signed=True) if value else "0"
    return shown(value) if isinstance(value, str) else str(value)  # a Message in the language


def to_csv(view: View) -> str:
    """Records as CSV with a header; lists joined by spaces, none as empty."""
    records = view.machine_records()
    out = io.StringIO()
    keys = list(records[0]) if records else [c.key for c in view.columns]
    writer = csv.DictWriter(out, fieldnames=keys, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for record in records:
        writer.writerow(
            {k: " ".join(v) if isinstance(v, list) else ("" if v is None else v)
             for k, v in record.items()}
        )  # fmt: skip
    return out.getvalue()


def to_json(view: View, ascii_only: bool = False) -> str:
    """Records as a JSON array (or one object for single-record views); `\\u` escapes if asked."""
    records = view.machine_records()
    payload: Any = records[0] if view.single and records else records
    if view.extra is not None:
        payload = {**view.extra, "figures": records}
    return json.dumps(payload, ensure_ascii=ascii_only, indent=2) + "\n"


def to_text(view: View, convert: Callable[[str], str] = str) -> str:
    """A plain aligned table for pipes: no colour, no box drawing, never wrapped.

    `convert` rewrites every text before it is aligned (the ASCII fallback of a stream).
    """
    headers = [convert(c.header) for c in view.columns]
    cells = [[convert(cell_text(row, c)) for c in view.columns] for row in view.rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    right = [c.kind != "text" for c in view.columns]
    lines = [convert(clean_text(view.title)), ""] if view.title else []
    for row in [headers, *cells]:
        parts = [
            v.rjust(w) if r else v.ljust(w) for v, w, r in zip(row, widths, right, strict=True)
        ]
        lines.append("  ".join(parts).rstrip())
    lines.extend(["", *(convert(clean_text(n)) for n in view.notes)] if view.notes else [])
    return "\n".join(lines) + "\n"


def cell_text(row: dict[str, Any], column: Column) -> str:
    """A row's cell as text, followed by the footnote marks the row carries for it."""
    marks: str = row.get(f"{column.key}__mark", "")
    return clean_text(format_cell(row.get(column.key), column.kind)) + marks


def add_mark(row: dict[str, Any], key: str, mark: str) -> None:
    """Put footnote `mark` on the row's `key` cell (after any mark it has)."""
    current = row.get(f"{key}__mark") or ""
    if mark not in current:
        row[f"{key}__mark"] = current + mark
