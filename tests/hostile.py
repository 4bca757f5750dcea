"""The project's hostile HTTP server: raw sockets on 127.0.0.1, misbehaving on purpose; and
hostile text (markup, escape sequences, control characters) with the check that it is inert.

Each behaviour answers one request on its own connection, in the API's wire shape (from
tests/fakes.py) where it answers at all. Everything is bounded: at most MAX_CONNECTIONS
connections, every loop bounded in count and checking the stop event, and the whole server
stops when the `with` block (the test) ends, or after LIFETIME seconds.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

from . import fakes

MAX_CONNECTIONS = 200
LIFETIME = 180.0  # seconds: longer than any test's documented bound
MAX_REQUEST = 64 * 1024
FIRST_DAY = date(2022, 2, 25)
CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"


@dataclass
class Exchange:
    """One request on its connection, and what a behaviour may do with it."""

    conn: socket.socket
    target: str  # the request target: path and query
    base: str  # http://127.0.0.1:PORT
    stop: threading.Event
    ends: float  # time.monotonic() when the server stops anyway

    @property
    def path(self) -> str:
        """The target's path."""
        return urlsplit(self.target).path

    def arg(self, name: str, default: int = 0) -> int:
        """An integer query parameter."""
        values = parse_qs(urlsplit(self.target).query).get(name)
        return int(values[0]) if values and values[0].isdigit() else default

    def alive(self) -> bool:
        """Whether the server should go on (the test is not over)."""
        return not self.stop.is_set() and time.monotonic() < self.ends

    def pause(self, seconds: float) -> bool:
        """Wait `seconds`; False when the server is stopping."""
        return not self.stop.wait(seconds) and self.alive()

    def send(self, data: bytes) -> bool:
        """Send bytes; False when the client has gone or the server is stopping."""
        view = memoryview(data)
        while view:
            if not self.alive():
                return False
            try:
                view = view[self.conn.send(view) :]
            except TimeoutError:
                continue  # a client that stopped reading: check again whether to go on
            except OSError:
                return False
        return True

    def reply(
        self, body: bytes, status: str = "200 OK", headers: dict[str, str] | None = None
    ) -> bool:
        """A whole HTTP/1.1 answer (with Connection: close)."""
        return self.send(fakes.http_reply(body, status=status, headers=headers))


Behaviour = Callable[[Exchange], object]  # what it returns is not used


@dataclass
class Hostile:
    """Where a hostile server listens and the request targets it was sent."""

    url: str
    requests: list[str] = field(default_factory=list)


@contextlib.contextmanager
def hostile_server(behaviour: Behaviour) -> Iterator[Hostile]:
    """Serve `behaviour` on 127.0.0.1 (a port of its own) until the block ends."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)
    stop = threading.Event()
    ends = time.monotonic() + LIFETIME
    server = Hostile(f"http://127.0.0.1:{listener.getsockname()[1]}")
    handlers: list[threading.Thread] = []

    def handle(conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            conn.settimeout(5.0)
            target = _read_request(conn)
            conn.settimeout(0.25)  # a blocked send looks up every so often to see if to stop
            if target is not None:
                server.requests.append(target)
                behaviour(Exchange(conn, target, server.url, stop, ends))

    def go_on() -> bool:
        return not stop.is_set() and time.monotonic() < ends and len(handlers) < MAX_CONNECTIONS

    def take(conn: socket.socket) -> None:
        handlers.append(threading.Thread(target=handle, args=(conn,), daemon=True))
        handlers[-1].start()

    acceptor = threading.Thread(target=fakes.accept_loop, args=(listener, go_on, take), daemon=True)
    acceptor.start()
    try:
        yield server
    finally:
        stop.set()
        acceptor.join(5)
        listener.close()
        for handler in handlers:
            handler.join(5)


def _read_request(conn: socket.socket) -> str | None:
    """The target of the request's first line, once its head has arrived."""
    head = b""
    while b"\r\n\r\n" not in head and len(head) < MAX_REQUEST:
        chunk = conn.recv(4096)
        if not chunk:
            return None
        head += chunk
    parts = head.split(b"\r\n", 1)[0].decode("latin-1").split()
    return parts[1] if len(parts) == 3 else None


# -- the API's shape --------------------------------------------------------------------------


def day_of(offset: int) -> date:
    """The report date of the endless history's record number `offset`."""
    return FIRST_DAY + timedelta(days=offset)


def page_body(ex: Exchange, offset: int, *, pad: int = 0) -> bytes:
    """A `statistics` page of one record, next_url to the next offset, padded with spaces."""
    link = f"{ex.base}/api/v2/statistics?offset={{}}&limit=1"
    paging = {
        "prev_url": link.format(offset - 1) if offset else None,
        "next_url": link.format(offset + 1),
        "total_items": offset + 2,
    }
    data = {"paging": paging, "records": [fakes.api_record(day_of(offset))]}
    body = json.dumps({"message": fakes.SUCCESS, "data": data}).encode()
    return body[:-1] + b" " * pad + b"}"  # whitespace is valid JSON: a fat, usable page


def latest_body(offset: int = 0) -> bytes:
    """`statistics/latest` answering the record of `offset`."""
    record = fakes.api_record(day_of(offset))
    data: dict[str, Any] = {k: v for k, v in record.items() if k not in ("stats", "increase")}
    data["war_status"] = fakes.WAR_STATUS
    data["stats"], data["increase"] = record["stats"], record["increase"]
    return json.dumps({"message": fakes.SUCCESS, "data": data}).encode()


def api_body(ex: Exchange, pad: int = 0) -> bytes:
    """What the API would answer to this request: the latest record or a page."""
    if ex.path.endswith("/statistics/latest"):
        return latest_body()
    return page_body(ex, ex.arg("offset"), pad=pad)


# -- behaviours -------------------------------------------------------------------------------


def drip_headers(every: float) -> Behaviour:
    """A status line, then a header a byte every `every` s that never ends (10,000 at most)."""

    def behave(ex: Exchange) -> None:
        if not ex.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Drip: "):
            return
        for _ in range(10_000):
            if not ex.pause(every) or not ex.send(b"a"):
                return

    return behave


def drip_body(every: float) -> Behaviour:
    """Headers of a valid answer at once, then its body a byte every `every` s."""

    def behave(ex: Exchange) -> None:
        reply = fakes.http_reply(api_body(ex))
        head, body = reply.split(b"\r\n\r\n", 1)
        if not ex.send(head + b"\r\n\r\n"):
            return
        for byte in body[:10_000]:
            if not ex.pause(every) or not ex.send(bytes([byte])):
                return

    return behave


def continue_flood() -> Behaviour:
    """`100 Continue` interim answers, as fast as the client takes them, never the answer."""

    def behave(ex: Exchange) -> None:
        for _ in range(1_000_000):  # about 2.5 GB: far more than a test's seconds allow
            if not ex.alive() or not ex.send(CONTINUE * 100):
                return

    return behave


def slow_status(after: float, status: str = "503 Service Unavailable") -> Behaviour:
    """Every request answered `status`, after `after` seconds."""

    def behave(ex: Exchange) -> None:
        if ex.pause(after):
            ex.reply(b'{"message": "Server Error"}', status=status)

    return behave


def redirect_loop(delay: float) -> Behaviour:
    """302 to the same path with the next `hop`, after `delay` seconds: a loop on one origin."""

    def behave(ex: Exchange) -> None:
        if ex.pause(delay):
            location = f"{ex.path}?hop={ex.arg('hop') + 1}"
            ex.reply(b"", status="302 Found", headers={"Location": location})

    return behave


def redirect_to(base: str) -> Behaviour:
    """302 to the same target on another origin."""

    def behave(ex: Exchange) -> None:
        ex.reply(b"", status="302 Found", headers={"Location": base + ex.target})

    return behave


def endless_pages(delay: float) -> Behaviour:
    """Valid pages of one record each, every one with a next_url to a fresh offset, slowly."""

    def behave(ex: Exchange) -> None:
        if ex.pause(delay):
            ex.reply(api_body(ex))

    return behave


def fat_pages(size: int, *, declare: bool = True) -> Behaviour:
    """Endless valid pages of about `size` bytes each; without Content-Length unless `declare`."""

    def behave(ex: Exchange) -> None:
        body = api_body(ex, pad=size)
        if declare:
            ex.reply(body)
            return
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
        for at in range(0, len(body), 1 << 20):  # read until the connection closes
            if not ex.alive() or not ex.send(
                (head if at == 0 else b"") + body[at : at + (1 << 20)]
            ):
                return

    return behave


# -- hostile text -----------------------------------------------------------------------------

# Rich markup, an emoji code, SGR and OSC escape sequences, a bell and a bidi override.
MARKUP = "[red]MARKUP[/red]:warning:"
LINK = f"https://example.org/{MARKUP}/\x1b[31mSGR\x1b]0;TITLE\x07\u202eBIDI"
LINK_STORED = f"https://example.org/{MARKUP}/[31mSGR]0;TITLEBIDI"
BAD_KEYS = ("[bold red]KEY[/bold red]", "\x1b[31mesc", "bell\x07", "Spaced Key", "tab\tkey")
SGR = re.compile(r"\x1b\[[0-9;]*m")  # Rich's own colours and bold on a terminal
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def hostile_history() -> list[dict[str, Any]]:
    """The synthetic API history; its last week has a new category, bad keys and bad links."""
    records = fakes.api_history(fakes.synthetic_days())
    for record in records[-7:]:
        record["stats"]["naval_drones"] = record["day"] - 1640
        for key in BAD_KEYS:
            record["stats"][key] = 1
        record["resource"] = LINK
    return records


@functools.cache
def hostile_dataset() -> bytes:
    """The dataset an update from the hostile history writes (computed once)."""
    from losstrack.dataset import merge, store
    from losstrack.sources import api

    parsed = [api.parse_record(r, "test", []) for r in hostile_history()]
    return store.to_csv(merge.records_frame(parsed))


def assert_inert(text: str, terminal: bool = False) -> str:
    """No escape sequence or control character but Rich's own styling; returns the plain text."""
    plain = SGR.sub("", text) if terminal else text
    assert "\x1b" not in plain
    assert CONTROL.search(plain) is None, repr(CONTROL.search(plain))
    return plain
