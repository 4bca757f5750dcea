"""Values of pandas as the records of every result carry them: plain Python, ISO dates."""

from __future__ import annotations

from typing import Any

import pandas as pd


def py(value: Any) -> Any:
    """A pandas scalar as plain Python: NA -> None, Timestamp -> ISO date, numbers -> int."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def iso(stamp: Any) -> str:
    """A report date as YYYY-MM-DD."""
    return pd.Timestamp(stamp).date().isoformat()


def iso_or_none(value: Any) -> str | None:
    """A date as YYYY-MM-DD, or None for a missing one."""
    return None if pd.isna(value) else iso(value)


# numpy scalars, as the period tables hold them (NaT and NaN: none).


def day_or_none(value: Any) -> str | None:
    """A datetime64[D] as YYYY-MM-DD; None for NaT."""
    import numpy as np

    return None if np.isnat(value) else str(value)


def whole_or_none(value: float) -> int | None:
    """A whole number held as a float; None for NaN."""
    return None if value != value else int(value)


def float_or_none(value: float) -> float | None:
    """A float; None for NaN."""
    return None if value != value else float(value)
