"""Every request and every update is bounded in time and bytes, against hostile servers.

Where time or memory is the point, a real `losstrack update` process runs against the project's
hostile server (tests/hostile.py) with small bounds set through LOSSTRACK_TIMEOUT and
LOSSTRACK_DEADLINE; each must end inside its bound with exit 3, one line on stderr, a modest
peak RSS and the data directory byte for byte as it was. Each takes seconds, so they run with
`-m slow` (as CI does); the library's own bounds run in-process, by default.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from losstrack import settings
from losstrack.errors import UpstreamError

from . import fakes, hostile
from .procs import Finished, cli_env, run_cli

STARTUP = 5.0  # seconds a process may take beyond its bound: start, imports, exit, on a
# machine that runs other tests beside it (CI runs the slow ones on four workers)...
LOADED = 0.15  # ...plus this share of the bound, as sleeps and timers stretch on a loaded machine
LIMIT_RSS = 300 * 1024 * 1024
MB = 1024 * 1024
Snapshot = dict[str, bytes]


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


# -- time: a process against each hostile behaviour -------------------------------------------

ONE_SECOND = {"LOSSTRACK_TIMEOUT": "1", "LOSSTRACK_DEADLINE": "1"}
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


@pytest.mark.slow
@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_server_cannot_hold_an_update_past_its_deadline(
    data_dir: Path, seeded_month: Snapshot, case: str
) -> None:
    behaviour, reasons = HOSTILE[case]

    done = run_against(behaviour, data_dir, **ONE_SECOND)

    assert_gave_up(done, 1.0, *reasons)
    assert fakes.files_below(data_dir) == seeded_month


@pytest.mark.slow
@pytest.mark.parametrize("case", ["drip-headers", "drip-body", "continue-flood"])
def test_one_request_takes_at_most_the_timeout_plus_10_seconds(
    data_dir: Path, seeded_month: Snapshot, case: str
) -> None:
    done = run_against(HOSTILE[case][0], data_dir, LOSSTRACK_TIMEOUT="1")

    assert_gave_up(done, 2 * 11.0, "timed out, no complete answer within 11 s")
    assert done.stderr.count("within 11 s") == 2
    assert done.seconds > 2 * 10.0  # each source got its whole deadline, not a read timeout
    assert fakes.files_below(data_dir) == seeded_month


@pytest.mark.slow
def test_a_slow_503_with_its_retries_ends_within_one_request_deadline(
    data_dir: Path, seeded_month: Snapshot
) -> None:
    done = run_against(hostile.slow_status(3.5), data_dir, LOSSTRACK_TIMEOUT="5")

    assert_gave_up(done, 2 * 15.0, "HTTP 503", "within 15 s")
    assert fakes.files_below(data_dir) == seeded_month


@pytest.mark.slow
def test_the_default_deadline_is_25_seconds_a_request(
    data_dir: Path, seeded_month: Snapshot
) -> None:
    done = run_against(hostile.drip_headers(1.0), data_dir)

    assert_gave_up(done, 2 * 25.0, "timed out, no complete answer within 25 s")
    assert fakes.files_below(data_dir) == seeded_month


# -- bytes: fat answers -----------------------------------------------------------------------


TOTAL_CAP = f"{settings.MAX_UPDATE_BYTES:,} bytes for all answers of an update"
ANSWER_CAP = f"{settings.MAX_RESPONSE_BYTES:,} bytes per answer"


@pytest.mark.parametrize(
    ("size", "declare", "cap"),
    [
        pytest.param(6 * MB, True, TOTAL_CAP, id="6mb-pages", marks=pytest.mark.slow),
        pytest.param(6 * MB, False, TOTAL_CAP, id="6mb-pages-streamed", marks=pytest.mark.slow),
        pytest.param(9 * MB, True, ANSWER_CAP, id="9mb-page", marks=pytest.mark.slow),
        pytest.param(9 * MB, False, ANSWER_CAP, id="9mb-page-streamed", marks=pytest.mark.slow),
    ],
)
def test_fat_pages_stop_at_the_byte_caps(
    data_dir: Path, seeded_month: Snapshot, size: int, declare: bool, cap: str
) -> None:
    done = run_against(hostile.fat_pages(size, declare=declare), data_dir, LOSSTRACK_DEADLINE="20")

    assert_gave_up(done, 20.0, f"is over the size cap of {cap}")
    assert done.stderr.count("over the size cap") == 2
    assert fakes.files_below(data_dir) == seeded_month


# -- the library: any thread, retries inside the deadline -------------------------------------


@pytest.mark.slow  # waits for a deadline
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
