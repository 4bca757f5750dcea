"""`check --against`: fetch another source and compare it with the dataset, value by value."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd


def github(frame: pd.DataFrame, warn: Callable[[str], None]) -> pd.DataFrame:
    """Every value the GitHub dataset gives otherwise, with its correction file's entry.

    `attrs["has_file"]`: whether GitHub's correction file could be read. Warnings of the fetch
    go to `warn`, once each; a source that cannot be read raises UpstreamError.
    """
    from losstrack.analysis import checks
    from losstrack.dataset import merge
    from losstrack.sources import github as source
    from losstrack.sources.http import Http

    warnings: list[str] = []
    http = Http()
    try:
        other = merge.records_frame(source.fetch(http, warnings))
        fixes = source.fetch_corrections(http, warnings)
    finally:
        http.close()
    for warning in dict.fromkeys(warnings):
        warn(warning)
    table = checks.against(frame, other, fixes)
    table.attrs["has_file"] = fixes is not None
    return table
