"""`losstrack undo` and `redo`: every write keeps the state before it, and undo puts it back.

In-process, over conftest's `history_api` (20 synthetic reports) and `first_write` (a seeded
dataset and a pasted report on it). Damaged and dropped versions, the list, the lock and a
model of the history: test_undo_history.py.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from losstrack.dataset import history, store

from . import fakes
from .procs import paste_report, run, run_ok, update_writes

LAST = date(2026, 8, 31)
NEXT = LAST + timedelta(days=1)
FILES = history.FILES
Files = dict[str, bytes]


# -- undo, redo -------------------------------------------------------------------------------


def test_undo_puts_back_every_file_byte_for_byte_and_says_what_it_restored(
    history_api: fakes.FakeApi, first_write: Files, data_dir: Path
) -> None:
    fakes.add_day(history_api)
    fakes.set_total(history_api.records[-3], "tanks", history_api.records[-3]["stats"]["tanks"] + 5)
    update_writes()
    after = fakes.data_files(data_dir)
    assert after[store.FILENAME] != first_write[store.FILENAME]
    assert after["revisions.csv"] != first_write["revisions.csv"]

    said = run_ok("undo")

    assert fakes.data_files(data_dir) == first_write
    assert said.startswith("Restored the dataset as it was before the update from api at 20")
    assert said.endswith(
        " UTC (20 reports, 2026-08-12..2026-08-31); `losstrack redo` puts it back.\n"
    )
    assert said.count("\n") == 1


@pytest.mark.parametrize("how", [["--steps", "2"], pytest.param("twice", marks=pytest.mark.slow)])
def test_two_writes_back_is_the_state_before_both(
    history_api: fakes.FakeApi, first_write: Files, data_dir: Path, how: list[str] | str
) -> None:
    fakes.add_day(history_api)
    update_writes()
    middle = fakes.data_files(data_dir)
    fakes.add_day(history_api)
    update_writes()

    if how == "twice":
        run_ok("undo")
        assert fakes.data_files(data_dir) == middle
        run_ok("undo")
    else:
        assert ", 2 steps back (20 reports" in run_ok("undo", *how)
    assert fakes.data_files(data_dir) == first_write


def test_redo_puts_back_what_undo_took_away(
    history_api: fakes.FakeApi, first_write: Files, data_dir: Path
) -> None:
    fakes.add_day(history_api)
    update_writes()
    middle = fakes.data_files(data_dir)
    fakes.add_day(history_api)
    update_writes()
    last = fakes.data_files(data_dir)
    run_ok("undo", "--steps", "2")

    said = run_ok("redo")
    assert fakes.data_files(data_dir) == middle
    assert said.startswith("Restored the dataset as it was after the update from api at ")
    assert said.endswith("(21 reports, 2026-08-12..2026-09-01); `losstrack undo` undoes it.\n")
    assert "(22 reports, 2026-08-12..2026-09-02)" in run_ok("redo")
    assert fakes.data_files(data_dir) == last
    run_ok("undo")
    assert fakes.data_files(data_dir) == middle  # redo was undoable, as any write


def test_a_write_after_an_undo_clears_redo(history_api: fakes.FakeApi, first_write: Files) -> None:
    fakes.add_day(history_api)
    update_writes()
    run_ok("undo")
    update_writes()  # the same day again: a new line of history

    result = run("redo")

    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "losstrack: error: nothing to redo\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["undo"], "nothing to undo"),
        (["redo"], "nothing to redo"),
        (["undo", "--steps", "3"], "cannot undo 3 steps: only 1 kept"),
    ],
)
def test_nothing_to_undo_is_a_usage_error_in_one_line(
    history_api: fakes.FakeApi, data_dir: Path, args: list[str], message: str
) -> None:
    fakes.seed_dataset(data_dir, history_api.records)
    if "--steps" in args:
        paste_report(LAST, tanks=1)
    before = fakes.files_below(data_dir)

    result = run(*args)

    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"losstrack: error: {message}\n"
    assert fakes.files_below(data_dir) == before


def test_nothing_to_undo_in_a_data_directory_that_does_not_exist(data_dir: Path) -> None:
    result = run("undo")

    assert (result.exit_code, result.stderr) == (2, "losstrack: error: nothing to undo\n")
    assert not data_dir.exists()  # undo creates nothing


def test_undoing_the_first_write_removes_the_dataset_and_the_bundled_data_is_read_again(
    data_dir: Path,
) -> None:
    shown = run("show", "--format", "json").stdout
    paste_report(LAST, tanks=1)
    written = fakes.data_files(data_dir)
    assert run("show", "--format", "json").stdout != shown

    said = run_ok("undo")

    assert fakes.data_files(data_dir) == {}
    assert run("show", "--format", "json").stdout == shown
    assert said.startswith(f"Restored the dataset as it was before the pasted report of {LAST} at ")
    assert "(no dataset of your own: the bundled data is read again)" in said
    run_ok("redo")
    assert fakes.data_files(data_dir) == written
