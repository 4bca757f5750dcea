"""The dataset's lock and signals: waits said on stderr, refusals and interruptions in one line.

A lock losstrack did not make is refused naming it; a held lock is waited for, saying so, then
given up on; a signal ends an update with 130 or 143 and the data as it was. Real processes
where another process or a signal is the point (one of each by default); the rest in-process.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

import filelock
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from losstrack import settings
from losstrack.dataset import store

from . import fakes
from .procs import COMMAND, assert_refused, child_env, run

LAST, NEW, DAYS = fakes.SEED_LAST, fakes.SEED_NEW, fakes.SEED_DAYS
LOCK = f"{store.FILENAME}.lock"
# Runs `losstrack` with SIGINT at its default even if this test process ignores it (a
# background job does), so that Python turns it into KeyboardInterrupt as at a terminal.
_UNIGNORE = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
    "os.execv(sys.executable, [sys.executable, '-m', 'losstrack', *sys.argv[1:]])"
)
UNIGNORED = [sys.executable, "-c", _UNIGNORE]


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
    seeded_api: fakes.FakeApi, data_dir: Path, kind: str
) -> None:
    make, fragment = LOCKS[kind]
    make(data_dir / LOCK)
    before = fakes.entries_below(data_dir)
    assert_refused(run("update"), data_dir / LOCK, fragment)
    assert fakes.entries_below(data_dir) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root can open any file for writing")
def test_a_lock_that_cannot_be_opened_for_writing_is_refused(
    seeded_api: fakes.FakeApi, data_dir: Path
) -> None:
    (data_dir / LOCK).write_bytes(b"")
    (data_dir / LOCK).chmod(0o400)
    before = fakes.entries_below(data_dir)
    assert_refused(run("update"), data_dir / LOCK, "cannot be opened for writing")
    assert fakes.entries_below(data_dir) == before


@pytest.mark.slow  # waits for a lock to time out
def test_a_lock_held_too_long_gives_up_after_saying_it_waits(
    seeded_api: fakes.FakeApi, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "LOCK_NOTICE", 0.1)
    monkeypatch.setattr(settings, "LOCK_TIMEOUT", 0.4)
    lock = data_dir / LOCK
    with filelock.FileLock(lock):
        before = fakes.entries_below(data_dir)
        result = run("update")
    assert result.exit_code == 4
    assert result.stderr == (
        f"losstrack: waiting for {lock}, held by another losstrack update...\n"
        f"losstrack: error: {lock} is still held by another losstrack update after 0.4 s; "
        "try again when it has finished\n"
    )
    assert fakes.entries_below(data_dir) == before


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


@pytest.mark.slow  # waits for another holder
def test_update_waits_for_a_lock_another_holds_then_goes_on(
    seeded_api: fakes.FakeApi, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "LOCK_NOTICE", 0.1)
    lock = data_dir / LOCK
    held, release = threading.Event(), threading.Event()

    def hold() -> None:  # another holder: a thread, with its own open file and lock
        with filelock.FileLock(lock):
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    assert held.wait(10)
    threading.Timer(0.5, release.set).start()
    started = time.monotonic()
    result = run("update")
    waited = time.monotonic() - started
    holder.join(10)

    assert result.exit_code == 0, result.stderr
    waiting = f"losstrack: waiting for {lock}, held by another losstrack update...\n"
    assert result.stderr.startswith(waiting)
    assert waited >= 0.5
    assert store.read(data_dir / store.FILENAME).index[-1].date() == NEW


@pytest.mark.slow  # a process waits for the lock as long as LOCK_NOTICE as shipped, and more
def test_update_says_it_waits_for_a_lock_another_update_holds(
    seeded_api: fakes.FakeApi, httpserver: HTTPServer, data_dir: Path
) -> None:
    lock = data_dir / LOCK
    with filelock.FileLock(lock):
        proc = subprocess.Popen(
            [*COMMAND, "update"], env=child_env(data_dir, httpserver.url_for("")),
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


@pytest.mark.parametrize(
    ("signum", "code"),
    [
        pytest.param(signal.SIGINT, 130, marks=pytest.mark.slow),
        pytest.param(signal.SIGTERM, 143, marks=pytest.mark.slow),
    ],
    ids=["SIGINT", "SIGTERM"],  # Ctrl-C in-process: test_the_boundary_maps_signals_and_...
)
def test_a_signal_during_update_is_one_line_and_keeps_the_data(
    httpserver: HTTPServer, data_dir: Path, signum: int, code: int
) -> None:
    records = fakes.api_history(DAYS)
    fakes.seed_dataset(data_dir, records)
    arrived, gate = threading.Event(), threading.Event()

    def slow(_request: Request) -> Response | None:
        arrived.set()
        gate.wait(30)  # a server that does not answer until the test is done
        return None

    fakes.serve_api(httpserver, [*records, fakes.api_record(NEW, previous=records[-1]["stats"])],
                    fail=slow)  # fmt: skip
    before = fakes.entries_below(data_dir)
    proc = subprocess.Popen(
        [*UNIGNORED, "update"], env=child_env(data_dir, httpserver.url_for("")),
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
    assert fakes.entries_below(data_dir) == before
