"""The language of every view: English templates, translated to Ukrainian on the way out.

A view writes `tr("Change from {since} to {until}", since=..., until=...)`: the English
template is the message's id, looked up in the Ukrainian catalogue (`lang_uk`) when the
language is `uk`. Numbers among the values are grouped as the language groups them
(1,040 / 1 040, 1,153.5 / 1 153,5), also under a format spec (`{rate:+,.0f}`).
`count(n, "report", "reports")` gives a number with its noun (1 звіт, 2 звіти, 5 звітів);
`Count(...)` is the same as a value of a template. `Message(template, ...)` is a str holding
the English text (what csv and json carry) that a table shows in the current language: for
text made below the views (the details of `check`, the registry's notes).
The language is `--lang` when the command set one, else LOSSTRACK_LANG read at call time.
Every literal template has its entry in `lang_uk` (tests/test_i18n.py checks it).
"""

from __future__ import annotations

import numbers
import string
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from losstrack.errors import UsageError

LANGUAGES = ("en", "uk")
LANG_ENV = "LOSSTRACK_LANG"
NBSP = "\u00a0"

_state = {"lang": ""}  # set by --lang; empty: follow LOSSTRACK_LANG


def set_language(value: str | None) -> str:
    """Use `value` (any case), or (None) LOSSTRACK_LANG from now on; an unknown one is a UsageError."""
    from losstrack import settings

    raw = value if value is not None else settings.env(LANG_ENV)
    lang = (raw or "en").strip().lower()
    if lang not in LANGUAGES:
        source = "--lang" if value is not None else LANG_ENV
        raise UsageError(f"{source} {settings.quote(raw, 20)}: use en or uk")
    _state["lang"] = lang if value is not None else ""
    return lang


@contextmanager
def using(value: str | None) -> Iterator[str]:
    """Write in `value` (None: the language in use) within the block; the one before comes back."""
    before = _state["lang"]
    try:
        yield set_language(value) if value is not None else language()
    finally:
        _state["lang"] = before


def language() -> str:
    """The language views are written in now (a bad LOSSTRACK_LANG reads as English here)."""
    if _state["lang"]:
        return _state["lang"]
    from losstrack import settings

    lang = settings.env(LANG_ENV).lower()
    return lang if lang in LANGUAGES else "en"


def _local(text: str, lang: str) -> str:
    """A number formatted the English way, as `lang` writes it."""
    if lang == "uk":
        return text.replace(",", NBSP).replace(".", ",")
    return text


def number(value: int, signed: bool = False) -> str:
    """A whole number grouped in thousands: 1,040 in English, 1 040 (no-break space) in Ukrainian."""
    return _local(f"{value:+,}" if signed else f"{value:,}", language())


def decimal(value: float, signed: bool = False, places: int = 1) -> str:
    """A number with `places` decimals: 1,153.5 in English, 1 153,5 in Ukrainian."""
    return _local(f"{value:+,.{places}f}" if signed else f"{value:,.{places}f}", language())


class _Formatter(string.Formatter):
    """str.format, with numbers grouped by default and written as the language writes them."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        if isinstance(value, Count):
            return _count(value.n, value.one, value.many, self.lang)
        if isinstance(value, Message):
            return _fill(value.template, value.values, self.lang)
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            return format(value, format_spec)
        if not format_spec:
            format_spec = "," if isinstance(value, numbers.Integral) else ",.1f"
        return _local(format(value, format_spec), self.lang)


def _fill(template: str, values: Mapping[str, object], lang: str, context: str = "") -> str:
    text = template
    if lang == "uk":
        from losstrack.lang_uk import MESSAGES

        text = MESSAGES.get(f"{context}|{template}" if context else template, template)
    return _Formatter(lang).vformat(text, (), values)


def tr(template: str, /, *, context: str = "", **values: object) -> str:
    """`template` in the current language, its fields filled (numbers grouped).

    `context` tells apart one English word that Ukrainian says two ways: the catalogue's key
    is then `context|template` ("info|what": що, but "what" in `corrections`: пояснення).
    """
    return _fill(template, values, language(), context)


class Message(str):
    """A `tr` template filled in English, which a view can still show in the current language.

    Analysis code (the details of `check`) writes these: the English text is what csv and
    json carry, `shown()` what a table shows.
    """

    template: str
    values: dict[str, object]

    def __new__(cls, template: str, /, **values: object) -> Message:
        self = super().__new__(cls, _fill(template, values, "en"))
        self.template, self.values = template, values
        return self

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, object]]:
        return (self.template,), self.values  # copies and pickles fill the template again

    def shown(self) -> str:
        """The text in the current language."""
        return _fill(self.template, self.values, language())


def shown(text: str) -> str:
    """A text as the current language shows it: a Message translated, any other str as it is."""
    return text.shown() if isinstance(text, Message) else text


def plural_uk(n: int, one: str, few: str, many: str) -> str:
    """The Ukrainian noun form a number takes: 1 (21, 31...), 2-4 (22-24...), or the rest."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def count(n: int, one: str, many: str | None = None) -> str:
    """`1 day`, `2 days`, `1,650 reports`; `1 день`, `2 дні`, `1 650 днів`: a number and its noun."""
    return _count(n, one, many, language())


def _count(n: int, one: str, many: str | None, lang: str) -> str:
    many = one + "s" if many is None else many
    figure = _local(f"{n:,}", lang)
    if lang == "uk":
        from losstrack.lang_uk import PLURALS

        forms = PLURALS.get((one, many))
        if forms is not None:
            return f"{figure} {plural_uk(n, *forms)}"
    return f"{figure} {one if n == 1 else many}"


@dataclass(frozen=True)
class Count:
    """`count()` as a value of a Message, counted in the language the Message is shown in."""

    n: int
    one: str
    many: str | None = None

    def __str__(self) -> str:
        return _count(self.n, self.one, self.many, language())
