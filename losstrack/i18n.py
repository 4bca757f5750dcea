"""The language of every view: English templates, translated to Ukrainian on the way out.

A view writes `tr("Change from {since} to {until}", since=..., until=...)`: the English
template is the message's id, looked up in the Ukrainian catalogue when the language is `uk`.
Whole numbers among the values are grouped as the language groups them (1,040 / 1 040).
The language is set once per command (`--lang`, or LOSSTRACK_LANG) before any view is built.
"""

from __future__ import annotations

from losstrack.errors import UsageError

LANGUAGES = ("en", "uk")
LANG_ENV = "LOSSTRACK_LANG"
NBSP = "\u00a0"

_state = {"lang": ""}


def set_language(value: str | None) -> str:
    """Use `value` (any case), or LOSSTRACK_LANG, or English; an unknown one is a UsageError."""
    from losstrack import settings

    raw = value if value is not None else settings.env(LANG_ENV)
    lang = (raw or "en").strip().lower()
    if lang not in LANGUAGES:
        source = "--lang" if value is not None else LANG_ENV
        raise UsageError(f"{source} {settings.quote(raw, 20)}: use en or uk")
    _state["lang"] = lang
    return lang


def language() -> str:
    """The language views are written in now."""
    if not _state["lang"]:
        try:
            set_language(None)
        except UsageError:
            _state["lang"] = "en"  # the CLI reports a bad LOSSTRACK_LANG; a library call goes on
    return _state["lang"]


def number(value: int, signed: bool = False) -> str:
    """A whole number grouped in thousands: 1,040 in English, 1 040 (no-break space) in Ukrainian."""
    text = f"{value:+,}" if signed else f"{value:,}"
    return text.replace(",", NBSP) if language() == "uk" else text


def decimal(value: float, signed: bool = False, places: int = 1) -> str:
    """A number with `places` decimals: 1,153.5 in English, 1 153,5 in Ukrainian."""
    text = f"{value:+,.{places}f}" if signed else f"{value:,.{places}f}"
    if language() == "uk":
        text = text.replace(",", NBSP).replace(".", ",")
    return text


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return number(value)
    if isinstance(value, float):
        return decimal(value)
    return str(value)


def tr(template: str, /, **values: object) -> str:
    """`template` in the current language, its fields filled (numbers grouped)."""
    from losstrack.lang_uk import MESSAGES

    text = MESSAGES.get(template, template) if language() == "uk" else template
    return text.format(**{k: _shown(v) for k, v in values.items()})
