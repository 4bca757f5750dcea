"""Every request and every update is bounded in time, bytes and origin, against hostile servers.

Where time or memory is the point, a real `losstrack update` process runs against the project's
hostile server (tests/hostile.py) with small bounds set through LOSSTRACK_TIMEOUT and
LOSSTRACK_DEADLINE; each must end inside its bound with exit 3, one line on stderr, a modest
peak RSS and the data directory byte for byte as it was. The rest runs in-process.
"""

from __future__ import annotations

import re
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from losstrack import settings
from losstrack.dataset import store
from losstrack.errors import UpstreamError
from losstrack.sources import api

from . import fakes, hostile
from .helpers import run, seed_dataset
from .procs import Finished, cli_env, run_cli

DAYS = [date(2026, 8, 1) + timedelta(days=i) for i in range(31)]
NEW = date(2026, 9, 1)
STARTUP = 5.0  # seconds a process may take beyond its bound: start, imports, exit, on a
# machine that runs other tests beside it (CI runs the slow ones on four workers)...
LOADED = 0.15  # ...plus this share of the bound, as sleeps and timers stretch on a loaded machine
LIMIT_RSS = 300 * 1024 * 1024
MB = 1024 * 1024

Snapshot = dict[str, bytes]


def snapshot(directory: Path) -> Snapshot:
    """Every file under `directory`, byte for byte."""
    files = sorted(p for p in directory.rglob("*") if p.is_file())
    return {str(p.relative_to(directory)): p.read_bytes() for p in files}


@pytest.fixture
def seeded(data_dir: Path) -> Snapshot:
    """A user dataset of a month of synthetic reports, and its snapshot."""
    seed_dataset(data_dir, fakes.api_history(DAYS))
    return snapshot(data_dir)


def run_against(behaviour: hostile.Behaviour, data_dir: Path, **env: str) -> Finished:
    """`losstrack update` as a process, both sources pointed at one hostile server."""
    with hostile.hostile_server(behaviour) as server:
        return run_cli(
            ["update"],
            cli_env(
                LOSSTRACK_DATA_DIR=str(data_dir),
                LOSSTRACK_API_URL=f"{server.url}/api/v2",
                LOSSTRACK_GITHUB_URL=f"{server.url}/data",
                **env,
            ),
        )


def assert_gave_up(done: Finished, bound: float, *reasons: str) -> None:
    """Exit 3 within `bound` seconds (plus start-up), one line naming both sources, small RSS."""
    assert done.code == 3, done.stderr
    assert done.stdout == ""
    assert done.stderr.startswith("losstrack: error: no source is usable: API: "), done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert "; GitHub: " in done.stderr
    assert any(reason in done.stderr for reason in reasons), done.stderr
    assert done.seconds < bound * (1 + LOADED) + STARTUP, f"{done.seconds:.1f} s"
    assert done.peak_rss < LIMIT_RSS, f"peak RSS {done.peak_rss / MB:.0f} MiB"


# -- time: a process against each hostile behaviour --------------------------------------------

QUICK = {"LOSSTRACK_TIMEOUT": "1", "LOSSTRACK_DEADLINE": "1"}
GAVE_UP = "the update gave up after 1 s"
HOSTILE = {
    # The read timeout (1 s) never fires: a byte, or an interim answer, comes sooner.
    "drip-headers": (hostile.drip_headers(0.2), (GAVE_UP,)),
    "drip-body": (hostile.drip_body(0.2), (GAVE_UP,)),
    "continue-flood": (hostile.continue_flood(), (GAVE_UP,)),
    "slow-503": (hostile.slow_status(0.3), (GAVE_UP, "HTTP 503")),
    "redirect-loop": (hostile.redirect_loop(0.3), (GAVE_UP,)),  # the 4th hop would be late
    "endless-pages": (hostile.endless_pages(0.1), (GAVE_UP,)),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_server_cannot_hold_an_update_past_its_deadline(
    data_dir: Path, seeded: Snapshot, case: str
) -> None:
    behaviour, reasons = HOSTILE[case]

    done = run_against(behaviour, data_dir, **QUICK)

    assert_gave_up(done, 1.0, *reasons)
    assert snapshot(data_dir) == seeded


@pytest.mark.slow
@pytest.mark.parametrize("case", ["drip-headers", "drip-body", "continue-flood"])
def test_one_request_takes_at_most_the_timeout_plus_10_seconds(
    data_dir: Path, seeded: Snapshot, case: str
) -> None:
    done = run_against(HOSTILE[case][0], data_dir, LOSSTRACK_TIMEOUT="1")

    assert_gave_up(done, 2 * 11.0, "timed out, no complete answer within 11 s")
    assert done.stderr.count("within 11 s") == 2
    assert done.seconds > 2 * 10.0  # each source got its whole deadline, not a read timeout
    assert snapshot(data_dir) == seeded


@pytest.mark.slow
def test_a_slow_503_with_its_retries_ends_within_one_request_deadline(
    data_dir: Path, seeded: Snapshot
) -> None:
    done = run_against(hostile.slow_status(3.5), data_dir, LOSSTRACK_TIMEOUT="5")

    assert_gave_up(done, 2 * 15.0, "HTTP 503", "within 15 s")
    assert snapshot(data_dir) == seeded


@pytest.mark.slow
def test_the_default_deadline_is_25_seconds_a_request(data_dir: Path, seeded: Snapshot) -> None:
    done = run_against(hostile.drip_headers(1.0), data_dir)

    assert_gave_up(done, 2 * 25.0, "timed out, no complete answer within 25 s")
    assert snapshot(data_dir) == seeded


# -- bytes: fat answers ------------------------------------------------------------------------


TOTAL_CAP = f"{settings.MAX_UPDATE_BYTES:,} bytes for all answers of an update"
ANSWER_CAP = f"{settings.MAX_RESPONSE_BYTES:,} bytes per answer"


@pytest.mark.parametrize(
    ("size", "declare", "cap"),
    [
        pytest.param(6 * MB, True, TOTAL_CAP, id="6mb-pages"),
        pytest.param(6 * MB, False, TOTAL_CAP, id="6mb-pages-streamed", marks=pytest.mark.slow),
        pytest.param(9 * MB, True, ANSWER_CAP, id="9mb-page", marks=pytest.mark.slow),
        pytest.param(9 * MB, False, ANSWER_CAP, id="9mb-page-streamed"),
    ],
)
def test_fat_pages_stop_at_the_byte_caps(
    data_dir: Path, seeded: Snapshot, size: int, declare: bool, cap: str
) -> None:
    done = run_against(hostile.fat_pages(size, declare=declare), data_dir, LOSSTRACK_DEADLINE="20")

    assert_gave_up(done, 20.0, f"is over the size cap of {cap}")
    assert done.stderr.count("over the size cap") == 2
    assert snapshot(data_dir) == seeded


# -- origin: redirects and next_url ------------------------------------------------------------


@pytest.fixture
def other(httpserver: HTTPServer) -> tuple[fakes.FakeApi, fakes.FakeGithub]:
    """Valid upstreams with a new report, on another origin (the httpserver's port)."""
    records = fakes.api_history([*DAYS, NEW])
    return (
        fakes.serve_api(httpserver, records),
        fakes.serve_github(httpserver, *fakes.petro_files([*DAYS, NEW])),
    )


def test_a_redirect_to_another_origin_is_not_followed(
    monkeypatch: pytest.MonkeyPatch,
    httpserver: HTTPServer,
    data_dir: Path,
    seeded: Snapshot,
    other: tuple[fakes.FakeApi, fakes.FakeGithub],
) -> None:
    elsewhere = httpserver.url_for("").rstrip("/")
    with hostile.hostile_server(hostile.redirect_to(elsewhere)) as server:
        monkeypatch.setenv("LOSSTRACK_API_URL", f"{server.url}/api/v2")
        monkeypatch.setenv("LOSSTRACK_GITHUB_URL", f"{server.url}/data")
        result = run("update")

    assert result.exit_code == 3, result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stderr.count(f"redirected to another origin ('{elsewhere}/") == 2
    assert other[0].requests == []
    assert other[1].requests == []
    assert snapshot(data_dir) == seeded


def serve_redirects(httpserver: HTTPServer) -> None:
    """/rN/... redirects to /r(N-1)/..., and /r1/... to ..., all on the server's origin."""

    def hop(request: Request) -> Response:
        match = re.fullmatch(r"/r(\d+)(/.*)", request.path)
        assert match is not None
        n, rest = int(match[1]), match[2]
        query = request.full_path.partition("?")[2]
        target = (rest if n == 1 else f"/r{n - 1}{rest}") + (f"?{query}" if query else "")
        return Response(status=302, headers={"Location": target})

    httpserver.expect_request(re.compile(r"^/r\d+/.*$")).respond_with_handler(hop)


@pytest.mark.parametrize("hops", [1, 2, settings.MAX_REDIRECTS])
def test_same_origin_redirects_are_followed(
    monkeypatch: pytest.MonkeyPatch,
    httpserver: HTTPServer,
    data_dir: Path,
    seeded: Snapshot,
    other: tuple[fakes.FakeApi, fakes.FakeGithub],
    hops: int,
) -> None:
    serve_redirects(httpserver)
    monkeypatch.setenv("LOSSTRACK_API_URL", httpserver.url_for(f"/r{hops}/api/v2"))

    result = run("update", "--source", "api")

    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("+1 day: 2026-09-01")
    assert other[0].requests[0] == "/api/v2/statistics/latest"
    assert store.read(data_dir / store.FILENAME).index[-1].date() == NEW


def test_more_redirects_than_the_cap_are_refused(
    monkeypatch: pytest.MonkeyPatch,
    httpserver: HTTPServer,
    data_dir: Path,
    seeded: Snapshot,
    other: tuple[fakes.FakeApi, fakes.FakeGithub],
) -> None:
    serve_redirects(httpserver)
    monkeypatch.setenv("LOSSTRACK_API_URL", httpserver.url_for("/r4/api/v2"))

    result = run("update", "--source", "api")

    assert result.exit_code == 3
    assert result.stderr.endswith(f"more than {settings.MAX_REDIRECTS} redirects\n")
    assert other[0].requests == []
    assert snapshot(data_dir) == seeded


@pytest.mark.parametrize(
    ("url", "base"),
    [
        ("http://h/api/v2/statistics?offset=50", "https://h/api/v2"),  # scheme
        ("https://h:8443/api/v2/statistics?offset=50", "https://h/api/v2"),  # port
        ("//other.example/api/v2/statistics", "https://h/api/v2"),  # host
        ("http://[::1", "https://h/api/v2"),  # urljoin's ValueError
        ("https://h:99999/x", "https://h/api/v2"),  # urlsplit's port ValueError
        ("ftp://h/api/v2/statistics", "https://h/api/v2"),
    ],
)
def test_a_next_url_off_the_base_origin_is_refused(url: str, base: str) -> None:
    with pytest.raises(UpstreamError, match="next_url points to another origin"):
        api._check_same_host(url, base)


@pytest.mark.parametrize(
    ("url", "absolute"),
    [
        ("https://h:443/api/v2/statistics?offset=50", "https://h:443/api/v2/statistics?offset=50"),
        ("https://H/api/v2/statistics?offset=50", "https://H/api/v2/statistics?offset=50"),
        ("statistics?offset=50", "https://h/api/v2/statistics?offset=50"),
        ("/api/v2/statistics?offset=50", "https://h/api/v2/statistics?offset=50"),
    ],
)
def test_a_next_url_on_the_base_origin_is_made_absolute(url: str, absolute: str) -> None:
    assert api._check_same_host(url, "https://h/api/v2") == absolute


@pytest.mark.parametrize(
    "next_url", ["{other}/api/v2/statistics?offset=1", "http://[::1", "http://127.0.0.1:99999/x"]
)
def test_a_hostile_next_url_is_an_upstream_error_and_nothing_is_fetched_from_it(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path, seeded: Snapshot, next_url: str
) -> None:
    with hostile.hostile_server(hostile.endless_pages(0)) as elsewhere:
        answer = lambda ex: ex.reply(first_page(ex, next_url, elsewhere.url))  # noqa: E731
        with hostile.hostile_server(answer) as server:
            monkeypatch.setenv("LOSSTRACK_API_URL", f"{server.url}/api/v2")
            result = run("update")

    assert result.exit_code == 3, result.stderr
    assert result.stderr.count("\n") == 1
    assert "next_url points to another origin" in result.stderr
    assert elsewhere.requests == []
    assert snapshot(data_dir) == seeded


def first_page(ex: hostile.Exchange, next_url: str, other: str) -> bytes:
    """The latest record, or a valid page whose next_url is `next_url`."""
    if ex.path.endswith("/latest"):
        return hostile.latest_body()
    body = hostile.page_body(ex, 0)
    link = f"{ex.base}/api/v2/statistics?offset=1&limit=1"
    return body.replace(link.encode(), next_url.format(other=other).encode())


# -- pages and records -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bound", "message"),
    [("MAX_PAGES", "more than 5 pages"), ("MAX_RECORDS", "more than 5 records")],
)
def test_endless_paging_stops_at_the_page_and_record_caps(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path, seeded: Snapshot, bound: str, message: str
) -> None:
    monkeypatch.setattr(settings, bound, 5)
    with hostile.hostile_server(hostile.endless_pages(0)) as server:
        monkeypatch.setenv("LOSSTRACK_API_URL", f"{server.url}/api/v2")
        result = run("update", "--source", "api")

    assert result.exit_code == 3, result.stderr
    assert result.stderr == f"losstrack: error: API statistics: {message}; refused\n"
    assert len(server.requests) == 1 + 5 + (bound == "MAX_RECORDS")  # latest, then pages
    assert snapshot(data_dir) == seeded


# -- URLs from the environment -----------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["http://[::1", "ftp://x", "localhost:8000", "http://", "http://h:0x"]
)
@pytest.mark.parametrize(
    ("variable", "args"),
    [("LOSSTRACK_API_URL", ["update"]), ("LOSSTRACK_GITHUB_URL", ["update", "--source", "github"])],
)
def test_a_bad_url_in_the_environment_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
    seeded: Snapshot,
    variable: str,
    args: list[str],
    value: str,
) -> None:
    monkeypatch.setenv(variable, value)

    result = run(*args)

    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith(f"losstrack: error: {variable}={value!r} is not an http(s) URL")
    assert result.stderr.count("\n") == 1
    assert snapshot(data_dir) == seeded


# -- the library: any thread, retries inside the deadline ---------------------------------------


def test_a_request_from_a_worker_thread_is_cut_at_its_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from losstrack.sources import http

    monkeypatch.setattr(settings, "REQUEST_DEADLINE", 0.5)
    failures: list[BaseException] = []

    def fetch(url: str) -> None:
        client = http.Http()
        try:
            client.get(url)
        except UpstreamError as exc:
            failures.append(exc)
        finally:
            client.close()

    with hostile.hostile_server(hostile.drip_body(0.1)) as server:
        started = time.monotonic()
        worker = threading.Thread(target=fetch, args=(f"{server.url}/api/v2/statistics",))
        worker.start()
        worker.join(10)
        elapsed = time.monotonic() - started

    assert not worker.is_alive()
    assert [str(e) for e in failures] == [
        f"{server.url.removeprefix('http://')}/api/v2/statistics: "
        "timed out, no complete answer within 0.5 s"
    ]
    assert elapsed < 1.5


def test_a_retry_after_longer_than_the_deadline_is_not_waited_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from losstrack.sources import http

    monkeypatch.setattr(settings, "REQUEST_DEADLINE", 1.0)
    monkeypatch.setattr(http, "RETRY_AFTER_CAP", settings.RETRY_AFTER_CAP)  # 5 s, as shipped

    def answer(ex: hostile.Exchange) -> None:
        busy = b'{"message": "Too Many Attempts."}'
        ex.reply(busy, status="429 Too Many Requests", headers={"Retry-After": "3"})

    client = http.Http()
    with hostile.hostile_server(answer) as server:
        started = time.monotonic()
        with pytest.raises(UpstreamError, match=r"HTTP 429 Too Many Requests$"):
            client.get(f"{server.url}/api/v2/statistics")
        elapsed = time.monotonic() - started
    client.close()

    assert len(server.requests) == 1  # a wait of 3 s would pass the deadline: no retry
    assert elapsed < 0.5
