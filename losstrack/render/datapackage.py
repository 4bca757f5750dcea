"""`export --to datapackage`: the tables as CSV files and a Frictionless `datapackage.json`.

Each resource has its Table Schema (field types, descriptions, constraints, primary and
foreign keys), its size in bytes and its sha256 `hash`; the package its licence, sources and
temporal coverage. `reports.csv` is the dataset CSV as losstrack stores it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from losstrack.render.cells import csv_bytes

if TYPE_CHECKING:
    from losstrack.views.export import Export, Field, Table

DESCRIPTOR = "datapackage.json"
# Every file a package may hold: `export --force` replaces a directory of these alone.
FILES = (DESCRIPTOR, "reports.csv", "losses.csv", "categories.csv", "revisions.csv",
         "stated.csv")  # fmt: skip
NAME = "losstrack-russian-losses"


def files(export: Export) -> dict[str, bytes]:
    """Every file of the package: name -> bytes, `datapackage.json` last."""
    out = {f"{t.name}.csv": csv_bytes(t) for t in export.tables}
    resources = [_resource(t, out[f"{t.name}.csv"]) for t in export.tables]
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": export.title,
        "description": export.description,
        "version": export.version,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "licenses": [dict(export.licence)],
        "sources": [dict(s) for s in export.sources],
        "keywords": ["Ukraine", "Russia", "war", "losses", "General Staff"],
        "resources": resources,
    }
    if export.first is not None:
        package["temporalCoverage"] = f"{export.first}/{export.last}"
        package["temporal"] = {"start": str(export.first), "end": str(export.last)}
    text = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
    return {**out, DESCRIPTOR: text.encode("utf-8")}


def _resource(table: Table, data: bytes) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": [_field(f) for f in table.fields],
                              "missingValues": [""]}  # fmt: skip
    if table.key:
        schema["primaryKey"] = list(table.key)
    if table.references:
        schema["foreignKeys"] = [{"fields": column, "reference": {"resource": other,
                                                                  "fields": key}}
                                 for column, other, key in table.references]  # fmt: skip
    return {
        "name": table.name,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
        "schema": schema,
    }


def _field(field: Field) -> dict[str, Any]:
    constraints: dict[str, Any] = {}
    if field.required:
        constraints["required"] = True
    if field.minimum is not None:
        constraints["minimum"] = field.minimum
    if field.maximum is not None:
        constraints["maximum"] = field.maximum
    if field.enum:
        constraints["enum"] = list(field.enum)
    described: dict[str, Any] = {"name": field.name, "type": field.type,
                                 "description": field.description}  # fmt: skip
    if constraints:
        described["constraints"] = constraints
    return described
