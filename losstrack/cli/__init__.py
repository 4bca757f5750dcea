"""The command line: arguments, choosing the output, and mapping errors to exit codes.

Heavy modules (pandas, requests, rich) are imported inside the commands, so that `--help`
and shell completion stay fast. Each module of this package registers its commands on `app`.
"""

from losstrack.cli import (  # one module per command, each registering it on `app`
    card,
    categories,
    chart,
    check,
    cite,
    compare,
    corrections,
    diff,
    export,
    info,
    milestones,
    show,
    summary,
    top,
    undo,
    update,
)
from losstrack.cli.base import app

__all__ = ["app", "main"]
COMMAND_MODULES = (card, categories, chart, check, cite, compare, corrections, diff, export, info,
                   milestones, show, summary, top, undo, update)  # fmt: skip


def main() -> None:
    """Entry point of the `losstrack` command."""
    import signal

    from losstrack.errors import Terminated

    def terminate(_signum: int, _frame: object) -> None:
        raise Terminated  # unwinds like Ctrl-C: the lock is released, temp files removed

    if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:  # an ignored SIGTERM stays ignored
        signal.signal(signal.SIGTERM, terminate)
    app()
