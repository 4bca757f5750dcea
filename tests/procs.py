"""Run `losstrack` as a real process: exit code, output, wall time, peak memory, or on a pty."""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMAND = [sys.executable, "-m", "losstrack"]


def cli_env(**overrides: str) -> dict[str, str]:
    """The test's environment for a child, able to import the package under test."""
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, **overrides}


@dataclass
class Finished:
    """How a process ended."""

    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss: int  # bytes: the command's high-water mark


# A small parent between the test and the command: a child's peak RSS counts what it inherited
# at fork, and the test process itself may be large.
_MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "open(sys.argv[1], 'w').write(str(usage.ru_maxrss))\n"
    "sys.exit(code if code >= 0 else 128 - code)\n"
)


def run_cli(args: list[str], env: dict[str, str], timeout: float = 90.0) -> Finished:
    """Run `losstrack ARGS` to its end, measuring it; killed (code 137) after `timeout` s."""
    with tempfile.TemporaryDirectory() as scratch:
        out, err, rss = (Path(scratch) / name for name in ("out", "err", "rss"))
        with out.open("wb") as out_file, err.open("wb") as err_file:
            started = time.monotonic()
            proc = subprocess.Popen(
                [sys.executable, "-c", _MEASURE, str(rss), *COMMAND, *args],
                env=env, stdout=out_file, stderr=err_file, start_new_session=True,
            )  # fmt: skip
            try:
                code = proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                code = proc.wait()
            seconds = time.monotonic() - started
        peak = int(rss.read_text() or 0) * 1024 if rss.exists() else 0  # Linux: kilobytes
        return Finished(
            code,
            out.read_text("utf-8", "replace"),
            err.read_text("utf-8", "replace"),
            seconds,
            peak,
        )


@dataclass
class Shown:
    """What a command showed on a terminal, and how it ended."""

    code: int
    raw: bytes  # stdout and stderr as the terminal received them, escapes and all
    text: str  # the same decoded (UTF-8), with the terminal's CR LF as LF


def run_on_terminal(
    args: list[str], env: dict[str, str], timeout: float = 60.0, size: tuple[int, int] | None = None
) -> str:
    """Run `losstrack ARGS` with stdout and stderr on a pseudo-terminal; what it showed there."""
    return on_terminal(args, env, timeout, size).text


def on_terminal(
    args: list[str], env: dict[str, str], timeout: float = 60.0, size: tuple[int, int] | None = None
) -> Shown:
    """Run `losstrack ARGS` on a pseudo-terminal; its exit code and what it showed.

    `size` (columns, lines) is the terminal's window size, set as a terminal emulator sets it.
    """
    master, slave = os.openpty()
    if size is not None:
        columns, lines = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    proc = subprocess.Popen([*COMMAND, *args], env=env, stdout=slave, stderr=slave)
    os.close(slave)
    chunks = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(5)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    raw = b"".join(chunks)
    return Shown(proc.returncode, raw, raw.decode("utf-8", "replace").replace("\r\n", "\n"))
