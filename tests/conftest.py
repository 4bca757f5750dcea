"""Shared fixtures: an isolated data directory, a fixed terminal, no internet; fake upstreams."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from pytest_httpserver import HTTPServer

    from . import fakes

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference"
LOCAL_HOSTS = {"127.0.0.1", "::1", "localhost", "0.0.0.0", ""}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden",
        action="store_true",
        help="rewrite tests/expected/* from the current output instead of comparing",
    )


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Every test gets its own data directory and a plain 100-column terminal."""
    data = tmp_path / "data"
    monkeypatch.setenv("LOSSTRACK_DATA_DIR", str(data))
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("LINES", "40")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("LOSSTRACK_API_URL", "http://127.0.0.1:9/api/v2")
    monkeypatch.setenv("LOSSTRACK_GITHUB_URL", "http://127.0.0.1:9/data")
    monkeypatch.setenv("LOSSTRACK_TODAY", "2026-09-01")  # the bundled data's latest + 1: fresh
    monkeypatch.delenv("LOSSTRACK_LANG", raising=False)  # English unless a test asks
    from losstrack import i18n

    monkeypatch.setitem(i18n._state, "lang", "")  # a --lang of an earlier test is forgotten
    return data


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection to a host other than this machine fails the test."""
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def host_of(address: Any) -> str:
        return str(address[0]) if isinstance(address, tuple) else str(address)

    def connect(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and host_of(address) not in LOCAL_HOSTS:
            pytest.fail(f"test tried to reach the internet: {address!r}")
        return real_connect(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in LOCAL_HOSTS and host is not None:
            pytest.fail(f"test tried to resolve {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture(autouse=True)
def _quiet_server() -> Iterator[None]:
    """Keep werkzeug's request log (and a killed client's dropped connection) off stderr."""
    logger = logging.getLogger("werkzeug")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.fixture
def data_dir(_isolated: Path) -> Path:
    """The test's LOSSTRACK_DATA_DIR (not created yet)."""
    return _isolated


@pytest.fixture
def reference() -> Path:
    """../shared/reference, or skip when this checkout has none beside it."""
    if not REFERENCE.is_dir():
        pytest.skip("../shared/reference is not beside this checkout")
    return REFERENCE


@pytest.fixture(autouse=True)
def _quick_http(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process: short timeouts, no sleeping between retries; a failing upstream fails in ms."""
    from losstrack.sources import http

    monkeypatch.setattr(http, "CONNECT_TIMEOUT", 1.0)
    monkeypatch.setattr(http, "READ_TIMEOUT", 2.0)
    monkeypatch.setattr(http, "RETRY_AFTER_CAP", 0.05)
    monkeypatch.setattr(http, "BACKOFF", (0.0,) * len(http.BACKOFF))


@pytest.fixture
def seeded_api(httpserver: Any, monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> Any:
    """A user dataset of fakes.SEED_DAYS; the fake API serves them and the report of SEED_NEW."""
    from . import fakes

    monkeypatch.setenv("LOSSTRACK_API_URL", httpserver.url_for("/api/v2"))
    records = fakes.api_history(fakes.SEED_DAYS)
    fakes.seed_dataset(data_dir, records)
    records.append(fakes.api_record(fakes.SEED_NEW, previous=records[-1]["stats"]))
    return fakes.serve_api(httpserver, records)


@pytest.fixture
def seeded_month(data_dir: Path) -> dict[str, bytes]:
    """A user dataset of August 2026's synthetic reports; its files, byte for byte."""
    from datetime import date, timedelta

    from . import fakes

    august = [date(2026, 8, 1) + timedelta(days=i) for i in range(31)]
    fakes.seed_dataset(data_dir, fakes.api_history(august))
    return fakes.files_below(data_dir)


# -- the fake API for `update` ----------------------------------------------------------------


@pytest.fixture
def records() -> list[dict[str, Any]]:
    """The synthetic API history, oldest first; the last three records carry a link."""
    from . import fakes

    history = fakes.api_history(fakes.synthetic_days())
    for record in history[-3:]:
        record["resource"] = (
            f"https://www.facebook.com/GeneralStaff.ua/posts/pfbid0test{record['day']}"
        )
    return history


@pytest.fixture
def api(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, records: list[dict[str, Any]]
) -> fakes.FakeApi:
    """The API replaying `records` (for updates); break it by setting its `fail`."""
    from . import fakes

    monkeypatch.setenv("LOSSTRACK_API_URL", httpserver.url_for("/api/v2"))
    return fakes.serve_api(httpserver, records)


@pytest.fixture
def seeded(api: fakes.FakeApi, data_dir: Path) -> dict[str, tuple[bytes, int]]:
    """A user dataset of the API's records; returns the data dir's snapshot."""
    from . import fakes

    fakes.seed_dataset(data_dir, api.records)
    api.requests.clear()
    api.bytes_served = 0
    return fakes.snapshot(data_dir)


@pytest.fixture
def github(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> fakes.FakeGithub:
    """GitHub's files of the seeded days and the next, broken (HTTP 500) unless a test mends them."""
    from . import fakes

    monkeypatch.setenv("LOSSTRACK_GITHUB_URL", httpserver.url_for("/data"))
    days = [*fakes.SEED_DAYS, fakes.SEED_NEW]
    return fakes.serve_github(httpserver, *fakes.petro_files(days), fail=500)


# -- undo's history ---------------------------------------------------------------------------


@pytest.fixture
def history_api(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> fakes.FakeApi:
    """The API replaying 20 synthetic reports up to 2026-08-31."""
    from datetime import timedelta

    from . import fakes

    monkeypatch.setenv("LOSSTRACK_API_URL", httpserver.url_for("/api/v2"))
    days = [fakes.SEED_LAST - timedelta(days=i) for i in range(20)]
    return fakes.serve_api(httpserver, fakes.api_history(days))


@pytest.fixture
def first_write(history_api: fakes.FakeApi, data_dir: Path) -> dict[str, bytes]:
    """A user dataset of `history_api`'s reports, then a pasted report that revises a value.

    Returns the dataset and its logs after that write (all three files, so all are compared).
    """
    from losstrack.dataset import history

    from . import fakes
    from .procs import paste_report

    fakes.seed_dataset(data_dir, history_api.records)
    paste_report(fakes.SEED_LAST, tanks=3)
    state = fakes.data_files(data_dir)
    assert sorted(state) == sorted(history.FILES)
    return state
