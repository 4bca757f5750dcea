"""The dataset a citation names: the file read and the sha256 of exactly the bytes read."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from losstrack.dataset import store
from losstrack.dataset.files import read_if_exists
from losstrack.errors import StorageError


@dataclass(frozen=True)
class Snapshot:
    """A dataset as read, and the sha256 (hex) of its file's bytes."""

    dataset: store.Dataset
    sha256: str


def snapshot() -> Snapshot:
    """The user's dataset, else the bundled one, read once: an update meanwhile changes neither."""
    own = store.user_dataset_exists()
    path = store.dataset_path() if own else store.bundled_path()
    raw = read_if_exists(path)
    if raw is None:
        raise StorageError(f"cannot read {path}: No such file or directory")
    frame = store.parse(raw, str(path))
    return Snapshot(store.Dataset(frame, path, bundled=not own), hashlib.sha256(raw).hexdigest())
