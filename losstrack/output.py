"""What a command shows, independent of how: a titled table plus machine-readable records."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from losstrack.records import clean_text

Kind = Literal["text", "int", "change", "float"]
MARK = "†"  # a change over more than one day (days without a report)
CORRECTED = "‡"  # a change that includes a correction: a fall, or a value an update revised


@dataclass(frozen=True)
class Column:
    """One table column: the row key it shows, its header, and how to format it."""

    key: str
    header: str
    kind: Kind = "text"


@dataclass
class View:
    """A command's answer: a table for people, records for csv/json, notes under the table."""

    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    records: list[dict[str, Any]] | None = None
    notes: list[str] = field(default_factory=list)
    single: bool = False  # json prints the one record as an object, not a list

    def machine_records(self) -> list[dict[str, Any]]:
        """The records csv and json write."""
        if self.records is not None:
            return self.records
        return [{c.key: row.get(c.key) for c in self.columns} for row in self.rows]


def count(n: int, noun: str, plural: str | None = None) -> str:
    """`1 day`, `2 days`, `1,650 reports`: a number with its noun in the right number."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def format_cell(value: Any, kind: Kind) -> str:
    """A cell as people read it: thousands separators, signed changes, a dash for none."""
    if value is None:
        return "–"
    if kind == "int":
        return f"{value:,}"
    if kind == "change":
        return f"{value:+,}" if value else "0"
    if kind == "float":
        return f"{value:+,.1f}" if value else "0"
    return str(value)


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


def to_json(view: View) -> str:
    """Records as a JSON array (or one object for single-record views)."""
    records = view.machine_records()
    payload: Any = records[0] if view.single and records else records
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def to_text(view: View) -> str:
    """A plain aligned table for pipes: no colour, no box drawing, never wrapped."""
    headers = [c.header for c in view.columns]
    cells = [[cell_text(row, c) for c in view.columns] for row in view.rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    right = [c.kind != "text" for c in view.columns]
    lines = [clean_text(view.title), ""] if view.title else []
    for row in [headers, *cells]:
        parts = [
            v.rjust(w) if r else v.ljust(w) for v, w, r in zip(row, widths, right, strict=True)
        ]
        lines.append("  ".join(parts).rstrip())
    lines.extend(["", *map(clean_text, view.notes)] if view.notes else [])
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
