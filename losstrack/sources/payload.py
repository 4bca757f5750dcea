"""JSON bodies from an upstream, decoded with bounds: no huge numbers, no deep nesting."""

from __future__ import annotations

import json
from typing import Any

from losstrack.errors import UpstreamError
from losstrack.settings import JSON_MAX_DIGITS


class _TooLong(ValueError):
    """An integer literal longer than any count (raised inside json.loads)."""


def _integer(literal: str) -> int:
    if len(literal.lstrip("-")) > JSON_MAX_DIGITS:
        raise _TooLong(len(literal.lstrip("-")))
    return int(literal)


def decode_json(body: bytes, where: str) -> Any:
    """Parse a body as JSON, recognising HTML by its content rather than its Content-Type.

    Hostile JSON is an unusable answer (UpstreamError, so the fallback is tried): an integer
    of more than JSON_MAX_DIGITS digits, nesting deeper than Python's recursion limit, or
    anything else the decoder cannot take.
    """
    text = body.decode("utf-8-sig", errors="replace").lstrip()
    if text.startswith("<"):
        raise UpstreamError(f"{where}: answered with an HTML page, not JSON")
    if not text:
        raise UpstreamError(f"{where}: answered with an empty body")
    try:
        return json.loads(text, parse_int=_integer)
    except json.JSONDecodeError as exc:
        raise UpstreamError(
            f"{where}: invalid JSON (line {exc.lineno}, column {exc.colno}); the body may be cut off"
        ) from None
    except _TooLong as exc:
        raise UpstreamError(
            f"{where}: a number of {exc.args[0]:,} digits, more than any count; not usable"
        ) from None
    except RecursionError:
        raise UpstreamError(f"{where}: JSON nested too deeply; not usable") from None
    except ValueError as exc:  # e.g. Python's limit on the digits of an int conversion
        raise UpstreamError(f"{where}: JSON not usable ({type(exc).__name__})") from None
