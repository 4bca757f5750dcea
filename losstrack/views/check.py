"""`check`: the findings of the checks, or the disagreements with another source."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd

from losstrack.analysis import checks
from losstrack.analysis.values import iso, py
from losstrack.i18n import Count, tr
from losstrack.views.view import Column, Row, View


def _check_names() -> dict[str, str]:
    """Each check's name as the table shows it (csv and json keep the English one)."""
    return {"decrease": tr("decrease"), "glitch": tr("glitch"), "outlier": tr("outlier"),
            "missing": tr("missing"), "stated": tr("stated")}  # fmt: skip


def _check_counts(counts: Counter[str]) -> str:
    """`3 decreases, 5 glitches`: how many findings each check made."""
    nouns = {"decrease": Count(counts["decrease"], "decrease"),
             "glitch": Count(counts["glitch"], "glitch", "glitches"),
             "outlier": Count(counts["outlier"], "outlier"),
             "missing": Count(counts["missing"], "missing", "missing"),
             "stated": Count(counts["stated"], "stated", "stated")}  # fmt: skip
    shown = [str(nouns.get(kind, Count(n, kind))) for kind, n in sorted(counts.items())]
    return ", ".join(shown) or tr("none")


def findings(table: pd.DataFrame, where: str) -> View:
    """`check`: the internal findings, newest first."""
    records = [
        {"date": iso(r["date"]), "category": r["category"], "check": r["check"],
         "value": py(r["value"]), "other": py(r["other"]), "detail": r["detail"]}
        for r in table.to_dict("records")
    ]  # fmt: skip
    names = _check_names()
    shown = [Row(r, shown={"check": names.get(r["check"], r["check"])}) for r in records]
    columns = [Column("date", tr("date")), Column("category", tr("category")),
               Column("check", tr("check")), Column("detail", tr("detail"), wrap=True)]  # fmt: skip
    notes = [
        tr("decrease: a total fell; glitch: one report out of line with both neighbours; "
           "outlier: a daily change far above the previous {window} reports'; "
           "missing: no report; stated: the change a source stated (the API's increase, a pasted report's (+N)) differs from the totals.",
           window=checks.WINDOW)
    ]  # fmt: skip
    title = tr("Checks of {where}: {findings} ({counts})", where=where,
               findings=Count(len(records), "finding"), counts=_check_counts(Counter(r["check"] for r in records)))  # fmt: skip
    return View(title, columns, shown, notes)


def against(table: pd.DataFrame, has_corrections: bool) -> View:
    """`check --against github`: every disagreement, both values, and the correction file."""
    records = [
        {"date": iso(r["date"]), "category": r["category"], "local": py(r["local"]),
         "github": py(r["github"]), "difference": py(r["difference"]),
         "correction": py(r["correction"]), "explained": py(r["explained"])}
        for r in table.to_dict("records")
    ]  # fmt: skip
    shown = [Row(r, shown={"file": _explains(r, has_corrections)}) for r in records]
    explained = sum(bool(r["explained"]) for r in records)
    days = len({r["date"] for r in records})
    title = tr("Local data vs GitHub: {values} differ on {dates}, {explained} explained by "
               "GitHub's correction file", values=Count(len(records), "value"),
               dates=Count(days, "date"), explained=explained)  # fmt: skip
    columns = [Column("date", tr("date")), Column("category", tr("category")),
               Column("local", tr("local"), "int"), Column("github", "github", "int"),
               Column("difference", tr("github - local"), "change"),
               Column("file", tr("correction file"), wrap=True)]  # fmt: skip
    notes = [tr("GitHub keeps the first published figures; the API keeps the General Staff's "
                "corrected ones. The correction file lists the adjustments GitHub knows of.")]  # fmt: skip
    return View(title, columns, shown, notes)


def _explains(record: dict[str, Any], has_corrections: bool) -> str:
    if not has_corrections:
        return tr("(no file)")
    if record["correction"] is None:
        return tr("no entry")
    if record["explained"]:
        return tr("{correction:+,}: explains it", correction=record["correction"])
    return tr("{correction:+,}: does not explain it", correction=record["correction"])
