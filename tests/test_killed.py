"""SIGKILL at random points of `update --full`: the dataset is always exactly the old or the new.

A real `losstrack update --full` process replays the API's whole history (the recorded one when
../shared/reference is there, else a synthetic one of the same length) from a local server that
answers slowly, and is killed at seeded random moments: while fetching, and around the write.
After each kill the file must load and equal the old or the new data byte for byte, and the next
`update` (in-process) must succeed and leave no temporary file behind. All in the slow run
(`-m slow`): one kill around the write of the last 400 reports' update, and the whole
history's at 24.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from losstrack.dataset import merge, store
from losstrack.sources import api

from . import fakes
from .procs import COMMAND, cli_env, run_cli, run_in_process

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference"
SEED = 20220224
PAGE_DELAY = 0.04  # seconds per page: ~1.3 s for the 33 pages of the full history
NEW_DAYS = 40  # the old dataset lacks the history's last 40 reports
QUICK_POINTS = 1  # around the write
QUICK_REPORTS = 400  # 8 pages
SLOW_POINTS = 24


@dataclass
class Replay:
    """The slow server, the two datasets a kill may leave, and how long a whole run takes."""

    api: fakes.FakeApi
    env: dict[str, str]
    old: bytes
    new: bytes
    seconds: float = 0.0  # a whole run, from start to exit
    fetched: float = 0.0  # from start to the last page served: the write comes after


def history() -> list[dict[str, Any]]:
    """The API's daily history: the recorded one, else a synthetic one with the same dates."""
    recorded = REFERENCE / "russianwarship" / "api-history.json"
    if recorded.is_file():
        records: list[dict[str, Any]] = json.loads(recorded.read_bytes())
        return records
    days = [date(2022, 2, 25) + timedelta(days=n) for n in range(1649)]
    return fakes.api_history(d for d in days if d != date(2022, 2, 26))


def dataset_bytes(records: list[dict[str, Any]]) -> bytes:
    """What a first update from these records writes."""
    parsed = [api.parse_record(r, "test", []) for r in records]
    return store.to_csv(merge.records_frame(parsed))


def start_replay(httpserver: HTTPServer, tmp_path: Path, records: list[dict[str, Any]]) -> Replay:
    """The slow replay server of `records`, and one whole run of `update --full` old to new."""
    api_url = httpserver.url_for("/api/v2")
    env = cli_env(LOSSTRACK_API_URL=api_url, LOSSTRACK_GITHUB_URL=httpserver.url_for("/data"))
    fake = fakes.serve_api(httpserver, records)
    found = Replay(fake, env, dataset_bytes(records[:-NEW_DAYS]), dataset_bytes(records))
    directory = with_old_data(found, tmp_path / "whole")
    fake.delay = PAGE_DELAY
    started = time.monotonic()
    done = run_cli(["update", "--full"], {**env, "LOSSTRACK_DATA_DIR": str(directory)})
    found.seconds = time.monotonic() - started
    found.fetched = fake.answered_at[-1] - started
    assert done.code == 0, done.stderr
    assert (directory / store.FILENAME).read_bytes() == found.new
    return found


def with_old_data(replay: Replay, directory: Path) -> Path:
    """A data directory holding the old dataset, as a previous update left it."""
    directory.mkdir()
    (directory / store.FILENAME).write_bytes(replay.old)
    return directory


def kill_points(replay: Replay, count: int) -> list[float]:
    """Seeded moments to kill at: some anywhere in a run, more between the last page and exit."""
    rng = random.Random(SEED)
    writing = (count + 1) // 2
    points = [rng.uniform(0.0, replay.seconds) for _ in range(count - writing)]
    points += [rng.uniform(replay.fetched, replay.seconds) for _ in range(writing)]
    rng.shuffle(points)
    return [round(t, 3) for t in points]


def kill_and_recover(replay: Replay, directory: Path, after: float) -> str:
    """Kill `update --full` after `after` s; check what it left and that `update` then works."""
    env = {**replay.env, "LOSSTRACK_DATA_DIR": str(directory)}
    replay.api.delay = PAGE_DELAY
    proc = subprocess.Popen(
        [*COMMAND, "update", "--full"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(after)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    path = directory / store.FILENAME
    left = path.read_bytes()
    assert left in (replay.old, replay.new), f"killed after {after} s: the dataset is damaged"
    store.read(path)  # and it loads

    replay.api.delay = 0.0
    done = run_in_process(["update"], env)  # the next update need not be a process
    assert done.code == 0, f"killed after {after} s, the next update failed: {done.stderr}"
    assert path.read_bytes() == replay.new
    assert [p.name for p in directory.iterdir() if p.name.startswith(".")] == []
    return "new" if left == replay.new else "old"


def check_kills(replay: Replay, tmp_path: Path, count: int) -> list[str]:
    outcomes = []
    for number, after in enumerate(kill_points(replay, count)):
        directory = with_old_data(replay, tmp_path / f"kill-{number}")
        outcomes.append(kill_and_recover(replay, directory, after))
    return outcomes


@pytest.mark.slow
def test_a_kill_around_the_write_leaves_the_old_or_the_new_dataset(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    replay = start_replay(httpserver, tmp_path, history()[-QUICK_REPORTS:])
    assert len(check_kills(replay, tmp_path, QUICK_POINTS)) == QUICK_POINTS


@pytest.mark.slow
def test_many_kills_leave_the_old_or_the_new_dataset(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    replay = start_replay(httpserver, tmp_path, history())
    outcomes = check_kills(replay, tmp_path, SLOW_POINTS)
    assert len(outcomes) == SLOW_POINTS
    assert "old" in outcomes  # some kills did land before the write
