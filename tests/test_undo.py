"""`losstrack undo` and `redo`: every write keeps the state before it, and undo puts it back."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from losstrack import settings as bounds
from losstrack.dataset import history, store
from losstrack.errors import StorageError, UsageError

from . import fakes
from .helpers import run, seed_dataset

LAST = date(2026, 8, 31)
NEXT = LAST + timedelta(days=1)
FILES = history.FILES
Files = dict[str, bytes]
# How a pasted report names each category (the English shape of the General Staff's page).
TERMS = {
    "personnel": "personnel", "tanks": "tanks", "afv": "APV", "artillery": "artillery systems",
    "mlrs": "MLRS", "air_defense": "anti-aircraft warfare systems", "aircraft": "aircraft",
    "helicopters": "helicopters", "uav": "UAV operational-tactical level",
    "cruise_missiles": "cruise missiles", "warships": "warships / boats",
    "submarines": "submarines", "vehicles": "vehicles and fuel tanks",
    "special_equipment": "special equipment", "ground_robots": "ground robotic complexes",
}  # fmt: skip


def files(directory: Path) -> Files:
    """The dataset and its logs as they are on disk (absent files left out)."""
    return {n: (directory / n).read_bytes() for n in FILES if (directory / n).is_file()}


def tree(directory: Path) -> Files:
    """Every file under a directory, history included, by relative path."""
    paths = [p for p in sorted(directory.rglob("*")) if p.is_file()]
    return {str(p.relative_to(directory)): p.read_bytes() for p in paths}


def pasted(day: date, totals: dict[str, int], previous: dict[str, int]) -> str:
    """A General Staff report of `day` stating `totals`, changes since `previous`."""
    stamp = day.strftime("%d.%m.%Y")
    header = f"The total combat losses of the enemy from 24.02.2022 to {stamp} were approximately:"
    lines = [f"{stamp} 07:29", header]
    for name, term in TERMS.items():
        lines.append(f"{term} — {totals[name]} (+{totals[name] - previous[name]}),")
    return "\n".join(lines) + "\n"


def row(day: date) -> dict[str, int]:
    """The totals the user's dataset (or the bundled one) holds for `day`."""
    frame = store.load().frame
    return {name: int(str(frame.at[pd.Timestamp(day), name])) for name in TERMS}


def paste(day: date = LAST, **more: int) -> None:
    """Store a pasted report of `day`: the stored totals, some of them `more`."""
    before, totals = row(day - timedelta(days=1)), row(day)
    totals.update({k: totals[k] + v for k, v in more.items()})
    result = run("update", "--text", "-", stdin=pasted(day, totals, before))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1].startswith(f"Stored the report of {day}"), result.stderr


def update() -> None:
    """`losstrack update` from the fake API; it must write."""
    result = run("update")
    assert result.exit_code == 0, result.stderr
    assert not result.stderr.startswith("Nothing new"), result.stderr


def undo(*args: str) -> str:
    """`losstrack undo ARGS` (or `redo ...`), which must succeed; returns its stderr."""
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return result.stderr


def add_day(api: fakes.FakeApi) -> None:
    """The API gets the next day's report (synthetic totals)."""
    day = fakes.as_date(api.records[-1]["date"]) + timedelta(days=1)
    api.records.append(fakes.api_record(day, previous=api.records[-1]["stats"]))


@pytest.fixture
def api(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> fakes.FakeApi:
    """The API replaying 20 synthetic reports up to LAST."""
    monkeypatch.setenv("LOSSTRACK_API_URL", httpserver.url_for("/api/v2"))
    return fakes.serve_api(
        httpserver, fakes.api_history(LAST - timedelta(days=i) for i in range(20))
    )


@pytest.fixture
def first(api: fakes.FakeApi, data_dir: Path) -> Files:
    """A seeded user dataset, then a pasted report that revises a value; the files after it."""
    seed_dataset(data_dir, api.records)
    paste(LAST, tanks=3)
    state = files(data_dir)
    assert sorted(state) == sorted(FILES)  # all three files, so all three are compared
    return state


# -- undo, redo -------------------------------------------------------------------------------


def test_undo_puts_back_every_file_byte_for_byte_and_says_what_it_restored(
    api: fakes.FakeApi, first: Files, data_dir: Path
) -> None:
    add_day(api)
    fakes.set_total(api.records[-3], "tanks", api.records[-3]["stats"]["tanks"] + 5)
    update()
    after = files(data_dir)
    assert after[store.FILENAME] != first[store.FILENAME]
    assert after["revisions.csv"] != first["revisions.csv"]

    said = undo("undo")

    assert files(data_dir) == first
    assert said.startswith("Restored the dataset as it was before the update from api at 20")
    assert said.endswith(
        " UTC (20 reports, 2026-08-12..2026-08-31); `losstrack redo` puts it back.\n"
    )
    assert said.count("\n") == 1


@pytest.mark.parametrize("how", [["--steps", "2"], "twice"])
def test_two_writes_back_is_the_state_before_both(
    api: fakes.FakeApi, first: Files, data_dir: Path, how: list[str] | str
) -> None:
    add_day(api)
    update()
    middle = files(data_dir)
    add_day(api)
    update()

    if how == "twice":
        undo("undo")
        assert files(data_dir) == middle
        undo("undo")
    else:
        assert ", 2 steps back (20 reports" in undo("undo", *how)
    assert files(data_dir) == first


def test_redo_puts_back_what_undo_took_away(
    api: fakes.FakeApi, first: Files, data_dir: Path
) -> None:
    add_day(api)
    update()
    middle = files(data_dir)
    add_day(api)
    update()
    last = files(data_dir)
    undo("undo", "--steps", "2")

    said = undo("redo")
    assert files(data_dir) == middle
    assert said.startswith("Restored the dataset as it was after the update from api at ")
    assert said.endswith("(21 reports, 2026-08-12..2026-09-01); `losstrack undo` undoes it.\n")
    assert "(22 reports, 2026-08-12..2026-09-02)" in undo("redo")
    assert files(data_dir) == last
    undo("undo")
    assert files(data_dir) == middle  # redo was undoable, as any write


def test_a_write_after_an_undo_clears_redo(api: fakes.FakeApi, first: Files) -> None:
    add_day(api)
    update()
    undo("undo")
    update()  # the same day again: a new line of history

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
    api: fakes.FakeApi, data_dir: Path, args: list[str], message: str
) -> None:
    seed_dataset(data_dir, api.records)
    if "--steps" in args:
        paste(LAST, tanks=1)
    before = tree(data_dir)

    result = run(*args)

    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"losstrack: error: {message}\n"
    assert tree(data_dir) == before


def test_nothing_to_undo_in_a_data_directory_that_does_not_exist(data_dir: Path) -> None:
    result = run("undo")

    assert (result.exit_code, result.stderr) == (2, "losstrack: error: nothing to undo\n")
    assert not data_dir.exists()  # undo creates nothing


def damage(version: Path, how: str) -> None:
    """Break a kept version one way."""
    if how == "flipped byte":
        data = bytearray((version / store.FILENAME).read_bytes())
        data[len(data) // 2] ^= 1
        (version / store.FILENAME).write_bytes(bytes(data))
    elif how == "truncated log":
        log = version / "revisions.csv"
        log.write_bytes(log.read_bytes()[:-1])
    elif how == "missing file":
        (version / "stated.csv").unlink()
    else:
        (version / history.MANIFEST).write_text('{"format": 1, "what": "update"')


@pytest.mark.parametrize("how", ["flipped byte", "truncated log", "missing file", "bad manifest"])
def test_a_damaged_version_is_refused_and_nothing_changes(
    api: fakes.FakeApi, first: Files, data_dir: Path, how: str
) -> None:
    add_day(api)
    update()
    version = max((data_dir / "history" / "undo").iterdir())  # the state the update replaced
    paste(LAST, tanks=1)  # ...and one more write on top, to go back past
    damage(version, how)
    before = tree(data_dir)

    result = run("undo", "--steps", "2")

    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr.startswith(f"losstrack: error: history version {version} is damaged (")
    assert result.stderr.endswith("remove that folder to drop it\n")
    assert result.stderr.count("\n") == 1
    assert tree(data_dir) == before


def test_at_most_undo_keep_versions_are_kept(
    api: fakes.FakeApi, first: Files, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bounds, "UNDO_KEEP", 2)
    states = []
    for _ in range(3):
        states.append(files(data_dir))
        add_day(api)
        update()

    assert len(list((data_dir / "history" / "undo").iterdir())) == 2
    result = run("undo", "--steps", "3")
    assert result.stderr == "losstrack: error: cannot undo 3 steps: only 2 kept\n"
    undo("undo", "--steps", "2")
    assert files(data_dir) == states[1]


def test_undoing_the_first_write_removes_the_dataset_and_the_bundled_data_is_read_again(
    data_dir: Path,
) -> None:
    shown = run("show", "--format", "json").stdout
    paste(LAST, tanks=1)
    written = files(data_dir)
    assert run("show", "--format", "json").stdout != shown

    said = undo("undo")

    assert files(data_dir) == {}
    assert run("show", "--format", "json").stdout == shown
    assert said.startswith(f"Restored the dataset as it was before the pasted report of {LAST} at ")
    assert "(no dataset of your own: the bundled data is read again)" in said
    undo("redo")
    assert files(data_dir) == written


def kept() -> list[dict[str, Any]]:
    """`undo --list` as records."""
    result = run("undo", "--list", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return list(json.loads(result.stdout))


def test_list_shows_every_kept_version_with_the_command_that_restores_it(
    api: fakes.FakeApi, first: Files
) -> None:
    add_day(api)
    update()
    paste(NEXT, tanks=2)  # the new day, as the General Staff published it
    before = kept()

    undo("undo", "--steps", "2")

    keys = ("stack", "steps", "write", "reports", "first", "last")
    assert [tuple(r[k] for k in keys) for r in kept()] == [
        ("redo", 2, f"pasted report of {NEXT}", 21, "2026-08-12", "2026-09-01"),
        ("redo", 1, "update from api", 21, "2026-08-12", "2026-09-01"),
        ("undo", 1, f"pasted report of {LAST}", 20, "2026-08-12", "2026-08-31"),
    ]
    lines = run("undo", "--list").stdout.splitlines()
    assert lines[2].split()[:6] == ["restore", "with", "as", "it", "was", "write"]
    assert [line.split("  ")[0] for line in lines[3:]] == [
        "losstrack redo --steps 2",
        "losstrack redo",
        "losstrack undo",
    ]
    assert run("undo", "--list", "--format", "csv").stdout.splitlines()[0] == (
        "stack,steps,write,at_utc,reports,first,last"
    )
    undo("redo")
    undo("redo")
    assert kept() == before  # each write keeps its name and time through undo and redo


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["undo", "--list", "--steps", "2"],
            "--list shows the kept versions; it does not go with --steps",
        ),
        (["undo", "--format", "json"], "--format goes with --list"),
        (["redo", "--steps", "0"], "Invalid value for '--steps'"),
    ],
)
def test_flags_that_do_not_go_together_are_usage_errors(args: list[str], message: str) -> None:
    result = run(*args)

    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"losstrack: error: {message}")
    assert result.stderr.count("\n") == 1


def test_a_write_named_with_control_characters_is_kept_and_named_plainly(data_dir: Path) -> None:
    data_dir.mkdir()
    with store.locked(data_dir / store.FILENAME):
        history.save(data_dir, "update\x1b[31m from\napi " + "x" * 200)

    [entry] = kept()
    assert entry["write"] == "update??31m from?api " + "x" * 79
    assert undo("undo").startswith(
        "Restored the dataset as it was before the update??31m from?api x"
    )


# -- the lock ---------------------------------------------------------------------------------


def test_undo_waits_for_the_lock_and_times_out_as_the_store_does(
    api: fakes.FakeApi, first: Files, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_day(api)
    update()
    monkeypatch.setattr(bounds, "LOCK_TIMEOUT", 0.3)
    monkeypatch.setattr(bounds, "LOCK_NOTICE", 0.1)
    before = tree(data_dir)
    holder = (
        "import filelock, sys, time; held = filelock.FileLock(sys.argv[1]); held.acquire(); "
        "print(1, flush=True); time.sleep(60)"
    )
    lock = f"{data_dir / store.FILENAME}.lock"
    with subprocess.Popen([sys.executable, "-c", holder, lock], stdout=subprocess.PIPE) as proc:
        try:
            assert proc.stdout is not None
            assert proc.stdout.readline() == b"1\n"
            result = run("undo")
            with pytest.raises(StorageError) as expected, store.locked(data_dir / store.FILENAME):
                pass
        finally:
            proc.kill()

    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr.endswith(f"losstrack: error: {expected.value}\n")
    assert tree(data_dir) == before


def test_undo_holds_the_lock_while_it_restores(
    api: fakes.FakeApi, first: Files, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import filelock

    add_day(api)
    update()
    seen: list[bool] = []
    write = store.write_atomic

    def spy(path: Path, data: bytes) -> None:
        other = filelock.FileLock(f"{data_dir / store.FILENAME}.lock", timeout=0)
        try:
            with other:
                seen.append(False)
        except filelock.Timeout:
            seen.append(True)
        write(path, data)

    monkeypatch.setattr(store, "write_atomic", spy)
    undo("undo")
    assert len(seen) >= len(FILES)
    assert all(seen)


# -- against a model --------------------------------------------------------------------------

Op = tuple[str, int]
ops = st.lists(
    st.one_of(
        st.tuples(st.just("write"), st.integers(0, 2**16)),
        st.tuples(st.sampled_from(["undo", "redo"]), st.integers(1, 3)),
    ),
    max_size=12,
)


def write(directory: Path, seed: int, what: str) -> dict[str, bytes | None]:
    """A write as the writer does it: save under the lock, then change the files (some absent)."""
    state = {
        n: None if (seed >> i) % 3 == 0 else f"{n} {seed}\n".encode() for i, n in enumerate(FILES)
    }
    with store.locked(directory / store.FILENAME):
        history.save(directory, what)
        for name, data in state.items():
            if data is None:
                (directory / name).unlink(missing_ok=True)
            else:
                store.write_atomic(directory / name, data)
    return state


@settings(max_examples=40, deadline=None)
@given(ops=ops)
def test_writes_undos_and_redos_move_along_one_line_of_history(ops: list[Op]) -> None:
    line: list[dict[str, bytes | None]] = [dict.fromkeys(FILES)]  # every state, oldest first
    made_by = [""]  # the write that made each state
    at = 0  # where on the line the files are
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        for number, (op, n) in enumerate(ops):
            if op == "write":
                del line[at + 1 :], made_by[at + 1 :]
                made_by.append(f"write {number}")
                line.append(write(directory, n, made_by[-1]))
                at += 1
                continue
            target = at - n if op == "undo" else at + n
            if not 0 <= target < len(line):
                with pytest.raises(UsageError):
                    getattr(history, op)(directory, n)
                continue
            restored = getattr(history, op)(directory, n)
            # an undo puts back the state before a write, a redo the state after it
            write_of = made_by[target + 1] if op == "undo" else made_by[target]
            assert (restored.steps, restored.version.what) == (n, write_of)
            at = target
            assert files(directory) == {k: v for k, v in line[at].items() if v is not None}
        kept = history.listing(directory)
        assert [v.what for v, _ in kept["undo"]] == made_by[at:0:-1]
        assert [v.what for v, _ in kept["redo"]] == made_by[at + 1 :]
