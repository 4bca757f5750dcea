"""`export --to sqlite`: the tables, their types and keys, the logs, and Datasette serving them."""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import losstrack

from .procs import run

BUNDLED = Path(__file__).resolve().parents[1] / "data" / "losses.csv"
REVISIONS = "date,category,old,new,source,recorded\n2023-03-16,personnel,162000,162560,api,2026-08-01T06:00:00+00:00\n"
STATED = "date,category,stated,source,recorded\n2022-05-01,cruise_missiles,5,api,2026-08-01T06:00:00+00:00\n"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole bundled history exported to a SQLite file, once for the module's readers."""
    directory = tmp_path_factory.mktemp("sqlite")
    (directory / "out").mkdir()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("LOSSTRACK_DATA_DIR", str(directory / "data"))  # none: the bundled data
        env.setenv("LOSSTRACK_TODAY", "2026-09-01")
        result = run("export", "--to", "sqlite", str(directory / "out" / "losses.db"))
    assert result.exit_code == 0, result.stderr
    return directory / "out" / "losses.db"


@pytest.fixture
def database(exported: Path, tmp_path: Path) -> Path:
    """A test's own copy of the export (and its metadata beside it)."""
    shutil.copytree(exported.parent, tmp_path / "export")
    return tmp_path / "export" / exported.name


def query(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchall()


def test_losses_has_the_figures_every_view_shows(database: Path) -> None:
    rows = query(database, "SELECT date, total, change, previous_date, days, marks FROM losses "
                 "WHERE category = 'personnel' AND date IN ('2022-02-27', '2023-03-16')")  # fmt: skip
    assert rows == [("2022-02-27", 4300, 1500, "2022-02-25", 2, "gap"),
                    ("2023-03-16", 162560, 1040, "2023-03-15", 1, None)]  # fmt: skip


def test_glitches_are_marked_and_left_out_of_the_changes(database: Path) -> None:
    rows = query(database, "SELECT date, total, change, days, marks FROM losses "
                 "WHERE category = 'afv' AND date BETWEEN '2022-10-10' AND '2022-10-13'")  # fmt: skip
    assert rows == [("2022-10-10", 5149, 16, 1, None), ("2022-10-11", 5162, None, None, "glitch"),
                    ("2022-10-12", 5156, None, None, "glitch"),
                    ("2022-10-13", 5167, 18, 3, "spans_glitch")]  # fmt: skip


@pytest.mark.slow  # a second export
def test_as_published_keeps_the_glitches_in_the_changes(tmp_path: Path) -> None:
    target = tmp_path / "published.db"
    assert run("--as-published", "export", "--to", "sqlite", str(target)).exit_code == 0
    rows = query(target, "SELECT date, change, marks FROM losses WHERE category = 'afv' "
                 "AND date BETWEEN '2022-10-11' AND '2022-10-13'")  # fmt: skip
    assert rows == [("2022-10-11", 13, None), ("2022-10-12", -6, "correction"),
                    ("2022-10-13", 11, None)]  # fmt: skip
    meta = json.loads((tmp_path / "published.metadata.json").read_text(encoding="utf-8"))
    assert "glitches included" in meta["description"]


def test_losses_is_what_the_library_computes(database: Path) -> None:
    table = pd.read_sql("SELECT date, category, total, change, days FROM losses",
                        sqlite3.connect(database))  # fmt: skip
    expected = losstrack.changes(long=True).reset_index()
    assert len(table) == len(expected)
    for column in ("total", "change", "days"):
        assert table[column].astype("Int64").tolist() == expected[column].tolist()
    assert table["date"].tolist() == expected["date"].dt.strftime("%Y-%m-%d").tolist()
    assert table["category"].tolist() == expected["category"].tolist()


def test_tables_are_typed_keyed_and_indexed(database: Path) -> None:
    names = query(database, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1")
    assert names == [("categories",), ("losses",), ("reports",), ("revisions",), ("stated",)]
    columns = {c[1]: (c[2], c[5]) for c in query(database, "PRAGMA table_info(losses)")}
    assert columns == {"date": ("TEXT", 1), "category": ("TEXT", 2), "total": ("INTEGER", 0),
                       "change": ("INTEGER", 0), "previous_date": ("TEXT", 0),
                       "days": ("INTEGER", 0), "marks": ("TEXT", 0), "stated": ("INTEGER", 0),
                       "source": ("TEXT", 0), "link": ("TEXT", 0)}  # fmt: skip
    indexes = {i[1] for i in query(database, "PRAGMA index_list(losses)")}
    assert {"idx_losses_date", "idx_losses_category"} <= indexes
    kinds = query(database, "SELECT DISTINCT typeof(date), typeof(total) FROM losses")
    assert kinds == [("text", "integer")]
    keys = query(database, 'SELECT "table", "from", "to" FROM pragma_foreign_key_list(\'losses\')')
    assert sorted(keys) == [("categories", "category", "name"), ("reports", "date", "date")]


def test_reports_and_categories_are_the_dataset(database: Path) -> None:
    loaded = losstrack.load(meta=True)
    assert query(database, "SELECT count(*) FROM reports") == [(len(loaded),)]
    last = query(database, "SELECT * FROM reports ORDER BY date DESC LIMIT 1")[0]
    assert last[:3] == ("2026-08-31", 1488200, 12316)
    assert last[-2:] == ("api", None)  # the bundled reports have no link
    tanks = query(database, "SELECT * FROM categories WHERE name = 'tanks'")
    assert tanks == [("tanks", "Tanks", "Танки", "2022-02-25", "2026-08-31")]


def test_the_logs_beside_the_dataset_are_tables(data_dir: Path, tmp_path: Path) -> None:
    data_dir.mkdir()
    shutil.copy(BUNDLED, data_dir / "losses.csv")
    (data_dir / "revisions.csv").write_text(REVISIONS)
    (data_dir / "stated.csv").write_text(STATED)
    target = tmp_path / "mine.db"
    assert run("export", "--to", "sqlite", str(target)).exit_code == 0
    assert query(target, "SELECT * FROM revisions") == [
        ("2023-03-16", "personnel", 162000, 162560, "api", "2026-08-01T06:00:00+00:00")
    ]
    assert query(target, "SELECT date, stated FROM stated") == [("2022-05-01", 5)]
    marked = query(target, "SELECT date, category, marks, stated FROM losses WHERE marks "
                   "LIKE '%correction%' AND category = 'personnel' OR marks = 'stated'")  # fmt: skip
    assert marked == [("2022-05-01", "cruise_missiles", "stated", 5),
                      ("2023-03-16", "personnel", "correction", None),
                      ("2023-03-17", "personnel", "correction", None)]  # fmt: skip


def test_absent_logs_are_empty_tables_with_their_columns(database: Path) -> None:
    assert query(database, "SELECT count(*) FROM revisions") == [(0,)]
    columns = [c[1] for c in query(database, "PRAGMA table_info(stated)")]
    assert columns == ["date", "category", "stated", "source", "recorded"]


def test_datasette_metadata_is_written_beside_the_database(database: Path) -> None:
    meta = json.loads((database.parent / "losses.metadata.json").read_text(encoding="utf-8"))
    assert meta["title"].startswith("Russian losses")
    assert meta["license"] == "MIT"
    assert "General Staff" in meta["source"]
    tables = meta["databases"]["losses"]["tables"]
    assert set(tables) == {"reports", "losses", "categories", "revisions", "stated"}
    assert "gap" in tables["losses"]["columns"]["marks"]
    assert tables["categories"]["label_column"] == "label_en"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def datasette(database: Path, tmp_path: Path) -> Iterator[str]:
    """A real Datasette serving the exported file with its metadata; yields its base URL."""
    pytest.importorskip("datasette")
    port, log = free_port(), tmp_path / "datasette.log"
    command = [sys.executable, "-m", "datasette", "serve", str(database), "--host", "127.0.0.1",
               "--port", str(port), "--metadata", str(database.parent / "losses.metadata.json")]  # fmt: skip
    with log.open("wb") as errors:
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _answers(f"{base}/-/versions.json"):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"datasette did not start: {log.read_text(errors='replace')}")
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError:
        return False


@pytest.mark.slow
def test_datasette_serves_the_figure(datasette: str) -> None:
    url = f"{datasette}/losses/losses.json?date=2023-03-16&category=personnel&_shape=array"
    with urllib.request.urlopen(url, timeout=10) as answer:
        rows = json.loads(answer.read())
    assert [(r["total"], r["change"], r["days"]) for r in rows] == [(162560, 1040, 1)]
    with urllib.request.urlopen(f"{datasette}/-/metadata.json", timeout=10) as answer:
        assert json.loads(answer.read())["license"] == "MIT"
