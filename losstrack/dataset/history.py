"""Earlier versions of the dataset and its logs, kept before every write, for undo and redo.

The data directory holds `history/undo/` and `history/redo/`, stacks of numbered versions (the
highest number is the top). A version is a folder with the bytes of each file as they were
(a file that was absent is missing) and `manifest.json`: each file's sha256 and size, and the
write the version belongs to (what, when): on the undo stack the write that replaced it, on
the redo stack the write that made it. A version is written in a temporary folder and renamed
into place, so a crash leaves a complete version or none. Everything here runs under the
dataset's lock: the writer holds it around `save`, and `undo`/`redo` take it themselves.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from losstrack import settings
from losstrack.dataset import files, journal, store
from losstrack.errors import DataError, StorageError, UsageError

Stack = Literal["undo", "redo"]
HISTORY = "history"
MANIFEST = "manifest.json"
FILES = (store.FILENAME, journal.REVISIONS.filename, journal.STATED.filename)
FORMAT = 1
_NUMBER = re.compile(r"\d{6}")
STAMP = "%Y-%m-%dT%H:%M:%SZ"
_LEFTOVER = re.compile(r"\.(?:tmp|trash)-.+")
_WHAT_CHARS = r"\w .,:()/?-"  # a write's name is shown in messages and tables: plain text
_WHAT = re.compile(f"[{_WHAT_CHARS}]{{1,100}}")


@dataclass(frozen=True)
class Version:
    """One kept version: its folder, its write (what, when), its files' sums (None: absent)."""

    path: Path
    what: str
    when: datetime
    files: dict[str, tuple[str, int] | None]


@dataclass(frozen=True)
class Summary:
    """How many reports a dataset file holds and their dates; zero reports: no dataset."""

    reports: int = 0
    first: date | None = None
    last: date | None = None


@dataclass(frozen=True)
class Restored:
    """What an undo or redo did: the version it put back, how many steps, the dataset now."""

    version: Version
    steps: int
    summary: Summary


def save(directory: Path, what: str) -> None:
    """Keep the current files as the top undo version; the caller holds the lock, then writes."""
    history = directory / HISTORY
    _clean(history)
    what = re.sub(f"[^{_WHAT_CHARS}]", "?", what)[:100] or "write"
    _snapshot(directory, "undo", (what, datetime.now(UTC).replace(microsecond=0)))
    redo = history / "redo"
    if redo.exists():
        _discard(history, redo)  # a new write starts a new line of history: what was undone is gone
    _trim(history / "undo")


def undo(directory: Path, steps: int = 1) -> Restored:
    """Put back the version `steps` writes back; what it replaces goes onto the redo stack."""
    return _step(directory, "undo", "redo", steps)


def redo(directory: Path, steps: int = 1) -> Restored:
    """Put back what `steps` undos took away; what it replaces goes onto the undo stack."""
    return _step(directory, "redo", "undo", steps)


def versions(directory: Path, stack: Stack) -> list[Version]:
    """The versions of a stack, top (newest) first; a damaged manifest is a DataError."""
    folder = directory / HISTORY / stack
    if not folder.is_dir():
        return []
    names = sorted((p.name for p in folder.iterdir() if _NUMBER.fullmatch(p.name)), reverse=True)
    return [_read_version(folder / name) for name in names]


def summary(data: bytes | None) -> Summary:
    """Reports and dates of a dataset's bytes, read from its lines (it was valid when kept)."""
    lines = (data or b"").splitlines()[1:]
    if not lines:
        return Summary()
    try:
        first, last = (
            date.fromisoformat(line[:10].decode("ascii")) for line in (lines[0], lines[-1])
        )
    except (UnicodeDecodeError, ValueError):
        return Summary(len(lines))
    return Summary(len(lines), first, last)


def listing(directory: Path) -> dict[Stack, list[tuple[Version, Summary]]]:
    """Both stacks, top first, each version with a summary of its dataset, read under the lock."""
    if not (directory / HISTORY).is_dir():
        return {"undo": [], "redo": []}
    with store.locked(directory / store.FILENAME):
        return {
            stack: [(v, summary(_dataset_bytes(v))) for v in versions(directory, stack)]
            for stack in ("undo", "redo")
        }


def _dataset_bytes(version: Version) -> bytes | None:
    with contextlib.suppress(DataError):  # a damaged version is listed; undo names the damage
        return files.read_if_exists(version.path / store.FILENAME)
    return None


# -- undo and redo ----------------------------------------------------------------------------


def _step(directory: Path, source: Stack, target: Stack, steps: int) -> Restored:
    """Check, keep the current state on `target`, move the versions passed, then restore."""
    if steps < 1:
        raise UsageError(f"cannot {source} {steps} steps: give 1 or more")
    if not (directory / HISTORY / source).is_dir():
        raise UsageError(f"nothing to {source}")
    with store.locked(directory / store.FILENAME):
        _clean(directory / HISTORY)
        kept = versions(directory, source)
        if not kept:
            raise UsageError(f"nothing to {source}")
        if steps > len(kept):
            raise UsageError(f"cannot {source} {steps} steps: only {len(kept)} kept")
        passed = kept[:steps]
        contents = _verified(passed[-1])  # before anything changes: damage changes nothing
        # Each write's label moves with the state on its other side: undo stack, the state
        # before it; redo stack, the state after it. So it reads the same both ways.
        labels = [(v.what, v.when) for v in passed]
        _snapshot(directory, target, labels[0])
        for version, label in zip(passed[:-1], labels[1:], strict=True):
            _relabel(version.path, label)
            _move(version.path, directory / HISTORY / target)
        _restore(directory, contents)
        _discard(directory / HISTORY, passed[-1].path)
        _trim(directory / HISTORY / target)
    return Restored(passed[-1], steps, summary(contents[store.FILENAME]))


def _verified(version: Version) -> dict[str, bytes | None]:
    """The bytes of each file of a version (None: absent), checked against its manifest."""
    contents: dict[str, bytes | None] = {}
    for name, expected in version.files.items():
        try:
            data = files.read_if_exists(version.path / name)
        except StorageError as exc:
            raise _damaged(version.path, str(exc)) from None
        if data is None and expected is not None:
            raise _damaged(version.path, f"{name} is missing")
        if data is not None and expected != _sums(data):
            why = "was recorded as absent" if expected is None else "does not match its sha256"
            raise _damaged(version.path, f"{name} {why}")
        contents[name] = data
    return contents


def _restore(directory: Path, contents: dict[str, bytes | None]) -> None:
    """Write each file back as it was, the dataset last (as the writer does); remove the absent."""
    for name in sorted(contents, key=lambda n: n == store.FILENAME):
        data, path = contents[name], directory / name
        if data is not None:
            store.write_atomic(path, data)
            continue
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot remove {path}: {exc.strerror}") from None
        files.fsync_dir(directory)


def _damaged(folder: Path, why: str) -> DataError:
    return DataError(f"history version {folder} is damaged ({why}); remove that folder to drop it")


# -- versions on disk -------------------------------------------------------------------------


def _snapshot(directory: Path, stack: Stack, label: tuple[str, datetime]) -> None:
    """Copy the current files into a new top version of `stack`, atomically."""
    history = directory / HISTORY
    try:
        (history / stack).mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(dir=history, prefix=".tmp-"))
    except OSError as exc:
        raise StorageError(f"cannot keep a version in {history}: {exc.strerror}") from None
    try:
        sums: dict[str, Any] = {}
        for name in FILES:
            data = files.read_if_exists(directory / name)
            sums[name] = None
            if data is not None:
                sha, size = _sums(data)
                sums[name] = {"sha256": sha, "size": size}
                store.write_atomic(temp / name, data)  # fsynced, with its folder
        manifest = {"format": FORMAT, "what": label[0], "when": label[1].strftime(STAMP)}
        store.write_atomic(temp / MANIFEST, _json({**manifest, "files": sums}))
        _move(temp, history / stack)
    except BaseException as exc:
        shutil.rmtree(temp, ignore_errors=True)
        if isinstance(exc, OSError):
            raise StorageError(f"cannot keep a version in {history}: {exc.strerror}") from None
        raise


def _relabel(folder: Path, label: tuple[str, datetime]) -> None:
    """Give a version the write it belongs to on the stack it is moving to."""
    manifest = json.loads((folder / MANIFEST).read_bytes())  # read fine by versions()
    manifest.update(what=label[0], when=label[1].strftime(STAMP))
    store.write_atomic(folder / MANIFEST, _json(manifest))


def _json(manifest: dict[str, Any]) -> bytes:
    return json.dumps(manifest, indent=2).encode() + b"\n"


def _move(folder: Path, stack_dir: Path) -> None:
    """Rename a version folder onto the top of a stack (one atomic rename)."""
    try:
        numbers = [int(p.name) for p in stack_dir.iterdir() if _NUMBER.fullmatch(p.name)]
        os.rename(folder, stack_dir / f"{max(numbers, default=0) + 1:06d}")
        files.fsync_dir(stack_dir)
    except OSError as exc:
        raise StorageError(f"cannot move {folder} into {stack_dir}: {exc.strerror}") from None


def _trim(stack_dir: Path) -> None:
    """Drop the oldest versions beyond settings.UNDO_KEEP."""
    names = sorted(p.name for p in stack_dir.iterdir() if _NUMBER.fullmatch(p.name))
    for name in names[: max(len(names) - settings.UNDO_KEEP, 0)]:
        _discard(stack_dir.parent, stack_dir / name)


def _discard(history: Path, folder: Path) -> None:
    """Remove a folder: renamed away first, so no half-removed version is ever seen."""
    try:
        trash = Path(tempfile.mkdtemp(dir=history, prefix=".trash-"))
        os.rename(folder, trash / folder.name)
    except OSError as exc:
        raise StorageError(f"cannot remove {folder}: {exc.strerror}") from None
    shutil.rmtree(trash, ignore_errors=True)


def _clean(history: Path) -> None:
    # Only the lock holder writes here, so a leftover is from a killed process.
    if not history.is_dir():
        return
    for leftover in history.iterdir():
        if _LEFTOVER.fullmatch(leftover.name):
            shutil.rmtree(leftover, ignore_errors=True)


def _read_version(folder: Path) -> Version:
    try:
        manifest = json.loads((folder / MANIFEST).read_bytes())
        listed = manifest["files"]  # a wrong sum or size shows as damage when it is checked
        sums = {
            n: None if listed[n] is None else (listed[n]["sha256"], listed[n]["size"])
            for n in FILES
        }
        when = datetime.strptime(manifest["when"], STAMP).replace(tzinfo=UTC)
        what = manifest["what"]
        if manifest["format"] != FORMAT or not _WHAT.fullmatch(what):
            raise ValueError
    except (OSError, ValueError, KeyError, TypeError):
        raise _damaged(folder, f"no readable {MANIFEST}") from None
    return Version(folder, what, when, sums)


def _sums(data: bytes) -> tuple[str, int]:
    return hashlib.sha256(data).hexdigest(), len(data)
