"""The data directory's files: what may be read or replaced, atomic writes, and the lock.

Every file losstrack keeps (the dataset, its logs, the lock) must be a regular file, so that
nothing can block (a FIFO), be silently replaced (a device, a socket) or be left half done.
A symbolic link to a regular file is honoured: reads follow it, and a write goes *through* it,
replacing the link's target atomically in the target's own directory, so the link stays a
link and its target gets the update. A dangling link, or one to anything but a regular file,
is refused. The lock file is stricter: it must be a regular file of the current user, never a
link, because it is opened for writing. Every refusal and every OSError is a StorageError
(exit 4) naming the path.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from losstrack.errors import StorageError

if TYPE_CHECKING:
    import filelock

Notice = Callable[[str], None]
_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
# OSErrors that come from the file system even when they carry no file name (a write()).
_STORAGE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO})


def os_error(doing: str, path: Path | str, exc: OSError) -> StorageError:
    """The one-line StorageError of an OSError: `<doing> <path>: <reason>`."""
    return StorageError(f"{doing} {path}: {exc.strerror or exc}")


def from_file_system(exc: OSError) -> StorageError | None:
    """What an OSError means when it came from the file system, else None (then it is a bug)."""
    if exc.filename is not None:
        return os_error("cannot use", exc.filename, exc)
    if exc.errno in _STORAGE_ERRNOS:
        return StorageError(f"the file system failed: {exc.strerror or exc}")
    return None


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def check_regular(path: Path) -> bool:
    """Whether a regular file (or a link to one) is at `path`; False if nothing; else refuse."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise os_error("cannot use", path, exc) from None
    if stat.S_ISLNK(info.st_mode):
        try:
            info = os.stat(path)
        except FileNotFoundError:
            target = os.readlink(path)
            raise StorageError(
                f"{path} is a symbolic link to {target}, which does not exist"
            ) from None
        except OSError as exc:
            raise os_error("cannot follow the symbolic link", path, exc) from None
        if not stat.S_ISREG(info.st_mode):
            target = os.path.realpath(path)
            raise StorageError(
                f"{path} is a symbolic link to {target}, which is {_kind(info.st_mode)}, "
                "not a regular file"
            )
        return True
    if not stat.S_ISREG(info.st_mode):
        raise StorageError(f"{path} is {_kind(info.st_mode)}, not a regular file; move it away")
    return True


def read_if_exists(path: Path) -> bytes | None:
    """The bytes of the regular file at `path`, None if there is none; never blocks on a FIFO."""
    if not check_regular(path):
        return None
    try:
        # O_NONBLOCK: should a FIFO be swapped in after the check, open() must not wait for it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None  # removed since the check
    except OSError as exc:
        raise os_error("cannot read", path, exc) from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise StorageError(f"{path} is not a regular file")
        try:
            return handle.read()
        except OSError as exc:
            raise os_error("cannot read", path, exc) from None


# -- the lock ---------------------------------------------------------------------------------


def check_lock(path: Path) -> None:
    """Refuse a lock file that losstrack did not make: a link, not a regular file, not ours."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise os_error("cannot use lock file", path, exc) from None
    if stat.S_ISLNK(info.st_mode):
        raise StorageError(
            f"lock file {path} is a symbolic link; remove it (losstrack makes its own)"
        )
    if not stat.S_ISREG(info.st_mode):
        raise StorageError(
            f"lock file {path} is {_kind(info.st_mode)}, not a regular file; remove it"
        )
    if info.st_uid != os.geteuid():
        raise StorageError(
            f"lock file {path} belongs to another user (uid {info.st_uid}); remove it"
        )
    try:
        os.close(os.open(path, os.O_RDWR | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC))
    except OSError as exc:
        raise StorageError(
            f"lock file {path} cannot be opened for writing: {exc.strerror}; remove it"
        ) from None


def _to_stderr(message: str) -> None:
    sys.stderr.write(f"losstrack: {message}\n")
    sys.stderr.flush()


@contextlib.contextmanager
def locked(path: Path, notice: Notice | None = None) -> Iterator[None]:
    """Hold the dataset's lock (`<file>.lock`); a second writer waits, saying so, for the first."""
    lock = _acquire(Path(f"{path}.lock"), notice or _to_stderr)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):  # closing the descriptor releases the lock anyway
            lock.release()


def _acquire(path: Path, notice: Notice) -> filelock.BaseFileLock:
    import filelock

    from losstrack import settings

    check_lock(path)
    timeout = settings.LOCK_TIMEOUT
    quiet = min(settings.LOCK_NOTICE, timeout)
    lock = filelock.FileLock(path)
    try:
        try:
            lock.acquire(timeout=quiet)
        except filelock.Timeout:
            notice(f"waiting for {path}, held by another losstrack update...")
            lock.acquire(timeout=timeout - quiet)
    except filelock.Timeout:
        raise StorageError(
            f"{path} is still held by another losstrack update after {timeout:g} s; "
            "try again when it has finished"
        ) from None
    except OSError as exc:
        raise os_error("cannot lock", path, exc) from None
    return lock


# -- writing ----------------------------------------------------------------------------------


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` atomically (temp file, fsync, rename), through a symlink."""
    target = Path(os.path.realpath(path)) if check_regular(path) and path.is_symlink() else path
    _remove_stale_temps(target)
    try:
        mode = os.stat(target).st_mode & 0o777 if target.exists() else 0o644
    except OSError as exc:
        raise os_error("cannot use", target, exc) from None
    with _signals_deferred():
        _replace(target, data, mode)


def _replace(path: Path, data: bytes, mode: int) -> None:
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise os_error("cannot write in", path.parent, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise os_error("cannot write", path, exc) from None
        raise
    try:
        fsync_dir(path.parent)
    except OSError as exc:
        raise os_error("cannot sync", path.parent, exc) from None


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block is done, then deliver them: no write is cut."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; Python runs them there only, too
        return
    caught: list[int] = []

    def hold(signum: int, _frame: Any) -> None:
        caught.append(signum)

    previous = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        handler = signal.getsignal(signum)
        if handler is not None:  # None: set outside Python, which could not be restored
            previous[signum] = signal.signal(signum, hold)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if caught:
            signal.raise_signal(caught[0])  # now the old handler (or default action) runs


def _remove_stale_temps(path: Path) -> None:
    # Only the lock holder writes, so any temp file left here is from a killed process.
    pattern = re.compile(rf"\.{re.escape(path.name)}\..+\.tmp")
    with contextlib.suppress(OSError):
        for leftover in path.parent.iterdir():
            if pattern.fullmatch(leftover.name):
                with contextlib.suppress(OSError):
                    leftover.unlink()


def fsync_dir(directory: Path) -> None:
    """Make a rename in `directory` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
