"""`losstrack export`: the command's arguments, its refusals, and atomic writes of every format."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

import losstrack

from .procs import run

BUNDLED = Path(__file__).resolve().parents[1] / "data" / "losses.csv"
ATOM = "{http://www.w3.org/2005/Atom}"


def leftovers(directory: Path) -> list[str]:
    """Hidden files an atomic write could leave behind (temporary files, moved-aside dirs)."""
    return sorted(p.name for p in directory.iterdir() if p.name.startswith("."))


def test_sqlite_export_writes_the_database_and_says_so(tmp_path: Path) -> None:
    target = tmp_path / "losses.db"
    result = run("export", "--to", "sqlite", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == (
        f"losstrack: wrote {target} (1,648 reports, 2022-02-25 to 2026-08-31)\n"
    )
    with sqlite3.connect(target) as db:
        row = db.execute("SELECT total, change FROM losses WHERE date = '2023-03-16' "
                         "AND category = 'personnel'").fetchone()  # fmt: skip
    assert row == (162560, 1040)
    assert (tmp_path / "losses.metadata.json").is_file()
    assert leftovers(tmp_path) == []


def test_categories_and_dates_are_read_as_other_commands_read_them(tmp_path: Path) -> None:
    target = tmp_path / "two.db"
    args = ("export", "--to", "sqlite", str(target), "drones", "танки")
    result = run(*args, "--since", "2023-03-01", "--until", "2023-03-31")
    assert result.exit_code == 0, result.stderr
    with sqlite3.connect(target) as db:
        names = db.execute("SELECT DISTINCT category FROM losses ORDER BY 1").fetchall()
        span = db.execute("SELECT min(date), max(date), count(*) FROM reports").fetchone()
        columns = [c[1] for c in db.execute("PRAGMA table_info(reports)")]
    assert names == [("tanks",), ("uav",)]
    assert span == ("2023-03-01", "2023-03-31", 31)
    assert columns == ["date", "uav", "tanks", "source", "link"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["tankz"], "unknown category 'tankz'"),
        (["--since", "2023-02-30"], "--since"),
        (["--since", "2023-03-02", "--until", "2023-03-01"], "--since 2023-03-02 is after"),
        (["--since", "2030-01-01"], "no reports between --since and --until"),
    ],
)
def test_bad_input_is_a_usage_error(tmp_path: Path, args: list[str], message: str) -> None:
    result = run("export", "--to", "sqlite", str(tmp_path / "x.db"), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.startswith("losstrack: error: ")
    assert result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_format_and_a_missing_one_are_usage_errors(tmp_path: Path) -> None:
    unknown = run("export", "--to", "xlsx", str(tmp_path / "x"))
    missing = run("export", str(tmp_path / "x"))
    assert (unknown.exit_code, missing.exit_code) == (2, 2)
    assert "--to" in unknown.stderr
    assert "--to" in missing.stderr


@pytest.mark.parametrize(
    "to", ["parquet", *(pytest.param(t, marks=pytest.mark.slow) for t in ("sqlite", "atom"))]
)
def test_an_existing_file_is_replaced_only_with_force(tmp_path: Path, to: str) -> None:
    target = tmp_path / "out"
    target.write_bytes(b"mine")
    refused = run("export", "--to", to, str(target))
    assert refused.exit_code == 2
    assert refused.stderr == f"losstrack: error: {target} exists; add --force to replace it\n"
    assert target.read_bytes() == b"mine"
    replaced = run("export", "--to", to, str(target), "--force")
    assert replaced.exit_code == 0, replaced.stderr
    assert target.read_bytes() != b"mine"
    assert leftovers(tmp_path) == []


def test_the_metadata_beside_a_database_is_not_overwritten_either(tmp_path: Path) -> None:
    (tmp_path / "losses.metadata.json").write_text("{}")
    result = run("export", "--to", "sqlite", str(tmp_path / "losses.db"))
    assert result.exit_code == 2
    assert "losses.metadata.json exists; add --force" in result.stderr
    assert not (tmp_path / "losses.db").exists()


def test_the_data_directory_is_never_written(data_dir: Path, tmp_path: Path) -> None:
    data_dir.mkdir()
    shutil.copy(BUNDLED, data_dir / "losses.csv")
    before = sorted(os.listdir(data_dir))
    for target in (data_dir / "losses.db", data_dir / "losses.csv", BUNDLED.parent / "x.db"):
        result = run("export", "--to", "sqlite", str(target), "--force")
        assert result.exit_code == 2
        assert "is in the data directory" in result.stderr
    assert sorted(os.listdir(data_dir)) == before
    assert (data_dir / "losses.csv").read_bytes() == BUNDLED.read_bytes()


def test_a_missing_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = run("export", "--to", "atom", str(tmp_path / "no" / "feed.xml"))
    assert result.exit_code == 2
    assert f"the directory {tmp_path / 'no'} does not exist" in result.stderr


@pytest.mark.parametrize(
    "to", ["sqlite", *(pytest.param(t, marks=pytest.mark.slow) for t in ("parquet", "atom"))]
)
def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, to: str
) -> None:
    target = tmp_path / "out"
    target.write_bytes(b"mine")

    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = run("export", "--to", to, str(target), "--force")
    assert result.exit_code == 4
    assert "No space left on device" in result.stderr
    assert result.stderr.count("\n") == 1
    assert target.read_bytes() == b"mine"
    assert leftovers(tmp_path) == []


@pytest.mark.slow  # a whole package
def test_a_failed_package_leaves_no_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    real = os.fsync

    def fails_third(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 3:  # the third file of the package
            raise OSError(5, "Input/output error")
        real(fd)

    monkeypatch.setattr(os, "fsync", fails_third)
    result = run("export", "--to", "datapackage", str(tmp_path / "pkg"))
    assert result.exit_code == 4
    assert list(tmp_path.iterdir()) == []


def test_parquet_round_trip_gives_back_the_dataset(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    target = tmp_path / "losses.parquet"
    assert run("export", "--to", "parquet", str(target)).exit_code == 0
    table = pd.read_parquet(target)
    assert str(table["total"].dtype) == "Int64"
    assert table.loc[table["category"] == "personnel", "change"].dtype == "Int64"
    wide = table.pivot(index="date", columns="category", values="total")
    loaded = losstrack.load()
    wide.index = pd.DatetimeIndex(pd.to_datetime(wide.index)).astype(loaded.index.dtype)
    reported = [c for c in loaded.columns if loaded[c].notna().any()]
    assert sorted(wide.columns) == sorted(reported)
    back = wide[reported].astype("Int64")
    back.columns = loaded[reported].columns
    pd.testing.assert_frame_equal(back, loaded[reported], check_names=False, check_freq=False)


def test_parquet_without_pyarrow_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # makes `import pyarrow` fail
    result = run("export", "--to", "parquet", str(tmp_path / "x.parquet"))
    assert result.exit_code == 2
    assert result.stderr == (
        "losstrack: error: --to parquet needs pyarrow: pip install 'losstrack[parquet]'\n"
    )


def entries(path: Path) -> list[ET.Element]:
    root = ET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def test_atom_entries_are_the_summary_paragraphs(tmp_path: Path) -> None:
    target = tmp_path / "feed.xml"
    result = run("export", "--to", "atom", str(target), "--since", "2023-03-10",
                 "--until", "2023-03-20")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    found = entries(target)
    days = [e.findtext(f"{ATOM}updated") for e in found]
    assert days == [f"2023-03-{d}T00:00:00Z" for d in range(20, 9, -1)]
    entry = found[4]
    assert entry.findtext(f"{ATOM}id") == "tag:losstrack,2022-02-24:report/en/2023-03-16"
    text = entry.findtext(f"{ATOM}content") or ""
    assert "1,040" in text
    assert "162,560" in text
    assert text + "\n" == run("summary", "--date", "2023-03-16").stdout


@pytest.mark.slow  # 30 summaries
def test_atom_is_the_last_30_reports_by_default_and_all_takes_no_dates(tmp_path: Path) -> None:
    assert run("export", "--to", "atom", str(tmp_path / "a.xml")).exit_code == 0
    assert len(entries(tmp_path / "a.xml")) == 30
    result = run(
        "export", "--to", "atom", str(tmp_path / "b.xml"), "--all", "--since", "2023-01-01"
    )
    assert result.exit_code == 2
    assert "--all goes without --since and --until" in result.stderr


def test_atom_escapes_a_link_and_leaves_out_the_first_report(
    data_dir: Path, tmp_path: Path
) -> None:
    data_dir.mkdir()
    lines = BUNDLED.read_text().splitlines()
    lines[2] += "https://example.org/report?a=1&b=<2>"  # 2022-02-27, which had no link
    (data_dir / "losses.csv").write_text("\n".join(lines[:5]) + "\n")
    target = tmp_path / "feed.xml"
    result = run("--lang", "uk", "export", "--to", "atom", str(target), "--all")
    assert result.exit_code == 0, result.stderr
    assert "left out 1 report(s)" in result.stderr
    assert b"a=1&amp;b=&lt;2&gt;" in target.read_bytes()
    found = entries(target)
    assert len(found) == 3
    link = found[-1].find(f"{ATOM}link")
    assert link is not None
    assert link.get("href") == "https://example.org/report?a=1&b=<2>"
    assert "особового складу" in (found[-1].findtext(f"{ATOM}content") or "")


def test_export_help_has_an_example_and_imports_no_pandas() -> None:
    probe = ("import sys\nsys.argv = ['losstrack', 'export', '--help']\n"
             "from losstrack.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
             "print('PANDAS=' + str('pandas' in sys.modules), file=sys.stderr)\n")  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert "PANDAS=False" in done.stderr
    assert "Example: losstrack export --to sqlite losses.db" in done.stdout
    listed = run("--help").stdout
    assert listed.index(" chart ") < listed.index(" export ") < listed.index(" check ")
