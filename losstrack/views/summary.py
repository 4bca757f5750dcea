"""`summary --format csv|json|...`: the figures behind the paragraph."""

from __future__ import annotations

from losstrack.analysis.news import News
from losstrack.analysis.values import iso
from losstrack.i18n import tr
from losstrack.registry import label
from losstrack.views.view import Column, View, rows


def summary(news: News, text: str) -> tuple[View, list[str]]:
    """`summary --format csv|json`: the figures behind the paragraph `text`, one record per
    category; and what the paragraph left out, said as notes."""
    day, previous = iso(news.day), iso(news.previous)
    left = [tr("no {category} figure on both {previous} and {day}; left out", category=m,
               previous=previous, day=day) for m in news.missing]  # fmt: skip
    left += [tr("{category} {value} of {day} is a one-day glitch of the source; left out",
                category=g.category, value=g.value, day=day) for g in news.glitched]  # fmt: skip
    records = [{**{k: r[k] for k in ("date", "previous_date", "days", "category")},
                "label": label(r["category"]),
                **{k: r[k] for k in ("previous", "total", "change", "corrected", "glitches")}}
               for r in news.records]  # fmt: skip
    columns = [Column(k, k) for k in ("date", "previous_date", "category", "label")]
    columns += [Column("previous", "previous", "int"), Column("total", "total", "int"),
                Column("change", "change", "change")]  # fmt: skip
    view = View(tr("Summary of {day}", day=day), columns, rows(records))
    view.extra = {"date": day, "previous_date": previous, "text": text}
    return view, left
