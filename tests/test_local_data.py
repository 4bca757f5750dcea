"""Bad local data, in a real process: exit 4 with one line, the file unchanged, no traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from losstrack.dataset import store

from . import fakes
from .procs import COMMAND, cli_env, run_cli

BUNDLED = store.bundled_path().read_bytes()
LINES = BUNDLED.split(b"\n")


def edit_line(number: int, change: Callable[[bytes], bytes]) -> bytes:
    lines = list(LINES)
    lines[number - 1] = change(lines[number - 1])
    return b"\n".join(lines)


def set_cell(line: bytes, index: int, value: bytes) -> bytes:
    cells = line.split(b",")
    cells[index] = value
    return b",".join(cells)


DAMAGED = [
    ("truncated", BUNDLED[: len(BUNDLED) // 2], "the line is cut off"),
    ("stray-field", edit_line(40, lambda line: line + b",7"), "line 40: 21 fields where the header has 20"),
    ("stray-empty-field", edit_line(40, lambda line: line.replace(b",api,", b",api,,")), "line 40: 21 fields"),
    ("stray-text", edit_line(41, lambda line: line.replace(b",", b",n/a,", 1)), "line 41: 21 fields"),
    ("no-date", edit_line(42, lambda line: line[10:]), "line 42: date '' is not valid"),
    ("non-numeric", edit_line(43, lambda line: set_cell(line, 2, b"1.2k")), "line 43: tanks '1.2k' is not a whole number"),
    ("duplicated-date", edit_line(44, lambda _: LINES[42]), f"line 44: date {LINES[42][:10].decode()} is not after"),
    ("empty", b"", "the file is empty"),
    ("blank", b"\n\n", "the file is empty"),
]  # fmt: skip


@pytest.mark.slow  # a process each; test_store checks such damage in-process by default
@pytest.mark.parametrize(
    ("content", "message"), [pytest.param(c, m, id=name) for name, c, m in DAMAGED]
)
def test_a_damaged_dataset_stops_every_process_with_exit_4(
    data_dir: Path, content: bytes, message: str
) -> None:
    data_dir.mkdir(parents=True)
    path = data_dir / store.FILENAME
    path.write_bytes(content)
    stamp = path.stat().st_mtime_ns
    env = cli_env(
        LOSSTRACK_DATA_DIR=str(data_dir),
        LOSSTRACK_API_URL="http://127.0.0.1:9/api/v2",
        LOSSTRACK_GITHUB_URL="http://127.0.0.1:9/data",
    )

    done = run_cli(["update", "--full"], env)

    assert done.code == 4, done.stderr
    assert done.stdout == ""
    assert done.stderr.startswith(f"losstrack: error: {path}")
    assert message in done.stderr
    assert done.stderr.count("\n") == 1
    assert path.read_bytes() == content
    assert path.stat().st_mtime_ns == stamp
    assert sorted(p.name for p in data_dir.iterdir()) == [store.FILENAME]


@pytest.mark.slow  # in-process: test_store's test_data_dir_that_is_a_file_is_a_clear_error
def test_a_data_directory_that_is_a_file_is_left_alone(data_dir: Path) -> None:
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    data_dir.write_bytes(b"my notes\n")
    env = cli_env(
        LOSSTRACK_DATA_DIR=str(data_dir),
        LOSSTRACK_API_URL="http://127.0.0.1:9/api/v2",
        LOSSTRACK_GITHUB_URL="http://127.0.0.1:9/data",
    )

    done = run_cli(["update"], env)

    assert done.code == 4
    assert done.stderr == f"losstrack: error: data directory {data_dir} is not a directory\n"
    assert data_dir.read_bytes() == b"my notes\n"


def without_root_powers() -> list[str]:
    """A prefix that runs a command without root's power to write anywhere (empty if not root)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv to drop CAP_DAC_OVERRIDE")
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}"]


@pytest.mark.slow  # a process; in-process (not as root): test_store's test_read_only_data_dir_...
def test_a_read_only_data_directory_refuses_the_write_and_keeps_the_data(
    httpserver: HTTPServer, data_dir: Path
) -> None:
    records = fakes.api_history(fakes.synthetic_days())
    fakes.serve_api(httpserver, records)
    env = cli_env(
        LOSSTRACK_DATA_DIR=str(data_dir),
        LOSSTRACK_API_URL=httpserver.url_for("/api/v2"),
        LOSSTRACK_GITHUB_URL=httpserver.url_for("/data"),
    )
    fakes.seed_dataset(data_dir, records)
    path = data_dir / store.FILENAME
    before = path.read_bytes()
    records.append(fakes.api_record("2026-09-01", previous=records[-1]["stats"]))
    data_dir.chmod(0o555)
    try:
        done = subprocess.run(
            [*without_root_powers(), *COMMAND, "update"],
            env=env, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
    finally:
        data_dir.chmod(0o755)

    assert done.returncode == 4, done.stderr
    assert done.stdout == ""
    assert done.stderr == f"losstrack: error: data directory {data_dir} is not writable\n"
    assert path.read_bytes() == before
