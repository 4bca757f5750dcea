"""The one HTTP session: deadlines, retries, same-origin redirects, size caps, a User-Agent."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from http.client import HTTPException
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from urllib3.exceptions import ConnectTimeoutError, InvalidHeader
from urllib3.util.retry import Retry

from losstrack import __version__, settings
from losstrack.errors import NotFound, UpstreamError, UsageError
from losstrack.sources.watchdog import Adapter, Watch
from losstrack.text import clean_text

USER_AGENT = f"losstrack/{__version__} (python-requests)"
# Read from here at call time, so a caller (or a test) may tighten them for its process; the
# numbers and their documentation live in settings.
CONNECT_TIMEOUT = settings.CONNECT_TIMEOUT
READ_TIMEOUT = settings.READ_TIMEOUT
RETRY_AFTER_CAP = settings.RETRY_AFTER_CAP
BACKOFF = (0.0, 1.0, 2.0)  # seconds before retries 1-3 when there is no Retry-After
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
PORTS = {"http": 80, "https": 443}
CHUNK = 64 * 1024


def timeouts() -> tuple[float, float, float]:
    """(connect, read, whole request) seconds; LOSSTRACK_TIMEOUT, read now, sets the read one.

    The connect timeout never exceeds it, and a request may take 10 s longer than it in all,
    as with the defaults (15 s read, 25 s in all).
    """
    if not settings.env(settings.TIMEOUT_ENV):
        return CONNECT_TIMEOUT, READ_TIMEOUT, settings.REQUEST_DEADLINE
    read = settings.seconds(settings.TIMEOUT_ENV, READ_TIMEOUT)
    slack = settings.REQUEST_DEADLINE - settings.READ_TIMEOUT
    return min(CONNECT_TIMEOUT, read), read, read + slack


def env_url(name: str, default: str) -> str:
    """An http(s) base URL with a host from variable `name` (else `default`), no trailing /."""
    raw = settings.env(name)
    url = (raw or default).rstrip("/")
    if _origin(url) is None:
        raise UsageError(
            f"{name}={settings.quote(raw, 80)} is not an http(s) URL with a host; "
            f"unset it or give one like {default}"
        )
    return url


def same_origin(url: str, other: str) -> bool:
    """Whether two URLs have the same scheme, host and port (a URL that does not parse: no)."""
    origin = _origin(url)
    return origin is not None and origin == _origin(other)


def _origin(url: str) -> tuple[str, str, int] | None:
    try:
        parts = urlsplit(url)
        scheme, host, port = parts.scheme.lower(), parts.hostname, parts.port
    except ValueError:  # a bad IPv6 literal or port
        return None
    if scheme not in PORTS or not host:
        return None
    return scheme, host, port or PORTS[scheme]


@dataclass
class Http:
    """A session shared by every source during one update: its deadline, caps and counts.

    The update's deadline (LOSSTRACK_DEADLINE, else settings.UPDATE_DEADLINE) starts here.
    """

    request_count: int = 0
    byte_count: int = 0
    _session: requests.Session = field(default_factory=requests.Session)
    _seconds: float = field(init=False)
    _ends: float = field(init=False)

    def __post_init__(self) -> None:
        self._seconds = settings.seconds(settings.DEADLINE_ENV, settings.UPDATE_DEADLINE)
        self._ends = time.monotonic() + self._seconds
        adapter = Adapter()
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
        left = self._ends - time.monotonic()
        if left <= 0:
            raise UpstreamError(f"{where}: the update gave up after {self._seconds:g} s")
        late = (
            f"the update gave up after {self._seconds:g} s"
            if left < budget
            else f"timed out, no complete answer within {budget:g} s"
        )
        self.request_count += 1
        with Watch(min(budget, left)) as watch:
            try:
                body = self._follow(url, params, watch, (connect, read))
            except (OSError, HTTPException) as exc:  # requests' errors are OSErrors
                if watch.late():
                    raise UpstreamError(f"{where}: {late}") from None
                raise UpstreamError(f"{where}: {_reason(exc)}") from None
            if watch.expired:  # the body looked whole only because its socket was shut
                raise UpstreamError(f"{where}: {late}")
        return body

    def _follow(
        self, url: str, params: dict[str, Any] | None, watch: Watch, timeout: tuple[float, float]
    ) -> bytes:
        """The body at `url`, following at most MAX_REDIRECTS redirects on its origin."""
        asked = url
        for _ in range(settings.MAX_REDIRECTS + 1):
            with self._answer(url, params, watch, timeout) as resp:
                location = resp.headers.get("Location")
                if resp.status_code not in REDIRECTS or not location:
                    return self._body(resp, _short(asked))
            try:
                url, params = urljoin(url, location), None
            except ValueError:
                url = location
            if not same_origin(url, asked):
                raise UpstreamError(
                    f"{_short(asked)}: redirected to another origin ({settings.quote(url, 100)})"
                )
        raise UpstreamError(f"{_short(asked)}: more than {settings.MAX_REDIRECTS} redirects")

    def _answer(
        self, url: str, params: dict[str, Any] | None, watch: Watch, timeout: tuple[float, float]
    ) -> requests.Response:
        """One answer, retried for 429/5xx (and once when no connection could be made)."""
        for retry in range(1, len(BACKOFF) + 2):
            left = max(watch.left(), 0.001)
            try:
                limits = (min(timeout[0], left), min(timeout[1], left))
                resp = self._session.get(
                    url, params=params, timeout=limits, stream=True, allow_redirects=False
                )
            except requests.exceptions.ConnectionError as exc:
                if retry > 1 or watch.late() or not _not_connected(exc):
                    raise
                continue  # no retry after a read timeout: it would only spend the deadline
            if resp.status_code not in RETRY_STATUSES or retry > len(BACKOFF):
                return resp
            pause = _pause(resp, retry)
            if pause >= watch.left():  # never sleep past the deadline
                return resp
            resp.close()
            time.sleep(pause)
        raise AssertionError("unreachable: the last try returns or raises")

    def _body(self, resp: requests.Response, where: str) -> bytes:
        """A 200 answer's body, within the answer's and the update's byte caps."""
        if resp.status_code != 200:
            reason = f"HTTP {resp.status_code} {clean_text(resp.reason or '')}".strip()
            raise (NotFound if resp.status_code == 404 else UpstreamError)(f"{where}: {reason}")
        cap = min(settings.MAX_RESPONSE_BYTES, settings.MAX_UPDATE_BYTES - self.byte_count)
        declared = resp.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > cap:
            raise self._over(where, int(declared))
        body = bytearray()
        for chunk in resp.iter_content(CHUNK):
            body += chunk
            self.byte_count += len(chunk)
            if len(body) > cap:
                raise self._over(where, len(body))
        return bytes(body)

    def _over(self, where: str, size: int) -> UpstreamError:
        if size > settings.MAX_RESPONSE_BYTES:
            cap = f"{settings.MAX_RESPONSE_BYTES:,} bytes per answer"
        else:
            cap = f"{settings.MAX_UPDATE_BYTES:,} bytes for all answers of an update"
        return UpstreamError(f"{where}: the body is over the size cap of {cap}")


def _pause(resp: requests.Response, retry: int) -> float:
    """Seconds before retry number `retry`: Retry-After (capped), else the backoff."""
    raw = resp.headers.get("Retry-After")
    if raw:
        try:
            return min(max(Retry(0).parse_retry_after(raw), 0.0), RETRY_AFTER_CAP)
        except (InvalidHeader, ValueError, OverflowError):
            pass
    return BACKOFF[retry - 1]


def _not_connected(exc: requests.exceptions.ConnectionError) -> bool:
    """Whether no connection was made (refused, not resolved, connect timeout)."""
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(exc, requests.exceptions.ConnectTimeout) or isinstance(
        reason, ConnectTimeoutError
    )


def _short(url: str) -> str:
    try:
        parts = urlsplit(url)
        shown = f"{parts.netloc}{parts.path}"
    except ValueError:
        shown = url
    return clean_text(shown)[: settings.MAX_QUOTE]  # a next_url comes from the network


def _reason(exc: BaseException) -> str:
    if isinstance(exc, requests.exceptions.Timeout):
        return "timed out"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return "the body was cut off"
    if not isinstance(exc, requests.exceptions.ConnectionError):
        return type(exc).__name__
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
