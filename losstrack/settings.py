"""Every bound the tool holds to, and every LOSSTRACK_* variable, read at call time.

The README's "Bounds" section documents each number here; change them together.
"""

from __future__ import annotations

import math
import os
import re
from datetime import date, timedelta

from losstrack.errors import UsageError

# -- what a record may hold ------------------------------------------------------------------
MAX_TOTAL = 10_000_000  # a cumulative total, also the pasted-text parser's bound
MAX_NAME = 64  # characters of a category column a source may add
MAX_LINK = 2048  # characters of a report link (http or https only)
MAX_NEW_COLUMNS = 3  # new category columns one update may add; the rest are refused
MAX_QUOTE = 200  # characters of upstream text quoted in a message
JSON_MAX_DIGITS = 15  # an integer literal longer than this makes a JSON answer unusable
FUTURE_SLACK = timedelta(days=1)  # a report may be dated this far after today (time zones)
# A stored date past this is damage: the calendar arithmetic of periods breaks near year 9999,
# and the benchmarks' synthetic 100x file (to 2473) must still load.
LAST_STORED = date(2999, 12, 31)

# -- images (`chart --output`, `card`) ------------------------------------------------------
IMAGE_SIDES = (200, 8000)  # pixels of either side of a chart image (--size WxH)
IMAGE_DPI = (50, 600)  # --dpi: pixels per inch, the scale of type and lines on those pixels
MAX_PANELS = 8  # categories in one chart image (small multiples)
MAX_TITLE = 200  # characters of a chart's --title

# -- what one update may take ----------------------------------------------------------------
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 15.0
REQUEST_DEADLINE = 25.0  # one request, all in: connect, headers, redirects, body, retries
UPDATE_DEADLINE = 90.0  # one whole update, every source and request included
RETRY_AFTER_CAP = 5.0
MAX_REDIRECTS = 3  # same-origin redirects followed per request
MAX_RESPONSE_BYTES = 8 * 1024 * 1024  # one answer (the largest real one is ~0.7 MB)
MAX_UPDATE_BYTES = 32 * 1024 * 1024  # all answers of one update (a full one is ~1.3 MB)
MAX_PAGES = 400  # API pages one update may follow (a full one is 34)
MAX_RECORDS = 20_000  # records one update may take (the whole history is ~1,650)

# -- local files -----------------------------------------------------------------------------
LOCK_TIMEOUT = 300.0  # seconds to wait for another update's lock
LOCK_NOTICE = 1.0  # seconds of waiting before saying so on stderr
UNDO_KEEP = 20  # earlier versions of the dataset kept for `losstrack undo`

# -- environment -----------------------------------------------------------------------------
DATA_DIR_ENV = "LOSSTRACK_DATA_DIR"
API_URL_ENV = "LOSSTRACK_API_URL"
GITHUB_URL_ENV = "LOSSTRACK_GITHUB_URL"
TIMEOUT_ENV = "LOSSTRACK_TIMEOUT"
DEADLINE_ENV = "LOSSTRACK_DEADLINE"
TODAY_ENV = "LOSSTRACK_TODAY"  # the date views take as today, for reproducible output


def env(name: str) -> str:
    """A variable's value, stripped; empty when unset."""
    return os.environ.get(name, "").strip()


def seconds(name: str, default: float) -> float:
    """A number of seconds in (0, 3600] from variable `name`, else `default`."""
    raw = env(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not 0 < value <= 3600:
        raise UsageError(f"{name}={quote(raw, 20)} is not a number of seconds in (0, 3600]")
    return value


def today() -> date:
    """The date views take as today: LOSSTRACK_TODAY (YYYY-MM-DD) when set, else the clock's.

    Only views read it (the freshness note, milestones, `today`/`yesterday`); what an update
    accepts always follows the clock.
    """
    raw = env(TODAY_ENV)
    if not raw:
        return date.today()
    try:
        return date.fromisoformat(raw) if len(raw) == 10 else date.fromisoformat("x")
    except ValueError:
        raise UsageError(f"{TODAY_ENV}={quote(raw, 20)} is not a date; use YYYY-MM-DD") from None


DATE_WORDS = "YYYY-MM-DD, today or yesterday"


def parse_date(text: str, name: str) -> date:
    """A date as people type it: YYYY-MM-DD, `today` or `yesterday` (any case); `name` says
    what it is in the error (`--since` on the command line, `since` in Python)."""
    word = text.strip().lower()
    if word in ("today", "yesterday"):
        return today() - timedelta(days=word == "yesterday")
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", word) is None:  # fromisoformat takes more forms
            raise ValueError
        return date.fromisoformat(word)
    except ValueError:
        raise UsageError(f"{name} {text!r} is not a date; use {DATE_WORDS}") from None


def latest_allowed(today: date | None = None) -> date:
    """The latest report date any source may bring: today, plus the time-zone slack."""
    return (today or date.today()) + FUTURE_SLACK


def quote(text: object, limit: int = MAX_QUOTE) -> str:
    """`repr` of upstream text for a message: control characters out, at most `limit` chars."""
    from losstrack.text import clean_text

    shown = clean_text(repr(text))
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
