"""The phrases a General Staff report uses around its figures, as regular expressions.

The phrases of each category are in its registry entry (`registry.TERMS`).
"""

from __future__ import annotations

import re

_DATE = r"[0-9]{1,2}[./][0-9]{1,2}(?:[./](?:[0-9]{4}|[0-9]{2}))?(?![0-9])"
HEADER = re.compile(
    r"(?:combat\s+losses|бойові\s+втрати)[^\n]{0,80}?"
    rf"\b(?:from|з|із|від)\s+(?P<start>{_DATE})\s*(?:to|till|until|through|по|до|-)\s*(?P<end>{_DATE})",
    re.IGNORECASE,
)
# "were approximately:" / "орієнтовно склали:" between the header's dates and the figures.
LEAD = re.compile(
    r"[ \t]*(?:(?:were|are|amounted|amount|to|approximately|about|орієнтовно|приблизно|склали"
    r"|становлять|складають)[ \t]*)*:?",
    re.IGNORECASE,
)

# Items end at a line break, a semicolon, a comma that is not a thousands separator,
# or a full stop that ends a sentence.
ITEM_SPLIT = re.compile(r"\n|;|,(?![0-9]{3}(?![0-9]))|\.(?=\s|$)")

_NUMBER = r"[0-9]{1,3}(?:[ ,.'’][0-9]{3})+(?![0-9])|[0-9]+"
_CHANGE = rf"\(\s*[+-]?\s*(?:{_NUMBER})\s*\)|[+-]\s*(?:{_NUMBER})(?![0-9])"
_ABOUT = (
    r"about|approximately|approx\.?|around|more\s+than|over|almost|nearly|близько|приблизно"
    r"|орієнтовно|понад|більше|майже|~|≈"
)
# Each repetition takes a whole word, so a line full of them cannot make the match backtrack.
_UNITS = (
    r"(?:(?:persons?|people|were|was|liquidated|killed|eliminated|destroyed|units?|pcs|осіб|особи"
    r"|ліквідовано|знищено|од|одиниць|шт)(?!\w)\.?\s*|/\s*)*"
)
# Where a category's phrase ends and its figure begins: a dash, a colon, "about" or a digit.
FIGURE_START = re.compile(rf"\s*(?:[-:=]|[0-9(+]|(?:{_ABOUT})(?!\w))", re.IGNORECASE)
# The change may come before or after the units ("5977 (+8) од", "17200 persons (+200)").
FIGURE = re.compile(
    rf"\s*(?:[-:=]\s*)?(?:(?:{_ABOUT})(?:\s*/\s*(?:{_ABOUT}))?\s*)?(?P<total>{_NUMBER})\s*"
    rf"(?:(?P<before>{_CHANGE})\s*)?{_UNITS}(?:(?P<after>{_CHANGE})\s*{_UNITS})?",
    re.IGNORECASE,
)
# A figure line naming something else ("naval drones - 5 (+0)", also "Views: 20113").
UNKNOWN = re.compile(
    rf"[^\W\d_][^\d:()]{{0,60}}?\s*[-:]\s*(?:(?:{_ABOUT})\s*)?(?:{_NUMBER})\s*"
    rf"(?:(?:{_CHANGE})\s*)?{_UNITS}",
    re.IGNORECASE,
)
# A translation after a slash that names no known category: words, inner hyphens, spaces.
TRANSLATION = re.compile(r"\s*/\s*[^\W\d_](?:[^\W\d_]|\s|-(?=[^\W\d_]))*")
SLASH = re.compile(r"\s*/\s*")

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan", "січня", "січень"),
            ("february", "feb", "лютого", "лютий"),
            ("march", "mar", "березня", "березень"),
            ("april", "apr", "квітня", "квітень"),
            ("may", "травня", "травень"),
            ("june", "jun", "червня", "червень"),
            ("july", "jul", "липня", "липень"),
            ("august", "aug", "серпня", "серпень"),
            ("september", "sep", "sept", "вересня", "вересень"),
            ("october", "oct", "жовтня", "жовтень"),
            ("november", "nov", "листопада", "листопад"),
            ("december", "dec", "грудня", "грудень"),
        ),
        start=1,
    )
    for name in names
}
# Month names are short and start a word, which keeps a search through long words linear.
PAGE_DATE = re.compile(
    r"(?<![0-9])(?P<d1>[0-9]{1,2})\s+(?P<m1>[^\W\d_]{3,9})\.?,?\s+(?P<y1>[0-9]{4})(?![0-9])"
    r"|(?<!\w)(?P<m2>[^\W\d_]{3,9})\.?\s+(?P<d2>[0-9]{1,2}),?\s+(?P<y2>[0-9]{4})(?![0-9])"
    r"|(?<![0-9])(?P<y3>[0-9]{4})-(?P<m3>[0-9]{1,2})-(?P<d3>[0-9]{1,2})(?![0-9])"
    r"|(?<![0-9.])(?P<d4>[0-9]{1,2})\.(?P<m4>[0-9]{1,2})\.(?P<y4>[0-9]{4})(?![0-9])"
)

# Unicode spaces, dashes and invisible characters that pasted web pages are full of.
SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
DASHES = re.compile(r"[\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d]")
INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
