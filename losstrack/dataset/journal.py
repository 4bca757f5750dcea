"""Append-only CSV logs beside the dataset: values a source revised, and the changes sources
stated (a pasted report's "(+N)", the API's `increase`).

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
from itertools import repeat
from pathlib import Path
from typing import Any, Literal

from losstrack.dataset import store
from losstrack.errors import DataError
from losstrack.registry import is_valid_name
from losstrack.sources.records import parse_date


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
_INTS = re.compile(r"(?:-?\d{1,15}\n)*")  # a whole column at once, one cell a line
_SOURCE = re.compile(r"[a-z0-9_.-]+")
_RECORDED = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})")


def path(directory: Path, log: Log) -> Path:
    """Where `log` lives in the data directory."""
    return directory / log.filename


def read(directory: Path, log: Log) -> list[dict[str, Any]]:
    """Every entry, oldest first; a missing file is an empty log, a damaged one an error."""
    return _load(directory, log)[1]


def _load(directory: Path, log: Log) -> tuple[str, list[dict[str, Any]]]:
    """The log's text (empty when there is none) and its entries."""
    from losstrack.dataset.files import read_if_exists  # refuses a FIFO or a device; never blocks

    file = path(directory, log)
    raw = read_if_exists(file)
    if raw is None:
        return "", []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DataError(f"{file}: not UTF-8 text") from None
    if text and not text.endswith("\n"):
        raise DataError(f"{file}: the last line is cut off (the file is truncated)")
    return text, _entries(file, log, _columns(file, log, text))


def _columns(file: Path, log: Log, text: str) -> dict[str, list[str]]:
    """The cells under the header, column by column; a log of plain lines is split in one go."""
    width = len(log.columns)
    if re.fullmatch(f'(?:[^,\n"\r]*(?:,[^,\n"\r]*){{{width - 1}}}\n)+', text):
        cells = text[:-1].replace("\n", ",").split(",")
        if tuple(cells[:width]) == log.columns:
            return {c: cells[width + i :: width] for i, c in enumerate(log.columns)}
    rows = list(csv.reader(io.StringIO(text)))  # quoted by hand, or damaged: line by line
    if not rows or tuple(rows[0]) != log.columns:
        raise DataError(f"{file} line 1: the header is not {','.join(log.columns)}")
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != width:
            raise DataError(f"{file} line {number}: {len(row)} fields, expected {width}")
    return {c: [row[i] for row in rows[1:]] for i, c in enumerate(log.columns)}


def _entries(file: Path, log: Log, cells: dict[str, Any]) -> list[dict[str, Any]]:
    """The entries, checked column by column: a long log repeats its dates and names."""
    if not cells["date"]:
        return []
    days = {text: _day(file, cells["date"], text) for text in dict.fromkeys(cells["date"])}
    cells["date"] = [days[text] for text in cells["date"]]
    for column in log.ints:
        joined = "\n".join(cells[column]) + "\n"  # a quoted cell may hold a line break
        if _INTS.fullmatch(joined) is None or joined.count("\n") != len(cells[column]):
            bad = next(c for c in cells[column] if _INT.fullmatch(c) is None)
            where = f"{file} line {_line(cells[column], bad)}"
            raise DataError(f"{where}: {column} {bad[:20]!r} is not a whole number")
        cells[column] = list(map(int, cells[column]))
    names = zip(cells["category"], cells["source"], cells["recorded"], strict=True)
    for name in dict.fromkeys(names):
        _check_names(file, cells, *name)
    # Every column has a cell per line: map(zip) with no `strict` is twice as fast.
    return list(map(dict, map(zip, repeat(log.columns), zip(*cells.values(), strict=True))))


def _day(file: Path, column: list[str], text: str) -> date:
    try:
        return parse_date(text, "")
    except DataError:  # the same message again, now with its line: only a damaged log pays
        return parse_date(text, f"{file} line {_line(column, text)}")


def _line(column: list[str], cell: str) -> int:
    """The file line of the first row holding `cell`."""
    return column.index(cell) + 2


def _check_names(
    file: Path, cells: dict[str, Any], category: str, source: str, recorded: str
) -> None:
    if not is_valid_name(category):
        where = f"{file} line {_line(cells['category'], category)}"
        raise DataError(f"{where}: {category[:30]!r} is not a category name")
    for column, value, pattern in (("source", source, _SOURCE), ("recorded", recorded, _RECORDED)):
        if pattern.fullmatch(value) is None:
            where = f"{file} line {_line(cells[column], value)}"
            raise DataError(f"{where}: source or recorded time is not valid")


def append(directory: Path, log: Log, entries: list[dict[str, Any]]) -> int:
    """Add the entries that are news to the log; the caller holds the dataset's lock.

    The log's bytes are kept as they are and the new lines written after them (one atomic
    replace), so a long log costs one read, not a rewrite of every entry.
    """
    text, existing = _load(directory, log)
    fresh = new_entries(existing, log, entries)
    if fresh:
        head = text.encode("utf-8") if text else render(log, [], [])
        store.write_atomic(path(directory, log), head + _lines(log, fresh))
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


def latest_stated(entries: list[dict[str, Any]]) -> dict[tuple[date, str], tuple[int, str]]:
    """{(date, category): (stated, source)} of the latest stated.csv entry for each."""
    return {(e["date"], e["category"]): (e["stated"], e["source"]) for e in entries}


def render(log: Log, existing: list[dict[str, Any]], entries: list[dict[str, Any]]) -> bytes:
    """The log's bytes: its header, `existing`, then `entries` (recorded now, in UTC)."""
    header = ",".join(log.columns).encode("utf-8") + b"\n"
    return header + _lines(log, existing) + _lines(log, entries)


def _lines(log: Log, entries: list[dict[str, Any]]) -> bytes:
    """CSV lines of entries; one without a recorded time is stamped now, in UTC."""
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for entry in entries:
        writer.writerow(
            [entry.get(c) or stamp if c == "recorded" else _cell(entry[c]) for c in log.columns]
        )
    return out.getvalue().encode("utf-8")


def _cell(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def beside_dataset(name: Literal["revisions", "stated"]) -> list[dict[str, Any]]:
    """A log beside the user's dataset (empty while the bundled data is in use)."""
    log = REVISIONS if name == "revisions" else STATED
    return read(store.data_dir(), log) if store.user_dataset_exists() else []


def revised_keys() -> set[tuple[str, str]]:
    """(date, category) of every value an update revised: the views' corrected marks."""
    return {(e["date"].isoformat(), e["category"]) for e in beside_dataset("revisions")}


def stated_changes() -> dict[tuple[str, str], int]:
    """(date, category) -> the change a source stated (the latest entry of each)."""
    latest = latest_stated(beside_dataset("stated"))
    return {(day.isoformat(), name): value for (day, name), (value, _) in latest.items()}
