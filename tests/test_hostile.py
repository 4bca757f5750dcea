"""Hostile upstream text: markup, escape sequences and control characters never reach a terminal.

Upstream text that can end up on screen: report links, unknown category names, the API's
messages, HTTP reason phrases, paging links. Every command, in every format, on a pipe and on a
real terminal, must show such text literally (or not at all), and never as Rich markup or as
escape sequences. To cover a new command, add its invocation to COMMANDS.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from losstrack.dataset import store

from . import fakes
from .helpers import run, seed_dataset
from .procs import cli_env, run_on_terminal
from .test_update import synthetic_days

NEW = date(2026, 9, 1)
# Rich markup, an emoji code, SGR and OSC escape sequences, a bell and a bidi override.
MARKUP = "[red]MARKUP[/red]:warning:"
LINK = f"https://example.org/{MARKUP}/\x1b[31mSGR\x1b]0;TITLE\x07\u202eBIDI"
LINK_STORED = f"https://example.org/{MARKUP}/[31mSGR]0;TITLEBIDI"
BAD_KEYS = ("[bold red]KEY[/bold red]", "\x1b[31mesc", "bell\x07", "Spaced Key", "tab\tkey")

# Every command that shows the dataset, as typed; add new commands here.
COMMANDS: list[list[str]] = [
    ["show"],
    ["show", "tanks", "naval_drones"],
    ["show", "naval_drones", "--last", "3"],
    ["diff", "--days", "3"],
    ["diff", "--since", "2026-08-25", "naval_drones"],
    ["categories"],
    ["info"],
    ["corrections"],
    ["corrections", "naval_drones"],
    ["check"],
    ["check", "naval_drones", "--since", "2026-08-01"],
    ["summary"],
    ["summary", "--categories", "naval_drones,tanks"],
    ["top", "naval_drones", "-n", "3"],
    ["top", "naval_drones", "--by", "week"],
    ["milestones", "naval_drones"],
    ["compare", "--periods", "2"],
    ["compare", "--by", "week", "naval_drones"],
]
CHARTS: list[list[str]] = [["chart", "naval_drones"], ["chart", "naval_drones", "--daily"]]
FORMATS: list[list[str]] = [[], ["--format", "csv"], ["--format", "json"]]
SHOWS_LINK = {("show",), ("info",)}  # commands whose table shows the latest report's link

SGR = re.compile(r"\x1b\[[0-9;]*m")  # Rich's own colours and bold on a terminal
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def hostile_history() -> list[dict[str, Any]]:
    """The synthetic API history; its last week has a new category, bad keys and bad links."""
    records = fakes.api_history(synthetic_days())
    for record in records[-7:]:
        record["stats"]["naval_drones"] = record["day"] - 1640
        for key in BAD_KEYS:
            record["stats"][key] = 1
        record["resource"] = LINK
    return records


@pytest.fixture(scope="module")
def hostile_dataset() -> bytes:
    """The dataset an update from the hostile API writes (computed once)."""
    from losstrack.dataset import merge
    from losstrack.sources import api

    warnings: list[str] = []
    parsed = [api.parse_record(r, "test", warnings) for r in hostile_history()]
    return store.to_csv(merge.records_frame(parsed))


@pytest.fixture
def hostile(data_dir: Path, hostile_dataset: bytes) -> Path:
    data_dir.mkdir(parents=True)
    (data_dir / store.FILENAME).write_bytes(hostile_dataset)
    return data_dir


def assert_inert(text: str, terminal: bool = False) -> str:
    """No escape sequence or control character but Rich's own styling; returns the plain text."""
    plain = SGR.sub("", text) if terminal else text
    assert "\x1b" not in plain
    assert CONTROL.search(plain) is None, repr(CONTROL.search(plain))
    return plain


def test_an_update_from_a_hostile_api_stores_only_valid_names_and_clean_links(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, data_dir: Path, hostile_dataset: bytes
) -> None:
    monkeypatch.setenv("LOSSTRACK_API_URL", httpserver.url_for("/api/v2"))
    history = hostile_history()
    seed_dataset(data_dir, history[:-7])
    fakes.serve_api(httpserver, history)

    result = run("update")

    assert result.exit_code == 0, result.stderr
    assert_inert(result.stderr)
    assert f"refused {len(BAD_KEYS)} unknown keys" in result.stderr  # one line for all
    written = (data_dir / store.FILENAME).read_bytes()
    assert written == hostile_dataset
    header = written.split(b"\n")[0].decode().split(",")
    assert all(re.fullmatch(r"[a-z0-9_]+", c) for c in header)
    assert "naval_drones" in header
    assert store.read(data_dir / store.FILENAME)["link"].iloc[-1] == LINK_STORED


@pytest.mark.parametrize("fmt", FORMATS, ids=["table", "csv", "json"])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_hostile_text_is_inert_on_a_pipe(hostile: Path, command: list[str], fmt: list[str]) -> None:
    result = run(*command, *fmt)

    assert result.exit_code == 0, result.stderr
    assert_inert(result.stdout)
    assert_inert(result.stderr)
    if fmt == ["--format", "json"]:
        json.loads(result.stdout)
    if not fmt and tuple(command) in SHOWS_LINK:
        assert LINK_STORED in result.stdout


@pytest.mark.parametrize("command", CHARTS, ids=" ".join)
def test_hostile_text_is_inert_in_a_chart_on_a_pipe(hostile: Path, command: list[str]) -> None:
    result = run(*command)

    assert result.exit_code == 0, result.stderr
    assert "naval_drones" in result.stdout
    assert_inert(result.stdout)
    assert_inert(result.stderr)


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
    "command",
    # Each is a process on a pseudo-terminal: the commands that show links run by default.
    [pytest.param(c, marks=() if tuple(c) in SHOWS_LINK else pytest.mark.slow) for c in COMMANDS],
    ids=" ".join,
)
def test_hostile_text_is_inert_on_a_terminal(hostile: Path, command: list[str]) -> None:
    env = cli_env(
        LOSSTRACK_DATA_DIR=str(hostile),
        LOSSTRACK_API_URL="http://127.0.0.1:9/api/v2",
        LOSSTRACK_GITHUB_URL="http://127.0.0.1:9/data",
        COLUMNS="250",
        TERM="xterm-256color",
    )
    env.pop("NO_COLOR", None)

    shown = run_on_terminal(command, env)

    plain = assert_inert(shown, terminal=True)
    assert "losstrack: error" not in plain
    if command[0] != "summary":  # a paragraph, written plainly everywhere
        assert SGR.search(shown) is not None  # it was Rich, in colour, on a terminal
    if tuple(command) in SHOWS_LINK:
        assert LINK_STORED in plain.replace("\n", "")  # literally, brackets and all
    assert "MARKUP\x1b" not in shown


@pytest.mark.parametrize("key", BAD_KEYS)
def test_github_keys_that_are_not_names_are_refused(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, data_dir: Path, key: str
) -> None:
    equipment, personnel = fakes.petro_files([*synthetic_days(), NEW])
    equipment[-1][key] = 5  # on a day after the stored data, which the update adds
    seed_dataset(data_dir, fakes.api_history(synthetic_days()))
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
    ("header", "row"),
    [
        ("date,tanks,[bold]x,source,link", "2026-09-01,1,2,api,"),
        ("date,tanks,\x1b[31mx,source,link", "2026-09-01,1,2,api,"),
        ("date,tanks,Tanks Two,source,link", "2026-09-01,1,2,api,"),
        ("date,tanks,source,link", "2026-09-01,1,api,https://example.org/\x1b]0;TITLE\x07"),
        ("date,tanks,source,link", "2026-09-01,1,api,https://example.org/\u202eevil"),
        ("date,tanks,source,link", "2026-09-01,1,\x1b[31mapi,"),
    ],
    ids=["markup-column", "escape-column", "spaced-column", "osc-link", "bidi-link", "escape-source"],
)  # fmt: skip
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_local_dataset_with_hostile_text_is_refused(
    data_dir: Path, header: str, row: str, command: list[str]
) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / store.FILENAME).write_text(f"{header}\n{row}\n")

    result = run(*command, "--format", "csv")

    assert result.exit_code == 4
    assert result.stdout == ""
    assert result.stderr.startswith("losstrack: error: ")
    assert result.stderr.count("\n") == 1
    assert_inert(result.stderr)


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
