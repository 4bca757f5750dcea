"""`losstrack info`: where the data lives and what it holds."""

from __future__ import annotations

from typing import Any

from losstrack import __version__
from losstrack.cli.base import app, emit, load_dataset
from losstrack.cli.options import FormatOpt
from losstrack.i18n import Message


@app.command(epilog="Example: losstrack info")
def info(fmt: FormatOpt = None) -> None:
    """Where the data lives, how much there is, and where the latest report came from."""
    from datetime import datetime

    from losstrack.analysis import coverage
    from losstrack.dataset import store
    from losstrack.views import info as views

    dataset = load_dataset()
    changed = datetime.fromtimestamp(dataset.path.stat().st_mtime).astimezone()
    facts: dict[str, Any] = {
        "version": __version__,
        "data_directory": str(store.data_dir()),
        "dataset": str(dataset.path),
        "bundled": dataset.bundled,
        "last_changed": Message("(bundled: run `losstrack update`)")
        if dataset.bundled
        else changed.isoformat(timespec="seconds"),
    }
    facts.update(coverage.dataset_facts(dataset.frame))
    emit(views.info(facts), fmt)
