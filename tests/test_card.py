"""`card`: the share image of one report, its figures those of `summary`, at each size."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from losstrack import i18n, registry, settings
from losstrack.dataset import store
from losstrack.views import card as card_views

from .images import clashes, png_size
from .procs import run

pytest.importorskip("matplotlib")

from losstrack.render import card as cards

SIZES = list(cards.SIZES)
# Each size in each language; by default the first in English and the last in Ukrainian.
SIZED = [pytest.param(size, lang, marks=() if (size, lang) in {(SIZES[0], "en"), (SIZES[-1], "uk")}
                      else pytest.mark.slow) for size in SIZES for lang in ("en", "uk")]  # fmt: skip


def card_of(day: str, lang: str = "en") -> card_views.Card:
    with i18n.using(lang):
        return card_views.card(store.load().frame, pd.Timestamp(day))


def drawn(day: str, lang: str = "en", size: str = "1200x675") -> list[str]:
    """The texts of the card of `day`, as matplotlib would draw them."""
    with i18n.using(lang):
        figure = cards.figure(card_of(day, lang), *cards.SIZES[size])
    assert clashes(figure) == []
    return [t.get_text() for t in figure.texts]


@pytest.mark.parametrize(("size", "lang"), SIZED)
def test_a_png_of_exactly_the_size(tmp_path: Path, size: str, lang: str) -> None:
    target = tmp_path / "card.png"
    result = run("card", "--date", "2023-03-16", "--size", size, "--lang", lang, "-o", str(target))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"losstrack: wrote {target}\n"
    width, height = (int(side) for side in size.split("x"))
    assert png_size(target.read_bytes()) == (width, height)


def test_the_figures_of_summary_and_the_day_of_the_invasion() -> None:
    texts = drawn("2023-03-16")
    summary = run("summary", "--date", "2023-03-16").stdout
    assert "162,560" in texts
    assert "162,560" in summary
    assert "+1,040" in texts
    assert "about 1,040 personnel" in summary
    assert (texts[texts.index("Tanks") + 1], texts[texts.index("Tanks") + 2]) == ("3,504", "+12")
    assert "Day 386 of the full-scale invasion" in texts  # 2022-02-24 is day 1
    assert "16 March 2023" in texts
    assert any("since the report of 15 March 2023" in t for t in texts)
    foot = " ".join(texts[-2:])
    assert "Source: General Staff of the Armed Forces of Ukraine." in foot
    assert "not independently verified" in foot
    assert not any(mark in t for t in texts for mark in "†‡§")  # an ordinary day: no marks


def test_ukrainian_labels_numbers_and_attribution() -> None:
    texts = drawn("2023-03-16", "uk")
    assert "162\u00a0560" in texts
    assert "+1\u00a0040" in texts
    assert "386-й день повномасштабного вторгнення" in texts
    assert "16 березня 2023" in texts
    assert "Особовий склад" in texts
    assert "Автомобільна техніка та автоцистерни" in " ".join(texts)  # on one line or two
    assert any("Генеральний штаб ЗСУ" in t for t in texts)
    assert any("не перевірено незалежно" in t for t in texts)


def test_a_correction_is_spelled_out() -> None:
    card = card_of("2024-11-30")
    falls = {t.category: (t.change, t.marks) for t in card.tiles if t.change < 0}
    assert falls == {"mlrs": (-2, "‡"), "special_equipment": (-83, "‡")}
    texts = drawn("2024-11-30")
    assert "-83‡" in texts
    assert any(t.startswith("‡ a correction: the General Staff lowered the total") for t in texts)


def test_a_change_over_a_missing_day_is_spelled_out() -> None:
    card = card_of("2022-02-27")
    assert (card.lead.change, card.lead.marks) == (1500, "†")
    assert card.notes == ["† change over more than one day: no report on 2022-02-26"]
    assert "+1,500†" in drawn("2022-02-27", size="1080x1350")


def test_a_glitch_left_out_is_spelled_out() -> None:
    after = card_of("2023-05-28")
    tanks = next(t for t in after.tiles if t.category == "tanks")
    assert (tanks.total, tanks.change, tanks.marks) == (3797, 1, "§")  # since 2023-05-26's 3,796
    assert after.notes == ["§ leaves out a one-day glitch of the source: Tanks 3,794 on 2023-05-27"]
    on = card_of("2023-05-27")
    tanks = next(t for t in on.tiles if t.category == "tanks")
    assert (tanks.total, tanks.change, tanks.marks) == (3796, 0, "§")  # 2023-05-26's, carried
    assert on.notes == ["Tanks 3,794 of 2023-05-27 is a one-day glitch of the source; left out"]
    assert on.notes[0] in drawn("2023-05-27", size="1200x630")


def worst() -> card_views.Card:
    """Every category, the longest labels, the largest totals and changes, every mark, a link."""
    big = settings.MAX_TOTAL
    names = [n for n in registry.NAMES if n != "personnel"] + ["x" * settings.MAX_NAME]
    tiles = [card_views.Tile(n, registry.label(n), big, big if k % 2 else -99_999, "†‡§")
             for k, n in enumerate(names)]  # fmt: skip
    notes = [
        "† change over more than one day: no report on 2022-02-26..2022-03-05",
        "‡ a correction: the General Staff lowered the total or revised an earlier figure",
        "§ leaves out a one-day glitch of the source: " + "; ".join(
            f"{t.label} 9,999,999 on 2024-11-29" for t in tiles[:3]) + "; and 4 more",
    ]  # fmt: skip
    lead = card_views.Tile("personnel", registry.label("personnel"), big, big, "†‡§")
    link = "https://example.org/" + "x" * settings.MAX_LINK
    return card_views.Card(
        date(2999, 12, 31), date(2999, 12, 30), 356_789, lead, tiles, notes, link
    )


@pytest.mark.parametrize(("size", "lang"), SIZED)
def test_nothing_overlaps_or_runs_off_at_the_bounds(size: str, lang: str) -> None:
    with i18n.using(lang):
        figure = cards.figure(worst(), *cards.SIZES[size])
        texts = [t.get_text() for t in figure.texts]
        assert texts.count(i18n.number(settings.MAX_TOTAL)) == 16  # personnel and 15 tiles
    assert clashes(figure) == []
    assert ("and 2 more" if lang == "en" else "і ще 2") in texts  # 17 others: 15 shown
    assert any(t.startswith("https://example.org/xxx") and t.endswith("…") for t in texts)


@pytest.mark.slow  # a card at each size
def test_the_latest_card_at_every_size_fits() -> None:
    for lang in ("en", "uk"):
        for size in SIZES:
            assert drawn("2026-08-31", lang, size)  # 14 categories, the longest labels


@pytest.mark.slow  # three cards
def test_lang_is_global_before_or_after_the_command(tmp_path: Path) -> None:
    before, after = tmp_path / "a.png", tmp_path / "b.png"
    assert run("--lang", "uk", "card", "-o", str(before)).exit_code == 0
    assert run("card", "--lang", "uk", "-o", str(after)).exit_code == 0
    assert before.read_bytes() == after.read_bytes()
    english = tmp_path / "c.png"
    assert run("card", "-o", str(english)).exit_code == 0
    assert english.read_bytes() != before.read_bytes()


def test_svg_keeps_its_text_and_a_file_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "card.svg"
    target.write_text("old")
    assert run("card", "--date", "2023-03-16", "-o", str(target)).exit_code == 0
    svg = target.read_text(encoding="utf-8")
    assert svg.startswith("<?xml")
    assert "162,560" in svg
    assert "Day 386" in svg
    assert [p.name for p in tmp_path.iterdir()] == ["card.svg"]  # no temp file left


def test_a_date_without_a_report_takes_the_one_before(tmp_path: Path) -> None:
    result = run("card", "--date", "2030-01-01", "-o", str(tmp_path / "c.png"))
    assert result.exit_code == 0
    assert result.stderr.startswith(
        "losstrack: no report on 2030-01-01; using the one of 2026-08-31"
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--size", "800x600"], 2, "Invalid value for '--size'"),
        (["--date", "2021-01-01"], 2, "--date 2021-01-01 is before the first report (2022-02-25)"),
        (["--date", "2022-02-25"], 2, "no report before 2022-02-25 to compare it with"),
        (["--date", "someday"], 2, "--date 'someday' is not a date"),
        (["-o", "card.jpg"], 2, "--output 'card.jpg': the file must end in .png or .svg"),
        (["-o", "missing/card.png"], 4, "cannot write in missing"),
        ([], 2, "Missing option '--output'"),
    ],
)
def test_errors_are_one_line_with_their_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], code: int, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    given = args if "-o" in args or not args else [*args, "-o", "c.png"]
    result = run("card", *given)
    assert result.exit_code == code
    assert result.stderr.startswith("losstrack: error: ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_without_matplotlib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` fail
    result = run("card", "-o", str(tmp_path / "c.png"))
    assert result.exit_code == 2
    assert (
        result.stderr == "losstrack: error: card needs matplotlib: pip install 'losstrack[plot]'\n"
    )
    assert not (tmp_path / "c.png").exists()


def test_help_imports_neither_pandas_nor_matplotlib() -> None:
    probe = ("import sys\nsys.argv = ['losstrack', 'card', '--help']\nfrom losstrack.cli import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in ('pandas', 'matplotlib') if m in sys.modules))\n")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[]"
    assert "--size WxH" in done.stdout
