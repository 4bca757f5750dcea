"""Upstream faults against `losstrack update`, with both sources broken at once.

Each fault ends with the documented exit code (0 where the tool recovers, else 3 or 4), one line
on stderr, the dataset byte-for-byte intact (or, on recovery, exactly what a clean update
writes). Each runs in-process by default; as a real process, which must also end within
60 seconds and under 300 MB of memory, with `-m slow` (and by default for a 300 MB answer).
"""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
from collections.abc import Callable, Iterator, Set
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from losstrack.dataset import store

from . import fakes
from .procs import Finished, cli_env, run, run_cli, run_in_process

NEW = date(2026, 9, 1)
LIMIT_SECONDS = 60.0
LIMIT_RSS = 300 * 1024 * 1024
HUGE = 300 * 1024 * 1024
Launch = Callable[[list[str], dict[str, str]], Finished]
CAPTIVE_PORTAL = (
    "<!DOCTYPE html><html><head><title>Station Wi-Fi</title></head>"
    "<body><p>Log in to continue.</p></body></html>"
)


@dataclass
class Upstreams:
    """Both fakes on the local server, one report ahead of the seeded dataset."""

    api: fakes.FakeApi
    github: fakes.FakeGithub
    env: dict[str, str]
    seeded: dict[str, tuple[bytes, int]]
    data_dir: Path


@pytest.fixture
def upstreams(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> Upstreams:
    """A dataset from a first update; then both sources gain 2026-09-01 (and may break)."""
    api_url, github_url = httpserver.url_for("/api/v2"), httpserver.url_for("/data")
    monkeypatch.setenv("LOSSTRACK_API_URL", api_url)
    monkeypatch.setenv("LOSSTRACK_GITHUB_URL", github_url)
    days = fakes.synthetic_days()
    api = fakes.serve_api(httpserver, fakes.api_history(days))
    github = fakes.serve_github(httpserver, *fakes.petro_files([*days, NEW]))
    fakes.seed_dataset(data_dir, api.records)
    fakes.new_day(api.records, NEW)
    env = cli_env(
        LOSSTRACK_DATA_DIR=str(data_dir),
        LOSSTRACK_API_URL=api_url,
        LOSSTRACK_GITHUB_URL=github_url,
        LOSSTRACK_TIMEOUT="1",
    )
    return Upstreams(api, github, env, fakes.snapshot(data_dir), data_dir)


def point_both_at(up: Upstreams, base: str) -> None:
    """Send both sources to another server."""
    up.env["LOSSTRACK_API_URL"] = f"{base}/api/v2"
    up.env["LOSSTRACK_GITHUB_URL"] = f"{base}/data"


def huge_body(declare: bool) -> fakes.Fault:
    """300 MB of JSON-looking bytes, made as they are sent; with or without Content-Length."""
    block = b"[" + b"1," * (512 * 1024 - 1)

    def chunks() -> Iterator[bytes]:
        for _ in range(HUGE // len(block)):
            yield block

    headers = {"Content-Length": str(HUGE // len(block) * len(block))} if declare else {}
    return lambda request: Response(chunks(), content_type="application/json", headers=headers)


def closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def broken(up: Upstreams, fault: str) -> Iterator[None]:
    """Break both upstreams the same way for the duration of the block."""
    answers: dict[str, fakes.Fault] = {
        "http-500": 500,
        "captive-portal": lambda r: Response(CAPTIVE_PORTAL, content_type="text/html"),
        "invalid-json": lambda r: Response('{"message": "ok", "data": [1, 2', status=200),
        "300mb-declared": huge_body(declare=True),
        "300mb-streamed": huge_body(declare=False),
    }
    if fault in answers:
        up.api.fail = up.github.fail = answers[fault]
        yield
    elif fault in ("never-answers", "cut-off"):
        body = json.dumps({"message": fakes.SUCCESS, "data": {"records": up.api.records}})
        reply = None
        if fault == "cut-off":
            reply = fakes.http_reply(
                body[: len(body) // 2].encode(), headers={"Content-Length": str(len(body))}
            )
        with fakes.raw_server(reply) as server:
            point_both_at(up, server.url)
            yield
    elif fault == "connection-refused":
        point_both_at(up, f"http://127.0.0.1:{closed_port()}")
        yield
    else:
        raise AssertionError(fault)


def launches(
    *faults: str, process: Set[str] = frozenset(), slow: Set[str] = frozenset()
) -> list[Any]:
    """Each fault in-process and as a process; by default in-process, or as a process if listed."""
    cases = []
    for fault in faults:
        for launch, how in ((run_in_process, "in-process"), (run_cli, "process")):
            quick = fault not in slow and (launch is run_in_process or fault in process)
            marks = () if quick else pytest.mark.slow
            cases.append(pytest.param(fault, launch, id=f"{fault}-{how}", marks=marks))
    return cases


def assert_bounded(done: Finished, launch: Launch) -> None:
    """A process ended within 60 s and 300 MB (in-process, there is no process to measure)."""
    if launch is run_cli:
        assert done.seconds < LIMIT_SECONDS
        assert done.peak_rss < LIMIT_RSS, f"peak RSS {done.peak_rss / 2**20:.0f} MiB"


def assert_one_error_line(done: Finished, code: int, *reasons: str) -> str:
    assert done.code == code, done.stderr
    assert done.stdout == ""
    assert done.stderr.startswith("losstrack: error: ")
    assert done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr
    for reason in reasons:
        assert reason in done.stderr
    return done.stderr


REASONS = {
    "http-500": "HTTP 500",  # three retries with backoff on each source: 7 s as a process
    "never-answers": "timed out",  # 2 x 1 s either way: with -m slow (and in test_update)
    "cut-off": "the body was cut off",
    "captive-portal": "answered with an HTML page, not JSON",
    "300mb-declared": "over the size cap",
    "300mb-streamed": "over the size cap",
    "invalid-json": "invalid JSON",
    "connection-refused": "connection refused",
}


@pytest.mark.parametrize(("fault", "launch"), launches(*REASONS, slow={"never-answers"}))
def test_both_sources_failing_exit_3_and_leave_the_data_intact(
    upstreams: Upstreams, fault: str, launch: Launch
) -> None:
    with broken(upstreams, fault):
        done = launch(["update"], upstreams.env)

    line = assert_one_error_line(done, 3, "no source is usable: API: ", "; GitHub: ")
    api_part, github_part = line.split("; GitHub: ")
    assert REASONS[fault] in api_part
    assert REASONS[fault] in github_part
    assert fakes.snapshot(upstreams.data_dir) == upstreams.seeded
    assert_bounded(done, launch)


WRONG = {"thousands-comma": "12,396", "null": None, "negative": -5}


@pytest.mark.parametrize(("case", "launch"), launches(*WRONG))
def test_right_json_with_wrong_types_exits_4_from_either_source(
    upstreams: Upstreams, case: str, launch: Launch
) -> None:
    value = WRONG[case]
    fakes.set_total(upstreams.api.records[-1], "tanks", value)
    upstreams.github.equipment[-1]["tank"] = value

    for args, where in (
        (["update"], "API statistics"),
        (["update", "--source", "github"], "GitHub"),
    ):
        done = launch(args, upstreams.env)

        assert_one_error_line(done, 4, where, f"2026-09-01 tanks is {value!r}")
        assert fakes.snapshot(upstreams.data_dir) == upstreams.seeded
        assert_bounded(done, launch)
    assert upstreams.github.requests  # the second run did read the GitHub files


@pytest.mark.parametrize(("case", "launch"), launches("429"))
def test_429_with_retry_after_on_both_is_waited_out_and_the_update_completes(
    upstreams: Upstreams, tmp_path: Path, case: str, launch: Launch
) -> None:
    clean_dir = tmp_path / "clean"
    shutil.copytree(upstreams.data_dir, clean_dir)
    expected = launch(["update"], {**upstreams.env, "LOSSTRACK_DATA_DIR": str(clean_dir)})
    assert expected.code == 0, expected.stderr
    busy = Response('{"message": "Too Many Attempts."}', status=429,
                    headers={"Retry-After": "1"}, content_type="application/json")  # fmt: skip
    upstreams.api.fail = fakes.only_first(busy)
    upstreams.github.fail = fakes.only_first(busy)
    upstreams.api.requests.clear()

    done = launch(["update"], upstreams.env)

    assert done.code == 0, done.stderr
    assert done.stdout == ""
    assert done.stderr.startswith("+1 day: 2026-09-01; ")
    assert done.stderr.count("\n") == 1
    path = upstreams.data_dir / store.FILENAME
    assert path.read_bytes() == (clean_dir / store.FILENAME).read_bytes()
    assert upstreams.api.requests[0] == upstreams.api.requests[1]  # the same request, again
    assert_bounded(done, launch)


@pytest.mark.slow
def test_hanging_sources_give_up_within_60_seconds_with_the_default_timeouts(
    upstreams: Upstreams,
) -> None:
    del upstreams.env["LOSSTRACK_TIMEOUT"]
    with broken(upstreams, "never-answers"):
        done = run_cli(["update"], upstreams.env)

    assert_one_error_line(done, 3, "timed out")
    assert done.stderr.count("timed out") == 2
    assert fakes.snapshot(upstreams.data_dir) == upstreams.seeded
    assert_bounded(done, run_cli)


@pytest.mark.parametrize("value", ["0", "-1", "soon", "nan", "inf"])
def test_a_bad_timeout_setting_is_a_usage_error(
    upstreams: Upstreams, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("LOSSTRACK_TIMEOUT", value)
    result = run("update")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"losstrack: error: LOSSTRACK_TIMEOUT={value!r} is not ")
    assert fakes.snapshot(upstreams.data_dir) == upstreams.seeded
