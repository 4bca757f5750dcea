"""The dataset file: strict validation with file and line, atomic writes, the bundled copy."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from losstrack.dataset import store
from losstrack.errors import DataError, StorageError

from .procs import run

BUNDLED = store.bundled_path().read_bytes()


def write_user_dataset(data_dir: Path, content: bytes) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / store.FILENAME
    path.write_bytes(content)
    return path


def replace_line(number: int, new: str) -> bytes:
    lines = BUNDLED.decode().split("\n")
    lines[number - 1] = new
    return "\n".join(lines).encode()


def line(number: int) -> str:
    return BUNDLED.decode().split("\n")[number - 1]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (lambda: replace_line(5, line(5) + ",stray"), "line 5: 21 fields where the header has 20"),
        (lambda: replace_line(7, "2022-02-31" + line(7)[10:]), "line 7: date '2022-02-31' is not valid"),
        (lambda: replace_line(9, line(8)), "line 9: date 2022-03-04 is not after the line before"),
        (lambda: replace_line(3, line(3).replace(",146,", ",1x6,")), "line 3: tanks '1x6' is not a whole number"),
        (lambda: replace_line(3, line(3).replace(",4300,", ",-4300,")), "line 3: personnel '-4300' is not a whole number"),
        (lambda: BUNDLED[:-40], "the line is cut off"),
        (lambda: b"", "the file is empty"),
        (lambda: BUNDLED.split(b"\n")[0] + b"\n", "the file has a header but no reports"),
        (lambda: replace_line(1, line(1).replace("tanks", "Tanks!")), "line 1: column 'Tanks!' is not a valid category name"),
        (lambda: replace_line(1, line(1).replace("date", "day")), "line 1: the header must be"),
        (lambda: b"\xff\xfe" + BUNDLED, "line 1: not UTF-8 text"),
    ],
)  # fmt: skip
def test_a_damaged_dataset_exits_4_naming_file_and_line_and_is_not_touched(
    data_dir: Path, content: object, message: str | None
) -> None:
    raw = content()  # type: ignore[operator]
    path = write_user_dataset(data_dir, raw)
    before = os.stat(path).st_mtime_ns
    for args in (["show"], ["diff", "--days", "1"], ["update"]):
        result = run(*args)
        assert result.exit_code == 4, result.stderr
        assert result.stderr.startswith(f"losstrack: error: {path}")
        assert result.stderr.count("\n") == 1
        if message is not None:
            assert message in result.stderr
    assert path.read_bytes() == raw
    assert os.stat(path).st_mtime_ns == before
    assert sorted(p.name for p in data_dir.iterdir()) == [store.FILENAME]


def test_data_dir_that_is_a_file_is_a_clear_error(data_dir: Path) -> None:
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    data_dir.write_text("not a directory")
    for args in (["show"], ["update"]):
        result = run(*args)
        assert result.exit_code == 4
        assert result.stderr == f"losstrack: error: data directory {data_dir} is not a directory\n"
    assert data_dir.read_text() == "not a directory"


def test_round_trip_is_byte_exact() -> None:
    assert store.to_csv(store.parse(BUNDLED, "bundled")) == BUNDLED


def test_extra_columns_survive_a_round_trip() -> None:
    text = (
        "date,tanks,naval_drones,source,link\n"
        "2026-09-01,10,3,api,https://example.org/post\n"
        "2026-09-02,11,,github,\n"
    )
    frame = store.parse(text.encode(), "x.csv")
    assert list(frame.columns[-3:]) == ["naval_drones", "source", "link"]
    again = store.parse(store.to_csv(frame), "y.csv")
    assert again["naval_drones"].tolist()[0] == 3
    assert store.to_csv(again) == store.to_csv(frame)


def test_atomic_write_replaces_and_cleans_leftovers(tmp_path: Path) -> None:
    target = tmp_path / store.FILENAME
    target.write_bytes(b"old\n")
    (tmp_path / f".{store.FILENAME}.abc.tmp").write_bytes(b"left by a killed update")
    store.write_atomic(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [store.FILENAME]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_data_dir_is_a_clear_error(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    data_dir.chmod(0o500)
    try:
        with pytest.raises(StorageError, match="is not writable"):
            store.prepare_dir()
    finally:
        data_dir.chmod(0o700)


def test_bundled_dataset_is_valid_and_used_before_the_first_update(data_dir: Path) -> None:
    dataset = store.load()
    assert dataset.bundled
    assert len(dataset.frame) == 1648
    assert not data_dir.exists()


def test_parse_rejects_dates_before_the_invasion() -> None:
    with pytest.raises(DataError, match="line 2: date 2022-02-23 is before the invasion"):
        store.parse(b"date,tanks,source,link\n2022-02-23,1,api,\n", "x.csv")
