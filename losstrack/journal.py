"""Append-only CSV logs beside the dataset: values a source revised, and the changes reports stated.

Both are written only under the dataset's lock, atomically, and before the dataset itself: a
crash in between leaves an entry whose change is not stored yet, never a change without its
entry (the next update finds the same revision and does not log it twice).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from losstrack import store
from losstrack.categories import is_valid_name
from losstrack.errors import DataError
from losstrack.records import parse_date


@dataclass(frozen=True)
class Log:
    """One log file: its name, its columns, and which columns identify an entry."""

    filename: str
    columns: tuple[str, ...]
    ints: tuple[str, ...]
    key: tuple[str, ...] = ("date", "category")


REVISIONS = Log("revisions.csv", ("date", "category", "old", "new", "source", "recorded"),
                ("old", "new"))  # fmt: skip
STATED = Log("stated.csv", ("date", "category", "stated", "source", "recorded"), ("stated",))
_INT = re.compile(r"-?\d{1,15}")
_SOURCE = re.compile(r"[a-z0-9_.-]+")
_RECORDED = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})")


def path(directory: Path, log: Log) -> Path:
    """Where `log` lives in the data directory."""
    return directory / log.filename


def read(directory: Path, log: Log) -> list[dict[str, Any]]:
    """Every entry, oldest first; a missing file is an empty log, a damaged one an error."""
    from losstrack.files import read_if_exists  # refuses a FIFO or a device; never blocks

    file = path(directory, log)
    raw = read_if_exists(file)
    if raw is None:
        return []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DataError(f"{file}: not UTF-8 text") from None
    if text and not text.endswith("\n"):
        raise DataError(f"{file}: the last line is cut off (the file is truncated)")
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or tuple(rows[0]) != log.columns:
        raise DataError(f"{file} line 1: the header is not {','.join(log.columns)}")
    return [_entry(file, log, number, row) for number, row in enumerate(rows[1:], start=2)]


def _entry(file: Path, log: Log, number: int, row: list[str]) -> dict[str, Any]:
    where = f"{file} line {number}"
    if len(row) != len(log.columns):
        raise DataError(f"{where}: {len(row)} fields, expected {len(log.columns)}")
    entry: dict[str, Any] = dict(zip(log.columns, row, strict=True))
    entry["date"] = parse_date(entry["date"], where)
    if not is_valid_name(entry["category"]):
        raise DataError(f"{where}: {entry['category'][:30]!r} is not a category name")
    for column in log.ints:
        if _INT.fullmatch(entry[column]) is None:
            raise DataError(f"{where}: {column} {entry[column][:20]!r} is not a whole number")
        entry[column] = int(entry[column])
    if _SOURCE.fullmatch(entry["source"]) is None or not _RECORDED.fullmatch(entry["recorded"]):
        raise DataError(f"{where}: source or recorded time is not valid")
    return entry


def append(directory: Path, log: Log, entries: list[dict[str, Any]]) -> int:
    """Add the entries that are news to the log; the caller holds the dataset's lock."""
    existing = read(directory, log)
    fresh = new_entries(existing, log, entries)
    if fresh:
        store.write_atomic(path(directory, log), render(log, existing, fresh))
    return len(fresh)


def new_entries(
    existing: list[dict[str, Any]], log: Log, entries: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The entries that say something the log's latest entry for their key does not."""
    latest = {tuple(e[k] for k in log.key): e for e in existing}
    values = [c for c in log.columns if c not in (*log.key, "recorded")]
    fresh = []
    for entry in entries:
        key = tuple(entry[k] for k in log.key)
        before = latest.get(key)
        if before is None or any(before[c] != entry[c] for c in values):
            fresh.append(entry)
            latest[key] = entry
    return fresh


def render(log: Log, existing: list[dict[str, Any]], entries: list[dict[str, Any]]) -> bytes:
    """The log's bytes with `entries` appended (recorded now, in UTC)."""
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(log.columns)
    for entry in [*existing, *({**e, "recorded": e.get("recorded") or stamp} for e in entries)]:
        writer.writerow([_cell(entry[c]) for c in log.columns])
    return out.getvalue().encode("utf-8")


def _cell(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)
