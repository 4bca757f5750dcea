"""`chart`: fits the terminal, no colour escapes unless asked, images with the plot extra."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import pytest

from losstrack.dataset import store
from losstrack.render import plot

from .procs import cli_env, run, run_cli


def test_weekly_changes_fit_80_by_24(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "24")
    result = run("chart", "personnel", "--daily", "--by", "week")
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert len(lines) == 23  # one line left for the prompt
    assert max(len(line) for line in lines) <= 80
    assert "\x1b" not in result.stdout
    assert "Personnel: change per week, 2022-02-27..2026-08-31 (last week partial)" in lines[0]
    assert "2026-08-31" in lines[-2]  # the last date on the x axis
    assert "10,000┤" in result.stdout


@pytest.mark.parametrize(("columns", "rows"), [(60, 15), (120, 40)])
def test_the_chart_follows_the_terminal_size(
    monkeypatch: pytest.MonkeyPatch, columns: int, rows: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setenv("LINES", str(rows))
    lines = run("chart", "tanks", "--since", "2026-01-01").stdout.splitlines()
    assert len(lines) == rows - 1
    assert max(len(line) for line in lines) == columns  # the frame spans the width
    assert all(line == line.rstrip() for line in lines)


def test_colour_only_on_request() -> None:
    points = plot.series(store.load().frame, "tanks", daily=False, by="day")
    assert "\x1b[" in plot.terminal(points, colour=True)
    assert "\x1b[" not in plot.terminal(points, colour=False)


def test_series_are_totals_or_changes_per_day_or_period() -> None:
    frame = store.load().frame
    daily = plot.series(frame, "personnel", daily=True, by="day")
    assert (daily.dates[0].isoformat(), daily.values[0]) == ("2022-02-27", 750.0)  # 1,500 / 2 days
    monthly = plot.series(frame, "tanks", daily=True, by="month")
    assert monthly.values[:2] == [191.0, 423.0]  # Feb 2022 from 0, then March
    totals = plot.between(plot.series(frame, "tanks", False, "week"), None, None)
    assert (totals.values[-1], totals.partial, totals.bars) == (12316.0, True, False)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_output_png(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    target = tmp_path / "c.png"
    result = run("chart", "tanks", "--output", str(target))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"losstrack: wrote {target}\n"
    width, height = png_size(target.read_bytes())
    assert width > 0
    assert height > 0


@pytest.mark.slow  # an image; test_chart_image covers SVG
def test_output_svg(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    target = tmp_path / "c.svg"
    assert run("chart", "uav", "--daily", "--by", "month", "-o", str(target)).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<?xml")
    assert "<svg" in text


def test_output_without_the_plot_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` fail
    result = run("chart", "tanks", "--output", str(tmp_path / "c.png"))
    assert result.exit_code == 2
    assert result.stderr == (
        "losstrack: error: --output needs matplotlib: pip install 'losstrack[plot]'\n"
    )
    assert not (tmp_path / "c.png").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--output", "c.jpg"], "--output 'c.jpg': the file must end in .png or .svg"),
        (["--since", "2030-01-01"], "no tanks figures between 2030-01-01 and the end"),
        (["--since", "2024-01-02", "--until", "2024-01-01"], "--since 2024-01-02 is after"),
    ],
)
def test_chart_usage_errors(args: list[str], message: str) -> None:
    result = run("chart", "tanks", *args)
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.slow  # an image
def test_unwritable_output_is_a_storage_error(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    result = run("chart", "tanks", "--output", str(tmp_path / "missing" / "c.png"))
    assert result.exit_code == 4
    assert result.stderr.startswith(f"losstrack: error: cannot write in {tmp_path}")


@pytest.mark.slow
@pytest.mark.parametrize("args", [["personnel", "--by", "year"], ["tanks", "--daily"]])
def test_the_same_data_draws_the_same_chart_in_every_process(args: list[str]) -> None:
    # plotext orders its labels through a set: the hash seed, new in every process, moved them.
    env = cli_env(COLUMNS="80", LINES="24", LOSSTRACK_DATA_DIR="/nonexistent/losstrack")
    drawn = {run_cli(["chart", *args], {**env, "PYTHONHASHSEED": str(seed)}).stdout
             for seed in range(6)}  # fmt: skip
    assert len(drawn) == 1
