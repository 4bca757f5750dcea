"""`losstrack export`: the dataset as SQLite (Datasette), Parquet, a Data Package or Atom."""

from __future__ import annotations

import enum
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from losstrack import registry
from losstrack.cli.base import app, load_dataset, note
from losstrack.cli.options import CategoriesArg, SinceOpt, UntilOpt, parse_span
from losstrack.errors import UsageError

if TYPE_CHECKING:
    import pandas as pd

    from losstrack.views.export import Export

PARQUET_HINT = "pip install 'losstrack[parquet]'"
FLAGS = ("--since", "--until")


class To(enum.StrEnum):
    """Formats `export` writes."""

    sqlite = "sqlite"
    parquet = "parquet"
    datapackage = "datapackage"
    atom = "atom"


@app.command(epilog="Example: losstrack export --to sqlite losses.db && datasette losses.db "
             "--metadata losses.metadata.json")  # fmt: skip
def export(
    to: Annotated[
        To,
        typer.Option(
            "--to",
            metavar="FORMAT",
            help="sqlite (with FILE.metadata.json for Datasette), parquet (needs "
            f"{PARQUET_HINT}), datapackage (PATH is a directory) or atom.",
            case_sensitive=False,
            show_default=False,
        ),
    ],
    path: Annotated[
        Path,
        typer.Argument(
            metavar="PATH", help="The file (or directory) to write.", show_default=False
        ),
    ],
    names: CategoriesArg = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    every: Annotated[
        bool,
        typer.Option("--all", help="With --to atom: every report (default: the last 30)."),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace PATH if it exists.")] = False,
) -> None:
    """Write the reports, their changes and marks, the categories and the logs to a file.

    The changes are those every command shows: glitches of the source left out unless
    `--as-published`. Every report by default; `--to atom` the last 30 unless --since,
    --until or --all. The file is written atomically; the data directory is never written.
    """
    start, end = parse_span(since, until)
    if every and (start or end):
        raise UsageError("--all goes without --since and --until")
    if to is To.parquet:
        from losstrack.render import parquet

        if not parquet.available():
            raise UsageError(f"--to parquet needs pyarrow: {PARQUET_HINT}")
    targets = [path, metadata_path(path)] if to is To.sqlite else [path]
    for target in targets:
        check_target(target, force, to is To.datapackage)
    import pandas as pd

    from losstrack.analysis import series

    frame = load_dataset().frame
    wanted = registry.resolve_many(names or [], series.categories(frame))
    selected = pd.DatetimeIndex(series.window(frame, start, end, None, FLAGS).index)
    if to is To.atom and not (every or start or end):
        selected = selected[-30:]
    if selected.empty:
        raise UsageError("no reports between --since and --until: nothing to export")
    if to is To.atom:
        _write_atom(frame, selected, wanted, path)
    else:
        export_ = _tables(frame, wanted or series.categories(frame), selected)
        _write_tables(to, export_, path)
    note(f"wrote {path} ({len(selected):,} reports, {selected[0].date()} to {selected[-1].date()})")


def metadata_path(path: Path) -> Path:
    """Datasette's metadata file beside a database: `losses.db` -> `losses.metadata.json`."""
    return path.with_name(f"{path.stem}.metadata.json")


def check_target(path: Path, force: bool, directory: bool) -> None:
    """Refuse a target in the data directory, in a missing directory, or there without --force."""
    from losstrack.dataset import store

    where = Path(os.path.realpath(path))
    for kept in (store.data_dir(), store.bundled_path().parent):
        if where == Path(os.path.realpath(kept)) or where.is_relative_to(os.path.realpath(kept)):
            raise UsageError(f"{path} is in the data directory {kept}; export somewhere else")
    if not where.parent.is_dir():
        raise UsageError(f"cannot write {path}: the directory {path.parent} does not exist")
    if not os.path.lexists(path):
        return
    if not force:
        raise UsageError(f"{path} exists; add --force to replace it")
    if directory:
        _check_replaceable(path)
    elif path.is_dir():
        raise UsageError(f"{path} is a directory; give a file name")


def _check_replaceable(path: Path) -> None:
    """With --force, only a directory holding what an export writes is replaced."""
    from losstrack.render import datapackage

    if path.is_symlink() or not path.is_dir():
        raise UsageError(f"{path} exists and is not a directory; give a new name")
    found = set(os.listdir(path))
    if found - set(datapackage.FILES) or (found and datapackage.DESCRIPTOR not in found):
        raise UsageError(
            f"{path} holds more than a data package; not replacing it, even with --force"
        )


def _tables(frame: pd.DataFrame, names: list[str], selected: pd.DatetimeIndex) -> Export:
    from losstrack.dataset import journal
    from losstrack.views import export as views

    logs = {name: journal.beside_dataset(name) for name in ("revisions", "stated")}
    revised, stated = journal.revised_keys(), journal.stated_changes()
    return views.tables(frame, names, selected, logs, revised, stated)


def _write_tables(to: To, export_: Export, path: Path) -> None:
    from losstrack.render import output

    if to is To.sqlite:
        from losstrack.render import sqlite

        output.write_file(path, sqlite.database(export_))
        output.write_file(metadata_path(path), sqlite.metadata(export_, path.stem))
    elif to is To.parquet:
        from losstrack.render import parquet

        output.write_file(path, parquet.table_bytes(export_.table("losses"), export_))
    else:
        from losstrack.render import datapackage

        output.write_directory(path, datapackage.files(export_))


def _write_atom(
    frame: pd.DataFrame, selected: pd.DatetimeIndex, wanted: list[str], path: Path
) -> None:
    from losstrack import __version__, i18n
    from losstrack.render import atom, output
    from losstrack.views import export as views

    entries = views.entries(frame, selected, wanted)
    if len(entries) < len(selected):
        note(f"left out {len(selected) - len(entries)} report(s) with no report before them "
             "or no personnel figure")  # fmt: skip
    feed = atom.feed(entries, views.feed_title(), i18n.language(), __version__)
    output.write_file(path, feed)
