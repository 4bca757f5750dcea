"""Load, validate and save the CSV dataset: atomic writes under a lock; bundled fallback.

The files' kinds, the lock and the atomic write live in `files` (re-exported here): reads and
writes follow a symlinked `losses.csv` to its target, and anything but a regular file is a
StorageError before any request is made (see `check_files`).
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from losstrack.dataset.files import check_lock, check_regular, os_error, read_if_exists
from losstrack.dataset.files import locked as locked
from losstrack.dataset.files import write_atomic as write_atomic
from losstrack.errors import DataError, StorageError
from losstrack.registry import NAMES, WAR_START, is_valid_name
from losstrack.settings import LAST_STORED
from losstrack.text import LINK_RE

if TYPE_CHECKING:
    import pandas as pd

FILENAME = "losses.csv"
META = ("source", "link")
_CELL = r"\d{0,15}"
_SOURCE = r"[a-z0-9_.-]*"
_LINK = f"(?:{LINK_RE.pattern})?"


@dataclass(frozen=True)
class Dataset:
    """The series as read from one file."""

    frame: pd.DataFrame
    path: Path
    bundled: bool


def data_dir() -> Path:
    """The user's data directory: LOSSTRACK_DATA_DIR, else the platform's user data dir."""
    env = os.environ.get("LOSSTRACK_DATA_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_path("losstrack"))


def dataset_path() -> Path:
    """Where the user's dataset lives (it may not exist yet)."""
    return data_dir() / FILENAME


def bundled_path() -> Path:
    """The dataset shipped with the package (wheel), or in the source tree's `data/`."""
    package = Path(__file__).resolve().parent.parent  # losstrack/, where the wheel puts data/
    for candidate in (package / "data" / FILENAME, package.parent / "data" / FILENAME):
        if candidate.is_file():
            return candidate
    raise StorageError("the bundled dataset is missing from this installation; reinstall it")


def _dir_exists(directory: Path) -> bool:
    """Whether the data directory is there; a non-directory or an unusable name is an error."""
    try:
        info = os.stat(directory)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as exc:  # ENAMETOOLONG, ELOOP, EACCES on a parent
        raise os_error("cannot use data directory", directory, exc) from None
    if not stat.S_ISDIR(info.st_mode):
        raise StorageError(f"data directory {directory} is not a directory")
    return True


def user_dataset_exists() -> bool:
    """Whether the user's own dataset is there; one that is not a regular file is an error."""
    directory = data_dir()
    return _dir_exists(directory) and check_regular(directory / FILENAME)


def check_files() -> None:
    """Refuse, before any request, data files that are not regular files and a foreign lock."""
    from losstrack.dataset import journal

    directory = data_dir()
    if not _dir_exists(directory):
        return
    for name in (FILENAME, journal.REVISIONS.filename, journal.STATED.filename):
        check_regular(directory / name)
    check_lock(Path(f"{directory / FILENAME}.lock"))


def load() -> Dataset:
    """The user's dataset when there is one, else the bundled one."""
    if user_dataset_exists():
        path = dataset_path()
        return Dataset(read(path), path, bundled=False)
    path = bundled_path()
    return Dataset(read(path), path, bundled=True)


# -- reading ----------------------------------------------------------------------------------


def read(path: Path) -> pd.DataFrame:
    """Read and validate a dataset file; any damage is a DataError naming the file and line."""
    raw = read_if_exists(path)
    if raw is None:
        raise StorageError(f"cannot read {path}: No such file or directory")
    return parse(raw, str(path))


_PARSED: dict[tuple[str, bytes], pd.DataFrame] = {}  # the last few files parsed, by content
_KEPT = 4


def parse(raw: bytes, name: str) -> pd.DataFrame:
    """Bytes of a dataset file -> a frame indexed by date, totals as nullable integers.

    The same bytes parse to the same frame: a copy of one parsed before comes back at once (a
    notebook, or a process serving many calls, reads the same file again and again).
    """
    import hashlib

    key = (name, hashlib.blake2b(raw, digest_size=16).digest())
    if key not in _PARSED:
        frame = _parse(raw, name)
        while len(_PARSED) >= _KEPT:
            del _PARSED[next(iter(_PARSED))]
        _PARSED[key] = frame
    return _PARSED[key].copy()


def _parse(raw: bytes, name: str) -> pd.DataFrame:
    if not raw.strip():
        raise DataError(f"{name}: the file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(f"{name} line {line}: not UTF-8 text") from None
    if not text.endswith("\n"):
        raise DataError(
            f"{name} line {text.count(chr(10)) + 1}: the line is cut off "
            "(the file does not end with a newline; was it truncated?)"
        )
    header = _header(text, name)
    _check_field_counts(text, len(header), name)
    return _frame(text, header, name)


def _header(text: str, name: str) -> list[str]:
    header = next(iter(_csv_rows(text[: text.index("\n")], name)), [])
    if len(header) < 3 or header[0] != "date" or tuple(header[-2:]) != META:
        raise DataError(f"{name} line 1: the header must be date,<categories>,source,link")
    columns = header[1:-2]
    for column in columns:
        if not is_valid_name(column):
            raise DataError(f"{name} line 1: column {column!r} is not a valid category name")
    if len(set(columns)) != len(columns):
        raise DataError(f"{name} line 1: a column is named twice")
    return header


def _check_field_counts(text: str, expected: int, name: str) -> None:
    lines = text[:-1].split("\n")
    if '"' in text:
        counts = [len(row) for row in _csv_rows(text, name)]
    else:
        counts = [line.count(",") + 1 for line in lines]
    for number, count in enumerate(counts, start=1):
        if count != expected:
            raise DataError(f"{name} line {number}: {count} fields where the header has {expected}")


def _csv_rows(text: str, name: str) -> list[list[str]]:
    """Rows as the csv module reads them; what it cannot read (a stray CR) is a DataError."""
    reader = csv.reader(io.StringIO(text))
    try:
        return list(reader)
    except csv.Error:
        raise DataError(f"{name} line {reader.line_num}: not valid CSV (a stray CR?)") from None


def _first_bad(ok: pd.Series) -> int | None:
    """Line number (header is line 1) of the first False, or None."""
    bad = (~ok).to_numpy().nonzero()[0]
    return int(bad[0]) + 2 if len(bad) else None


def _frame(text: str, header: list[str], name: str) -> pd.DataFrame:
    fast = _frame_of_valid_rows(text, header, name)
    if fast is not None:
        return fast
    import pandas as pd

    try:
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False)
    except (pd.errors.ParserError, ValueError) as exc:
        found = re.search(r"(?:line|row) (\d+)", str(exc))
        where = f" line {int(found.group(1)) + 1}" if found else ""
        raise DataError(f"{name}{where}: not valid CSV (an unclosed quote?)") from None
    if table.empty:
        raise DataError(f"{name}: the file has a header but no reports")
    dates = _dates(table["date"], name)
    frame = pd.DataFrame(index=pd.DatetimeIndex(dates, name="date"))
    for column in header[1:-2]:
        cells = table[column]
        line = _first_bad(cells.str.fullmatch(_CELL))
        if line is not None:
            cell = cells.iloc[line - 2][:20]
            raise DataError(f"{name} line {line}: {column} {cell!r} is not a whole number")
        numbers = pd.to_numeric(cells.where(cells != ""), errors="raise")
        frame[column] = pd.array(numbers.to_numpy(), dtype="Int64")
    for column, pattern in (("source", _SOURCE), ("link", _LINK)):
        line = _first_bad(table[column].str.fullmatch(pattern))
        if line is not None:
            raise DataError(f"{name} line {line}: {column} is not valid")
        frame[column] = table[column].to_numpy()
    return normalize(frame)


def _frame_of_valid_rows(text: str, header: list[str], name: str) -> pd.DataFrame | None:
    """The frame, read by pandas' C parser, when every row is plainly valid; else None.

    One regular expression per row proves each cell well formed (the same patterns as the
    checks cell by cell), so the numbers can be parsed as integers at C speed. A file with
    any doubtful row (quotes, a bad cell) takes the slow path, which names what is wrong.
    """
    import pandas as pd

    columns = header[1:-2]
    row = re.compile(rf"\d{{4}}-\d{{2}}-\d{{2}}(?:,{_CELL}){{{len(columns)}}},{_SOURCE},{_LINK}")
    if not all(row.fullmatch(line) for line in text[:-1].split("\n")[1:]):
        return None
    table = pd.read_csv(
        io.StringIO(text),
        dtype={column: "Int64" if column in columns else "str" for column in header},
        keep_default_na=False,
        na_values={column: [""] for column in columns},
    )
    if table.empty:
        return None
    index = pd.DatetimeIndex(_dates(table["date"], name), name="date")
    values = {c: table[c].array if c not in META else table[c].to_numpy() for c in header[1:]}
    return normalize(pd.DataFrame(values, index=index))


def _dates(cells: pd.Series, name: str) -> pd.Series:
    import pandas as pd

    parsed = pd.to_datetime(cells, format="%Y-%m-%d", errors="coerce")
    ok = cells.str.fullmatch(r"\d{4}-\d{2}-\d{2}") & parsed.notna()
    line = _first_bad(ok)
    if line is not None:
        raise DataError(f"{name} line {line}: date {cells.iloc[line - 2][:20]!r} is not valid")
    line = _first_bad(parsed >= pd.Timestamp(WAR_START))
    if line is not None:
        raise DataError(f"{name} line {line}: date {cells.iloc[line - 2]} is before the invasion")
    line = _first_bad(parsed <= pd.Timestamp(LAST_STORED))
    if line is not None:
        raise DataError(f"{name} line {line}: date {cells.iloc[line - 2]} is after {LAST_STORED}")
    steps = parsed.diff().dt.days.fillna(1)
    line = _first_bad(steps > 0)
    if line is not None:
        raise DataError(
            f"{name} line {line}: date {cells.iloc[line - 2]} is not after the line before "
            "(dates must be unique and sorted)"
        )
    return parsed


# -- writing ----------------------------------------------------------------------------------


def normalize(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns in the canonical order: registry categories, then other columns, then meta."""
    import pandas as pd

    extras = sorted(c for c in frame.columns if c not in NAMES and c not in META)
    added: dict[str, Any] = {c: pd.array([None] * len(frame), dtype="Int64")
                                for c in NAMES if c not in frame.columns}  # fmt: skip
    added.update({c: "" for c in META if c not in frame.columns})
    if added:
        frame = frame.assign(**added)
    return frame[[*NAMES, *extras, *META]]


def to_csv(frame: pd.DataFrame) -> bytes:
    """The canonical bytes of a dataset: what pandas' `to_csv` writes, without its formatter.

    Totals as whole numbers (empty when missing), dates as YYYY-MM-DD, and the csv module's
    minimal quoting (pandas' own) for the text.
    """
    import numpy as np

    frame = normalize(frame)
    names = [c for c in frame.columns if c not in META]
    cells = frame[names].to_numpy(dtype="int64", na_value=0).astype(str)
    cells[frame[names].isna().to_numpy()] = ""
    days = np.asarray(frame.index.to_numpy()).astype("datetime64[D]").astype(str)
    columns = [days.tolist(), *cells.T.tolist(), *(frame[c].fillna("").tolist() for c in META)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", *frame.columns])
    writer.writerows(zip(*columns, strict=True))
    return out.getvalue().encode("utf-8")


def prepare_dir() -> Path:
    """Create the data directory if needed and check that it is a writable directory."""
    directory = data_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise StorageError(f"data directory {directory} is not a directory") from None
    except OSError as exc:
        raise StorageError(f"cannot create data directory {directory}: {exc.strerror}") from None
    if not directory.is_dir():
        raise StorageError(f"data directory {directory} is not a directory")
    if not os.access(directory, os.W_OK | os.X_OK):
        raise StorageError(f"data directory {directory} is not writable")
    return directory
