"""Expected failures, each carrying the exit code documented in the README."""

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of the `losstrack` command."""

    OK = 0
    FINDINGS = 1  # `check --strict` found something
    NOTHING_NEW = 1  # `update --exit-code` stored nothing new: FINDINGS's value, as `git diff`
    USAGE = 2
    UPSTREAM = 3
    DATA = 4
    INTERRUPTED = 130  # SIGINT (Ctrl-C): 128 + 2
    TERMINATED = 143  # SIGTERM: 128 + 15
    INTERNAL = 70  # a bug: sysexits' EX_SOFTWARE


class LosstrackError(Exception):
    """Base of every error the CLI reports as one line instead of a traceback."""

    exit_code: ExitCode = ExitCode.DATA


class UsageError(LosstrackError):
    """The user asked for something that cannot be: unknown category, bad date, bad range."""

    exit_code = ExitCode.USAGE


class UpstreamError(LosstrackError):
    """An upstream could not be reached or did not answer with usable data."""

    exit_code = ExitCode.UPSTREAM


class NotFound(UpstreamError):
    """An upstream answered HTTP 404: the file or record is not there."""


class DataError(LosstrackError):
    """Data failed validation: a damaged local dataset or an upstream record."""

    exit_code = ExitCode.DATA


class StorageError(DataError):
    """The data directory cannot be read or written."""


class Terminated(BaseException):
    """SIGTERM arrived: a BaseException, like KeyboardInterrupt, so no `except Exception` eats it."""

    exit_code = ExitCode.TERMINATED
