"""The ASCII form of what losstrack writes, for a stream or terminal that cannot show more.

The same figures and marks, one for one: a mark after a figure has one ASCII character of its
own (so the footnotes still match the cells), box drawing and sparkline bars keep their width,
and Ukrainian is transliterated with the national system (KMU resolution 55 of 2010).
"""

from __future__ import annotations

import unicodedata

# The footnote marks (output.py) each get a distinct character no figure uses.
MARKS = {"†": "+", "‡": "#", "§": "$", "≈": "~"}
PUNCTUATION = {
    "–": "-", "—": "-", "‒": "-", "‐": "-", "‑": "-", "−": "-", "…": "...", "→": "->",
    "←": "<-", "↑": "^", "↓": "v", "±": "+/-", "×": "x", "·": ".", "•": "*", "«": '"',
    "»": '"', "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "ʼ": "'", "№": "No.",
    "°": "o", "━": "-",
}  # fmt: skip
BARS = "▁▂▃▄▅▆▇█"  # analysis.spark.BARS (not imported: the CLI starts without numpy)
RAMP = "_.:-=+*#"  # the same eight steps in ASCII
_UK = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia",
    # Russian letters, should a name carry one
    "ё": "io", "ъ": "", "ы": "y", "э": "e",
}  # fmt: skip
_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}  # at the start of a word
_APOSTROPHES = "'’ʼ"  # inside a Ukrainian word, left out


def asciify(text: str) -> str:
    """`text` in ASCII: marks, punctuation, spaces, lines and bars, and Cyrillic in Latin."""
    if text.isascii():
        return text
    out: list[str] = []
    for i, char in enumerate(text):
        if char in _APOSTROPHES and _between_cyrillic(text, i):
            continue  # м'ясо is miaso
        if char.isascii():
            out.append(char)
        elif char.lower() in _UK:
            out.append(_latin(text, i))
        else:
            out.append(_symbol(char))
    return "".join(out)


def _between_cyrillic(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and _cyrillic(text[i - 1]) and _cyrillic(text[i + 1])


def _cyrillic(char: str) -> bool:
    return char.lower() in _UK


def _latin(text: str, i: int) -> str:
    """The Latin letters of the Cyrillic letter text[i], by its place in the word and case."""
    char = text[i]
    low = char.lower()
    before = text[i - 1] if i else ""
    initial = not (_cyrillic(before) or (before != "" and before in _APOSTROPHES))
    latin = _INITIAL[low] if initial and low in _INITIAL else _UK[low]
    if low == "г" and before.lower() == "з":
        latin = "gh"  # зг is zgh, not zh
    if not char.isupper():
        return latin
    after = text[i + 1] if i + 1 < len(text) else ""
    shouting = (before.isupper() and _cyrillic(before)) or (after.isupper() and _cyrillic(after))
    return latin.upper() if shouting else latin.capitalize()


def _symbol(char: str) -> str:
    """One character that is neither ASCII nor Cyrillic, in ASCII."""
    if char in MARKS:
        return MARKS[char]
    if char in PUNCTUATION:
        return PUNCTUATION[char]
    if char in BARS:
        return RAMP[BARS.index(char)]
    code = ord(char)
    if unicodedata.category(char) == "Zs":  # no-break and thin spaces
        return " "
    if 0x2500 <= code <= 0x257F:  # box drawing
        name = unicodedata.name(char, "")
        if "HORIZONTAL" in name and "VERTICAL" not in name:
            return "-"
        return "|" if "VERTICAL" in name and "HORIZONTAL" not in name else "+"
    if 0x2580 <= code <= 0x259F:  # blocks
        return "#"
    if 0x2800 <= code <= 0x28FF:  # braille dots, the line of a chart
        return " " if code == 0x2800 else "."
    decomposed = unicodedata.normalize("NFKD", char)
    plain = "".join(c for c in decomposed if c.isascii())
    return plain or "?"
