"""Benchmarks: each command as a whole process, next to its floor measured in the same run.

    python benchmarks/run.py [--runs N] [--output BENCHMARKS.md]

Start-up on the bundled data against the import floors; `update` against a local replay server
(the recorded API history from ../shared/reference when it is there, else a synthetic one):
requests, bytes, seconds; growth on synthetic datasets with 100x the rows and 10x the
categories; the peak memory (RSS) of every command. Times are medians of N runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference" / "russianwarship" / "api-history.json"
BUNDLED = ROOT / "data" / "losses.csv"
PY = sys.executable
LOSSTRACK = [PY, "-m", "losstrack"]
VIEW_FLOOR = "import pandas, typer, rich.table"
UPDATE_FLOOR = "import pandas, typer, rich.table, requests"
# What a command cannot start without: the CLI's typer and rich, pandas for the data, and the
# library of its output (every floor names all of them, so the ratio is the command's own work).
PLOT_FLOOR = "import pandas, typer, rich.table, matplotlib.pyplot"
EXPORT_FLOOR = "import pandas, typer, rich.table, sqlite3"
VIEWS = [
    ("losstrack show", ["show"]),
    ("losstrack show tanks", ["show", "tanks"]),
    ("losstrack diff --since 2023-03-15", ["diff", "--since", "2023-03-15"]),
]
SUCCESS = "The data were fetched successfully."
# A parent between us and the command: its peak RSS is the command's alone.
MEASURE = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)\n"
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
)


# -- measuring ------------------------------------------------------------------------------


def seconds_once(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )
    return time.perf_counter() - start


def median_seconds(command: list[str], runs: int, env: dict[str, str]) -> float:
    """Median wall time of `command` over `runs` runs, after one warm-up run."""
    seconds_once(command, env)
    return statistics.median(seconds_once(command, env) for _ in range(runs))


def peak_mib(command: list[str], env: dict[str, str]) -> float:
    """Peak resident memory of one run of `command`, in MiB."""
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "rss"
        subprocess.run([PY, "-c", MEASURE, str(out), *command], env=env, check=True)
        return int(out.read_text()) / 1024  # Linux: kilobytes


# -- the replay server ----------------------------------------------------------------------


def history() -> tuple[list[dict[str, Any]], str]:
    """The API's daily history: the recorded one, else synthetic records with the same dates."""
    if REFERENCE.is_file():
        return json.loads(REFERENCE.read_bytes()), "the recorded API history (reference)"
    records = []
    for n in range(1649):
        day = date(2022, 2, 25) + timedelta(days=n)
        if day != date(2022, 2, 26):
            stats = {"personnel_units": 900 * n + 3200, "tanks": 7 * n + 80, "mlrs": n + 3,
                     "planes": n // 4 + 10, "uav_systems": 297 * n}  # fmt: skip
            records.append({"date": day.isoformat(), "day": n + 2, "stats": stats,
                            "increase": dict.fromkeys(stats, 0)})  # fmt: skip
    return records, "a synthetic history of 1,648 days (no reference data here)"


class Replay:
    """What the replay server serves and what it counted."""

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.records = records
        self.requests = 0
        self.bytes = 0

    def answer(self, url: str, host: str) -> bytes:
        parts = urlsplit(url)
        if parts.path.endswith("/statistics/latest"):
            return json.dumps({"message": SUCCESS, "data": self.records[-1]}).encode()
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        offset, limit = int(query.get("offset", 0)), min(int(query.get("limit", 50)), 50)
        since, until = query.get("date_from", ""), query.get("date_to", "9999")
        chosen = [r for r in reversed(self.records) if since <= r["date"] <= until]
        more = {k: query[k] for k in ("date_from", "date_to") if k in query}
        following = urlencode({**more, "offset": offset + limit, "limit": limit})
        paging = {
            "next_url": f"http://{host}/api/v2/statistics?{following}"
            if offset + limit < len(chosen)
            else None,
            "total_items": len(chosen),
        }
        data = {"paging": paging, "records": chosen[offset : offset + limit]}
        return json.dumps({"message": SUCCESS, "data": data}).encode()


@contextmanager
def replay_server(replay: Replay) -> Iterator[str]:
    """Serve `replay` on a local port; yields the API's base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = replay.answer(self.path, self.headers.get("Host", ""))
            replay.requests += 1
            replay.bytes += len(body)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/v2"
    finally:
        server.shutdown()
        server.server_close()


# -- synthetic datasets ---------------------------------------------------------------------


def many_rows(path: Path, factor: int) -> int:
    """The bundled header, `factor` times as many consecutive days, every cell filled."""
    header = BUNDLED.read_text().split("\n", 1)[0]
    width = header.count(",") - 2
    rows = len(BUNDLED.read_text().splitlines()) - 1
    count = rows * factor
    with path.open("w") as out:
        out.write(header + "\n")
        day = date(2022, 2, 25)
        for n in range(count):
            cells = ",".join(str(n * (k + 1) + k) for k in range(width))
            out.write(f"{(day + timedelta(days=n)).isoformat()},{cells},api,\n")
    return count


def many_categories(path: Path, factor: int) -> int:
    """The bundled rows with `factor` times as many categories (new ones after the known)."""
    lines = BUNDLED.read_text().splitlines()
    width = lines[0].count(",") - 2
    extras = width * (factor - 1)
    names = [f"extra_{k:03d}" for k in range(extras)]
    with path.open("w") as out:
        head, meta = lines[0].rsplit(",", 2)[0], "source,link"
        out.write(",".join([head, *names, meta]) + "\n")
        for n, line in enumerate(lines[1:]):
            front, source, link = line.rsplit(",", 2)
            cells = ",".join(str(n * 3 + k) for k in range(extras))
            out.write(f"{front},{cells},{source},{link}\n")
    return width + extras


# -- the report ------------------------------------------------------------------------------


def ratio_cell(value: float, floor: float, target: float) -> str:
    ratio = value / floor
    return f"{ratio:.2f}x | <= {target}x {'ok' if ratio <= target else 'MISSED'}"


def paired(
    command: list[str], floor: list[str], runs: int, env: dict[str, str]
) -> tuple[float, float, float]:
    """Medians of `command`, of `floor`, and of their ratio, measured pair by pair: each run
    of the command right after one of its floor, so that a noisy moment hits both alike."""
    seconds_once(floor, env)
    seconds_once(command, env)
    pairs = [(seconds_once(floor, env), seconds_once(command, env)) for _ in range(runs)]
    return (statistics.median(c for _, c in pairs), statistics.median(f for f, _ in pairs),
            statistics.median(c / f for f, c in pairs))  # fmt: skip


CHART_FLOOR = "import pandas, typer, rich.table, plotext"
LOAD_FLOOR = f"import pandas; pandas.read_csv({str(BUNDLED)!r})"
HEAVY = ("pandas", "numpy", "requests", "rich", "typer", "matplotlib")


def cases(scratch: Path) -> list[tuple[str, list[str], str, float]]:
    """(name, arguments of `python`, floor, target): every view, the API, export and card."""
    card = str(scratch / "card.png")
    views = [*VIEWS, ("losstrack summary", ["summary"]), ("losstrack top tanks", ["top", "tanks"]),
             ("losstrack compare", ["compare"]), ("losstrack milestones tanks", ["milestones", "tanks"]),
             ("losstrack check", ["check"]), ("losstrack corrections", ["corrections"]),
             ("losstrack categories", ["categories"]), ("losstrack info", ["info"])]  # fmt: skip
    found = [("losstrack --help", [*LOSSTRACK, "--help"], "import typer", 2.0)]
    found += [(name, [*LOSSTRACK, *args], VIEW_FLOOR, 1.3) for name, args in views]
    found += [("losstrack chart tanks", [*LOSSTRACK, "chart", "tanks"], CHART_FLOOR, 1.3)]
    found += [("python -c \"import losstrack; losstrack.load()\"",
               [PY, "-c", "import losstrack; losstrack.load()"], LOAD_FLOOR, 1.2)]  # fmt: skip
    found += [("losstrack export --to sqlite FILE",
               [*LOSSTRACK, "export", "--to", "sqlite", str(scratch / "x.db"), "--force"],
               EXPORT_FLOOR, 1.5)]  # fmt: skip
    found += [("losstrack card --date 2023-03-16 --output FILE.png",
               [*LOSSTRACK, "card", "--date", "2023-03-16", "--output", card], PLOT_FLOOR, 1.5)]  # fmt: skip
    return found


def light_import(env: dict[str, str]) -> str:
    """What `import losstrack` loads of the heavy libraries (it should be none)."""
    probe = f"import sys, losstrack; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([PY, "-c", probe], env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip() or "none"


def startup(
    runs: int, env: dict[str, str], scratch: Path, only: str | None = None
) -> tuple[list[str], dict[str, float]]:
    """Each command against its floor, pair by pair; `only`: the cases whose name holds it."""
    chosen = [case for case in cases(scratch) if only is None or only in case[0]]
    lines = [
        "## Start-up on the bundled data (1,648 reports, 17 categories)",
        "",
        f'`python -c "import losstrack"` imports of {", ".join(HEAVY)}: **{light_import(env)}**.',
        "",
        "Each command is timed right after its floor, pair by pair; the ratio is the median of "
        "the pairs' ratios. A floor imports what the command cannot start without: typer and "
        "rich (the CLI), pandas (the data), and the library of its output (plotext, sqlite3, "
        "matplotlib).",
        "",
        "| command | seconds | floor | floor seconds | ratio | target | peak RSS |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    measured = {}
    for name, command, floor, target in chosen:
        seconds, floor_seconds, ratio = paired(command, [PY, "-c", floor], runs, env)
        measured[name] = seconds
        verdict = "ok" if ratio <= target else "MISSED"
        lines.append(
            f'| `{name}` | {seconds:.3f} | `python -c "{floor}"` | {floor_seconds:.3f} '
            f"| {ratio:.2f}x | <= {target}x {verdict} | {peak_mib(command, env):.0f} MiB |"
        )
    return lines, measured


def update_costs(runs: int, env: dict[str, str], scratch: Path) -> list[str]:
    records, what = history()
    replay = Replay(records[:-1])
    floor = median_seconds([PY, "-c", UPDATE_FLOOR], runs, env)
    lines = [
        f"## `losstrack update` against a local replay server ({what})",
        "",
        "Requests and bytes (response bodies) as the server counted them; seconds are medians "
        f"of {runs} runs, each on a fresh copy of the data directory.",
        "",
        "| case | requests | bytes | seconds | ratio to floor | peak RSS | target |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    with replay_server(replay) as url:
        env = {**env, "LOSSTRACK_API_URL": url, "LOSSTRACK_GITHUB_URL": "http://127.0.0.1:9/x"}
        # The full update starts from a dataset of the first report alone, so that it
        # writes the whole history (a first update is now laid over the bundled data).
        before: Path | None = scratch / "first-report"
        before.mkdir()
        bundled = (ROOT / "data" / "losses.csv").read_bytes().split(b"\n")
        (before / "losses.csv").write_bytes(b"\n".join(bundled[:2]) + b"\n")
        cases = [
            (
                "full: `update --full --force` from one report",
                records[:-1],
                "-",
                ["--full", "--force"],
            ),
            ("+1 day", records, "<= 2 requests, <= 20 KB", []),
            ("nothing new", records, "<= 2 requests, <= 20 KB", []),
        ]
        for name, served, target, flags in cases:
            replay.records = served
            times, work = [], scratch / "update-work"
            for attempt in range(runs + 1):
                shutil.rmtree(work, ignore_errors=True)
                if before is not None:
                    shutil.copytree(before, work)
                replay.requests = replay.bytes = 0
                seconds = seconds_once(
                    [*LOSSTRACK, "update", *flags], {**env, "LOSSTRACK_DATA_DIR": str(work)}
                )
                if attempt:
                    times.append(seconds)
            requests, size = replay.requests, replay.bytes
            kept = scratch / f"after-{len(lines)}"
            shutil.copytree(work, kept)
            shutil.rmtree(work)
            if before is not None:
                shutil.copytree(before, work)
            rss = peak_mib([*LOSSTRACK, "update", *flags], {**env, "LOSSTRACK_DATA_DIR": str(work)})
            seconds = statistics.median(times)
            met = (
                "" if target == "-" else (" ok" if requests <= 2 and size <= 20_000 else " MISSED")
            )
            lines.append(
                f"| {name} | {requests} | {size:,} | {seconds:.3f} | {seconds / floor:.2f}x "
                f"| {rss:.0f} MiB | {target}{met} |"
            )
            before = kept
    lines.append(f'| floor `python -c "{UPDATE_FLOOR}"` | | | {floor:.3f} | | | |')
    return lines


def growth(runs: int, env: dict[str, str], scratch: Path, real: dict[str, float]) -> list[str]:
    lines = [
        "## Growth: the same commands on bigger synthetic datasets",
        "",
        "| dataset | command | seconds | on the real data | ratio | target | peak RSS |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for label, make, factor in (("rows", many_rows, 100), ("categories", many_categories, 10)):
        directory = scratch / f"growth-{label}"
        directory.mkdir()
        size = make(directory / "losses.csv", factor)
        what = f"{size:,} rows" if label == "rows" else f"{size} categories"
        big = {**env, "LOSSTRACK_DATA_DIR": str(directory)}
        for name, args in VIEWS:
            seconds = median_seconds([*LOSSTRACK, *args], runs, big)
            lines.append(
                f"| {factor}x {label} ({what}) | `{name}` | {seconds:.3f} | {real[name]:.3f} "
                f"| {ratio_cell(seconds, real[name], 3.0)} "
                f"| {peak_mib([*LOSSTRACK, *args], big):.0f} MiB |"
            )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--output", type=Path, help="also write the report to this Markdown file")
    parser.add_argument("--only", help="time only the start-up cases whose name holds this")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="losstrack-bench-"))
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "LOSSTRACK_DATA_DIR": str(scratch / "empty"), "NO_COLOR": "1",
           "PYTHONPATH": path}  # fmt: skip
    started = time.monotonic()
    if args.only:
        try:
            sys.stdout.write("\n".join(startup(args.runs, env, scratch, args.only)[0]) + "\n")
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return 0
    try:
        first, real = startup(args.runs, env, scratch)
        lines = [
            "# Benchmarks",
            "",
            f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}.",
            f"Command: `python benchmarks/run.py --runs {args.runs}`; every figure below is "
            f"from this one run; times are medians of {args.runs} runs after a warm-up.",
            "",
            *first,
            "",
            *update_costs(args.runs, env, scratch),
            "",
            *growth(args.runs, env, scratch, real),
        ]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    lines += ["", f"(The whole run took {time.monotonic() - started:.0f} s.)"]
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
