"""Trust: pasted reports, the revision log, `corrections` and `check` (internal and vs GitHub)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from losstrack.dataset import journal, store
from losstrack.sources import github

from . import fakes
from .helpers import golden, run, seed_dataset

TEXTS = Path(__file__).parent / "texts"
NBSP, THIN = "\u00a0", "\u2009"

# A report for 2023-12-31 in the English shape, figures as the General Staff published them,
# laid out with no-break spaces, thin-space thousands separators and em dashes.
PASTED = f"""Menu | News | Contacts
31.12.2023 07:29
The total combat losses of the enemy from 24.02.2022 to 31.12.2023 were approximately:
personnel{NBSP}— about 359{THIN}230 (+960) persons,
tanks{NBSP}— 5{THIN}977 (+8),
APV{NBSP}— 11{THIN}070 (+17),
artillery systems — 8{THIN}464 (+30),
MLRS — 943 (+4),
anti-aircraft warfare systems — 623 (+2),
aircraft — 329 (+0),
helicopters — 324 (+0),
UAV operational-tactical level — 6{THIN}591 (+37),
cruise missiles — 1{THIN}709 (+1),
warships / boats — 23 (+0),
submarines — 1 (+0),
vehicles and fuel tanks — 11{THIN}292 (+48),
special equipment — 1{THIN}268 (+8).
Data are being updated. 1,234 views
"""


def rows(text: str) -> list[dict[str, str]]:
    """CSV output as dicts."""
    return list(csv.DictReader(io.StringIO(text)))


def files(directory: Path) -> dict[str, bytes]:
    """Every file in the data directory and its bytes."""
    if not directory.exists():
        return {}
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


# -- update --text ----------------------------------------------------------------------------


def test_a_pasted_report_on_stdin_with_nbsp_and_em_dashes_is_stored(data_dir: Path) -> None:
    result = run("update", "--text", "-", stdin=PASTED)

    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith(
        "Stored the report of 2023-12-31; created "
        f"{data_dir / store.FILENAME} from the bundled data; no stored value changed\n"
    )
    stored = store.read(data_dir / store.FILENAME).loc["2023-12-31"]
    assert (stored["personnel"], stored["tanks"], stored["vehicles"]) == (359230, 5977, 11292)
    assert stored["source"] == "text"
    stated = {e["category"]: e["stated"] for e in journal.read(data_dir, journal.STATED)}
    assert stated["personnel"] == 960
    assert stated["special_equipment"] == 8
    assert not journal.path(data_dir, journal.REVISIONS).exists()


def test_pasting_the_same_report_again_writes_nothing(data_dir: Path) -> None:
    assert run("update", "--text", "-", stdin=PASTED).exit_code == 0
    before = files(data_dir)

    result = run("update", "--text", "-", stdin=PASTED + "\n" + PASTED)

    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Nothing new: the report of 2023-12-31 is stored as it is.\n"
    assert files(data_dir) == before


def test_a_pasted_report_replaces_a_value_logs_it_and_warns_on_its_stated_change(
    data_dir: Path,
) -> None:
    changed = PASTED.replace(f"5{THIN}977 (+8)", f"5{THIN}979 (+8)")

    result = run("update", "--text", "-", stdin=changed)

    assert result.exit_code == 0, result.stderr
    assert (
        "losstrack: warning: tanks: the report states +8, but 5,979 - 5,969 "
        "(stored for 2023-12-30) is +10\n" in result.stderr
    )
    assert result.stderr.endswith("1 stored value revised: tanks 5,977 -> 5,979\n")
    [entry] = journal.read(data_dir, journal.REVISIONS)
    assert {k: entry[k] for k in ("category", "old", "new", "source")} == {
        "category": "tanks", "old": 5977, "new": 5979, "source": "text"
    }  # fmt: skip
    assert entry["date"].isoformat() == "2023-12-31"


def test_dry_run_shows_the_figures_and_writes_nothing(data_dir: Path) -> None:
    changed = PASTED.replace(f"5{THIN}977 (+8)", f"5{THIN}979 (+8)")
    result = run("update", "--text", "-", "--dry-run", stdin=changed)

    assert result.exit_code == 0, result.stderr
    assert "Report of 2023-12-31 (dry run: nothing written)" in result.stdout
    assert "personnel          359,230  359,230         +960" in result.stdout
    assert "tanks                5,977    5,979           +8" in result.stdout
    records = json.loads(
        run("update", "--text", "-", "--dry-run", "-f", "json", stdin=changed).stdout
    )
    assert {k: records[1][k] for k in ("category", "stored", "report", "stated", "change")} == {
        "category": "tanks", "stored": 5977, "report": 5979, "stated": 8, "change": 10
    }  # fmt: skip
    assert not data_dir.exists()


def test_text_that_is_not_a_report_exits_4_and_writes_nothing(data_dir: Path) -> None:
    result = run("update", "--text", "-", stdin="Menu\nNews\nStrike the occupier!\n")

    assert result.exit_code == 4
    assert result.stderr.startswith("losstrack: error: ")
    assert result.stderr.count("\n") == 1
    assert not data_dir.exists()


def test_too_few_categories_exit_4_naming_what_is_missing(data_dir: Path) -> None:
    short = "\n".join(PASTED.splitlines()[:6]) + "\n"  # the header and three categories

    result = run("update", "--text", "-", stdin=short)

    assert result.exit_code == 4
    assert "afv" in result.stderr or "APV" in result.stderr
    assert not data_dir.exists()


def test_a_header_without_a_year_needs_date(data_dir: Path) -> None:
    text = (TEXTS / "no-year.txt").read_text(encoding="utf-8")

    refused = run("update", "--text", "-", stdin=text)
    assert refused.exit_code == 2
    assert "--date" in refused.stderr
    assert not data_dir.exists()

    dry = run("update", "--text", "-", "--date", "2022-11-16", "--dry-run", stdin=text)
    assert dry.exit_code == 0, dry.stderr
    assert "Report of 2022-11-16" in dry.stdout


def test_text_options_are_checked(tmp_path: Path) -> None:
    assert run("update", "--dry-run").exit_code == 2
    assert run("update", "--text", "-", "--full", stdin=PASTED).exit_code == 2
    missing = run("update", "--text", str(tmp_path / "nope.txt"))
    assert missing.exit_code == 2
    assert "cannot read" in missing.stderr
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("caf\xe9".encode("latin-1"))
    assert run("update", "--text", str(latin1)).exit_code == 4


# -- the revision log and `corrections` -------------------------------------------------------


def test_corrections_on_the_bundled_data_lists_the_falls_in_the_series(
    request: pytest.FixtureRequest,
) -> None:
    table = run("corrections", "special_equipment", "mlrs", "--since", "2024-11-01")
    assert table.exit_code == 0, table.stderr
    assert "2024-11-30  special_equipment  3,700  3,617     -83  lower than on 2024-11-29" in (
        table.stdout
    )
    golden(request, "corrections.txt", table.stdout)
    found = rows(run("corrections", "-f", "csv").stdout)
    falls = {(r["date"], r["category"]): (r["old"], r["new"]) for r in found}
    assert falls[("2024-11-30", "special_equipment")] == ("3700", "3617")
    assert falls[("2024-11-30", "mlrs")] == ("1255", "1253")
    glitches = {(r["date"], r["category"]) for r in found if r["glitch"] == "True"}
    assert ("2026-06-09", "ground_robots") in glitches  # a fall into a glitch, said so
    assert ("2024-11-30", "mlrs") not in glitches
    assert [r["date"] for r in found] == sorted((r["date"] for r in found), reverse=True)


def test_an_update_that_revises_a_past_value_keeps_the_old_one(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    records = fakes.api_history(["2026-08-28", "2026-08-29", "2026-08-30", "2026-08-31"])
    monkeypatch.setenv("LOSSTRACK_API_URL", httpserver.url_for("/api/v2"))
    fakes.serve_api(httpserver, records)
    seed_dataset(data_dir, records)
    old = records[-2]["stats"]["tanks"]
    fakes.set_total(records[-2], "tanks", old + 4)

    result = run("update")

    assert result.exit_code == 0, result.stderr
    assert f"1 stored value revised: 2026-08-30 tanks {old:,} -> {old + 4:,}" in result.stderr
    revised = rows(run("corrections", "tanks", "-f", "csv").stdout)[0]
    assert (revised["date"], revised["kind"], revised["old"], revised["new"]) == (
        "2026-08-30", "revision", str(old), str(old + 4)
    )  # fmt: skip
    assert revised["source"] == "api"
    shown = run("show", "tanks", "--last", "2")
    assert f"{old + 4:,}" in shown.stdout
    assert "‡" in shown.stdout
    diffed = json.loads(run("diff", "--since", "2026-08-28", "tanks", "-f", "json").stdout)
    assert diffed[0]["revised"] == ["2026-08-30"]
    before = files(data_dir)
    assert run("update").exit_code == 0
    assert files(data_dir) == before  # a no-op update writes nothing, the log included


def test_a_log_entry_is_not_repeated_when_the_same_revision_comes_again() -> None:
    entry = {"date": fakes.as_date("2026-08-30"), "category": "tanks", "old": 1, "new": 2,
             "source": "api"}  # fmt: skip
    logged = [{**entry, "recorded": "2026-11-25T00:00:00+00:00"}]
    assert journal.new_entries(logged, journal.REVISIONS, [entry]) == []
    back = {**entry, "old": 2, "new": 1}
    assert journal.new_entries(logged, journal.REVISIONS, [back]) == [back]


def test_a_damaged_revision_log_exits_4_with_its_line(data_dir: Path) -> None:
    assert run("update", "--text", "-", stdin=PASTED).exit_code == 0
    log = journal.path(data_dir, journal.REVISIONS)
    log.write_text("date,category,old,new,source,recorded\n2023-12-31,tanks,x,1,api,now\n")

    result = run("corrections")

    assert result.exit_code == 4
    assert f"{log} line 2: old 'x' is not a whole number" in result.stderr


# -- check ------------------------------------------------------------------------------------


def test_check_finds_glitches_falls_gaps_and_outliers_in_the_bundled_data(
    request: pytest.FixtureRequest,
) -> None:
    result = run("check", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    found = {(r["date"], r["category"], r["check"]): r for r in rows(result.stdout)}
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

    found = rows(run("check", "afv", "--since", "2023-12-31", "--until", "2023-12-31",
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
    found = {(r["date"], r["category"]): r for r in rows(result.stdout)}
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
