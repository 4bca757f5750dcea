"""Local files that are not what they seem, the lock, and signals: exit 4 or 130/143, one line.

Each refusal names the path on one stderr line and leaves the data directory byte for byte as
it was. Real processes where the process is the point (a FIFO that would block, a held lock,
a signal); the rest in-process against the fake API on a local server.
"""

from __future__ import annotations

import errno
import os
import re
import select
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import filelock
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from losstrack import errors, settings
from losstrack.dataset import journal, store
from losstrack.errors import StorageError

from . import fakes
from .helpers import run, seed_dataset
from .procs import COMMAND, cli_env, run_cli

LAST, NEW, DAYS = fakes.SEED_LAST, fakes.SEED_NEW, fakes.SEED_DAYS
# Runs `losstrack` with SIGINT at its default even if this test process ignores it (a
# background job does), so that Python turns it into KeyboardInterrupt as at a terminal.
_UNIGNORE = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
    "os.execv(sys.executable, [sys.executable, '-m', 'losstrack', *sys.argv[1:]])"
)
UNIGNORED = [sys.executable, "-c", _UNIGNORE]
LOGS = (journal.REVISIONS.filename, journal.STATED.filename)
LOCK = f"{store.FILENAME}.lock"


@pytest.fixture
def api(seeded_api: fakes.FakeApi) -> fakes.FakeApi:
    """The fake API over the seeded dataset (conftest's `seeded_api`)."""
    return seeded_api


def snapshot(directory: Path) -> dict[str, tuple[object, ...]]:
    """Every entry below `directory`, links not followed: kind, owner, mode, and bytes."""
    found: dict[str, tuple[object, ...]] = {}
    for entry in sorted(directory.rglob("*")):
        info = entry.lstat()
        key = str(entry.relative_to(directory))
        if stat.S_ISLNK(info.st_mode):
            found[key] = ("link", os.readlink(entry))
        elif stat.S_ISREG(info.st_mode):
            found[key] = (info.st_uid, info.st_mode, info.st_mtime_ns, entry.read_bytes())
        else:
            found[key] = (info.st_uid, info.st_mode)
    return found


def refused(result: Any, path: Path, fragment: str) -> None:
    """One line naming `path` and saying `fragment`, exit 4."""
    assert result.exit_code == 4, result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("losstrack: error: ")
    assert str(path) in result.stderr
    assert fragment in result.stderr


def child_env(httpserver: HTTPServer, data_dir: Path) -> dict[str, str]:
    return cli_env(
        LOSSTRACK_DATA_DIR=str(data_dir),
        LOSSTRACK_API_URL=httpserver.url_for("/api/v2"),
        LOSSTRACK_GITHUB_URL=httpserver.url_for("/data"),
    )


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
    before = snapshot(data_dir)
    refused(run("show"), path, fragment)
    assert snapshot(data_dir) == before


@pytest.mark.parametrize("name", [store.FILENAME, *LOGS, LOCK])
@pytest.mark.parametrize("kind", KINDS)
def test_check_files_refuses_what_is_not_a_regular_file(
    data_dir: Path, name: str, kind: str
) -> None:
    data_dir.mkdir()
    KINDS[kind][0](data_dir / name)
    before = snapshot(data_dir)
    with pytest.raises(StorageError, match=f"^(lock file )?{re.escape(str(data_dir / name))} "):
        store.check_files()
    assert snapshot(data_dir) == before


def test_check_files_accepts_a_seeded_directory_and_none(
    api: fakes.FakeApi, data_dir: Path
) -> None:
    (data_dir / LOCK).write_bytes(b"")
    store.check_files()
    (data_dir / store.FILENAME).unlink()
    store.check_files()


def test_a_fifo_dataset_stops_update_at_once_without_a_request(
    httpserver: HTTPServer, data_dir: Path
) -> None:
    served = fakes.serve_api(httpserver, fakes.api_history(DAYS))
    data_dir.mkdir()
    path = data_dir / store.FILENAME
    os.mkfifo(path)
    done = run_cli(["update"], child_env(httpserver, data_dir), timeout=20)
    assert done.code == 4, done.stderr
    assert (
        done.stderr
        == f"losstrack: error: {path} is a FIFO (named pipe), not a regular file; move it away\n"
    )
    assert done.seconds < 10
    assert served.requests == []
    assert [p.name for p in data_dir.iterdir()] == [store.FILENAME]


@pytest.mark.parametrize("name", LOGS)
def test_a_fifo_log_stops_update_instead_of_blocking(
    httpserver: HTTPServer, data_dir: Path, name: str
) -> None:
    records = fakes.api_history(DAYS)
    seed_dataset(data_dir, records)
    fakes.serve_api(httpserver, [*records, fakes.api_record(NEW, previous=records[-1]["stats"])])
    os.mkfifo(data_dir / name)
    before = snapshot(data_dir)
    done = run_cli(["update"], child_env(httpserver, data_dir), timeout=20)
    assert done.code == 4, done.stderr
    assert done.stderr.count("\n") == 1
    assert f"{data_dir / name} is a FIFO" in done.stderr
    after = snapshot(data_dir)
    assert {name: after.get(name) for name in before} == before  # the lock file may be new
    assert not [name for name in after if name.startswith(".")]


def test_a_dangling_dataset_link_stops_update_without_a_request(
    api: fakes.FakeApi, data_dir: Path
) -> None:
    path = data_dir / store.FILENAME
    path.unlink()
    path.symlink_to(data_dir.parent / "moved.csv")
    before = snapshot(data_dir)
    refused(run("update"), path, "which does not exist")
    assert api.requests == []
    assert snapshot(data_dir) == before


def test_a_symlinked_dataset_is_updated_through_the_link(
    api: fakes.FakeApi, data_dir: Path, tmp_path: Path
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


# -- the lock ---------------------------------------------------------------------------------


def foreign(lock: Path) -> None:
    lock.write_bytes(b"")
    lock.chmod(0o600)
    os.chown(lock, 65534, 65534)


LOCKS: dict[str, tuple[Callable[[Path], None], str]] = {
    "directory": (Path.mkdir, "is a directory, not a regular file; remove it"),
    "fifo": (os.mkfifo, "is a FIFO"),
    "link": (lambda p: p.symlink_to(store.FILENAME), "is a symbolic link; remove it"),
    "dangling-link": (lambda p: p.symlink_to("nowhere"), "is a symbolic link; remove it"),
    "foreign": (foreign, "belongs to another user (uid 65534); remove it"),
}


@pytest.mark.parametrize("kind", LOCKS)
def test_a_lock_losstrack_did_not_make_is_refused(
    api: fakes.FakeApi, data_dir: Path, kind: str
) -> None:
    make, fragment = LOCKS[kind]
    make(data_dir / LOCK)
    before = snapshot(data_dir)
    refused(run("update"), data_dir / LOCK, fragment)
    assert snapshot(data_dir) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root can open any file for writing")
def test_a_lock_that_cannot_be_opened_for_writing_is_refused(
    api: fakes.FakeApi, data_dir: Path
) -> None:
    (data_dir / LOCK).write_bytes(b"")
    (data_dir / LOCK).chmod(0o400)
    before = snapshot(data_dir)
    refused(run("update"), data_dir / LOCK, "cannot be opened for writing")
    assert snapshot(data_dir) == before


def test_a_lock_held_too_long_gives_up_after_saying_it_waits(
    api: fakes.FakeApi, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "LOCK_NOTICE", 0.1)
    monkeypatch.setattr(settings, "LOCK_TIMEOUT", 0.4)
    lock = data_dir / LOCK
    with filelock.FileLock(lock):
        before = snapshot(data_dir)
        result = run("update")
    assert result.exit_code == 4
    assert result.stderr == (
        f"losstrack: waiting for {lock}, held by another losstrack update...\n"
        f"losstrack: error: {lock} is still held by another losstrack update after 0.4 s; "
        "try again when it has finished\n"
    )
    assert snapshot(data_dir) == before


def read_line(stream: IO[bytes], timeout: float) -> bytes:
    """One line from a child's pipe, or what came before `timeout` s passed."""
    line, deadline = b"", time.monotonic() + timeout
    while not line.endswith(b"\n") and time.monotonic() < deadline:
        if select.select([stream], [], [], 0.1)[0]:
            chunk = os.read(stream.fileno(), 1)
            if not chunk:
                break
            line += chunk
    return line


def test_update_says_it_waits_for_a_lock_another_update_holds(
    api: fakes.FakeApi, httpserver: HTTPServer, data_dir: Path
) -> None:
    lock = data_dir / LOCK
    with filelock.FileLock(lock):
        proc = subprocess.Popen(
            [*COMMAND, "update"], env=child_env(httpserver, data_dir),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        started = time.monotonic()
        assert proc.stderr is not None
        line = read_line(proc.stderr, 30)
        waited = time.monotonic() - started
        time.sleep(0.3)
        assert proc.poll() is None  # still waiting
    _, rest = proc.communicate(timeout=60)
    assert line.decode() == f"losstrack: waiting for {lock}, held by another losstrack update...\n"
    assert waited >= settings.LOCK_NOTICE
    assert proc.returncode == 0, rest
    assert store.read(data_dir / store.FILENAME).index[-1].date() == NEW


def test_the_lock_is_released_when_interrupted(data_dir: Path) -> None:
    data_dir.mkdir()
    path = data_dir / store.FILENAME
    with pytest.raises(KeyboardInterrupt), store.locked(path):
        raise KeyboardInterrupt
    other = filelock.FileLock(f"{path}.lock")
    other.acquire(timeout=0)  # raises filelock.Timeout if the lock were still held
    other.release()


# -- names, the boundary, signals -------------------------------------------------------------


@pytest.mark.parametrize("command", ["show", "update"])
def test_a_data_directory_name_too_long_is_exit_4(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, command: str
) -> None:
    directory = tmp_path / ("x" * 300)
    monkeypatch.setenv("LOSSTRACK_DATA_DIR", str(directory))
    before = snapshot(tmp_path)
    result = run(command)
    assert result.exit_code == 4
    assert (
        result.stderr
        == f"losstrack: error: cannot use data directory {directory}: File name too long\n"
    )
    assert snapshot(tmp_path) == before


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


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_during_update_is_one_line_and_keeps_the_data(
    httpserver: HTTPServer, data_dir: Path, signum: int, code: int
) -> None:
    records = fakes.api_history(DAYS)
    seed_dataset(data_dir, records)
    arrived, gate = threading.Event(), threading.Event()

    def slow(_request: Request) -> Response | None:
        arrived.set()
        gate.wait(30)  # a server that does not answer until the test is done
        return None

    fakes.serve_api(httpserver, [*records, fakes.api_record(NEW, previous=records[-1]["stats"])],
                    fail=slow)  # fmt: skip
    before = snapshot(data_dir)
    proc = subprocess.Popen(
        [*UNIGNORED, "update"], env=child_env(httpserver, data_dir),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert arrived.wait(30)
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=30)
    finally:
        gate.set()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert (proc.returncode, out, err) == (code, "", "losstrack: error: interrupted\n")
    assert snapshot(data_dir) == before
