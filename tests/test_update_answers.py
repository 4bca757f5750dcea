"""`losstrack update` refuses answers it cannot use: exit 3 or 4, one line, nothing written.

HTML, invalid or cut-off JSON, timeouts, rate limits, totals that are not whole numbers, and
keys the registry does not know.
"""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from losstrack.dataset import store
from losstrack.sources import http

from . import fakes
from .fakes import serve_petro, stored, totals_by_day
from .procs import run

LAST = date(2026, 8, 31)
NEW = date(2026, 9, 1)


def respond(
    body: str, status: int = 200, content_type: str = "application/json", **headers: str
) -> fakes.Fault:
    """A fault answering every request with this response."""
    return lambda request: Response(body, status=status, content_type=content_type,
                                    headers=headers)  # fmt: skip


# -- answers that are not usable --------------------------------------------------------------

CAPTIVE_PORTAL = (
    "<!DOCTYPE html>\n<html><head><title>Hotel Wi-Fi</title></head>"
    "<body><form action='/login'>Accept the terms to browse</form></body></html>"
)


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (respond(CAPTIVE_PORTAL, content_type="text/html"), "answered with an HTML page, not JSON"),
        (respond(CAPTIVE_PORTAL, content_type="application/json"), "answered with an HTML page, not JSON"),
        (respond('{"message": "The data were fetched successfully.", "data": {"date": '),
         "invalid JSON (line 1, column 69); the body may be cut off"),
        (respond(""), "answered with an empty body"),
        (respond("[]"), "not the API's envelope (no `data`)"),
        (respond('{"message": "Too Many Attempts.", "data": null}'),
         "the API said 'Too Many Attempts.'"),
        (respond('{"message": "Server Error"}', status=502), "HTTP 502 BAD GATEWAY"),
    ],
    ids=["html", "html-as-json", "invalid-json", "empty", "not-envelope", "message", "502"],
)  # fmt: skip
def test_an_unusable_api_answer_exits_3_and_changes_nothing(
    api: fakes.FakeApi,
    seeded: dict[str, tuple[bytes, int]],
    data_dir: Path,
    fault: fakes.Fault,
    reason: str,
) -> None:
    api.fail = fault

    result = run("update", "--source", "api")

    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.startswith("losstrack: error: ")
    assert result.stderr.endswith(f"statistics/latest: {reason}\n")
    assert result.stderr.count("\n") == 1
    assert fakes.snapshot(data_dir) == seeded


def test_a_success_envelope_with_another_message_is_not_usable(
    api: fakes.FakeApi, data_dir: Path
) -> None:
    api.message = "The data were fetched partially."

    result = run("update", "--source", "api")

    assert result.exit_code == 3
    assert result.stderr.endswith("the API said 'The data were fetched partially.'\n")
    assert not data_dir.exists()


def test_a_body_cut_off_before_its_content_length_exits_3(
    monkeypatch: pytest.MonkeyPatch, records: list[dict[str, Any]], data_dir: Path
) -> None:
    body = json.dumps({"message": fakes.SUCCESS, "data": {"paging": {}, "records": records}})
    declared = {"Content-Length": str(len(body))}
    with fakes.raw_server(
        fakes.http_reply(body[: len(body) // 2].encode(), headers=declared)
    ) as server:
        monkeypatch.setenv("LOSSTRACK_API_URL", f"{server.url}/api/v2")
        result = run("update", "--source", "api")

    assert result.exit_code == 3
    assert result.stderr.startswith("losstrack: error: 127.0.0.1:")
    assert result.stderr.endswith("/api/v2/statistics/latest: the body was cut off\n")
    assert server.connections == 1
    assert not data_dir.exists()


def test_a_server_that_never_answers_times_out(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    monkeypatch.setattr(http, "READ_TIMEOUT", 0.3)
    with fakes.raw_server(None) as server:
        monkeypatch.setenv("LOSSTRACK_API_URL", f"{server.url}/api/v2")
        started = time.monotonic()
        result = run("update", "--source", "api")
        elapsed = time.monotonic() - started

    assert result.exit_code == 3
    assert result.stderr.endswith("/api/v2/statistics/latest: timed out\n")
    assert elapsed < 2.0
    assert not data_dir.exists()


@pytest.mark.parametrize(
    ("retry_after", "cap", "slept"),
    # "honoured" sleeps the whole second it was asked to: with -m slow.
    [pytest.param("1", 5.0, (1.0, 3.0), marks=pytest.mark.slow), ("3600", 0.2, (0.2, 2.0))],
    ids=["honoured", "capped"],
)
def test_429_with_retry_after_is_retried_then_succeeds(
    monkeypatch: pytest.MonkeyPatch,
    api: fakes.FakeApi,
    data_dir: Path,
    retry_after: str,
    cap: float,
    slept: tuple[float, float],
) -> None:
    monkeypatch.setattr(http, "RETRY_AFTER_CAP", cap)
    busy = Response('{"message": "Too Many Attempts."}', status=429,
                    headers={"Retry-After": retry_after}, content_type="application/json")  # fmt: skip
    api.fail = fakes.only_first(busy)
    fakes.seed_dataset(data_dir, api.records[:-1])

    started = time.monotonic()
    result = run("update", "--source", "api")
    elapsed = time.monotonic() - started

    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("+1 day: 2026-08-31")
    assert api.requests[:2] == ["/api/v2/statistics/latest"] * 2
    assert slept[0] <= elapsed < slept[1]


@pytest.mark.parametrize("value", ["12,396", None, -5, True, 1.5])
@pytest.mark.parametrize("seed", [False, True], ids=["empty-dir", "existing-dataset"])
def test_a_total_that_is_not_a_whole_number_refuses_the_update(
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
    api: fakes.FakeApi,
    data_dir: Path,
    value: object,
    seed: bool,
) -> None:
    before = None
    if seed:
        fakes.seed_dataset(data_dir, api.records)
        before = fakes.snapshot(data_dir)
    github = serve_petro(httpserver, monkeypatch, [NEW])
    fakes.set_total(api.records[-1], "tanks", value)

    result = run("update")

    assert result.exit_code == 4
    assert result.stdout == ""
    assert result.stderr.startswith("losstrack: error: API statistics")
    assert f"2026-08-31 tanks is {value!r}" in result.stderr
    assert result.stderr.count("\n") == 1
    assert github.requests == []  # bad data is not an outage: no fallback
    if seed:
        assert fakes.snapshot(data_dir) == before
    else:
        assert not data_dir.exists()


# -- keys the registry does not know ----------------------------------------------------------


def test_an_unknown_valid_key_becomes_a_column_and_bad_keys_are_refused(
    api: fakes.FakeApi, data_dir: Path
) -> None:
    fakes.seed_dataset(data_dir, api.records[:-5])
    for record in api.records[-5:]:
        record["stats"]["naval_drones"] = record["day"] - 1640
        record["stats"]["[bold red]x"] = 1
        record["stats"]["Bad Key"] = 2

    result = run("update")

    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[:-1] == [
        f"losstrack: warning: API statistics{where}: refused the unknown key {key}"
        for where in ("/latest", "")
        for key in ("'[bold red]x'", "'Bad Key'")
    ]
    assert lines[-1].startswith("+5 days")
    frame = stored(data_dir)
    assert list(frame.columns[-3:]) == ["naval_drones", "source", "link"]
    assert totals_by_day(frame)["2026-08-31"]["naval_drones"] == 10
    assert "naval_drones" not in totals_by_day(frame)["2026-08-26"]

    shown = run("show", "--format", "csv")
    assert shown.exit_code == 0, shown.stderr
    assert (
        "\n2026-08-31,naval_drones,naval_drones,10,1,2026-08-30,1,,,False,2026-08-31\n"
        in shown.stdout
    )
    table = run("show").stdout
    assert "naval_drones" in table
    assert "bold" not in table
    assert "Bad" not in table


@pytest.mark.parametrize("key", ["date", "source", "link"])
def test_a_key_named_like_a_dataset_field_is_refused_and_the_dataset_stays_readable(
    api: fakes.FakeApi, data_dir: Path, key: str
) -> None:
    fakes.seed_dataset(data_dir, api.records[:-3])
    for record in api.records:
        record["stats"][key] = 5

    result = run("update")

    assert result.exit_code == 0, result.stderr
    shown = run("show", "--format", "csv")
    assert shown.exit_code == 0, shown.stderr
    assert f"losstrack: warning: API statistics: refused the unknown key '{key}'" in result.stderr
    frame = stored(data_dir)
    assert set(frame["source"]) == {"api"}
    assert frame["link"].iloc[-1] == api.records[-1]["resource"]


def test_an_api_without_any_record_writes_no_dataset(api: fakes.FakeApi, data_dir: Path) -> None:
    api.records.clear()

    result = run("update")

    # A file with a header and no reports would make every later command fail on it.
    assert result.exit_code in (0, 3), result.stderr
    assert "0 reports" not in result.stderr
    assert not (data_dir / store.FILENAME).exists()
    shown = run("show")
    assert shown.exit_code == 0, shown.stderr
