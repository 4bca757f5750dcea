"""`chart --output`: a title saying what and whose, the date of the data, the last value, the
partial period and the marks drawn, small multiples, --size/--dpi/--title, SVG text as text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from losstrack import i18n
from losstrack.analysis.points import at
from losstrack.dataset import store
from losstrack.render import plot

from .images import png_size, texts
from .procs import run

pytest.importorskip("matplotlib")

from losstrack.render import chart as images

AS_OF = date(2026, 8, 31)


def panel(category: str, daily: bool = False, by: str = "day", since: str | None = None,
          until: str | None = None) -> plot.Series:  # fmt: skip
    points = plot.series(store.load().frame, category, daily, by)
    first, last = (date.fromisoformat(d) if d else None for d in (since, until))
    return plot.between(points, first, last)


def drawn(*panels: plot.Series, lang: str = "en") -> list[str]:
    """The figure's own texts (the title, the line under it, the source) first, then the rest."""
    with i18n.using(lang):
        figure = images.figure(list(panels), AS_OF)
        figure.canvas.draw()  # lays out the tick labels too
        own = [t.get_text() for t in figure.texts]
        return own + [t for t in texts(figure) if t not in own]


def test_title_says_what_and_whose_with_the_date_of_the_data() -> None:
    shown = drawn(panel("tanks"))
    assert shown[0] == "Russian tanks lost, as reported by the General Staff of Ukraine"
    assert shown[1] == "Total, 2022-02-25..2026-08-31; data as of 2026-08-31"
    assert "12,316" in shown  # the last value, on the plot
    assert "Source: General Staff of the Armed Forces of Ukraine (losstrack)" in shown
    assert "a one-day glitch of the source left out" in shown  # 3,794 on 2023-05-27


@pytest.mark.slow  # an image
def test_in_ukrainian() -> None:
    shown = drawn(panel("tanks"), lang="uk")
    assert shown[0] == "Танки: втрати Росії за даними Генерального штабу ЗСУ"
    assert shown[1] == "Усього, 2022-02-25..2026-08-31; дані станом на 2026-08-31"
    assert "12\u00a0316" in shown
    assert "одноденний збій джерела пропущено" in shown


@pytest.mark.slow  # an image
def test_a_partial_period_is_drawn_apart() -> None:
    weekly = panel("tanks", daily=True, by="week", since="2026-06-01")
    assert weekly.partial
    assert weekly.bars
    with i18n.using("en"):
        figure = images.figure([weekly], AS_OF)
    bars = figure.axes[0].patches
    assert bars[-1].get_hatch() == "///"
    assert bars[-2].get_hatch() is None
    assert bars[-1].get_facecolor() != bars[-2].get_facecolor()
    assert "partial week, to 2026-08-31" in drawn(weekly)
    assert "+5" in drawn(weekly)  # the partial week so far
    yearly = panel("uav", by="year")
    with i18n.using("en"):
        lines = images.figure([yearly], AS_OF).axes[0].get_lines()
    assert [line.get_linestyle() for line in lines[:2]] == ["-", "--"]  # the last segment dashed
    assert lines[1].get_label() == "partial year, to 2026-08-31"


def test_a_correction_is_marked_where_the_total_fell() -> None:
    points = panel("special_equipment", since="2024-11-01", until="2024-12-31")
    assert [points.dates[i].isoformat() for i in points.falls] == ["2024-11-30"]
    assert "correction: the total fell" in drawn(points)
    monthly = panel("special_equipment", by="month", since="2024-09-01", until="2025-12-31")
    assert [monthly.dates[i].isoformat() for i in monthly.falls] == ["2024-11-30", "2025-10-31"]


def test_marks_go_to_the_point_whose_figure_holds_them() -> None:
    days = [date(2024, 1, 7), date(2024, 1, 14), date(2024, 1, 21)]
    assert at(days, [date(2024, 1, 7), date(2024, 1, 9), date(2024, 1, 30)]) == (0, 1)
    daily = panel("tanks", daily=True, since="2023-05-20", until="2023-06-05")
    assert [daily.dates[i].isoformat() for i in daily.glitches] == ["2023-05-28"]  # spans it


@pytest.mark.slow  # an image of many panels
def test_small_multiples_share_the_time_axis(tmp_path: Path) -> None:
    target = tmp_path / "three.png"
    result = run("chart", "tanks", "artillery", "uav", "--output", str(target))
    assert (result.exit_code, result.stderr) == (0, f"losstrack: wrote {target}\n")
    assert png_size(target.read_bytes()) == (1200, 675)
    shown = drawn(panel("tanks"), panel("artillery"), panel("uav"))
    assert shown[0] == "Russian losses, as reported by the General Staff of Ukraine"
    assert {"Tanks", "Artillery systems", "UAVs (operational-tactical)"} <= set(shown)
    assert {"12,316", "48,883", "490,402"} <= set(shown)
    with i18n.using("en"):
        axes = images.figure([panel("tanks"), panel("uav")], AS_OF).axes
    assert axes[0].get_shared_x_axes().joined(axes[0], axes[1])


@pytest.mark.parametrize(
    ("size", "dpi"), [("800x450", "100"), pytest.param("1600x900", "200", marks=pytest.mark.slow)]
)
def test_size_in_pixels_at_any_dpi(tmp_path: Path, size: str, dpi: str) -> None:
    target = tmp_path / "c.png"
    assert run("chart", "tanks", "--size", size, "--dpi", dpi, "-o", str(target)).exit_code == 0
    assert png_size(target.read_bytes()) == tuple(int(side) for side in size.split("x"))


def test_svg_keeps_its_text_as_text(tmp_path: Path) -> None:
    target = tmp_path / "c.svg"
    args = ["chart", "tanks", "--title", "Tanks & <more> $x$", "-o", str(target)]
    assert run(*args).exit_code == 0
    svg = target.read_text(encoding="utf-8")
    assert "Tanks &amp; &lt;more&gt; $x$" in svg  # as typed: escaped, no mathtext
    assert "data as of 2026-08-31" in svg
    assert "12,316" in svg
    assert "font-family" in svg
    assert "DejaVu Sans" in svg


def test_the_terminal_chart_by_year() -> None:
    result = run("chart", "tanks", "--daily", "--by", "year")
    assert result.exit_code == 0
    assert "Tanks: change per year, 2022-12-31..2026-08-31 (last year partial)" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["tanks", "uav"], "the terminal chart shows one category; chart several as small "
                           "multiples with --output FILE.png"),
        (["tanks", "--size", "800x450"], "--size need --output (an image)"),
        (["tanks", "--title", "x", "--dpi", "90"], "--title, --dpi need --output (an image)"),
        (["tanks", "-o", "c.png", "--size", "800"], "--size '800': use WIDTHxHEIGHT in pixels, "
                                                   "each 200 to 8000, e.g. 1200x675"),
        (["tanks", "-o", "c.png", "--size", "100x100"], "--size '100x100': use WIDTHxHEIGHT"),
        (["tanks", "-o", "c.png", "--dpi", "10"], "Invalid value for '--dpi'"),
        (["tanks", "-o", "c.png", "--title", " "], "--title: give 1 to 200 characters"),
        (["tanks", "afv", "mlrs", "uav", "aircraft", "artillery", "pow", "srbm", "warships",
          "-o", "c.png"], "9 categories: one image charts 8 at most"),
    ],
)  # fmt: skip
def test_usage_errors_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("chart", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("losstrack: error: ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []
