"""The daily routine: `update --exit-code` says whether anything new was stored, `--quiet` is silent.

Against the fake API of `seeded_api` on a local server: 30 stored reports, one more upstream.
"""

from __future__ import annotations

from pathlib import Path

from losstrack.dataset import store
from losstrack.errors import ExitCode

from . import fakes
from .procs import run

TEXTS = Path(__file__).parent / "texts"


def test_a_new_report_exits_0_and_nothing_new_then_exits_1(seeded_api: fakes.FakeApi) -> None:
    first = run("update", "--exit-code")
    assert first.exit_code == 0, first.stderr
    assert first.stderr.startswith("+1 day: 2026-09-01; personnel ")

    again = run("update", "--exit-code")
    assert again.exit_code == ExitCode.NOTHING_NEW
    assert {int(ExitCode.NOTHING_NEW), int(ExitCode.FINDINGS)} == {1}  # as `check --strict`
    assert again.stdout == ""
    assert again.stderr == "Nothing new: the latest report is 2026-09-01 (checked api).\n"


def test_without_exit_code_nothing_new_is_still_exit_0(seeded_api: fakes.FakeApi) -> None:
    seeded_api.records.pop()
    result = run("update")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("Nothing new")


def test_a_revised_value_is_news(seeded_api: fakes.FakeApi) -> None:
    seeded_api.records.pop()
    record = seeded_api.records[-2]
    fakes.set_total(record, "tanks", record["stats"]["tanks"] + 1)
    result = run("update", "--exit-code")
    assert result.exit_code == 0, result.stderr
    assert "1 stored value revised: 2026-08-30 tanks" in result.stderr


def test_a_new_link_alone_is_stored_but_is_no_news(
    seeded_api: fakes.FakeApi, data_dir: Path
) -> None:
    seeded_api.records.pop()
    seeded_api.records[-1]["resource"] = "https://www.facebook.com/GeneralStaff.ua/posts/pfbid0new"
    before = (data_dir / store.FILENAME).read_bytes()
    result = run("update", "--exit-code")
    assert result.exit_code == 1, result.stderr
    assert b"pfbid0new" in (data_dir / store.FILENAME).read_bytes() != before


def test_an_upstream_down_exits_3_with_one_line(seeded_api: fakes.FakeApi) -> None:
    seeded_api.fail = 500  # and GitHub (127.0.0.1:9) refuses connections
    result = run("update", "--exit-code", "--quiet")
    assert result.exit_code == ExitCode.UPSTREAM
    assert result.stdout == ""
    assert result.stderr.startswith("losstrack: error: no source is usable: API: ")
    assert result.stderr.count("\n") == 1


def test_a_refusal_of_the_plausibility_gate_exits_4(
    seeded_api: fakes.FakeApi, data_dir: Path
) -> None:
    before = fakes.files_below(data_dir)
    record = seeded_api.records[-1]
    for key, value in record["stats"].items():
        fakes.set_total(record, key, value // 10)
    result = run("update", "--exit-code", "-q")
    assert result.exit_code == ExitCode.DATA
    assert result.stderr.startswith("losstrack: error: refused the update")
    assert result.stderr.count("\n") == 1
    assert fakes.files_below(data_dir) == before


def test_quiet_prints_nothing_on_success_new_or_not(seeded_api: fakes.FakeApi) -> None:
    new = run("update", "--quiet", "--exit-code")
    assert (new.exit_code, new.stdout, new.stderr) == (0, "", "")
    nothing = run("update", "-q")
    assert (nothing.exit_code, nothing.stdout, nothing.stderr) == (0, "", "")


def test_quiet_says_no_notes_or_warnings_either(seeded_api: fakes.FakeApi) -> None:
    seeded_api.records[-1]["increase"] = "odd"  # a warning without -q
    loud = run("update", "--full")
    assert "warning: ignored odd `increase`" in loud.stderr
    quiet = run("update", "--full", "-q")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")


def test_a_pasted_report_exits_0_when_stored_and_1_when_it_already_is(data_dir: Path) -> None:
    report = str(TEXTS / "en-2026.txt")  # synthetic figures: the gate refuses them, --force
    would = run("update", "--text", report, "--dry-run", "--exit-code", "-q")
    assert would.exit_code == 0, would.stderr
    assert would.stderr == ""  # its warnings too
    stored = run("update", "--text", report, "--force", "--exit-code", "--quiet")
    assert (stored.exit_code, stored.stdout, stored.stderr) == (0, "", "")
    again = run("update", "--text", report, "--exit-code")
    assert again.exit_code == 1
    assert again.stderr.endswith("\nNothing new: the report of 2026-05-10 is stored as it is.\n")
    dry = run("update", "--text", report, "--dry-run", "--exit-code")
    assert dry.exit_code == 1
    assert dry.stdout.startswith("Report of 2026-05-10 (dry run: nothing written)")
