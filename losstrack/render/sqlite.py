"""`export --to sqlite`: one SQLite database of the export's tables, and Datasette metadata.

The database is built in memory and serialized, so the file is written in one atomic
replace. Columns are typed (INTEGER counts, TEXT ISO dates), keys and indexes declared, and
`losses` refers to `reports` and `categories`, so Datasette links them.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from losstrack.render.cells import rows

if TYPE_CHECKING:
    from losstrack.views.export import Export, Table

SQL_TYPES = {"date": "TEXT", "integer": "INTEGER", "string": "TEXT", "datetime": "TEXT"}


def quoted(name: str) -> str:
    """An SQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


def create(table: Table) -> list[str]:
    """The statements that create `table` and its indexes."""
    lines = [
        f"{quoted(f.name)} {SQL_TYPES[f.type]}{' NOT NULL' if f.required else ''}"
        for f in table.fields
    ]
    if table.key:
        lines.append(f"PRIMARY KEY ({', '.join(map(quoted, table.key))})")
    for column, other, key in table.references:
        lines.append(f"FOREIGN KEY ({quoted(column)}) REFERENCES {quoted(other)}({quoted(key)})")
    body = ",\n    ".join(lines)
    statements = [f"CREATE TABLE {quoted(table.name)} (\n    {body}\n)"]
    for column in table.indexes:
        index = quoted(f"idx_{table.name}_{column}")
        statements.append(f"CREATE INDEX {index} ON {quoted(table.name)} ({quoted(column)})")
    return statements


def database(export: Export) -> bytes:
    """The bytes of a SQLite database holding every table of `export`."""
    import sqlite3

    db = sqlite3.connect(":memory:")
    try:
        for table in export.tables:
            table_sql, *indexes = create(table)
            db.execute(table_sql)
            marks = ", ".join("?" * len(table.fields))
            db.executemany(f"INSERT INTO {quoted(table.name)} VALUES ({marks})", rows(table))
            for statement in indexes:  # after the rows: one sort, not an insert per row
                db.execute(statement)
        db.commit()
        return db.serialize()
    finally:
        db.close()


def metadata(export: Export, database_name: str) -> bytes:
    """Datasette's metadata for the database: title, licence, source, every table and column."""
    tables: dict[str, Any] = {}
    for table in export.tables:
        about: dict[str, Any] = {"description": table.description,
                                 "columns": {f.name: f.description for f in table.fields}}  # fmt: skip
        if "date" in table.key:
            about["sort_desc"] = "date"
        tables[table.name] = about
    tables["categories"]["label_column"] = "label_en"
    source = export.sources[0]
    document = {
        "title": export.title,
        "description": export.description + _coverage(export),
        "license": export.licence["name"],
        "license_url": export.licence["path"],
        "source": source["title"],
        "source_url": source["path"],
        "about": f"losstrack {export.version}",
        "databases": {database_name: {"tables": tables}},
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _coverage(export: Export) -> str:
    if export.first is None or export.last is None:
        return ""
    published = " Every stored value is used, glitches included." if export.as_published else ""
    return f" Reports from {export.first} to {export.last}.{published}"
