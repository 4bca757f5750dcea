"""Views of the dataset itself: `categories`, `info`, and the line `update` prints."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from losstrack.analysis import coverage, series
from losstrack.i18n import Count, language, number, shown, tr
from losstrack.registry import BY_NAME, label
from losstrack.views.notes import iso
from losstrack.views.view import Column, Facts, Row, View

if TYPE_CHECKING:
    from losstrack.sync.update import Outcome


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


def update_summary(outcome: Outcome) -> str:
    """The one line `update` prints: what arrived, the latest personnel figure, revisions."""
    frame = outcome.frame
    if outcome.day is not None:
        return _text_summary(outcome)
    if not outcome.wrote:
        last = iso(frame.index.max()) if len(frame) else tr("none")
        return tr("Nothing new: the latest report is {day} (checked {source}).", day=last,
                  source=outcome.source)  # fmt: skip
    parts = [_update_head(outcome)]
    if "personnel" in frame.columns and frame["personnel"].notna().any():
        row = series.changes(frame, "personnel").iloc[-1]
        change = "" if pd.isna(row["change"]) else f" ({number(int(row['change']), signed=True)})"
        parts.append(tr("personnel {total}{change}", total=int(row["total"]), change=change))
    revised = outcome.revised
    if revised and not outcome.created:
        shown = ", ".join(tr("{day} {category} {old} -> {new}", day=r.day, category=r.category,
                             old=r.old, new=r.new) for r in revised[:3])  # fmt: skip
        parts.append(_revised(len(revised), shown))
    return "; ".join(parts)


def _update_head(outcome: Outcome) -> str:
    """What an update wrote: a new dataset, the dates it added, or none."""
    frame = outcome.frame
    if outcome.created:
        return tr("Created {path} with {reports}, {first}..{last}", path=outcome.path,
                  reports=Count(len(frame), "report"), first=iso(frame.index.min()),
                  last=iso(frame.index.max()))  # fmt: skip
    days = outcome.added
    if not days:
        return tr("No new report")
    span = days[0].isoformat() if len(days) == 1 else f"{days[0]}..{days[-1]}"
    return tr("+{days}: {span}", days=Count(len(days), "day"), span=span)


def _revised(n: int, shown: str) -> str:
    """`2 stored values revised: ...`, the first three shown."""
    more = tr(" and {n} more", n=n - 3) if n > 3 else ""
    return tr("{revised} revised: {shown}{more}", revised=Count(n, "stored value"), shown=shown,
              more=more)  # fmt: skip


def _text_summary(outcome: Outcome) -> str:
    """The line `update --text` prints."""
    if not outcome.wrote:
        return tr("Nothing new: the report of {day} is stored as it is.", day=outcome.day)
    parts = [tr("Stored the report of {day}", day=outcome.day)]
    if outcome.created:
        parts.append(tr("created {path} from the bundled data", path=outcome.path))
    if outcome.added:
        parts.append(tr("a new date"))
    revised = outcome.revised
    shown = ", ".join(tr("{category} {old} -> {new}", category=r.category, old=r.old, new=r.new)
                      for r in revised[:3])  # fmt: skip
    parts.append(_revised(len(revised), shown) if revised else tr("no stored value changed"))
    return "; ".join(parts)
