"""Views of `corrections`, `check` and `update --text --dry-run`."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pandas as pd

from losstrack import analysis, trust
from losstrack.categories import label
from losstrack.output import Column, View, count
from losstrack.views import iso, py

REVISION = "revision"
DECREASE = "decrease"


def in_range(day: date, since: date | None, until: date | None) -> bool:
    """Whether a report date is within the user's --since/--until."""
    return (since is None or day >= since) and (until is None or day <= until)


def corrections(
    frame: pd.DataFrame,
    names: list[str],
    logged: list[dict[str, Any]],
    span: tuple[date | None, date | None],
) -> View:
    """`corrections`: revisions recorded locally and falls in the series, newest first."""
    records = [
        {"date": e["date"].isoformat(), "category": e["category"], "kind": REVISION,
         "old": e["old"], "new": e["new"], "change": e["new"] - e["old"],
         "previous_date": None, "source": e["source"], "recorded": e["recorded"]}
        for e in logged
        if e["category"] in names and in_range(e["date"], *span)
    ]  # fmt: skip
    falls = trust.decreases(frame, names)
    records += [
        {"date": iso(r["date"]), "category": r["category"], "kind": DECREASE,
         "old": py(r["old"]), "new": py(r["new"]), "change": py(r["change"]),
         "previous_date": iso(r["previous"]), "source": str(frame.at[r["date"], "source"]),
         "recorded": None}
        for r in falls.to_dict("records")
        if in_range(r["date"].date(), *span)
    ]  # fmt: skip
    records.sort(key=lambda r: (r["date"], r["recorded"] or ""), reverse=True)
    rows = [{**r, "label": label(r["category"]), "what": _what(r)} for r in records]
    columns = [Column("date", "date"), Column("category", "category"), Column("old", "old", "int"),
               Column("new", "new", "int"), Column("change", "change", "change"),
               Column("what", "what")]  # fmt: skip
    kinds = Counter(r["kind"] for r in records)
    title = (f"Corrections: {count(kinds[REVISION], 'stored value')} revised by updates, "
             f"{count(kinds[DECREASE], 'fall')} in the reported totals")  # fmt: skip
    notes = ["A fall is the General Staff lowering a cumulative total to correct earlier figures."]
    return View(title, columns, rows, records, notes)


def _what(record: dict[str, Any]) -> str:
    if record["kind"] == REVISION:
        return f"revised by {record['source']} ({record['recorded'][:10]})"
    return f"lower than on {record['previous_date']}"


def findings(table: pd.DataFrame, where: str) -> View:
    """`check`: the internal findings, newest first."""
    records = [
        {"date": iso(r["date"]), "category": r["category"], "check": r["check"],
         "value": py(r["value"]), "other": py(r["other"]), "detail": r["detail"]}
        for r in table.to_dict("records")
    ]  # fmt: skip
    counts = Counter(r["check"] for r in records)
    plurals = {"glitch": "glitches", "missing": "missing"}
    summary = ", ".join(count(n, kind, plurals.get(kind)) for kind, n in sorted(counts.items()))
    columns = [Column("date", "date"), Column("category", "category"), Column("check", "check"),
               Column("detail", "detail")]  # fmt: skip
    notes = [
        "decrease: a total fell; glitch: one report out of line with both neighbours; "
        f"outlier: a daily change far above the previous {trust.WINDOW} reports'; "
        "missing: no report; stated: a pasted report's (+N) differs from the totals."
    ]
    return View(f"Checks of {where}: {count(len(records), 'finding')} ({summary or 'none'})", columns, records,
                records, notes)  # fmt: skip


def against(table: pd.DataFrame, has_corrections: bool) -> View:
    """`check --against github`: every disagreement, both values, and the correction file."""
    records = [
        {"date": iso(r["date"]), "category": r["category"], "local": py(r["local"]),
         "github": py(r["github"]), "difference": py(r["difference"]),
         "correction": py(r["correction"]), "explained": py(r["explained"])}
        for r in table.to_dict("records")
    ]  # fmt: skip
    rows = [{**r, "file": _explains(r, has_corrections)} for r in records]
    explained = sum(bool(r["explained"]) for r in records)
    days = len({r["date"] for r in records})
    title = (f"Local data vs GitHub: {count(len(records), 'value')} differ on "
             f"{count(days, 'date')}, {explained:,} explained by GitHub's correction file")  # fmt: skip
    columns = [Column("date", "date"), Column("category", "category"),
               Column("local", "local", "int"), Column("github", "github", "int"),
               Column("difference", "github - local", "change"),
               Column("file", "correction file")]  # fmt: skip
    notes = ["GitHub keeps the first published figures; the API keeps the General Staff's "
             "corrected ones. The correction file lists the adjustments GitHub knows of."]  # fmt: skip
    return View(title, columns, rows, records, notes)


def _explains(record: dict[str, Any], has_corrections: bool) -> str:
    if not has_corrections:
        return "(no file)"
    if record["correction"] is None:
        return "no entry"
    verdict = "explains it" if record["explained"] else "does not explain it"
    return f"{record['correction']:+,}: {verdict}"


def text_report(
    frame: pd.DataFrame, result: pd.DataFrame, day: date, stated: dict[str, int]
) -> View:
    """`update --text --dry-run`: what the pasted report would store, next to what is stored."""
    stamp = pd.Timestamp(day)
    after = result.loc[stamp]
    before = frame.loc[stamp] if stamp in frame.index else None
    records: list[dict[str, Any]] = []
    for name in analysis.categories(result):
        if pd.isna(after[name]):
            continue
        changes = analysis.changes(result, name)
        records.append({"date": day.isoformat(), "category": name, "label": label(name),
                        "stored": None if before is None else py(before.get(name)),
                        "report": py(after[name]), "stated": stated.get(name),
                        "change": py(changes.at[stamp, "change"])})  # fmt: skip
    columns = [Column("category", "category"), Column("stored", "stored", "int"),
               Column("report", "report", "int"), Column("stated", "stated (+N)", "change"),
               Column("change", "since previous report", "change")]  # fmt: skip
    return View(f"Report of {day} (dry run: nothing written)", columns, records, records)
