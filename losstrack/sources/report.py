"""Parse the General Staff's morning report, pasted as text, into one dated record (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from losstrack.errors import DataError, UsageError
from losstrack.registry import EXPECTED, NAMES, TERMS, WAR_START
from losstrack.settings import MAX_TOTAL, latest_allowed
from losstrack.sources import report_terms as terms
from losstrack.text import clean_text

MIN_CATEGORIES = 5

_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # the most a month can have
Key = tuple[str, str]  # (category, part)
Figure = tuple[int, int | None]  # (total, stated change)
DayMonthYear = tuple[int, int, int | None]


@dataclass(frozen=True)
class Report:
    """The figures of one morning report."""

    day: date
    totals: dict[str, int]
    stated: dict[str, int]


@dataclass(frozen=True)
class _Block:
    """One header found in the text and the figures that follow it."""

    start: DayMonthYear
    end: DayMonthYear
    figures: dict[Key, Figure]


def parse(text: str, day: date | None = None) -> Report:
    """The report in `text`; `day` (the user's --date) dates a header without a year."""
    text = _normalise(text)
    blocks = _blocks(text)
    complete = [b for b in blocks if len(_categories(b.figures)) >= MIN_CATEGORIES]
    if not complete:
        raise DataError(_too_few(max(blocks, key=lambda b: len(_categories(b.figures)))))
    reports = [_report(block, text, day) for block in complete]
    for other in reports[1:]:
        if other != reports[0]:
            raise DataError(_two_reports(reports[0], other))
    return reports[0]


def _normalise(text: str) -> str:
    """One kind of line break, space and dash; no invisible characters."""
    text = terms.NEWLINES.sub("\n", text)
    text = terms.INVISIBLE.sub("", text)
    text = terms.DASHES.sub("-", text)
    return terms.SPACES.sub(" ", text)


def _blocks(text: str) -> list[_Block]:
    """Every header with the figures between it and the next header."""
    headers = list(terms.HEADER.finditer(text))
    if not headers:
        raise DataError(
            "not a General Staff report: no line like 'The total combat losses of the enemy "
            "from 24.02.2022 to ...' or 'Загальні бойові втрати противника з 24.02 по ...'"
        )
    bounds = [h.start() for h in headers[1:]] + [len(text)]
    return [
        _Block(_day_month(h["start"]), _day_month(h["end"]), _figures(text[h.end() : stop]))
        for h, stop in zip(headers, bounds, strict=True)
    ]


def _day_month(text: str) -> DayMonthYear:
    """Day, month and (four-digit) year of a header date like 08.07, 24.02.22 or 24.02.2022."""
    parts = [int(p) for p in re.split(r"[./]", text)]
    year = None if len(parts) < 3 else parts[2] + (2000 if parts[2] < 100 else 0)
    return parts[0], parts[1], year


def _figures(body: str) -> dict[Key, Figure]:
    """The category lines right after a header, up to the first line that is not one."""
    lead = terms.LEAD.match(body)
    body = body[lead.end() :] if lead else body
    figures: dict[Key, Figure] = {}
    unknown = ""  # a line shaped like a figure of a category the registry lacks
    for raw in terms.ITEM_SPLIT.split(body):
        item = raw.strip().lstrip("-•*·▪:").strip().rstrip(".")
        found = _item(item) if item else None
        if found is None:
            if not figures or not item:
                continue  # blank lines, and page text between a header and its first figure
            if terms.UNKNOWN.fullmatch(item) is None:
                break
            unknown = unknown or item
            continue
        if unknown:
            # Inside the list it would silently drop a figure; after it, it is page text.
            raise DataError(f"unknown category in the report: {_quote(unknown)}; remove the line")
        key, figure = found
        if figures.setdefault(key, figure) != figure:
            raise DataError(
                f"the report states {_label(key)} twice: {figures[key][0]} and {figure[0]}"
            )
    return figures


def _item(item: str) -> tuple[Key, Figure] | None:
    """A category and its figure from one item, or None when the item is not a category line."""
    named = _name(item)
    if named is None:
        return None
    key, end = named
    rest = item[end:]
    if not terms.FIGURE_START.match(rest):
        return None
    match = terms.FIGURE.fullmatch(rest)
    if match is None:
        raise DataError(f"cannot read the figure of {_label(key)} in {_quote(item)}")
    if match["before"] and match["after"]:
        raise DataError(f"{_label(key)} states two changes in {_quote(item)}")
    total = _whole(match["total"], key)
    change = _change(match["before"] or match["after"], key)
    if change is not None and change > total:
        raise DataError(f"{_label(key)}: the change {change:+d} exceeds the total {total}")
    return key, (total, change)


def _name(item: str) -> tuple[Key, int] | None:
    """The category phrase an item starts with, and where it ends (with any `/ translation`)."""
    first = _term_at(item, 0)
    if first is None:
        return None
    key, end = first
    while slash := terms.SLASH.match(item, end):
        other = _term_at(item, slash.end())
        if other is not None and other[0] != key:
            return None  # two different categories on one line: not a line we can read
        words = terms.TRANSLATION.match(item, end)
        if words is None:
            break
        end = max(words.end(), other[1] if other else 0)
    return key, end


def _term_at(item: str, pos: int) -> tuple[Key, int] | None:
    """The longest category phrase starting at `pos`."""
    best: tuple[Key, int] | None = None
    for pattern, name, part in TERMS:
        match = pattern.match(item, pos)
        if match and (best is None or match.end() > best[1]):
            best = (name, part), match.end()
    return best


def _whole(text: str, key: Key) -> int:
    """A figure's digits as a number, refusing absurd sizes."""
    digits = re.sub(r"[^0-9]", "", text)
    if len(digits) > len(str(MAX_TOTAL)) or int(digits) > MAX_TOTAL:
        raise DataError(f"{_label(key)}: {digits[:20]} is not a plausible figure")
    return int(digits)


def _change(text: str | None, key: Key) -> int | None:
    """The signed number of a "(+N)", "(-N)" or "+N"."""
    if text is None:
        return None
    number = _whole(text, key)
    return -number if "-" in text else number


def _categories(figures: dict[Key, Figure]) -> set[str]:
    """The categories a block of figures names."""
    return {name for name, _ in figures}


def _label(key: Key) -> str:
    """How an error names a category (or the part of one)."""
    return key[1] or key[0]


def _quote(text: str) -> str:
    """A short, printable excerpt of the pasted text for an error message."""
    return repr(clean_text(text)[:60])


def _too_few(block: _Block) -> str:
    """Why the text has no complete report."""
    found = [n for n in NAMES if n in _categories(block.figures)]
    missing = [n for n in EXPECTED if n not in found]
    names = ", ".join(found) if found else "none"
    return (
        f"the report names {len(found)} recognised categories ({names}); expected at least "
        f"{MIN_CATEGORIES}, missing {', '.join(missing)}"
    )


def _two_reports(one: Report, other: Report) -> str:
    """How two different reports pasted together differ."""
    if one.day != other.day:
        return f"the text holds two different reports, of {one.day} and {other.day}; paste one"
    figure = {n: (one.totals.get(n), one.stated.get(n)) for n in NAMES}
    names = [n for n in NAMES if figure[n] != (other.totals.get(n), other.stated.get(n))]
    return f"the text holds two different reports of {one.day} ({names[0]} differs); paste one"


def _report(block: _Block, text: str, given: date | None) -> Report:
    """A block's figures folded into registry categories, with its date resolved."""
    day = _resolve_day(block, text, given)
    totals: dict[str, int] = {}
    stated: dict[str, int] = {}
    for name in NAMES:
        parts = {part: fig for (cat, part), fig in block.figures.items() if cat == name}
        if not parts:
            continue
        totals[name], change = _fold(name, parts)
        if change is not None:
            stated[name] = change
    return Report(day, totals, stated)


def _fold(name: str, parts: dict[str, Figure]) -> Figure:
    """One category's figure, summing vehicles and fuel tanks where they came apart."""
    pieces = [figure for part, figure in parts.items() if part]
    if not pieces:
        return parts[""]
    total = sum(t for t, _ in pieces)
    changes = [c for _, c in pieces]
    change = None if None in changes else sum(c for c in changes if c is not None)
    whole = parts.get("")
    if whole is None:
        return total, change
    if whole[0] != total:
        raise DataError(f"{name}: the total {whole[0]} is not the sum of its parts, {total}")
    return whole if whole[1] is not None else (total, change)


def _resolve_day(block: _Block, text: str, given: date | None) -> date:
    """The report's date: the header's own year, else the page's date line, else --date."""
    if block.start[:2] != (24, 2) or block.start[2] not in (None, WAR_START.year):
        raise DataError(f"the report counts from {_show(block.start)}, not from 24.02.2022")
    d, m, year = block.end
    if not 1 <= m <= 12 or not 1 <= d <= _DAYS[m - 1]:
        raise DataError(f"the report's header ends on {_show(block.end)}, not a calendar date")
    if year is not None:
        found = _calendar(year, m, d)
        if given is not None and given != found:
            raise UsageError(f"the report is of {found} but --date says {given}")
        return found
    years = {p.year for p in _page_dates(text) if (p.day, p.month) == (d, m)}
    if given is not None:
        if (given.day, given.month) != (d, m):
            raise UsageError(f"the report's header ends on {_show(block.end)}, --date on {given}")
        if years and given.year not in years:
            raise UsageError(
                f"the page dates the report {d:02d}.{m:02d}.{min(years)}, --date says {given}"
            )
        return _calendar(given.year, m, d)
    if len(years) != 1:
        why = "its page dates disagree" if years else "the page has no date line"
        raise UsageError(
            f"the report's header ({_show(block.end)}) has no year and {why}; "
            "give --date YYYY-MM-DD"
        )
    return _calendar(years.pop(), m, d)


def _calendar(year: int, month: int, day: int) -> date:
    """A real calendar day on or after the invasion."""
    try:
        found = date(year, month, day)
    except ValueError:
        raise DataError(f"the report's date {day:02d}.{month:02d}.{year} does not exist") from None
    if found < WAR_START:
        raise DataError(f"the report's date {found} is before {WAR_START}")
    if found > latest_allowed():
        raise UsageError(f"the report's date {found} is after today ({date.today()})")
    return found


def _show(dmy: DayMonthYear) -> str:
    """A header date as the report writes it."""
    d, m, y = dmy
    return f"{d:02d}.{m:02d}" + (f".{y}" if y is not None else "")


def _page_dates(text: str) -> list[date]:
    """Dates written anywhere on the pasted page: 08 липня 2022, 31 December 2023, 2022-08-16."""
    found = []
    for match in terms.PAGE_DATE.finditer(text):
        i = next(i for i in "1234" if match[f"y{i}"])  # which of the four forms matched
        year, month, day = match[f"y{i}"], match[f"m{i}"], match[f"d{i}"]
        number = terms.MONTHS.get(month.lower(), 0) if i in "12" else int(month)
        try:
            found.append(date(int(year), number, int(day)))
        except ValueError:
            continue  # a number beside a word that is not a date after all
    return found
