"""The command line: arguments, choosing the output, and mapping errors to exit codes.

Heavy modules (pandas, requests, rich) are imported inside the commands, so that `--help`
and shell completion stay fast. Each module of this package registers its commands on `app`.
"""

from losstrack.cli import core, insight, trust
from losstrack.cli.base import app

__all__ = ["app", "core", "insight", "main", "trust"]


def main() -> None:
    """Entry point of the `losstrack` command."""
    app()
