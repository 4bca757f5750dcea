"""The news paragraph of `summary`, in English or Ukrainian, from the figures of two reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from losstrack.registry import BY_NAME

if TYPE_CHECKING:
    from losstrack.analysis.news import News

WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# "Between Wednesday and Thursday" takes the instrumental case, "since Monday" the genitive.
WEEKDAYS_UK_INS = ("понеділком", "вівторком", "середою", "четвергом", "п'ятницею", "суботою",
                   "неділею")  # fmt: skip
WEEKDAYS_UK_GEN = ("понеділка", "вівторка", "середи", "четверга", "п'ятниці", "суботи", "неділі")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")  # fmt: skip
MONTHS_UK_GEN = ("січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня",
                 "вересня", "жовтня", "листопада", "грудня")  # fmt: skip

NBSP = "\u00a0"
SOURCE_EN = "according to the General Staff of the Armed Forces of Ukraine"
SOURCE_UK = "за даними Генерального штабу Збройних сил України"


@dataclass(frozen=True)
class Figure:
    """One category on the two reports."""

    category: str
    previous: int
    total: int
    since: date | None = None  # the previous value's date, when a glitch of the source was left out

    @property
    def change(self) -> int:
        """Total minus the previous report's total."""
        return self.total - self.previous


def number(value: int, lang: str, signed: bool = False) -> str:
    """Thousands grouped: commas in English, non-breaking spaces in Ukrainian."""
    text = f"{value:+,}" if signed else f"{value:,}"
    return text.replace(",", NBSP) if lang == "uk" else text


def uk_form(value: int, one: str, few: str, many: str) -> str:
    """The Ukrainian noun form a number takes: 1 (21, 31...), 2-4 (22-24...), or the rest."""
    if value % 10 == 1 and value % 100 != 11:
        return one
    if 2 <= value % 10 <= 4 and not 12 <= value % 100 <= 14:
        return few
    return many


def summary(news: News, lang: str) -> str:
    """The paragraph of a report's figures (`analysis.news`), led by personnel."""
    previous = news.previous.date()
    figures = [
        Figure(str(r["category"]), int(r["previous"]), int(r["total"]),
               None if r["previous_date"] == previous.isoformat()
               else date.fromisoformat(r["previous_date"]))
        for r in news.records
    ]  # fmt: skip
    return paragraph(news.day.date(), previous, figures[0], figures[1:], lang)


def paragraph(day: date, previous: date, lead: Figure, others: list[Figure], lang: str) -> str:
    """The paragraph for `day` against the `previous` report, led by personnel."""
    if lang == "uk":
        return _paragraph_uk(day, previous, lead, others)
    return _paragraph_en(day, previous, lead, others)


def _when_en(day: date, previous: date) -> str:
    days = (day - previous).days
    if days == 1:
        return f"between {WEEKDAYS_EN[previous.weekday()]} and {WEEKDAYS_EN[day.weekday()]}"
    since = WEEKDAYS_EN[previous.weekday()] if days < 7 else _date_en(previous)
    return f"in the {days} days since {since}"


def _date_en(day: date) -> str:
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def _paragraph_en(day: date, previous: date, lead: Figure, others: list[Figure]) -> str:
    num = number
    sentences = [
        f"Russia lost about {num(lead.change, 'en')} personnel {_when_en(day, previous)}, "
        f"{SOURCE_EN}.",
        _total_en(lead),
    ]
    if others:
        items = [
            f"{num(f.total, 'en')} {_noun_en(f)} ({num(f.change, 'en', signed=True)}{_remark_en(f)})"
            for f in others
        ]
        sentences.append(f"Russia has also lost {_join(items, 'and')}.")
    return " ".join(sentences)


def _total_en(lead: Figure) -> str:
    old, new = number(lead.previous, "en"), number(lead.total, "en")
    if lead.change > 0:
        return f"The total rose from {old} to {new}."
    if lead.change < 0:
        return f"The total was revised from {old} to {new}."
    return f"The total stayed at {new}."


def _remark_en(figure: Figure) -> str:
    """What the change in brackets needs said: a correction, or a glitch left out."""
    parts = []
    if figure.since is not None:
        parts.append(f"since {_date_en(figure.since)}, leaving out a glitch of the source")
    if figure.change < 0:
        parts.append("a correction")
    return "".join(f", {p}" for p in parts)


def _remark_uk(figure: Figure) -> str:
    """The Ukrainian of `_remark_en`."""
    parts = []
    if figure.since is not None:
        since = f"{figure.since.day} {MONTHS_UK_GEN[figure.since.month - 1]}"
        parts.append(f"з {since}, без хибного значення джерела")
    if figure.change < 0:
        parts.append("виправлення")
    return "".join(f", {p}" for p in parts)


def _noun_en(figure: Figure) -> str:
    cat = BY_NAME.get(figure.category)
    one, many = cat.noun_en if cat else (figure.category, figure.category)
    return one if figure.total == 1 else many


def _noun_uk(category: str) -> str:
    cat = BY_NAME.get(category)
    return cat.noun_uk if cat else category


def _join(items: list[str], conjunction: str) -> str:
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def _when_uk(day: date, previous: date) -> str:
    days = (day - previous).days
    if days == 1:
        return f"Між {WEEKDAYS_UK_INS[previous.weekday()]} і {WEEKDAYS_UK_INS[day.weekday()]}"
    if days < 7:
        since = WEEKDAYS_UK_GEN[previous.weekday()]
    else:
        since = f"{previous.day} {MONTHS_UK_GEN[previous.month - 1]} {previous.year} року"
    return f"За {days} {uk_form(days, 'день', 'дні', 'днів')} з {since}"


def _paragraph_uk(day: date, previous: date, lead: Figure, others: list[Figure]) -> str:
    # After "about" the noun is genitive: singular after 1, 21, 31..., plural otherwise.
    people = uk_form(abs(lead.change), "особи", "осіб", "осіб")
    sentences = [
        f"{_when_uk(day, previous)} Росія втратила близько {number(lead.change, 'uk')} {people} "
        f"особового складу, {SOURCE_UK}.",
        _total_uk(lead),
    ]
    if others:
        items = [
            f"{_noun_uk(f.category)} — {number(f.total, 'uk')} "
            f"({number(f.change, 'uk', signed=True)}{_remark_uk(f)})"
            for f in others
        ]
        sentences.append(f"Загальні втрати Росії також склали: {', '.join(items)}.")
    return " ".join(sentences)


def _total_uk(lead: Figure) -> str:
    old, new = number(lead.previous, "uk"), number(lead.total, "uk")
    if lead.change > 0:
        return f"Загалом втрати особового складу зросли з {old} до {new}."
    if lead.change < 0:
        return f"Загальну кількість втрат особового складу виправлено з {old} на {new}."
    return f"Загалом втрати особового складу залишилися на рівні {new}."
