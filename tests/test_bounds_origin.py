"""Every update is bounded in origin, pages and records, against hostile servers, in-process.

Redirects and `next_url` stay on the upstream's origin, paging stops at its caps, and a bad
URL in the environment is a usage error; each refusal leaves the data directory byte for byte
as it was. (Time and bytes: test_bounds_time.py.)
"""

from __future__ import annotations

import re
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
from .procs import run

DAYS = [date(2026, 8, 1) + timedelta(days=i) for i in range(31)]
NEW = date(2026, 9, 1)
Snapshot = dict[str, bytes]


# -- origin: redirects and next_url -----------------------------------------------------------


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
    seeded_month: Snapshot,
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
    assert fakes.files_below(data_dir) == seeded_month


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
    seeded_month: Snapshot,
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
    seeded_month: Snapshot,
    other: tuple[fakes.FakeApi, fakes.FakeGithub],
) -> None:
    serve_redirects(httpserver)
    monkeypatch.setenv("LOSSTRACK_API_URL", httpserver.url_for("/r4/api/v2"))

    result = run("update", "--source", "api")

    assert result.exit_code == 3
    assert result.stderr.endswith(f"more than {settings.MAX_REDIRECTS} redirects\n")
    assert other[0].requests == []
    assert fakes.files_below(data_dir) == seeded_month


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
    monkeypatch: pytest.MonkeyPatch, data_dir: Path, seeded_month: Snapshot, next_url: str
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
    assert fakes.files_below(data_dir) == seeded_month


def first_page(ex: hostile.Exchange, next_url: str, other: str) -> bytes:
    """The latest record, or a valid page whose next_url is `next_url`."""
    if ex.path.endswith("/latest"):
        return hostile.latest_body()
    body = hostile.page_body(ex, 0)
    link = f"{ex.base}/api/v2/statistics?offset=1&limit=1"
    return body.replace(link.encode(), next_url.format(other=other).encode())


# -- pages and records ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bound", "message"),
    [("MAX_PAGES", "more than 5 pages"), ("MAX_RECORDS", "more than 5 records")],
)
def test_endless_paging_stops_at_the_page_and_record_caps(
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
    seeded_month: Snapshot,
    bound: str,
    message: str,
) -> None:
    monkeypatch.setattr(settings, bound, 5)
    with hostile.hostile_server(hostile.endless_pages(0)) as server:
        monkeypatch.setenv("LOSSTRACK_API_URL", f"{server.url}/api/v2")
        result = run("update", "--source", "api")

    assert result.exit_code == 3, result.stderr
    assert result.stderr == f"losstrack: error: API statistics: {message}; refused\n"
    assert len(server.requests) == 1 + 5 + (bound == "MAX_RECORDS")  # latest, then pages
    assert fakes.files_below(data_dir) == seeded_month


# -- URLs from the environment ----------------------------------------------------------------


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
    seeded_month: Snapshot,
    variable: str,
    args: list[str],
    value: str,
) -> None:
    monkeypatch.setenv(variable, value)

    result = run(*args)

    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith(f"losstrack: error: {variable}={value!r} is not an http(s) URL")
    assert result.stderr.count("\n") == 1
    assert fakes.files_below(data_dir) == seeded_month
