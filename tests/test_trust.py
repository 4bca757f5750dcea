"""Trust: pasted reports, the revision log and `corrections`. (`check`: test_trust_check.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from losstrack.dataset import journal, store

from . import fakes
from .fakes import PASTED_REPORT as PASTED
from .procs import golden, parse_csv, run

TEXTS = Path(__file__).parent / "texts"
NBSP, THIN = "\u00a0", "\u2009"


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
    found = parse_csv(run("corrections", "-f", "csv").stdout)
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
    fakes.seed_dataset(data_dir, records)
    old = records[-2]["stats"]["tanks"]
    fakes.set_total(records[-2], "tanks", old + 4)

    result = run("update")

    assert result.exit_code == 0, result.stderr
    assert f"1 stored value revised: 2026-08-30 tanks {old:,} -> {old + 4:,}" in result.stderr
    revised = parse_csv(run("corrections", "tanks", "-f", "csv").stdout)[0]
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
