"""An export table's columns as plain Python values or CSV: what every file format writes."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from losstrack.views.export import Field, Table


def column(table: Table, field: Field) -> list[Any]:
    """One column as Python values: ISO dates, ints, strings; None where there is none."""
    import numpy as np
    import pandas as pd

    values = table.frame[field.name]
    missing = values.isna().to_numpy()
    if field.type == "integer":  # Python ints: sqlite3 binds no numpy integer
        cells = values.astype("Int64").to_numpy(dtype="int64", na_value=0).tolist()
    elif field.type == "date":  # few distinct dates in a long table: each made text once
        days, at = np.unique(pd.DatetimeIndex(values).to_numpy().astype("datetime64[D]"),
                             return_inverse=True)  # fmt: skip
        cells = days.astype(str)[at].tolist()
    else:
        cells = values.to_numpy(dtype=object).tolist()
    if not missing.any():
        return list(cells)
    return [None if gone else cell for cell, gone in zip(cells, missing.tolist(), strict=True)]


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
