"""`info`: where the data lives and what it holds, one fact per line."""

from __future__ import annotations

from typing import Any

from losstrack.i18n import shown, tr
from losstrack.views.view import Column, Facts, Row, View


def info(facts: dict[str, Any]) -> View:
    """`info`: one fact per line."""
    names = _fact_names()
    layout = Facts({k: names.get(k, k.replace("_", " ")) for k in facts},
                   {k: _fact_value(v) for k, v in facts.items()})  # fmt: skip
    columns = [Column("key", tr("what", context="info")), Column("value", tr("value"), wrap=True)]
    return View("", columns, [Row(facts)], single=True, layout=layout)


def _fact_names() -> dict[str, str]:
    """The facts of `info` as the table names them."""
    return {
        "version": tr("version", context="info"),
        "data_directory": tr("data directory", context="info"),
        "dataset": tr("dataset", context="info"),
        "bundled": tr("bundled", context="info"),
        "last_changed": tr("last changed", context="info"),
        "reports": tr("reports", context="info"),
        "first_report": tr("first report", context="info"),
        "latest_report": tr("latest report", context="info"),
        "missing_days": tr("missing days", context="info"),
        "missing": tr("missing", context="info"),
        "latest_source": tr("latest source", context="info"),
        "latest_link": tr("latest link", context="info"),
    }


def _fact_value(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return tr("True") if value else tr("False")
    return shown(value) if isinstance(value, str) else str(value)
