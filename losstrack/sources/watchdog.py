"""A request's wall-clock deadline, enforced from any thread by shutting its sockets down.

Per-socket timeouts only bound silence: a server dripping a byte at a time, or sending
interim `100 Continue` answers forever, is stopped only by shutting the socket down under
the blocked read. The connection classes register every socket of the request in flight.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError

_local = threading.local()  # the watch of the request this thread has in flight


class Watch:
    """A request's deadline: at it, a timer shuts down the request's sockets from any thread.

    Per-socket timeouts only bound silence; a server dripping a byte at a time, or sending
    interim answers forever, is stopped by shutting its socket down under the blocked read.
    """

    def __init__(self, seconds: float) -> None:
        self.ends = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._outer: Watch | None = None

    def __enter__(self) -> Watch:
        self._outer, _local.watch = getattr(_local, "watch", None), self
        self._timer.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._timer.cancel()
        _local.watch = self._outer

    def left(self) -> float:
        """Seconds until the deadline (0 when past it)."""
        return max(0.0, self.ends - time.monotonic())

    def late(self) -> bool:
        """Whether the deadline has passed."""
        return self.expired or time.monotonic() >= self.ends

    def add(self, sock: socket.socket | None) -> None:
        """Watch a socket of this request (shut it down at once when already late)."""
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    # The base class's shutdown: on an SSLSocket, SSLSocket.shutdown would drop its TLS state
    # under the thread reading it. A wrapped (detached) raw socket raises EBADF: nothing to do.
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _watch(sock: socket.socket | None) -> None:
    watch: Watch | None = getattr(_local, "watch", None)
    if watch is not None:
        watch.add(sock)


class _Conn(HTTPConnection):
    """urllib3's connection, its socket watched, refusing to connect past the deadline."""

    def _new_conn(self) -> socket.socket:
        watch: Watch | None = getattr(_local, "watch", None)
        if watch is not None and watch.late():
            raise ConnectTimeoutError(self, "the request's deadline has passed")
        sock = super()._new_conn()
        _watch(sock)  # now, so that a TLS handshake is watched too
        return sock

    def request(self, *args: Any, **kwargs: Any) -> None:
        _watch(self.sock)  # a kept-alive connection from an earlier request
        super().request(*args, **kwargs)


class _SecureConn(_Conn, HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        _watch(self.sock)  # the TLS socket that replaced the raw one


class _Pool(HTTPConnectionPool):
    ConnectionCls = _Conn


class _SecurePool(HTTPSConnectionPool):
    ConnectionCls = _SecureConn


class Adapter(HTTPAdapter):
    """No urllib3 retries (Http does its own), and pools of watched connections."""

    def __init__(self) -> None:
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _Pool, "https": _SecurePool}

    def proxy_manager_for(self, proxy: str, **kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **kwargs)
        manager.pool_classes_by_scheme = {"http": _Pool, "https": _SecurePool}
        return manager
