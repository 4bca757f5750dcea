"""Real processes: updates running at the same time wait for each other and agree."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from losstrack.dataset import store

from . import fakes
from .procs import run_in_process


@pytest.mark.slow
@pytest.mark.parametrize("writers", [2, 4])
def test_simultaneous_updates_wait_for_each_other_and_write_once(
    httpserver: HTTPServer, data_dir: Path, tmp_path: Path, writers: int
) -> None:
    # The first update lays the upstream over the bundled data: three new days on top of it.
    records: list[dict[str, Any]] = fakes.grown(fakes.bundled_records(10), 3)
    api = fakes.serve_api(httpserver, records)
    api.delay = 0.02  # so that the processes are all fetching at the same time
    env = {
        **os.environ,
        "LOSSTRACK_DATA_DIR": str(data_dir),
        "LOSSTRACK_API_URL": httpserver.url_for("/api/v2"),
        "LOSSTRACK_GITHUB_URL": httpserver.url_for("/data"),
    }
    command = [sys.executable, "-m", "losstrack", "update"]
    procs = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(writers)
    ]  # fmt: skip
    outputs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0] * writers, outputs
    summaries = sorted(err.strip().splitlines()[-1].split(" ")[0] for _, err in outputs)
    assert summaries == ["Created"] + ["Nothing"] * (writers - 1)
    written = (data_dir / store.FILENAME).read_bytes()
    dates = [line.split(b",", 1)[0] for line in written.splitlines()[1:]]
    assert len(dates) == len(set(dates)) == len(store.read(store.bundled_path())) + 3
    assert [p.name for p in data_dir.iterdir() if p.name.startswith(".")] == []

    single_dir = tmp_path / "single"  # one update alone (in-process) writes the same
    done = run_in_process(["update"], {**env, "LOSSTRACK_DATA_DIR": str(single_dir)})
    assert done.code == 0, done.stderr
    assert (single_dir / store.FILENAME).read_bytes() == written


@pytest.fixture(autouse=True)
def _python_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let `python -m losstrack` in a subprocess import the package under test."""
    root = str(Path(__file__).resolve().parents[1])
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))
    )
