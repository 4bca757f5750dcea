"""Hostile upstream text never reaches a terminal: updates, refusals and errors stay inert.

An update from an API whose last week has a new category, refused keys and links with markup,
escape sequences and a bidi override stores only valid names and clean links, and says so
inertly, as do undo and redo of it; so do GitHub keys that are not names, pasted reports and
the upstreams' own error messages. (The dataset read by every command: test_hostile.py.)
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from losstrack.dataset import store

from . import fakes
from .hostile import BAD_KEYS, LINK_STORED, assert_inert, hostile_dataset, hostile_history
from .procs import run

NEW = fakes.SEED_NEW


def test_an_update_from_a_hostile_api_stores_only_valid_names_and_clean_links(
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
) -> None:
    monkeypatch.setenv("LOSSTRACK_API_URL", httpserver.url_for("/api/v2"))
    history = hostile_history()
    fakes.seed_dataset(data_dir, history[:-7])
    fakes.serve_api(httpserver, history)

    result = run("update")

    assert result.exit_code == 0, result.stderr
    assert_inert(result.stderr)
    assert f"refused {len(BAD_KEYS)} unknown keys" in result.stderr  # one line for all
    written = (data_dir / store.FILENAME).read_bytes()
    assert written == hostile_dataset()
    header = written.split(b"\n")[0].decode().split(",")
    assert all(re.fullmatch(r"[a-z0-9_]+", c) for c in header)
    assert "naval_drones" in header
    assert store.read(data_dir / store.FILENAME)["link"].iloc[-1] == LINK_STORED
    for args in (["undo", "--list"], ["undo"], ["redo"], ["undo", "--list", "--format", "json"]):
        again = run(*args)
        assert again.exit_code == 0, (args, again.stderr)
        assert_inert(again.stdout)
        assert_inert(again.stderr)
    assert (data_dir / store.FILENAME).read_bytes() == written  # undone, then redone


@pytest.mark.parametrize("key", BAD_KEYS)
def test_github_keys_that_are_not_names_are_refused(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, data_dir: Path, key: str
) -> None:
    equipment, personnel = fakes.petro_files([*fakes.synthetic_days(), NEW])
    equipment[-1][key] = 5  # on a day after the stored data, which the update adds
    fakes.seed_dataset(data_dir, fakes.api_history(fakes.synthetic_days()))
    monkeypatch.setenv("LOSSTRACK_GITHUB_URL", httpserver.url_for("/data"))
    fakes.serve_github(httpserver, equipment, personnel)

    result = run("update", "--source", "github")

    assert result.exit_code == 0, result.stderr
    assert_inert(result.stderr)
    assert ("refused the unknown key" in result.stderr) == (
        (key.isprintable() and "[" in key) or "\x1b" in key or "\x07" in key
    )
    header = (data_dir / store.FILENAME).read_bytes().split(b"\n")[0].decode()
    assert all(re.fullmatch(r"[a-z0-9_]+", c) for c in header.split(","))


@pytest.mark.parametrize(
    "text",
    [
        "The total combat losses of the enemy from 24.02.2022 to 01.09.2026 were approximately:\n"
        "personnel \u2012 1 (+1),\ntanks \u2012 1,\n[bold red]drones\x1b]0;TITLE\x07 \u2012 5 (+1),\n",
        "\x1b[31m[bold]not a report\u202e\x07",
    ],
    ids=["report-with-hostile-line", "hostile-non-report"],
)
def test_hostile_pasted_text_is_inert_in_errors(data_dir: Path, text: str) -> None:
    result = run("update", "--text", "-", stdin=text)

    assert result.exit_code == 4
    assert result.stderr.count("\n") == 1
    assert_inert(result.stderr)
    assert not data_dir.exists()


@pytest.mark.parametrize(
    "fault",
    [
        lambda r: Response("{}", status="403 \x1b]0;TITLE\x07[bold]Go[/bold]"),
        lambda r: Response(json.dumps({"message": "\x1b[31mGo away\x07 [bold]now[/bold]"})),
        lambda r: Response(json.dumps({"message": fakes.SUCCESS, "data": {"records": [],
                           "paging": {"next_url": "http://evil.example/\x1b]0;TITLE\x07"}}})),
        lambda r: Response(json.dumps({"message": fakes.SUCCESS, "data": {
            "records": [fakes.api_record("2026-09-01")],
            "paging": {"next_url": "http://evil.example/\x1b]0;TITLE\x07"}}})),
    ],
    ids=["reason-phrase", "api-message", "empty-page-next-url", "foreign-next-url"],
)  # fmt: skip
def test_hostile_text_in_upstream_errors_is_inert(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, data_dir: Path, fault: fakes.Fault
) -> None:
    monkeypatch.setenv("LOSSTRACK_API_URL", httpserver.url_for("/api/v2"))
    monkeypatch.setenv("LOSSTRACK_GITHUB_URL", httpserver.url_for("/data"))
    fakes.serve_api(httpserver, [], fail=fault)
    fakes.serve_github(httpserver, [], [], fail=fault)

    result = run("update")

    assert result.exit_code in (0, 3, 4), result.stderr
    assert_inert(result.stderr)
    assert result.stderr.count("\n") == 1
