"""What the dataset holds: each category's span and count of reports, and the dataset's own."""

from __future__ import annotations

from typing import Any

import pandas as pd

from losstrack.analysis import series
from losstrack.analysis.values import iso
from losstrack.i18n import Message
from losstrack.registry import BY_NAME, REGISTRY, label


def categories(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The registry's categories, then any other column of the dataset: labels, keys, span."""
    rows: list[dict[str, Any]] = []
    names = [*(c.name for c in REGISTRY), *(c for c in series.categories(frame)
                                            if c not in BY_NAME)]  # fmt: skip
    for name in names:
        cat = BY_NAME.get(name)
        values = frame[name].dropna() if name in frame.columns else frame.iloc[0:0, 0]
        rows.append(
            {
                "name": name,
                "label": label(name, "en"),
                "label_uk": cat.label_uk if cat else "",
                "aliases": list(cat.aliases) if cat else [],
                "api_key": (cat.api_key or "") if cat else "",
                "github_keys": list(cat.github_keys) if cat else [],
                "first": iso(values.index.min()) if len(values) else None,
                "last": iso(values.index.max()) if len(values) else None,
                "reports": len(values),
                "note": cat.note
                if cat
                else Message("not in the registry: kept as sent by a source"),
            }
        )
    return rows


def dataset_facts(frame: pd.DataFrame) -> dict[str, Any]:
    """Counts and dates for `info`."""
    first, last = frame.index.min(), frame.index.max()
    expected = pd.date_range(first, last, freq="D")
    missing = expected.difference(pd.DatetimeIndex(frame.index))
    return {
        "reports": len(frame),
        "first_report": iso(first),
        "latest_report": iso(last),
        "missing_days": len(missing),
        "missing": ", ".join(iso(d) for d in missing[:5]) + (" ..." if len(missing) > 5 else ""),
        "latest_source": frame.at[last, "source"] or None,
        "latest_link": frame.at[last, "link"] or None,
    }


def reports_by_source(frame: pd.DataFrame) -> dict[str, int]:
    """How many reports each source brought (api, github, text; "" unknown), most first."""
    counts = frame["source"].fillna("").astype(str).value_counts()
    return {str(name): int(n) for name, n in counts.items()}
