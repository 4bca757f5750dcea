"""Terminal rendering: Rich tables on a terminal, and upstream text never acting as markup."""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import pytest
from rich.console import Console

from losstrack.dataset import store
from losstrack.render import layout
from losstrack.render import terminal as render
from losstrack.sources import api
from losstrack.views import show as views
from losstrack.views.view import View

from .procs import run

HOSTILE = "https://example.org/[red]boom[/red]"
DATASET = (
    f"date,tanks,naval_drones,source,link\n2026-09-01,10,3,api,\n2026-09-02,12,5,api,{HOSTILE}\n"
).encode()


@pytest.fixture(autouse=True)
def _colour(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests look at a colour terminal."""
    monkeypatch.delenv("NO_COLOR", raising=False)


def terminal(width: int = 100) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=width, color_system="truecolor"), out


def test_markup_in_a_link_is_shown_literally_on_a_terminal() -> None:
    frame = store.parse(DATASET, "x.csv")
    console, out = terminal()
    console.print(render.table(views.latest(frame)))
    text = out.getvalue()
    assert "[red]boom[/red]" in text
    assert "\x1b[31mboom" not in text
    assert "naval_drones" in text


def test_markup_in_a_link_is_shown_literally_when_piped(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / store.FILENAME).write_bytes(DATASET)
    result = run("show")
    assert result.exit_code == 0, result.stderr
    assert f"Source: api ({HOSTILE})" in result.stdout
    assert "\x1b" not in result.stdout


def test_escape_sequences_and_controls_never_reach_the_dataset() -> None:
    record = api.parse_record(
        {"date": "2026-09-01", "stats": {"tanks": 1},
         "resource": "https://example.org/\x1b[31mred\x07\u202e"},
        "test", [],
    )  # fmt: skip
    assert record.link == "https://example.org/[31mred"


def test_a_link_with_spaces_or_a_foreign_scheme_is_dropped() -> None:
    for link in ("https://example.org/a b", "javascript:alert(1)", "ftp://example.org/x", 42):
        record = api.parse_record(
            {"date": "2026-09-01", "stats": {"tanks": 1}, "resource": link}, "test", []
        )
        assert record.link == ""


def test_decreases_are_highlighted_on_a_terminal() -> None:
    frame = store.read(store.bundled_path())
    selected = frame.loc["2024-11-29":"2024-11-30"].index
    console, out = terminal()
    console.print(render.table(views.history(frame, ["special_equipment"], selected)))
    assert re.search(r"\x1b\[33m *-83‡\x1b\[0m", out.getvalue())


def test_progress_bar_reports_on_its_console() -> None:
    console, out = terminal()
    with render.progress(console, "fetching reports") as advance:
        advance(50, 100)
        advance(100, 100)
    assert "fetching reports" in out.getvalue()


FIGURE = re.compile(r"(?<![\w/.-])[+-]?\d+(?:[,.]\d+)*(?:-W?\d+)*[†‡§*≈]*(?![\w/])")


def narrow_views() -> list[View]:
    from losstrack.views import categories, compare, diff

    frame = store.read(store.bundled_path())
    six = ["personnel", "tanks", "afv", "artillery", "uav", "vehicles"]
    return [
        views.latest(frame),
        views.history(frame, six, frame.index[-3:]),
        views.history(frame, ["artillery"], frame.loc["2022-02-24":"2022-02-28"].index),
        diff.diff(frame, frame.index[-8], frame.index[-1], []),
        categories.categories(frame),
        compare.compare(frame, ["uav"], "week", 2),
    ]


@pytest.mark.parametrize("width", [24, 40, 66, 120])
def test_a_table_keeps_every_figure_whole_and_within_the_width(width: int) -> None:
    from losstrack.render import text as output

    for view in narrow_views():
        console, out = terminal(width)
        console.print(render.table(view), crop=False)
        shown = re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue())
        lines = shown.splitlines()
        assert max(map(len, lines)) <= width, (view.title, width)
        plain = output.to_text(view)
        shown_figures = Counter(FIGURE.findall(shown))
        assert all(shown_figures[f] >= n for f, n in Counter(FIGURE.findall(plain)).items())
        assert "…" not in shown


def test_widths_narrow_prose_and_never_a_figure() -> None:
    # (natural, least with whole words, least): two figures and a prose column
    needs = [(10, 10, 10), (6, 6, 6), (40, 12, 8)]
    assert layout.widths(needs, 80) == [10, 6, 40]
    assert layout.widths(needs, 34) == [10, 6, 14]
    assert layout.widths(needs, 28) == [10, 6, 8]
    assert layout.widths(needs, 27) is None


def test_ascii_keeps_figures_and_distinct_marks_and_transliterates() -> None:
    from losstrack.cli.ascii import asciify

    assert asciify("+49† –  -83‡ 7§ 1\u00a0040 … → ±") == "+49+ -  -83# 7$ 1 040 ... -> +/-"
    assert asciify("▁▂▃▄▅▆▇█ ─│┌") == "_.:-=+*# -|+"
    # KMU 2010: initial є/ї/й/ю/я, зг, the apostrophe, capitals and abbreviations
    assert asciify("Єнакієве Їжакевич Йосипівка Юрій Яготин") == (
        "Yenakiieve Yizhakevych Yosypivka Yurii Yahotyn"
    )
    assert asciify("Згорани, м'ясо, Щербухи, РСЗВ, засоби ППО") == (
        "Zghorany, miaso, Shcherbukhy, RSZV, zasoby PPO"
    )
    assert asciify("Росія втратила").isascii()
