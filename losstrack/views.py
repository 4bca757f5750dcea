"""Turn analysis results into Views: what each command shows, with titles and footnotes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from losstrack import analysis, insight
from losstrack.categories import BY_NAME, REGISTRY, label
from losstrack.output import CORRECTED, MARK, Column, View, add_mark, count

if TYPE_CHECKING:
    from losstrack.update import Outcome

Revised = set[tuple[str, str]]  # (report date, category) of values an update revised
CORRECTED_NOTE = (f"{CORRECTED} includes a correction: the total fell, or an update revised a "
                  "stored value (see `losstrack corrections`)")  # fmt: skip


def py(value: Any) -> Any:
    """A pandas scalar as plain Python: NA -> None, Timestamp -> ISO date, numbers -> int."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def iso(stamp: pd.Timestamp) -> str:
    """A report date as YYYY-MM-DD."""
    return stamp.date().isoformat()


def _span_note(frame: pd.DataFrame, marked: list[tuple[str, str]]) -> list[str]:
    """Footnote for changes that span days without a report."""
    if not marked:
        return []
    gaps = []
    for previous, current in dict.fromkeys(marked):
        missing = pd.date_range(pd.Timestamp(previous) + pd.Timedelta(days=1), current,
                                inclusive="left")  # fmt: skip
        gaps.append(_range_text(missing) or f"{previous}..{current}")
    return [f"{MARK} change over more than one day: no report on {', '.join(gaps)}"]


def _range_text(days: pd.DatetimeIndex) -> str:
    if len(days) == 0:
        return ""
    if len(days) == 1:
        return iso(days[0])
    return f"{iso(days[0])}..{iso(days[-1])}"


def _corrected(change: Any, day: str, previous: Any, name: str, revised: Revised) -> bool:
    """Whether a change between two reports includes a fall or a revised value."""
    fell = change is not None and change < 0
    return fell or (day, name) in revised or (previous, name) in revised


def latest(frame: pd.DataFrame, revised: Revised | None = None) -> View:
    """`show`: every category of the latest report with its change."""
    last = frame.index.max()
    table = analysis.latest(frame)
    rows, records, marked = [], [], []
    corrected = False
    for item in table.itertuples(index=False):
        days = py(item.days)
        row = {
            "category": str(item.category),
            "label": label(str(item.category)),
            "total": py(item.total),
            "change": py(item.change),
        }
        if days is not None and days > 1:
            add_mark(row, "change", MARK)
            marked.append((py(item.previous), iso(last)))
        flag = _corrected(row["change"], iso(last), py(item.previous), row["category"],
                          revised or set())  # fmt: skip
        if flag:
            add_mark(row, "change", CORRECTED)
            corrected = True
        rows.append(row)
        records.append(
            {"date": iso(last), **{k: row[k] for k in ("category", "label", "total", "change")},
             "previous_date": py(item.previous), "days": days, "corrected": flag}
        )  # fmt: skip
    previous = frame.index[-2] if len(frame) > 1 else None
    notes = [f"Changes since the report of {iso(previous)}."] if previous is not None else []
    notes += _span_note(frame, marked) + ([CORRECTED_NOTE] if corrected else [])
    gone = analysis.missing_from_latest(frame)
    if gone:
        notes.append("Not in this report: " + ", ".join(f"{c} (last {iso(d)})" for c, d in gone))
    notes.append(_source_line(frame, last))
    return View(
        f"General Staff report of {iso(last)} (day {analysis.day_number(last):,} of the invasion)",
        [Column("category", "category"), Column("label", "label"),
         Column("total", "total", "int"), Column("change", "change", "change")],
        rows, records, notes,
    )  # fmt: skip


def _source_line(frame: pd.DataFrame, day: pd.Timestamp) -> str:
    source = str(frame.at[day, "source"]) or "unknown"
    link = str(frame.at[day, "link"])
    return f"Source: {source}" + (f" ({link})" if link else "")


def history(
    frame: pd.DataFrame, names: list[str], selected: pd.Index, revised: Revised | None = None
) -> View:
    """`show CATEGORY...`: each category's totals and changes over the selected reports."""
    long = analysis.history(frame, names, selected)
    records = [
        {"date": py(r.date), "category": r.category, "total": py(r.total),
         "change": py(r.change), "previous_date": py(r.previous), "days": py(r.days),
         "corrected": _corrected(py(r.change), py(r.date), py(r.previous), str(r.category),
                                 revised or set())}
        for r in long.itertuples(index=False)
    ]  # fmt: skip
    rows: dict[str, dict[str, Any]] = {}
    marked = []
    for rec in records:
        row = rows.setdefault(rec["date"], {"date": rec["date"]})
        row[rec["category"]] = rec["total"]
        row[f"{rec['category']}_change"] = rec["change"]
        if rec["days"] is not None and rec["days"] > 1:
            add_mark(row, f"{rec['category']}_change", MARK)
            marked.append((rec["previous_date"], rec["date"]))
        if rec["corrected"]:
            add_mark(row, f"{rec['category']}_change", CORRECTED)
    columns = [Column("date", "date")]
    for name in names:
        single = len(names) == 1
        columns.append(Column(name, "total" if single else name, "int"))
        columns.append(Column(f"{name}_change", "change" if single else "±", "change"))
    title = ", ".join(f"{label(n)} ({n})" for n in names)
    if selected.empty:
        title += ": no reports in this range"
    else:
        title += f": {iso(pd.Timestamp(selected[0]))} to {iso(pd.Timestamp(selected[-1]))}"
    notes = _span_note(frame, marked)
    notes += [CORRECTED_NOTE] if any(r["corrected"] for r in records) else []
    if len(names) == 1 and not selected.empty:  # notes show in table mode only
        notes += [n for n in [insight.spark_note(frame, names[0], selected[-1])] if n]
    return View(title, columns, list(rows.values()), records, notes)


def diff(
    frame: pd.DataFrame,
    start: pd.Timestamp,
    end: pd.Timestamp,
    notes: list[str],
    revised: Revised | None = None,
) -> View:
    """`diff`: per category, totals on two report dates and the change between them."""
    table = analysis.diff(frame, start, end)
    days = (end - start).days
    falls = _falls(frame, list(table["category"]), start, end)
    rows, records = [], []
    for item in table.itertuples(index=False):
        name = str(item.category)
        row = {"category": name, "label": label(name), "from": py(item[1]), "to": py(item[2]),
               "change": py(item.change), "per_day": py(item.per_day)}  # fmt: skip
        changed = sorted(
            d for d, c in revised or set() if c == name and iso(start) <= d <= iso(end)
        )
        if falls.get(name) or changed:
            add_mark(row, "change", CORRECTED)
        rows.append(row)
        records.append(
            {"category": name, "since": iso(start), "until": iso(end),
             **{k: row[k] for k in ("from", "to", "change", "per_day")}, "days": days,
             "corrections": falls.get(name, []), "revised": changed}
        )  # fmt: skip
    columns = [Column("category", "category"), Column("label", "label"),
               Column("from", iso(start), "int"), Column("to", iso(end), "int"),
               Column("change", "change", "change")]  # fmt: skip
    if days > 1:
        columns.append(Column("per_day", "per day", "float"))
    plural = "day" if days == 1 else "days"
    return View(f"Change from {iso(start)} to {iso(end)} ({days:,} {plural})", columns, rows,
                records, notes + _corrections_note(records))  # fmt: skip


def _falls(
    frame: pd.DataFrame, names: list[str], start: pd.Timestamp, end: pd.Timestamp
) -> dict[str, list[str]]:
    """Per category, the report dates in (start, end] on which its total fell."""
    from losstrack import trust

    found: dict[str, list[str]] = {}
    table = trust.decreases(frame, names)
    table = table[(table["date"] > start) & (table["date"] <= end)]
    for day, name in zip(table["date"], table["category"], strict=True):
        found.setdefault(name, []).insert(0, iso(day))
    return found


def _corrections_note(records: list[dict[str, Any]]) -> list[str]:
    """The ‡ footnote of `diff`: which totals fell and which stored values were revised."""
    items = [f"{r['category']} fell on {', '.join(r['corrections'])}"
             for r in records if r["corrections"]]  # fmt: skip
    items += [f"{r['category']} revised on {', '.join(r['revised'])}"
              for r in records if r["revised"]]  # fmt: skip
    if not items:
        return []
    shown = "; ".join(items[:4]) + (f"; and {len(items) - 4} more" if len(items) > 4 else "")
    return [f"{CORRECTED} includes a correction: {shown} (see `losstrack corrections`)"]


def categories(frame: pd.DataFrame) -> View:
    """`categories`: the registry, plus any other column the dataset has, with its date range."""
    rows: list[dict[str, Any]] = []
    names = [*(c.name for c in REGISTRY), *(c for c in analysis.categories(frame)
                                            if c not in BY_NAME)]  # fmt: skip
    for name in names:
        cat = BY_NAME.get(name)
        values = frame[name].dropna() if name in frame.columns else frame.iloc[0:0, 0]
        rows.append(
            {
                "name": name,
                "label": label(name),
                "label_uk": cat.label_uk if cat else "",
                "aliases": list(cat.aliases) if cat else [],
                "api_key": (cat.api_key or "") if cat else "",
                "github_keys": list(cat.github_keys) if cat else [],
                "first": iso(values.index.min()) if len(values) else None,
                "last": iso(values.index.max()) if len(values) else None,
                "reports": len(values),
                "note": cat.note if cat else "not in the registry: kept as sent by a source",
            }
        )
    table_rows = [{**r, "aliases": ", ".join(r["aliases"])} for r in rows]
    columns = [Column("name", "name"), Column("label", "label"), Column("label_uk", "українською"),
               Column("aliases", "aliases"), Column("first", "first"), Column("last", "last"),
               Column("note", "note")]  # fmt: skip
    return View("Categories", columns, table_rows, rows)


def info(facts: dict[str, Any]) -> View:
    """`info`: one fact per line."""
    rows = [{"key": k.replace("_", " "), "value": "–" if v is None else str(v)}
            for k, v in facts.items()]  # fmt: skip
    return View("", [Column("key", "what"), Column("value", "value")], rows, [facts], single=True)


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


def update_summary(outcome: Outcome) -> str:
    """The one line `update` prints: what arrived, the latest personnel figure, revisions."""
    frame = outcome.frame
    if outcome.day is not None:
        return _text_summary(outcome)
    if not outcome.wrote:
        last = iso(frame.index.max()) if len(frame) else "none"
        return f"Nothing new: the latest report is {last} (checked {outcome.source})."
    if outcome.created:
        head = (f"Created {outcome.path} with {len(frame):,} reports, "
                f"{iso(frame.index.min())}..{iso(frame.index.max())}")  # fmt: skip
    elif outcome.added:
        days = outcome.added
        plural = "day" if len(days) == 1 else "days"
        span = days[0].isoformat() if len(days) == 1 else f"{days[0]}..{days[-1]}"
        head = f"+{len(days):,} {plural}: {span}"
    else:
        head = "No new report"
    parts = [head]
    if "personnel" in frame.columns and frame["personnel"].notna().any():
        row = analysis.changes(frame, "personnel").iloc[-1]
        change = "" if pd.isna(row["change"]) else f" ({int(row['change']):+,})"
        parts.append(f"personnel {int(row['total']):,}{change}")
    revised = outcome.revised
    if revised and not outcome.created:
        shown = ", ".join(f"{r.day} {r.category} {r.old:,} -> {r.new:,}" for r in revised[:3])
        more = f" and {len(revised) - 3} more" if len(revised) > 3 else ""
        parts.append(f"{count(len(revised), 'stored value')} revised: {shown}{more}")
    return "; ".join(parts)


def _text_summary(outcome: Outcome) -> str:
    """The line `update --text` prints."""
    if not outcome.wrote:
        return f"Nothing new: the report of {outcome.day} is stored as it is."
    parts = [f"Stored the report of {outcome.day}"]
    if outcome.created:
        parts.append(f"created {outcome.path} from the bundled data")
    if outcome.added:
        parts.append("a new date")
    revised = outcome.revised
    shown = ", ".join(f"{r.category} {r.old:,} -> {r.new:,}" for r in revised[:3])
    more = f" and {len(revised) - 3} more" if len(revised) > 3 else ""
    parts.append(f"{count(len(revised), 'stored value')} revised: {shown}{more}" if revised else
                 "no stored value changed")  # fmt: skip
    return "; ".join(parts)
