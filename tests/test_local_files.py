"""Local files that are not what they seem: exit 4 with one line naming the path.

Each refusal leaves the data directory byte for byte as it was. Real processes where a FIFO
would block the run (a hang in-process would hang the tests); the rest in-process against the
fake API on a local server. (The lock and signals: test_lock.py.)
"""

from __future__ import annotations

import errno
import os
import re
import signal
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from losstrack import errors
from losstrack.dataset import journal, store
from losstrack.errors import StorageError

from . import fakes
from .procs import assert_refused, child_env, run, run_cli

LAST, NEW, DAYS = fakes.SEED_LAST, fakes.SEED_NEW, fakes.SEED_DAYS
LOGS = (journal.REVISIONS.filename, journal.STATED.filename)
LOCK = f"{store.FILENAME}.lock"


def mknod(path: Path, mode: int, device: int = 0) -> None:
    try:
        os.mknod(path, mode, device)
    except PermissionError:
        pytest.skip("this account may not make device nodes")


KINDS: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (os.mkfifo, "is a FIFO"),
    "directory": (Path.mkdir, "is a directory"),
    "socket": (lambda p: mknod(p, stat.S_IFSOCK | 0o600), "is a socket"),
    "device": (lambda p: mknod(p, stat.S_IFCHR | 0o600, os.makedev(1, 3)), "character device"),
    "dangling-link": (lambda p: p.symlink_to("gone.csv"), "to gone.csv, which does not exist"),
    "link-to-device": (lambda p: p.symlink_to("/dev/null"), "which is a character device"),
}


# -- the dataset and its logs: regular files only ---------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_show_refuses_a_dataset_that_is_not_a_regular_file(data_dir: Path, kind: str) -> None:
    make, fragment = KINDS[kind]
    data_dir.mkdir()
    path = data_dir / store.FILENAME
    make(path)
    before = fakes.entries_below(data_dir)
    assert_refused(run("show"), path, fragment)
    assert fakes.entries_below(data_dir) == before


@pytest.mark.parametrize("name", [store.FILENAME, *LOGS, LOCK])
@pytest.mark.parametrize("kind", KINDS)
def test_check_files_refuses_what_is_not_a_regular_file(
    data_dir: Path, name: str, kind: str
) -> None:
    data_dir.mkdir()
    KINDS[kind][0](data_dir / name)
    before = fakes.entries_below(data_dir)
    with pytest.raises(StorageError, match=f"^(lock file )?{re.escape(str(data_dir / name))} "):
        store.check_files()
    assert fakes.entries_below(data_dir) == before


def test_check_files_accepts_a_seeded_directory_and_none(
    seeded_api: fakes.FakeApi, data_dir: Path
) -> None:
    (data_dir / LOCK).write_bytes(b"")
    store.check_files()
    (data_dir / store.FILENAME).unlink()
    store.check_files()


@pytest.mark.slow
def test_a_fifo_dataset_stops_update_at_once_without_a_request(
    httpserver: HTTPServer, data_dir: Path
) -> None:
    served = fakes.serve_api(httpserver, fakes.api_history(DAYS))
    data_dir.mkdir()
    path = data_dir / store.FILENAME
    os.mkfifo(path)
    done = run_cli(["update"], child_env(data_dir, httpserver.url_for("")), timeout=20)
    assert done.code == 4, done.stderr
    assert (
        done.stderr
        == f"losstrack: error: {path} is a FIFO (named pipe), not a regular file; move it away\n"
    )
    assert done.seconds < 10
    assert served.requests == []
    assert [p.name for p in data_dir.iterdir()] == [store.FILENAME]


@pytest.mark.slow  # a process each; a FIFO dataset stops one by default (above)
@pytest.mark.parametrize("name", LOGS)
def test_a_fifo_log_stops_update_instead_of_blocking(
    httpserver: HTTPServer, data_dir: Path, name: str
) -> None:
    records = fakes.api_history(DAYS)
    fakes.seed_dataset(data_dir, records)
    fakes.serve_api(httpserver, [*records, fakes.api_record(NEW, previous=records[-1]["stats"])])
    os.mkfifo(data_dir / name)
    before = fakes.entries_below(data_dir)
    done = run_cli(["update"], child_env(data_dir, httpserver.url_for("")), timeout=20)
    assert done.code == 4, done.stderr
    assert done.stderr.count("\n") == 1
    assert f"{data_dir / name} is a FIFO" in done.stderr
    after = fakes.entries_below(data_dir)
    assert {name: after.get(name) for name in before} == before  # the lock file may be new
    assert not [name for name in after if name.startswith(".")]


def test_a_dangling_dataset_link_stops_update_without_a_request(
    seeded_api: fakes.FakeApi, data_dir: Path
) -> None:
    path = data_dir / store.FILENAME
    path.unlink()
    path.symlink_to(data_dir.parent / "moved.csv")
    before = fakes.entries_below(data_dir)
    assert_refused(run("update"), path, "which does not exist")
    assert seeded_api.requests == []
    assert fakes.entries_below(data_dir) == before


def test_a_symlinked_dataset_is_updated_through_the_link(
    seeded_api: fakes.FakeApi, data_dir: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "mine.csv"
    (data_dir / store.FILENAME).rename(target)
    link = data_dir / store.FILENAME
    link.symlink_to(Path("..") / "elsewhere" / "mine.csv")  # relative, as people write them
    result = run("update")
    assert result.exit_code == 0, result.stderr
    assert os.readlink(link) == str(Path("..") / "elsewhere" / "mine.csv")
    assert store.read(target).index[-1].date() == NEW
    assert [p.name for p in elsewhere.iterdir()] == ["mine.csv"]  # no temp file left
    assert not [p for p in data_dir.iterdir() if p.name.startswith(".")]


def test_a_write_through_a_chain_of_links_replaces_the_last_target(tmp_path: Path) -> None:
    target = tmp_path / "real.csv"
    target.write_bytes(b"old\n")
    (tmp_path / "middle.csv").symlink_to(target)
    (tmp_path / "revisions.csv").symlink_to("middle.csv")
    store.write_atomic(tmp_path / "revisions.csv", b"new\n")
    assert target.read_bytes() == b"new\n"
    assert os.readlink(tmp_path / "revisions.csv") == "middle.csv"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["middle.csv", "real.csv", "revisions.csv"]


def test_a_write_never_replaces_a_fifo(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / store.FILENAME)
    with pytest.raises(StorageError, match="is a FIFO"):
        store.write_atomic(tmp_path / store.FILENAME, b"new\n")
    assert stat.S_ISFIFO((tmp_path / store.FILENAME).lstat().st_mode)


# -- names, the boundary, signals -------------------------------------------------------------


@pytest.mark.parametrize("command", ["show", "update"])
def test_a_data_directory_name_too_long_is_exit_4(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, command: str
) -> None:
    directory = tmp_path / ("x" * 300)
    monkeypatch.setenv("LOSSTRACK_DATA_DIR", str(directory))
    before = fakes.entries_below(tmp_path)
    result = run(command)
    assert result.exit_code == 4
    assert (
        result.stderr
        == f"losstrack: error: cannot use data directory {directory}: File name too long\n"
    )
    assert fakes.entries_below(tmp_path) == before


@pytest.mark.parametrize(
    ("raised", "code", "line"),
    [
        (lambda: KeyboardInterrupt(), 130, "interrupted"),
        (lambda: errors.Terminated(), 143, "interrupted"),
        (lambda: OSError(errno.ENOSPC, "No space left on device"), 4, "the file system failed: No space left on device"),
        (lambda: PermissionError(errno.EACCES, "Permission denied", "/x/y"), 4, "cannot use /x/y: Permission denied"),
        (lambda: OSError(errno.EINVAL, "Invalid argument"), 70, "internal error: OSError: [Errno 22] Invalid argument (rerun with --debug)"),
    ],
)  # fmt: skip
def test_the_boundary_maps_signals_and_file_system_errors(
    monkeypatch: pytest.MonkeyPatch, raised: Callable[[], BaseException], code: int, line: str
) -> None:
    def load() -> None:
        raise raised()

    monkeypatch.setattr(store, "load", load)
    result = run("show")
    assert (result.exit_code, result.stderr) == (code, f"losstrack: error: {line}\n")


def test_a_signal_during_a_write_lets_it_finish_then_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / store.FILENAME
    path.write_bytes(b"old\n")
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        signal.raise_signal(signal.SIGINT)  # Ctrl-C in the middle of the write
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(KeyboardInterrupt):
        store.write_atomic(path, b"new\n")
    assert path.read_bytes() == b"new\n"
    assert [p.name for p in tmp_path.iterdir()] == [store.FILENAME]
