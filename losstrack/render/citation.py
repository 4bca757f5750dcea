"""A Citation as a paragraph and a list, as BibTeX, or as CITATION.cff (YAML).

BibTeX is one `@misc` entry, which plain BibTeX and biblatex both read; its text fields are
escaped for LaTeX. The CFF is written by hand (every string a JSON string, which YAML reads
as it is), so the package needs no YAML library.
"""

from __future__ import annotations

import json
import re
from typing import Any

from losstrack.views.cite import ATTRIBUTION, Citation, Work

NOT_STATED = "licence not stated"
# BibTeX counts `\{` as a brace too: a lone brace is a command, so every value stays balanced.
_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}
_LATEX_RE = re.compile("|".join(re.escape(c) for c in _LATEX))


def span(c: Citation) -> str:
    """`2022-02-25 to 2026-08-31 (1,648 daily reports)`."""
    if c.first is None or c.latest is None:
        return "no reports"
    return f"{c.first} to {c.latest} ({c.reports:,} daily reports)"


def held(c: Citation) -> str:
    """Which file the figures were read from."""
    if c.bundled:
        return f"losses.csv as bundled with losstrack {c.version}"
    return "losses.csv as updated with `losstrack update`"


def to_text(c: Citation) -> str:
    """A citation paragraph, the attribution, then the works it rests on, one per line."""
    lead = (f"{c.title}, {span(c)}. Compiled with losstrack {c.version} "
            f"({c.software.url}); accessed {c.accessed}. Dataset: {held(c)}, "
            f"SHA-256 {c.sha256}.")  # fmt: skip
    lines = [lead, ATTRIBUTION, "", *(f"- {_work(w)}" for w in (*c.sources, c.software))]
    lines.append(f"- Dataset: {held(c)}; {span(c)}; SHA-256 {c.sha256}; {_licence(c.licence)}.")
    return "\n".join(lines) + "\n"


def _licence(name: str) -> str:
    return f"licence {name}" if name else NOT_STATED


def _work(w: Work) -> str:
    role = {"figures": "Figures", "api": "Collected from", "fallback": "Fallback source",
            "software": "Software"}[w.role]  # fmt: skip
    link = w.url + (f" (also {w.also})" if w.also else "")
    who = "" if w.author in w.title else f"{w.author}, "  # not "russianwarship.rip" twice
    text = f"{role}: {who}{w.title}, {link}; {_licence(w.licence)}"
    if w.reports is not None and w.role != "figures":
        text += f"; {w.reports:,} of the reports"
    elif w.reports:
        text += f"; {w.reports:,} reports pasted from its page"
    return text + "."


def latex(text: str) -> str:
    """Text as a BibTeX field's value: LaTeX's special characters escaped."""
    return _LATEX_RE.sub(lambda m: _LATEX[m[0]], text)


def to_bibtex(c: Citation) -> str:
    """One `@misc` entry keyed `losstrackYEAR` (the year of the latest report)."""
    figures, api, fallback = c.sources
    note = (f"{span(c)}; {held(c)}, SHA-256 {c.sha256}; compiled with losstrack {c.version}, "
            f"{c.software.url}, from the {api.title}, {api.url} (fallback: "
            f"{fallback.url}); accessed {c.accessed}")  # fmt: skip
    fields = [("author", "{" + latex(figures.author) + "}"), ("title", latex(_title(c))),
              ("year", str(c.year)), ("howpublished", latex(f"Daily reports, via the {api.title}")),
              ("url", figures.url), ("urldate", str(c.accessed)), ("version", _version(c)),
              ("note", latex(note))]  # fmt: skip
    width = max(len(name) for name, _ in fields)
    body = ",\n".join(f"  {name.ljust(width)} = {{{value}}}" for name, value in fields)
    return f"@misc{{losstrack{c.year},\n{body}\n}}\n"


def _title(c: Citation) -> str:
    return c.title if c.first is None else f"{c.title}, {c.first} to {c.latest}"


def _version(c: Citation) -> str:
    """The dataset's version: the date of its latest report."""
    return str(c.latest or c.accessed)


def to_cff(c: Citation) -> str:
    """CITATION.cff (1.2.0) of the dataset as the user holds it."""
    figures = c.sources[0]
    abstract = (
        "The cumulative totals of Russian losses the General Staff of the Armed Forces of "
        f"Ukraine reports each morning, {span(c)}, as held in {held(c)} and read on "
        f"{c.accessed}. {ATTRIBUTION}"
    )
    sha = {"type": "other", "value": f"sha256:{c.sha256}", "description": f"SHA-256 of {held(c)}"}
    record: dict[str, Any] = {
        "cff-version": "1.2.0",
        "message": "If you use these figures, please cite them using these metadata.",
        "type": "dataset",
        "title": _title(c),
        "abstract": abstract,
        "authors": [{"name": figures.author, "website": figures.url}],
        "version": _version(c),
        "date-released": _version(c),
        "identifiers": [sha],
        "license": c.licence,
        "url": figures.url,
        "keywords": ["Russia", "Ukraine", "war", "losses", "General Staff"],
        "references": _references(c),
    }
    return "\n".join(_yaml(record, 0)) + "\n"


def _references(c: Citation) -> list[dict[str, Any]]:
    """The works behind the dataset as CFF references: the reports, the API, GitHub, losstrack."""
    figures, api, fallback = c.sources
    accessed = str(c.accessed)
    reports = {
        "type": "report",
        "title": figures.title,
        "authors": [{"name": figures.author}],
        "url": figures.url,
        "notes": f"Also {figures.also}",
    }
    database = {
        "type": "database",
        "title": api.title,
        "authors": [{"name": api.author}],
        "url": api.url,
    }
    given, family = fallback.author.split(" ", 1)
    data = {
        "type": "data",
        "title": fallback.title,
        "authors": [{"family-names": family, "given-names": given}],
        "repository": fallback.url,
        "license": fallback.licence,
    }
    software = {
        "type": "software",
        "title": "losstrack",
        "version": c.version,
        "authors": [{"name": c.software.author}],
        "repository-code": c.software.url,
        "license": c.software.licence,
    }
    return [{**work, "date-accessed": accessed} for work in (reports, database, data)] + [software]


def _yaml(value: Any, indent: int) -> list[str]:
    """The lines of a mapping or list in block style; scalars as JSON strings and numbers."""
    pad = " " * indent
    lines: list[str] = []
    items = value.items() if isinstance(value, dict) else [(None, v) for v in value]
    for key, item in items:
        head = f"{pad}{key}:" if key is not None else f"{pad}-"
        if isinstance(item, dict | list):
            nested = _yaml(item, indent + 2)
            if key is None:  # `- first: ...`, the rest of the mapping under it
                nested[0] = f"{head} {nested[0].lstrip()}"
                lines += nested
            else:
                lines += [head, *nested]
        else:
            lines.append(f"{head} {json.dumps(item, ensure_ascii=False)}")
    return lines
