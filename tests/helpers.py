"""Helpers for running the CLI in-process and comparing with golden files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from losstrack.cli import app

EXPECTED = Path(__file__).parent / "expected"


def run(*args: str, stdin: str | None = None) -> Result:
    """Invoke `losstrack ARGS` in-process."""
    return CliRunner().invoke(app, list(args), input=stdin)


def golden(request: pytest.FixtureRequest, name: str, text: str) -> None:
    """Compare `text` with tests/expected/NAME, or rewrite it under --regen-golden."""
    path = EXPECTED / name
    if request.config.getoption("--regen-golden"):
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"missing golden file {path}; run pytest --regen-golden"
    assert text == path.read_text(encoding="utf-8")


def seed_dataset(data_dir: Path, api_records: list[dict[str, Any]]) -> Path:
    """Write a user dataset holding exactly these API records (as an update would store them).

    The first update lays the upstream over the bundled data, so a test that wants a dataset
    of synthetic reports only writes it here, through the package's own parser and writer.
    """
    from losstrack.dataset import merge, store
    from losstrack.sources import api

    warnings: list[str] = []
    parsed = [api.parse_record(r, "seed", warnings) for r in api_records]
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / store.FILENAME
    store.write_atomic(path, store.to_csv(merge.records_frame(parsed)))
    return path
