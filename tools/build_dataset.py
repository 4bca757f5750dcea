"""Build a dataset from a saved API history (a JSON array of API records).

This is how `data/losses.csv` is made (a maintainer's script, not part of the installed package):
    python tools/build_dataset.py ../shared/reference/russianwarship/api-history.json data/losses.csv
"""

from __future__ import annotations

import sys
from pathlib import Path

from losstrack.errors import DataError, LosstrackError
from losstrack.sources.payload import decode_json


def build(history: bytes, name: str) -> bytes:
    """API history bytes -> canonical dataset bytes."""
    from losstrack.dataset import merge, store
    from losstrack.sources import api

    payload = decode_json(history, name)
    if not isinstance(payload, list):
        raise DataError(f"{name}: expected a JSON array of API records")
    warnings: list[str] = []
    records = [api.parse_record(item, name, warnings) for item in payload]
    if len({r.day for r in records}) != len(records):
        raise DataError(f"{name}: a date appears twice")
    return store.to_csv(merge.records_frame(records))


def main(argv: list[str] | None = None) -> int:
    """`python tools/build_dataset.py HISTORY.json OUT.csv`."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python tools/build_dataset.py HISTORY.json OUT.csv", file=sys.stderr)
        return 2
    source, target = Path(args[0]), Path(args[1])
    try:
        data = build(source.read_bytes(), source.name)
    except (OSError, LosstrackError) as exc:
        print(f"build_dataset: error: {exc}", file=sys.stderr)
        return 4
    target.write_bytes(data)
    reports = data.count(b"\n") - 1
    print(f"wrote {target} ({reports} reports)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
