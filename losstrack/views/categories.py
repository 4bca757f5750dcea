"""`categories`: the registry and the dataset's columns, with their spans."""

from __future__ import annotations

from typing import Any

import pandas as pd

from losstrack.analysis import coverage
from losstrack.i18n import language, tr
from losstrack.registry import BY_NAME, label
from losstrack.views.view import Column, Row, View


def categories(frame: pd.DataFrame) -> View:
    """`categories`: the registry, plus any other column the dataset has, with its date range."""
    rows = coverage.categories(frame)
    return View(tr("Categories"), _category_columns(), [_category_row(r) for r in rows])


def _category_row(record: dict[str, Any]) -> Row:
    """A category as the table shows it: labels and aliases in the language of the view first."""
    cat = BY_NAME.get(record["name"])
    if language() != "uk":
        return Row(record, shown={"aliases": ", ".join(record["aliases"])})
    return Row(record, shown={"label": label(record["name"]), "other": cat.label_en if cat else "",
               "aliases": ", ".join(cat.aliases_uk if cat else record["aliases"])})  # fmt: skip


def _category_columns() -> list[Column]:
    other = (
        Column("other", "англійською", wrap=True)
        if language() == "uk"
        else Column("label_uk", "українською", wrap=True)
    )
    return [Column("name", tr("name")), Column("label", tr("label"), wrap=True), other,
            Column("aliases", tr("aliases"), wrap=True), Column("first", tr("first")),
            Column("last", tr("last")), Column("note", tr("note"), wrap=True)]  # fmt: skip
