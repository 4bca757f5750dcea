"""Trust: `check`, internal (falls, glitches, gaps, outliers, stated changes) and against GitHub."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from losstrack.dataset import store
from losstrack.sources import github

from . import fakes
from .fakes import PASTED_REPORT as PASTED
from .procs import golden, parse_csv, run

TEXTS = Path(__file__).parent / "texts"
NBSP, THIN = "\u00a0", "\u2009"

# -- check ------------------------------------------------------------------------------------


def test_check_finds_glitches_falls_gaps_and_outliers_in_the_bundled_data(
    request: pytest.FixtureRequest,
) -> None:
    result = run("check", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    found = {(r["date"], r["category"], r["check"]): r for r in parse_csv(result.stdout)}
    glitch = found[("2026-06-09", "special_equipment", "glitch")]
    assert glitch["value"] == "4253"
    assert glitch["detail"] == "between 4,259 (2026-06-08) and 4,267 (2026-06-10)"
    assert found[("2024-11-30", "special_equipment", "decrease")]["other"] == "3700"
    assert ("2022-02-26", "", "missing") in found
    assert ("2023-10-11", "afv", "outlier") in found  # +91 when the month's median was +12
    assert ("2026-06-09", "special_equipment", "decrease") not in found  # the glitch says it
    golden(request, "check-2024.txt", run("check", "--since", "2024-01-01", "--until",
                                          "2024-12-31").stdout)  # fmt: skip
    assert run("check", "--strict").exit_code == 1
    assert run("check", "personnel", "--since", "2025-01-01", "--strict").exit_code == 0


@pytest.mark.parametrize("command", ["check", "corrections"])
def test_a_reversed_date_range_is_a_usage_error(command: str) -> None:
    result = run(command, "--since", "2025-01-01", "--until", "2024-01-01")
    assert result.exit_code == 2
    assert result.stderr == "losstrack: error: --since 2025-01-01 is after --until 2024-01-01\n"


def test_check_lists_stated_changes_that_disagree_with_the_totals(data_dir: Path) -> None:
    wrong = PASTED.replace("(+17)", "(+19)")
    assert run("update", "--text", "-", stdin=wrong).exit_code == 0

    found = parse_csv(run("check", "afv", "--since", "2023-12-31", "--until", "2023-12-31",
                     "-f", "csv").stdout)  # fmt: skip

    assert [(r["check"], r["value"], r["other"]) for r in found] == [("stated", "17", "19")]


def serve_corrections(httpserver: HTTPServer, payload: list[dict[str, Any]] | bytes) -> None:
    """GitHub's correction file (registered before the other files' catch-all handler)."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    httpserver.expect_request(f"/data/{github.CORRECTIONS}").respond_with_data(
        body, content_type="text/plain; charset=utf-8"
    )


def test_check_against_github_shows_both_values_and_what_the_correction_file_explains(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOSSTRACK_GITHUB_URL", httpserver.url_for("/data"))
    serve_corrections(httpserver, [{"date": "2024-11-30", "day": 1011, "tank": 3, "MRL": 0}])
    days = ["2024-11-28", "2024-11-29", "2024-11-30"]
    actual = store.read(store.bundled_path())
    equipment, personnel = fakes.petro_files(days, lambda d: _stats_of(actual, d))
    equipment[2]["tank"] -= 3  # first published 3 lower, corrected later
    equipment[1]["MRL"] += 1  # a difference the correction file does not explain
    fakes.serve_github(httpserver, equipment, personnel)

    result = run("check", "--against", "github", "-f", "json")

    assert result.exit_code == 0, result.stderr
    found = {(r["date"], r["category"]): r for r in json.loads(result.stdout)}
    assert set(found) == {("2024-11-30", "tanks"), ("2024-11-29", "mlrs")}
    tanks = found[("2024-11-30", "tanks")]
    assert (tanks["local"] - tanks["github"], tanks["correction"], tanks["explained"]) == (
        3,
        3,
        True,
    )
    assert found[("2024-11-29", "mlrs")]["explained"] is False
    assert run("check", "--against", "github", "--strict").exit_code == 1


def _stats_of(frame: Any, day: Any) -> dict[str, int]:
    """The API-keyed stats of a bundled report, for building GitHub's files from them."""
    from losstrack.registry import BY_NAME

    row = frame.loc[str(day)]
    stats = {BY_NAME[c].api_key or c: int(row[c]) for c in BY_NAME if not _missing(row[c])}
    stats.setdefault("atgm_srbm_systems", 0)
    return stats


def _missing(value: Any) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def test_check_against_github_without_a_correction_file_says_so(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOSSTRACK_GITHUB_URL", httpserver.url_for("/data"))
    equipment, personnel = fakes.petro_files(["2026-08-30", "2026-08-31"])
    fakes.serve_github(httpserver, equipment, personnel)

    result = run("check", "--against", "github")

    assert result.exit_code == 0, result.stderr
    assert "GitHub has no russia_losses_equipment_correction.json" in result.stderr
    assert "(no file)" in result.stdout


def test_check_against_an_unreachable_github_exits_3() -> None:
    result = run("check", "--against", "github")
    assert result.exit_code == 3
    assert result.stderr == (
        "losstrack: error: 127.0.0.1:9/data/russia_losses_equipment.json: connection refused\n"
    )


@pytest.mark.reference
@pytest.mark.slow  # the whole real GitHub dataset
def test_check_against_the_real_github_files_finds_the_known_disagreements(
    reference: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = reference / "petroivaniuk"
    for name in (github.EQUIPMENT, github.PERSONNEL, github.CORRECTIONS):
        httpserver.expect_request(f"/data/{name}").respond_with_data(
            (folder / name).read_bytes(), content_type="text/plain; charset=utf-8"
        )
    monkeypatch.setenv("LOSSTRACK_GITHUB_URL", httpserver.url_for("/data"))

    result = run("check", "--against", "github", "-f", "csv")

    assert result.exit_code == 0, result.stderr
    found = {(r["date"], r["category"]): r for r in parse_csv(result.stdout)}
    artillery = found[("2026-03-04", "artillery")]
    assert (artillery["local"], artillery["github"]) == ("37874", "37832")
    tanks = found[("2023-05-27", "tanks")]
    assert (tanks["local"], tanks["github"], tanks["correction"], tanks["explained"]) == (
        "3794", "3799", "-5", "True"
    )  # fmt: skip
    assert found[("2023-05-27", "cruise_missiles")]["explained"] == "False"
    table = run("check", "--against", "github")
    assert (
        "2026-03-04  artillery           37,874   37,832             -42  no entry" in table.stdout
    )
    assert run("check", "--against", "github", "--strict").exit_code == 1
