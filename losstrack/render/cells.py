"""An export table's columns as plain Python values or CSV: what every file format writes."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from losstrack.views.export import Field, Table


def column(table: Table, field: Field) -> list[Any]:
    """One column as Python values: ISO dates, ints, strings; None where there is none."""
    import pandas as pd

    values = table.frame[field.name]
    if field.type == "integer":  # Python ints: sqlite3 binds no numpy integer
        cells = values.astype("Int64").astype(object).to_numpy()
    elif field.type == "date":
        cells = pd.DatetimeIndex(values).to_numpy().astype("datetime64[D]").astype(str)
    else:
        cells = values.to_numpy(dtype=object)
    cells = cells.astype(object)
    cells[values.isna().to_numpy()] = None
    return list(cells.tolist())


def rows(table: Table) -> list[tuple[Any, ...]]:
    """The table's rows as tuples, in the order of its fields."""
    columns = [column(table, field) for field in table.fields]
    return list(zip(*columns, strict=True))


def csv_bytes(table: Table) -> bytes:
    """The table as CSV (UTF-8, LF, a header), written as the dataset is: empty for none."""
    import pandas as pd

    frame = pd.DataFrame({f.name: column(table, f) for f in table.fields})
    for field in table.fields:  # whole numbers stay whole where a column has empty cells
        if field.type == "integer":
            frame[field.name] = frame[field.name].astype("Int64")
    out = io.StringIO()
    frame.to_csv(out, index=False, lineterminator="\n", na_rep="")
    return out.getvalue().encode("utf-8")
