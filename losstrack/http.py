"""The one HTTP session: timeouts, retries with backoff, a User-Agent, a size cap, a deadline."""

from __future__ import annotations

import json
import math
import os
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

from losstrack import __version__
from losstrack.errors import NotFound, UpstreamError, UsageError
from losstrack.records import clean_text

USER_AGENT = f"losstrack/{__version__} (python-requests)"
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 15.0
RETRY_AFTER_CAP = 5.0
# A request may take this long in all, so a server dripping bytes cannot hold us forever.
# With the read timeout it bounds a command whose every upstream hangs: two sources, each
# failing on its first request, give up well within 60 seconds.
REQUEST_BUDGET = 25.0
TIMEOUT_ENV = "LOSSTRACK_TIMEOUT"
MAX_BYTES = 16 * 1024 * 1024
CHUNK = 64 * 1024


class _CappedRetry(Retry):
    """urllib3's Retry, but a server cannot make us sleep longer than RETRY_AFTER_CAP."""

    def get_retry_after(self, response: BaseHTTPResponse) -> float | None:
        seconds = super().get_retry_after(response)
        return None if seconds is None else min(seconds, RETRY_AFTER_CAP)


def timeouts() -> tuple[float, float, float]:
    """(connect, read, whole request) seconds; LOSSTRACK_TIMEOUT, read now, sets the read one.

    The connect timeout never exceeds it, and a request may take 10 s longer than it in all,
    as with the defaults (15 s read, 25 s in all).
    """
    raw = os.environ.get(TIMEOUT_ENV, "").strip()
    if not raw:
        return CONNECT_TIMEOUT, READ_TIMEOUT, REQUEST_BUDGET
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not 0 < seconds <= 3600:
        raise UsageError(
            f"{TIMEOUT_ENV}={clean_text(raw)[:20]!r} is not a number of seconds in (0, 3600]"
        )
    return min(CONNECT_TIMEOUT, seconds), seconds, seconds + REQUEST_BUDGET - READ_TIMEOUT


def _retry() -> Retry:
    # No retry after a read timeout: a server that sat silent for READ_TIMEOUT seconds
    # would only spend the deadline again.
    return _CappedRetry(
        total=4,
        connect=1,
        read=0,
        status=3,
        other=0,
        backoff_factor=0.5,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET"}),
        raise_on_status=False,
        respect_retry_after_header=True,
    )


@dataclass
class Http:
    """A session shared by every source during one command, counting what it fetched."""

    budget: float | None = None  # None: from timeouts(), when each request starts
    max_bytes: int = MAX_BYTES
    request_count: int = 0
    byte_count: int = 0
    _session: requests.Session = field(default_factory=requests.Session)

    def __post_init__(self) -> None:
        adapter = HTTPAdapter(max_retries=_retry())
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._session.headers["User-Agent"] = USER_AGENT
        self._session.headers["Accept"] = "application/json, text/plain;q=0.9"

    def close(self) -> None:
        """Release the connections."""
        self._session.close()

    def get(self, url: str, params: dict[str, Any] | None = None) -> bytes:
        """GET `url` and return its body; any failure is an UpstreamError naming the URL."""
        where = _short(url)
        connect, read, budget = timeouts()
        budget = budget if self.budget is None else self.budget
        deadline = time.monotonic() + budget
        timeout = (min(connect, budget), min(read, budget))
        self.request_count += 1
        try:
            with self._session.get(url, params=params, timeout=timeout, stream=True) as resp:
                if resp.status_code != 200:
                    reason = f"HTTP {resp.status_code} {clean_text(resp.reason or '')}".strip()
                    error = NotFound if resp.status_code == 404 else UpstreamError
                    raise error(f"{where}: {reason}")
                return self._read(resp, where, deadline, budget)
        except requests.exceptions.Timeout:
            raise UpstreamError(f"{where}: timed out") from None
        except requests.exceptions.ConnectionError as exc:
            raise UpstreamError(f"{where}: {_connection_reason(exc)}") from None
        except requests.exceptions.ChunkedEncodingError:
            raise UpstreamError(f"{where}: the body was cut off") from None
        except requests.exceptions.RequestException as exc:
            raise UpstreamError(f"{where}: {type(exc).__name__}") from None

    def _read(self, resp: requests.Response, where: str, deadline: float, budget: float) -> bytes:
        declared = resp.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise UpstreamError(f"{where}: body of {int(declared):,} bytes is over the size cap")
        body = bytearray()
        for chunk in resp.iter_content(CHUNK):
            body += chunk
            self.byte_count += len(chunk)
            if len(body) > self.max_bytes:
                raise UpstreamError(
                    f"{where}: body is over the size cap of {self.max_bytes:,} bytes"
                )
            if time.monotonic() > deadline:
                raise UpstreamError(
                    f"{where}: gave up, the body was still arriving after {budget:.0f} s"
                )
        return bytes(body)


def decode_json(body: bytes, where: str) -> Any:
    """Parse a body as JSON, recognising HTML by its content rather than its Content-Type."""
    text = body.decode("utf-8-sig", errors="replace").lstrip()
    if text.startswith("<"):
        raise UpstreamError(f"{where}: answered with an HTML page, not JSON")
    if not text:
        raise UpstreamError(f"{where}: answered with an empty body")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UpstreamError(
            f"{where}: invalid JSON (line {exc.lineno}, column {exc.colno}); the body may be cut off"
        ) from None


def _short(url: str) -> str:
    parts = urlsplit(url)
    return clean_text(f"{parts.netloc}{parts.path}")  # a next_url comes from the network


def _connection_reason(exc: requests.exceptions.ConnectionError) -> str:
    text = str(exc)
    if "Connection refused" in text:
        return "connection refused"
    if "Name or service not known" in text or "NameResolutionError" in text:
        return "host not found"
    if "timed out" in text.lower():
        return "timed out"
    if "IncompleteRead" in text or "Connection broken" in text:
        return "the body was cut off"
    return "could not connect"
