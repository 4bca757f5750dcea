"""A View as plain text, csv and json: never Rich, never colour, never cut."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from losstrack.i18n import decimal, number, shown
from losstrack.text import clean_text
from losstrack.views.view import Column, Kind, Row, View


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


def cell_text(row: Row, column: Column) -> str:
    """A row's cell as text, followed by the footnote marks the row carries for it."""
    return clean_text(format_cell(row.cell(column.key), column.kind)) + row.marks.get(
        column.key, ""
    )


def to_csv(view: View) -> str:
    """Records as CSV with a header; lists joined by spaces, none as empty."""
    records = view.records()
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
    records = view.records()
    payload: Any = records[0] if view.single and records else records
    if view.extra is not None:
        payload = {**view.extra, "figures": records}
    return json.dumps(payload, ensure_ascii=ascii_only, indent=2) + "\n"


def to_text(view: View, convert: Callable[[str], str] = str) -> str:
    """A plain aligned table for pipes: no colour, no box drawing, never wrapped.

    `convert` rewrites every text before it is aligned (the ASCII fallback of a stream).
    """
    headers = [convert(c.header) for c in view.columns]
    cells = [[convert(cell_text(row, c)) for c in view.columns] for row in view.table()]
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
