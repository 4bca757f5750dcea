"""Run `losstrack`: in-process (CliRunner), or as a real process (exit code, output, wall time,
peak memory, or on a pseudo-terminal); and compare output with golden files.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import functools
import io
import json
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
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import typer
import typer.testing
from typer.testing import CliRunner, Result

from losstrack.cli import app

if TYPE_CHECKING:
    import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
COMMAND = [sys.executable, "-m", "losstrack"]
EXPECTED = Path(__file__).parent / "expected"

# typer's CliRunner builds the click command from the app anew on every invoke: ~25 ms, a
# quarter of a typical in-process run. The app does not change while the tests run; build once.
typer.testing._get_command = functools.cache(typer.main.get_command)  # type: ignore[attr-defined]


# -- in-process -------------------------------------------------------------------------------


def run(*args: str, stdin: str | None = None) -> Result:
    """Invoke `losstrack ARGS` in-process."""
    return CliRunner().invoke(app, list(args), input=stdin)


def run_ok(*args: str) -> str:
    """`losstrack ARGS`, which must succeed with nothing on stdout; its stderr."""
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return result.stderr


def update_writes() -> None:
    """`losstrack update`, which must succeed and write."""
    result = run("update")
    assert result.exit_code == 0, result.stderr
    assert not result.stderr.startswith("Nothing new"), result.stderr


def stored_totals(day: date) -> dict[str, int]:
    """The totals the user's dataset (or the bundled one) holds for `day`, of a pasted report."""
    import pandas as pd

    from losstrack.dataset import store

    from . import fakes

    frame = store.load().frame
    return {name: int(str(frame.at[pd.Timestamp(day), name])) for name in fakes.REPORT_TERMS}


def paste_report(day: date, **more: int) -> None:
    """Store a pasted report of `day`: the stored totals, some of them `more`; it says so."""
    from . import fakes

    before, totals = stored_totals(day - timedelta(days=1)), stored_totals(day)
    totals.update({k: totals[k] + v for k, v in more.items()})
    result = run("update", "--text", "-", stdin=fakes.pasted_report(day, totals, before))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1].startswith(f"Stored the report of {day}"), result.stderr


def undo_list() -> list[dict[str, Any]]:
    """`losstrack undo --list` as records."""
    result = run("undo", "--list", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return list(json.loads(result.stdout))


def parse_csv(text: str) -> list[dict[str, str]]:
    """CSV output as dicts."""
    return list(csv.DictReader(io.StringIO(text)))


def csv_rows(*args: str) -> list[dict[str, str]]:
    """`losstrack ARGS --format csv` as dicts (it must exit 0)."""
    result = run(*args, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    return parse_csv(result.stdout)


def agrees(value: Any, cell: str) -> bool:
    """Whether a value of a frame is what the CLI's csv wrote for it."""
    import pandas as pd

    if isinstance(value, list):
        return " ".join(value) == cell
    if value is None or value is pd.NA or value is pd.NaT:
        return cell == ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() == cell
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return str(bool(value)) == cell
    if isinstance(value, int | float):
        return cell != "" and float(cell) == float(value)
    return str(value) == cell


def assert_same(frame: pd.DataFrame, rows: list[dict[str, str]], at_least: set[str]) -> None:
    """Every field the frame and the csv share agree, row by row; `at_least` are shared."""
    records = frame.reset_index().to_dict("records")
    assert len(records) == len(rows) > 0
    shared = {str(key) for key in records[0]} & set(rows[0])
    assert at_least <= shared, at_least - shared
    for record, row in zip(records, rows, strict=True):
        for key in shared:
            assert agrees(record[key], row[key]), (key, record[key], row[key])


def assert_refused(result: Result, path: Path, fragment: str) -> None:
    """Exit 4 and one line on stderr naming `path` and saying `fragment`; nothing on stdout."""
    assert result.exit_code == 4, result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("losstrack: error: ")
    assert str(path) in result.stderr
    assert fragment in result.stderr


def assert_refusal(result: Result, code: int, before: dict[str, bytes], data_dir: Path) -> str:
    """A refused write: `code`, one line on stderr, the data directory as `before`; it still reads.

    `before` is fakes.files_below(data_dir) from before the run. Returns the line.
    """
    from . import fakes

    assert result.exit_code == code, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("losstrack: error: ")
    assert len(result.stderr) < 1200
    assert fakes.files_below(data_dir) == before
    assert run("show").exit_code == 0
    return str(result.stderr)


def golden(request: pytest.FixtureRequest, name: str, text: str) -> None:
    """Compare `text` with tests/expected/NAME, or rewrite it under --regen-golden."""
    path = EXPECTED / name
    if request.config.getoption("--regen-golden"):
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"missing golden file {path}; run pytest --regen-golden"
    assert text == path.read_text(encoding="utf-8")


# -- real processes ---------------------------------------------------------------------------


def cli_env(**overrides: str) -> dict[str, str]:
    """The test's environment for a child, able to import the package under test."""
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, **overrides}


def child_env(data_dir: Path, server: str) -> dict[str, str]:
    """A child's environment: this data directory, both upstreams on `server` (a base URL)."""
    base = server.rstrip("/")
    return cli_env(
        LOSSTRACK_DATA_DIR=str(data_dir),
        LOSSTRACK_API_URL=f"{base}/api/v2",
        LOSSTRACK_GITHUB_URL=f"{base}/data",
    )


@dataclass
class Finished:
    """How a process ended."""

    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss: int  # bytes: the command's high-water mark


def run_in_process(args: list[str], env: dict[str, str]) -> Finished:
    """`losstrack ARGS` in-process with this environment, told as run_cli tells a process.

    For the cases of a process test whose point is not the process: no peak RSS (0).
    """
    started = time.monotonic()
    result = CliRunner().invoke(app, args, env=env)
    return Finished(result.exit_code, result.stdout, result.stderr, time.monotonic() - started, 0)


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
