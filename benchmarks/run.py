"""Start-up benchmarks: each command as a whole process, next to its import floor.

    python benchmarks/run.py [--runs N] [--output BENCHMARKS.md]

Medians of N runs (default 15) on the bundled dataset, in a throw-away data directory.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
LOSSTRACK = [PY, "-m", "losstrack"]
CASES = [
    ("losstrack --help", [*LOSSTRACK, "--help"], "import typer", 2.0),
    ("losstrack show", [*LOSSTRACK, "show"], "import pandas, typer, rich.table", 1.5),
    ("losstrack show tanks", [*LOSSTRACK, "show", "tanks"], "import pandas, typer, rich.table", 1.5),
    ("losstrack diff --since 2023-03-15", [*LOSSTRACK, "diff", "--since", "2023-03-15"],
     "import pandas, typer, rich.table", 1.5),
]  # fmt: skip


def median_seconds(command: list[str], runs: int, env: dict[str, str]) -> float:
    """Median wall time of `command` over `runs` runs, after one warm-up run."""
    times = []
    for attempt in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
        )
        if attempt:
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--output", type=Path, help="also write the table to this Markdown file")
    args = parser.parse_args()
    env = {**os.environ, "LOSSTRACK_DATA_DIR": tempfile.mkdtemp(), "NO_COLOR": "1"}
    lines = [
        "# Benchmarks",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}.",
        f"Command: `python benchmarks/run.py --runs {args.runs}`; medians of {args.runs} runs.",
        "",
        "| command | seconds | floor | floor seconds | ratio | target |",
        "|---|---:|---|---:|---:|---:|",
    ]
    floors: dict[str, float] = {}
    for name, command, floor, target in CASES:
        if floor not in floors:
            floors[floor] = median_seconds([PY, "-c", floor], args.runs, env)
        seconds = median_seconds(command, args.runs, env)
        ratio = seconds / floors[floor]
        mark = "ok" if ratio <= target else "MISSED"
        lines.append(f"| `{name}` | {seconds:.3f} | `python -c \"{floor}\"` | {floors[floor]:.3f} "
                     f"| {ratio:.2f}x | <= {target}x {mark} |")  # fmt: skip
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
