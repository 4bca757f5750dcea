"""Files written outside the data directory (`export`): atomically, never left half done.

A file is written to a temporary file beside it and renamed over the target (the dataset's
own `write_atomic`). A directory is built in a temporary sibling and renamed into place; an
old one is moved aside first and removed only once the new one is in, so a failure at any
point leaves the old directory or none, and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from losstrack.dataset.files import fsync_dir, os_error, write_atomic


def write_file(path: Path, data: bytes) -> None:
    """Replace the file at `path` with `data`, atomically."""
    write_atomic(path, data)


def write_directory(path: Path, files: Mapping[str, bytes]) -> None:
    """Replace the directory at `path` with one holding exactly `files` (name -> bytes)."""
    parent = path.parent
    try:
        building = Path(tempfile.mkdtemp(dir=parent, prefix=f".{path.name}.", suffix=".tmp"))
    except OSError as exc:
        raise os_error("cannot write in", parent, exc) from None
    try:
        os.chmod(building, 0o755)
        for name, data in files.items():
            with open(building / name, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        fsync_dir(building)
        _swap(building, path)
    except BaseException as exc:
        shutil.rmtree(building, ignore_errors=True)
        if isinstance(exc, OSError):
            raise os_error("cannot write", path, exc) from None
        raise


def _swap(building: Path, path: Path) -> None:
    """Rename `building` to `path`; an old `path` is moved aside, then removed."""
    old = None
    if os.path.lexists(path):
        old = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".old"))
        os.rename(path, old / path.name)
    try:
        os.rename(building, path)
    except BaseException:
        if old is not None:  # put the old one back: the target is never left missing
            with contextlib.suppress(OSError):
                os.rename(old / path.name, path)
            shutil.rmtree(old, ignore_errors=True)
        raise
    fsync_dir(path.parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
