"""The phrases a General Staff report uses, in English and Ukrainian, as regular expressions."""

from __future__ import annotations

import re

# (pattern, category, part). `part` is "" for a whole category; early-2022 reports give
# vehicles and fuel tanks on separate lines, and the dataset keeps their sum (as the API does).
_TERMS: tuple[tuple[str, str, str], ...] = (
    (r"personnel|особов\w*\s+склад\w*", "personnel", ""),
    (r"tanks?|танк\w*", "tanks", ""),
    (r"APVs?|AFVs?|ББМ|arm(?:ou|o)red\s+(?:combat|fighting|personnel)\s+vehicles?"
     r"|бойов\w*\s+броньован\w*\s+машин\w*", "afv", ""),
    (r"artillery(?:\s+systems?)?|артилерійськ\w*\s+систем\w*|артсистем\w*", "artillery", ""),
    (r"MLRS|multiple\s+launch\s+rocket\s+systems?|РСЗВ"
     r"|реактивн\w*\s+систем\w*\s+залпов\w*\s+вогню", "mlrs", ""),
    (r"anti[-\s]*aircraft(?:\s+warfare)?(?:\s+systems?)?|air\s+defen[cs]e(?:\s+(?:means|systems?))?"
     r"|AA\s+warfare\s+systems?|засоб\w*\s+(?:ППО|протиповітрян\w*\s+оборон\w*)", "air_defense", ""),
    (r"aircraft|(?:war|air)?planes?|літак\w*", "aircraft", ""),
    (r"helicopters?|гелікоптер\w*|вертол\w*", "helicopters", ""),
    (r"(?:(?:motor\s+)?vehicles?|automotive\s+(?:technology|equipment))\s+(?:and|&)\s+fuel\s+tanks?"
     r"|автомобільн\w*\s+техні\w*\s+(?:та|і|й)\s+(?:авто)?цистерн\w*", "vehicles", ""),
    (r"(?:motor\s+)?vehicles?|automotive\s+(?:technology|equipment)|автомобільн\w*\s+техні\w*"
     r"|автотехні\w*", "vehicles", "vehicles"),
    (r"fuel\s+(?:tanks?|tankers?)|(?:авто)?цистерн\w*(?:\s+з\s+ПММ)?", "vehicles", "fuel tanks"),
    (r"(?:war)?ships?(?:\s*/\s*boats?)?|boats?(?:\s*/\s*cutters?)?|cutters?"
     r"|корабл\w*(?:\s*/\s*катер\w*)?|катер\w*", "warships", ""),
    (r"submarines?|підводн\w*\s+чов\w*", "submarines", ""),
    (r"cruise\s+missiles?|крилат\w*\s+ракет\w*", "cruise_missiles", ""),
    (r"UAVs?(?:\s+(?:of\s+)?(?:the\s+)?operational[-\s]*(?:and\s+)?tactical(?:\s+level)?)?"
     r"|operational[-\s]*tactical\s+(?:level\s+)?UAVs?|drones?"
     r"|(?:БПЛА|безпілотн\w*\s+літальн\w*\s+апарат\w*)(?:\s+оперативно[-\s]*тактичного\s+рівня)?",
     "uav", ""),
    (r"special(?:\s+military)?\s+equipment|спеціальн\w*\s+техні\w*|спецтехні\w*",
     "special_equipment", ""),
    (r"(?:mobile\s+)?SRBM(?:\s+(?:systems?|launchers?))?"
     r"|(?:пусков\w*\s+установ\w*\s+)?(?:ОТРК|ТРК)(?:\s*/\s*(?:ОТРК|ТРК))?", "srbm", ""),
    (r"ground\s+robot(?:ic)?(?:\s+(?:systems?|complexes))?|UGVs?"
     r"|наземн\w*\s+робототехнічн\w*\s+комплекс\w*|НРК", "ground_robots", ""),
    (r"POWs?|prisoners(?:\s+of\s+war)?|військовополонен\w*|полонен\w*", "pow", ""),
)  # fmt: skip

TERMS: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(rf"(?:{pattern})(?!\w)", re.IGNORECASE), name, part)
    for pattern, name, part in _TERMS
)

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
