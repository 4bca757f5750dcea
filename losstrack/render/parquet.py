"""`export --to parquet`: the long table as one typed Parquet file (pyarrow, the `parquet` extra).

Dates are date32, counts nullable int64, the category a dictionary of strings; each field
carries its description, and the file the export's title, source and licence
(`losstrack` key of the schema's metadata). pandas reads it back with the same dtypes.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from losstrack.views.export import Export, Field, Table


def available() -> bool:
    """Whether pyarrow can be imported (writing needs it anyway, so the import is not lost)."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _arrow_type(field: Field) -> Any:
    import pyarrow as pa

    if field.name == "category":
        return pa.dictionary(pa.int32(), pa.string())
    return {"date": pa.date32(), "integer": pa.int64(), "string": pa.string(),
            "datetime": pa.string()}[field.type]  # fmt: skip


def table_bytes(table: Table, export: Export) -> bytes:
    """The bytes of a Parquet file holding `table`."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = table.frame.copy()
    for field in table.fields:
        if field.type == "date":
            frame[field.name] = pd.DatetimeIndex(frame[field.name]).date
            frame[field.name] = frame[field.name].where(table.frame[field.name].notna(), None)
        elif field.name == "category":
            frame[field.name] = frame[field.name].astype("category")
    schema = pa.schema([pa.field(f.name, _arrow_type(f), nullable=not f.required,
                                 metadata={"description": f.description})
                        for f in table.fields])  # fmt: skip
    arrow = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    about = {"title": export.title, "description": export.description,
             "licence": dict(export.licence), "sources": [dict(s) for s in export.sources],
             "table": table.description,
             "first": str(export.first), "last": str(export.last),
             "as_published": export.as_published, "version": export.version}  # fmt: skip
    metadata = {**(arrow.schema.metadata or {}), b"losstrack": json.dumps(about).encode()}
    arrow = arrow.replace_schema_metadata(metadata)
    sink = pa.BufferOutputStream()
    pq.write_table(arrow, sink, compression="zstd")
    return bytes(sink.getvalue().to_pybytes())
