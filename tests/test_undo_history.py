"""Undo's kept versions: damaged ones refused, at most UNDO_KEEP kept, listed, locked; and the
history against a model (a property test: a twentieth of the examples by default).
"""

from __future__ import annotations

import tempfile
import threading
from datetime import date, timedelta
from pathlib import Path

import filelock
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from losstrack import settings as bounds
from losstrack.dataset import history, store
from losstrack.errors import StorageError, UsageError

from . import fakes
from .procs import paste_report, run, run_ok, undo_list, update_writes

LAST = date(2026, 8, 31)
NEXT = LAST + timedelta(days=1)
FILES = history.FILES
Files = dict[str, bytes]


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


@pytest.mark.parametrize(
    "how",
    # Each a second of writes to set up: one by default, every kind of damage with -m slow.
    [
        "flipped byte",
        *(
            pytest.param(h, marks=pytest.mark.slow)
            for h in ("truncated log", "missing file", "bad manifest")
        ),
    ],
)
def test_a_damaged_version_is_refused_and_nothing_changes(
    history_api: fakes.FakeApi, first_write: Files, data_dir: Path, how: str
) -> None:
    fakes.add_day(history_api)
    update_writes()
    version = max((data_dir / "history" / "undo").iterdir())  # the state the update replaced
    paste_report(LAST, tanks=1)  # ...and one more write on top, to go back past
    damage(version, how)
    before = fakes.files_below(data_dir)

    result = run("undo", "--steps", "2")

    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr.startswith(f"losstrack: error: history version {version} is damaged (")
    assert result.stderr.endswith("remove that folder to drop it\n")
    assert result.stderr.count("\n") == 1
    assert fakes.files_below(data_dir) == before


@pytest.mark.slow  # many writes
def test_at_most_undo_keep_versions_are_kept(
    history_api: fakes.FakeApi, first_write: Files, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bounds, "UNDO_KEEP", 2)
    states = []
    for _ in range(3):
        states.append(fakes.data_files(data_dir))
        fakes.add_day(history_api)
        update_writes()

    assert len(list((data_dir / "history" / "undo").iterdir())) == 2
    result = run("undo", "--steps", "3")
    assert result.stderr == "losstrack: error: cannot undo 3 steps: only 2 kept\n"
    run_ok("undo", "--steps", "2")
    assert fakes.data_files(data_dir) == states[1]


def test_list_shows_every_kept_version_with_the_command_that_restores_it(
    history_api: fakes.FakeApi, first_write: Files
) -> None:
    fakes.add_day(history_api)
    update_writes()
    paste_report(NEXT, tanks=2)  # the new day, as the General Staff published it
    before = undo_list()

    run_ok("undo", "--steps", "2")

    keys = ("stack", "steps", "write", "reports", "first", "last")
    assert [tuple(r[k] for k in keys) for r in undo_list()] == [
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
    run_ok("redo")
    run_ok("redo")
    assert undo_list() == before  # each write keeps its name and time through undo and redo


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

    [entry] = undo_list()
    assert entry["write"] == "update??31m from?api " + "x" * 79
    assert run_ok("undo").startswith(
        "Restored the dataset as it was before the update??31m from?api x"
    )


# -- the lock ---------------------------------------------------------------------------------


@pytest.mark.slow  # waits for a lock to time out
def test_undo_waits_for_the_lock_and_times_out_as_the_store_does(
    history_api: fakes.FakeApi, first_write: Files, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fakes.add_day(history_api)
    update_writes()
    monkeypatch.setattr(bounds, "LOCK_TIMEOUT", 0.3)
    monkeypatch.setattr(bounds, "LOCK_NOTICE", 0.1)
    before = fakes.files_below(data_dir)
    lock = f"{data_dir / store.FILENAME}.lock"
    held, release = threading.Event(), threading.Event()

    def hold() -> None:  # another holder: a thread, with its own open file and lock
        with filelock.FileLock(lock):
            held.set()
            release.wait(60)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(10)
        result = run("undo")
        with pytest.raises(StorageError) as expected, store.locked(data_dir / store.FILENAME):
            pass
    finally:
        release.set()
        holder.join(10)

    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr.endswith(f"losstrack: error: {expected.value}\n")
    assert fakes.files_below(data_dir) == before


def test_undo_holds_the_lock_while_it_restores(
    history_api: fakes.FakeApi, first_write: Files, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fakes.add_day(history_api)
    update_writes()
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
    run_ok("undo")
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


@pytest.mark.parametrize("examples", fakes.examples(40))
def test_writes_undos_and_redos_move_along_one_line_of_history(examples: int) -> None:
    @settings(max_examples=examples, deadline=None)
    @given(ops=ops)
    def check(ops: list[Op]) -> None:
        # every state, oldest first
        line: list[dict[str, bytes | None]] = [dict.fromkeys(FILES)]
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
                present = {k: v for k, v in line[at].items() if v is not None}
                assert fakes.data_files(directory) == present
            kept = history.listing(directory)
            assert [v.what for v, _ in kept["undo"]] == made_by[at:0:-1]
            assert [v.what for v, _ in kept["redo"]] == made_by[at + 1 :]

    check()
