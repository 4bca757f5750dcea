"""Terminals: every figure whole at 80x24 and 40x20, ASCII where the stream needs it, no escapes
without colour. Each case is a real process on a pseudo-terminal with its window size set;
the cases of a run start together, four at a time, before the first test looks at its own.
By default one case (Ukrainian in ASCII on a terminal); every case with `-m slow`.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from losstrack.cli.ascii import asciify

from .procs import Shown, cli_env, on_terminal, run, run_cli

pytestmark = pytest.mark.xdist_group("terminal")  # `started` runs the module's jobs at once
TEXTS = Path(__file__).parent / "texts"
BIG, SMALL = (80, 24), (40, 20)
ESCAPE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")
# A figure as a whole token: a number (grouped, signed, decimal), a date or a period label,
# with the marks after it; not digits inside a word or a path.
FIGURE = re.compile(r"(?<![\w/.-])[+-]?\d+(?:[,.]\d+)*(?:-W?\d+)*[†‡§*≈]*(?![\w/])")
ASCII_FIGURE = re.compile(r"(?<![\w/.-])[+-]?\d+(?:[,.]\d+)*(?:-W?\d+)*[+#$~*]*(?![\w/])")
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
SIX = ["personnel", "tanks", "afv", "artillery", "uav", "vehicles"]
TABLES = [
    ["show"], ["show", *SIX, "--last", "3"], ["show", "tanks"], ["diff", "--days", "7"],
    ["summary"], ["top", "tanks"], ["top", "uav", "--by", "week"], ["milestones", "tanks"],
    ["compare", "--by", "week", "--periods", "2", "uav"], ["compare"], ["categories"], ["info"],
    ["corrections", "--since", "2024-01-01"], ["check", "--since", "2025-01-01"],
    ["undo", "--list"], ["update", "--text", str(TEXTS / "en-page.txt"), "--dry-run"],
]  # fmt: skip
# A process each, a second or more: every one with `-m slow`.


@dataclass(frozen=True)
class Job:
    """One process: its arguments, a terminal of this size (or a pipe), extra environment."""

    args: tuple[str, ...]
    size: tuple[int, int] | None = BIG
    env: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        where = "pipe" if self.size is None else "{}x{}".format(*self.size)
        extra = " ".join(f"{k}={v}" for k, v in self.env)
        return " ".join(filter(None, [*self.args[:4], where, extra]))


Run = Callable[[Job], Shown]


@pytest.fixture(scope="module")
def data_dir_for_all() -> Iterator[Path]:
    """One empty data directory (so the bundled dataset) for every process of the module."""
    with tempfile.TemporaryDirectory(prefix="losstrack-terminal-") as scratch:
        yield Path(scratch) / "data"


@pytest.fixture(scope="module")
def started(request: pytest.FixtureRequest, data_dir_for_all: Path) -> Iterator[Run]:
    """Every job of the selected tests of this module, started four at a time."""
    jobs = set()
    for item in request.session.items:
        if isinstance(item, pytest.Function) and item.module is request.module:
            job = getattr(item, "callspec", None) and item.callspec.params.get("job")
            if isinstance(job, Job):
                jobs.add(job)
    with ThreadPoolExecutor(4) as pool:
        futures: dict[Job, Future[Shown]] = {
            job: pool.submit(_execute, job, data_dir_for_all) for job in jobs
        }
        yield lambda job: futures[job].result()


def _execute(job: Job, data: Path) -> Shown:
    env = cli_env(LOSSTRACK_DATA_DIR=str(data), LOSSTRACK_TODAY="2026-09-01",
                  TERM="xterm-256color", LOSSTRACK_API_URL="http://127.0.0.1:9/api/v2",
                  LOSSTRACK_GITHUB_URL="http://127.0.0.1:9/data")  # fmt: skip
    for name in ("COLUMNS", "LINES", "NO_COLOR", "LOSSTRACK_LANG", "PYTHONIOENCODING", "LC_ALL"):
        env.pop(name, None)
    env.update(job.env)
    if job.size is None:
        done = run_cli(list(job.args), env)  # stdout is what the figures are compared with
        return Shown(done.code, (done.stdout + done.stderr).encode(), done.stdout)
    return on_terminal(list(job.args), env, size=job.size)


@pytest.fixture
def same_data(monkeypatch: pytest.MonkeyPatch, data_dir_for_all: Path) -> None:
    """The in-process runs read the same data directory as the processes (info shows it)."""
    monkeypatch.setenv("LOSSTRACK_DATA_DIR", str(data_dir_for_all))


def screen(shown: Shown) -> str:
    """What the terminal showed, without escape sequences."""
    return ESCAPE.sub("", shown.text)


def assert_fits(text: str, size: tuple[int, int]) -> None:
    wide = [line for line in text.splitlines() if len(line) > size[0]]
    assert not wide, f"lines wider than {size[0]} columns: {wide}"


def assert_whole(figures: Counter[str], shown: Counter[str]) -> None:
    """Every figure is on screen, whole, at least as often as piped."""
    missing = {f: n for f, n in figures.items() if shown[f] < n}
    assert not missing, f"figures not shown whole: {missing}"


def _cases() -> Iterator[object]:
    for args in TABLES:
        for size in (BIG, SMALL):
            job = Job(tuple(args), size)
            yield pytest.param(job, id=str(job), marks=pytest.mark.slow)


@pytest.mark.usefixtures("same_data")
@pytest.mark.parametrize("job", list(_cases()))
def test_every_figure_is_whole_on_a_terminal(started: Run, job: Job) -> None:
    piped = run(*job.args)
    assert piped.exit_code == 0, piped.stderr
    plain = piped.stdout + piped.stderr
    shown = started(job)
    text = screen(shown)

    assert shown.code == 0, text
    assert_fits(text, job.size or BIG)
    assert_whole(Counter(FIGURE.findall(plain)), Counter(FIGURE.findall(text)))
    assert not re.search(r"\d…|…\d", text)
    records = run(*job.args, "--format", "csv").stdout
    on_screen = {f.rstrip("†‡§*≈") for f in FIGURE.findall(text)}
    for column in _csv_columns_shown(records, plain):
        assert all(any(s in on_screen for s in value) for value in column), column


def _csv_columns_shown(text: str, plain: str) -> Iterator[list[list[str]]]:
    """The csv's integer and date columns whose every value the plain table shows."""
    bare = {f.rstrip("†‡§*≈") for f in FIGURE.findall(plain)}
    records = list(csv.DictReader(io.StringIO(text)))
    for key in records[0] if records else []:
        column = [_spellings(r[key]) for r in records if r[key]]
        if column and all(v and any(s in bare for s in v) for v in column):
            yield column


def _spellings(value: str) -> list[str]:
    """How a table may write a csv value: 1040 as 1,040 or +1,040; a date as it is."""
    if ISO.fullmatch(value):
        return [value]
    if re.fullmatch(r"-?\d+", value):
        number = int(value)
        return [f"{number:,}", f"{number:+,}"]
    return []


@pytest.mark.slow
@pytest.mark.parametrize(
    "job", [Job(("chart", "tanks"), BIG), Job(("chart", "tanks"), SMALL)], ids=str
)
def test_a_chart_fits_the_terminal_and_keeps_its_title(started: Run, job: Job) -> None:
    from losstrack.dataset import store
    from losstrack.render import plot

    title = plot.series(store.read(store.bundled_path()), "tanks", False, "day").title
    shown = started(job)
    text = screen(shown)

    assert shown.code == 0, text
    assert_fits(text, job.size or BIG)
    top = next(line.strip() for line in text.splitlines() if line.strip())
    assert top == title or (top.endswith("…") and title.startswith(top[:-1]) and len(top) > 20)


ASCII_CASES = [("show", "tanks"), ("show",), ("summary", "--lang", "uk")]


def _ascii_jobs() -> Iterator[object]:
    # By default the last (Ukrainian) on a terminal; `-m slow` each on a pipe and a terminal.
    for n, args in enumerate(ASCII_CASES):
        on_pipe = Job(args, None, (("PYTHONIOENCODING", "ascii"),))
        on_pty = Job(args, BIG, (("LC_ALL", "C"),))
        for job in (on_pipe, on_pty):
            fast = job is on_pty and n == len(ASCII_CASES) - 1
            yield pytest.param(job, id=str(job), marks=() if fast else pytest.mark.slow)


@pytest.mark.usefixtures("same_data")
@pytest.mark.parametrize("job", list(_ascii_jobs()))
def test_a_stream_that_cannot_encode_gets_the_same_figures_in_ascii(started: Run, job: Job) -> None:
    piped = run(*job.args)
    assert piped.exit_code == 0, piped.stderr
    shown = started(job)

    assert shown.code == 0, shown.text
    assert shown.raw.isascii(), shown.text
    expected = Counter(ASCII_FIGURE.findall(asciify(piped.stdout)))
    figures = Counter(ASCII_FIGURE.findall(screen(shown)))
    if job.size is None:
        assert figures == expected
    else:
        assert_whole(expected, figures)
    if "uk" in job.args:
        assert "Rosiia" in shown.text  # Росія, transliterated, not question marks


NO_COLOUR = [(("NO_COLOR", "1"),), (("TERM", "dumb"),)]


@pytest.mark.parametrize(
    "job",
    # A process each: both commands both ways with -m slow.
    [
        pytest.param(Job(args, SMALL, env), marks=pytest.mark.slow)
        for args in (("show",), ("chart", "tanks"))
        for env in NO_COLOUR
    ],
    ids=str,
)
def test_no_colour_and_dumb_terminals_get_no_escapes(started: Run, job: Job) -> None:
    shown = started(job)

    assert shown.code == 0, shown.text
    assert b"\x1b" not in shown.raw
    assert_fits(shown.text, SMALL)
