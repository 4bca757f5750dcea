"""The plausibility gate on the write path: refused, then forced with --force, then recovered.

Updates run in-process against the fake API over a seeded user dataset (conftest's
`seeded_api`); refusals leave the data directory byte for byte as it was. So do records outside
the dates asked for, a date sent twice, and pasted reports of the wrong year.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from losstrack.dataset import store

from . import fakes
from .procs import assert_refusal, run

LAST, NEW, DAYS = fakes.SEED_LAST, fakes.SEED_NEW, fakes.SEED_DAYS
TEXTS = Path(__file__).parent / "texts"


def top_files(directory: Path) -> dict[str, bytes]:
    """The data directory's own files (not the undo history) with their bytes."""
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())
            if p.is_file() and p.suffix != ".lock"}  # fmt: skip


# -- the plausibility gate --------------------------------------------------------------------


def divide_by_10(stats: dict[str, Any]) -> None:
    """Every total a tenth of itself."""
    stats.update({k: v // 10 for k, v in stats.items()})


def all_zero(stats: dict[str, Any]) -> None:
    """Every total 0."""
    stats.update(dict.fromkeys(stats, 0))


def no_figures(stats: dict[str, Any]) -> None:
    """`stats: {}`."""
    stats.clear()


POISONS = [divide_by_10, all_zero, no_figures]
QUICK_POISONS = {(divide_by_10, False), (no_figures, True)}


@pytest.mark.parametrize(
    ("poison", "full"),
    # Six updates each: two by default, a poison of each kind and either update, with -m slow.
    [
        pytest.param(
            poison, full, marks=() if (poison, full) in QUICK_POISONS else pytest.mark.slow
        )
        for poison in POISONS
        for full in (False, True)
    ],
)
def test_a_poisoned_upstream_is_refused_then_forced_then_recovers(
    seeded_api: fakes.FakeApi, github: fakes.FakeGithub, data_dir: Path, poison: Any, full: bool
) -> None:
    before = fakes.files_below(data_dir)
    clean = json.loads(json.dumps(seeded_api.records))
    for record in seeded_api.records[-8:] if not full else seeded_api.records:
        poison(record["stats"])
    args = ["update", "--full"] if full else ["update"]

    message = assert_refusal(run(*args), 4, before, data_dir)

    assert "refused the update" in message
    assert "--force" in message
    forced = run(*args, "--force")
    assert forced.exit_code == 0, forced.stderr
    if poison is not no_figures:
        assert (data_dir / "revisions.csv").exists()
        undone = run("undo")
        assert undone.exit_code == 0, undone.stderr
        assert top_files(data_dir) == {n: b for n, b in before.items() if "/" not in n}
        assert run("redo").exit_code == 0
    seeded_api.records[:] = clean
    recovered = run("update", "--full", "--force")
    assert recovered.exit_code == 0, recovered.stderr
    frame = store.read(data_dir / store.FILENAME)
    assert frame.loc[str(NEW), "tanks"] == fakes.synthetic_stats(NEW)["tanks"]


def test_records_outside_the_dates_asked_for_are_ignored_and_said(
    seeded_api: fakes.FakeApi, data_dir: Path
) -> None:
    history = json.loads(json.dumps(seeded_api.records))
    fakes.set_total(history[0], "tanks", 1)  # far outside the re-read tail

    def whole_history(request: Request) -> Response | None:
        if not request.path.endswith("/statistics"):
            return None
        page = {"paging": {"next_url": None, "total_items": len(history)}, "records": history}
        return Response(json.dumps({"message": fakes.SUCCESS, "data": page}),
                        content_type="application/json")  # fmt: skip

    seeded_api.fail = whole_history

    result = run("update")

    assert result.exit_code == 0, result.stderr
    assert "ignored 23 report(s) the API sent outside the dates asked for" in result.stderr
    frame = store.read(data_dir / store.FILENAME)
    assert frame.loc[str(DAYS[0]), "tanks"] == fakes.synthetic_stats(DAYS[0])["tanks"]
    assert frame.index[-1].date() == NEW


def test_a_date_twice_with_different_figures_is_refused_naming_it(
    seeded_api: fakes.FakeApi, github: fakes.FakeGithub, data_dir: Path
) -> None:
    before = fakes.files_below(data_dir)
    twin = json.loads(json.dumps(seeded_api.records[-1]))
    twin["stats"]["tanks"] += 1
    seeded_api.records.insert(-1, twin)

    message = assert_refusal(run("update"), 4, before, data_dir)

    assert f"sent {NEW} twice with different figures (tanks)" in message


def test_a_first_update_lays_a_short_upstream_over_the_bundled_data(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    bundled = store.read(store.bundled_path())
    records = fakes.bundled_records(10)
    monkeypatch.setenv("LOSSTRACK_API_URL", httpserver.url_for("/api/v2"))
    fakes.serve_api(httpserver, records)

    result = run("update", "--full")

    assert result.exit_code == 0, result.stderr
    assert f"lacks {len(bundled) - 10:,} of the stored reports" in result.stderr
    assert not (data_dir / store.FILENAME).exists()  # nothing new: nothing written
    assert run("show", "--format", "csv").stdout == run("show", "--format", "csv").stdout


def test_a_report_pasted_for_the_wrong_year_is_refused(data_dir: Path) -> None:
    text = (TEXTS / "no-year.txt").read_text("utf-8")  # the report of 2022-11-16

    result = run("update", "--text", "-", "--date", "2023-11-16", stdin=text)

    assert result.exit_code == 4, result.stderr
    assert result.stderr.count("\n") == 1
    assert "differs from" in result.stderr
    assert "--force" in result.stderr
    assert not data_dir.exists()


def test_a_page_dated_another_year_than_date_exits_2(data_dir: Path) -> None:
    text = "16 November 2022\n" + (TEXTS / "no-year.txt").read_text("utf-8")

    result = run("update", "--text", "-", "--date", "2023-11-16", stdin=text)

    assert result.exit_code == 2, result.stderr
    assert "the page dates the report 16.11.2022, --date says 2023-11-16" in result.stderr
    assert not data_dir.exists()
