"""The parser of the General Staff's report text: real and hand-written reports, and fuzzing.

(What it refuses, and how fast: test_report_errors.py.)
"""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from losstrack.errors import LosstrackError
from losstrack.registry import NAMES
from losstrack.sources.report import Report, parse

from . import fakes

TEXTS = Path(__file__).parent / "texts"
Figures = tuple[dict[str, int], dict[str, int]]


def figures(**pairs: tuple[int, int | None]) -> Figures:
    """Expected totals and stated changes from `category=(total, change or None)`."""
    totals = {name: total for name, (total, _) in pairs.items()}
    stated = {name: change for name, (_, change) in pairs.items() if change is not None}
    return totals, stated


def check(report: Report, day: date, expected: Figures) -> None:
    """The report has exactly the expected date and figures, in registry order."""
    assert report.day == day
    assert report.totals == expected[0]
    assert report.stated == expected[1]
    assert list(report.totals) == [n for n in NAMES if n in report.totals]
    assert list(report.stated) == [n for n in NAMES if n in report.stated]


# -- the project's own texts, in the shapes users paste ---------------------------------------

OWN = {
    "en-page.txt": (None, date(2024, 3, 5), figures(
        personnel=(425610, 1120), tanks=(6662, 12), afv=(12741, 25), artillery=(10298, 31),
        mlrs=(1002, 1), air_defense=(706, 2), aircraft=(347, 0), helicopters=(325, 0),
        vehicles=(13569, 41), warships=(26, 0), submarines=(1, 0), cruise_missiles=(1981, 0),
        uav=(8010, 22), special_equipment=(1652, 3))),
    "uk-page-date.txt": (None, date(2023, 3, 14), figures(
        personnel=(160570, 790), tanks=(3547, 15), afv=(6918, 21), artillery=(2557, 13),
        mlrs=(506, 3), air_defense=(275, 1), aircraft=(305, 0), helicopters=(290, 0),
        vehicles=(5485, 9), warships=(18, 0), cruise_missiles=(907, 0), uav=(2163, 14),
        special_equipment=(259, 2))),
    "bilingual.txt": (None, date(2024, 6, 18), figures(
        personnel=(518560, 1140), tanks=(7955, 13), afv=(15291, 20), artillery=(13806, 48),
        mlrs=(1106, 2), air_defense=(852, 1), aircraft=(359, 0), helicopters=(326, 0),
        vehicles=(19178, 51), warships=(28, 0), submarines=(1, 0), cruise_missiles=(2319, 0),
        uav=(10942, 37), special_equipment=(2311, 6))),
    "en-early-2022.txt": (None, date(2022, 3, 29), figures(
        personnel=(17200, 200), tanks=(597, 11), afv=(1710, 16), artillery=(303, 3),
        mlrs=(96, 0), air_defense=(54, 0), aircraft=(127, 0), helicopters=(129, 0),
        vehicles=(1178 + 73, 7 + 2), warships=(7, 0), uav=(71, 5), special_equipment=(21, 0),
        srbm=(4, 0))),
    "uk-early-2022.txt": (None, date(2022, 4, 2), figures(
        personnel=(18000, None), tanks=(625, None), afv=(1751, None), artillery=(316, None),
        mlrs=(96, None), air_defense=(54, None), aircraft=(143, None), helicopters=(134, None),
        vehicles=(1220 + 76, None), warships=(7, None), uav=(85, None),
        special_equipment=(22, None), srbm=(4, None))),
    "unicode-spaces.txt": (None, date(2025, 1, 20), figures(
        personnel=(821350, 1560), tanks=(9700, 12), afv=(20180, 23), artillery=(21937, 60),
        mlrs=(1253, 2), air_defense=(1034, 0), aircraft=(369, 0), helicopters=(331, 0),
        vehicles=(33679, 126), warships=(28, 0), submarines=(1, 0), cruise_missiles=(3051, 0),
        uav=(22505, 98), special_equipment=(3698, 1))),
    "twice.txt": (None, date(2022, 11, 5), figures(
        personnel=(76000, 560), tanks=(2780, 7), afv=(5625, 13), artillery=(1787, 5),
        mlrs=(393, 0), air_defense=(203, 1), aircraft=(277, 0), helicopters=(260, 1),
        vehicles=(4220, 12), warships=(16, 0), cruise_missiles=(399, 0), uav=(1482, 10),
        special_equipment=(157, 1))),
    "spaced-change.txt": (None, date(2023, 10, 1), figures(
        personnel=(277910, 410), tanks=(4663, 12), afv=(8868, 7), artillery=(6363, None),
        mlrs=(780, 0), air_defense=(527, -1), aircraft=(315, None), helicopters=(316, 0),
        vehicles=(8649, 15), warships=(20, 0), submarines=(1, 0), cruise_missiles=(1511, None),
        uav=(5083, 12), special_equipment=(907, 2))),
    "two-digit-year.txt": (None, date(2026, 6, 3), figures(
        personnel=(1352400, 980), tanks=(11712, 3), afv=(24315, 6), artillery=(37580, 41),
        mlrs=(1613, 1), air_defense=(1302, 0), aircraft=(435, 0), helicopters=(347, 0),
        vehicles=(76420, 118), warships=(33, 0), submarines=(2, 0), cruise_missiles=(4215, 0),
        uav=(184230, 1204), special_equipment=(4108, 4), ground_robots=(57, 2))),
    "no-year.txt": (date(2022, 11, 16), date(2022, 11, 16), figures(
        personnel=(82080, 620), tanks=(2850, 6), afv=(5740, 12), artillery=(1842, 5),
        mlrs=(394, 1), air_defense=(205, 0), aircraft=(278, 0), helicopters=(261, 0),
        vehicles=(4308, 14), warships=(16, 0), cruise_missiles=(399, 0), uav=(1519, 12),
        special_equipment=(159, 1))),
    "inline.txt": (None, date(2024, 1, 31), figures(
        personnel=(385040, 830), tanks=(6292, 12), afv=(11747, 14), artillery=(9080, 29),
        mlrs=(987, 3), air_defense=(661, 2), aircraft=(332, 0), helicopters=(325, 0),
        vehicles=(12210, 26), warships=(24, 0), submarines=(1, 0), cruise_missiles=(1856, 0),
        uav=(7035, 16), special_equipment=(1412, 5))),
    "en-2026.txt": (None, date(2026, 5, 10), figures(
        personnel=(1338250, 1010), tanks=(11690, 4), afv=(24280, 9), artillery=(37410, 52),
        mlrs=(1610, 2), air_defense=(1299, 1), aircraft=(435, 0), helicopters=(347, 0),
        vehicles=(75830, 97), warships=(33, 0), submarines=(2, 0), cruise_missiles=(4210, 0),
        uav=(181020, 1115), special_equipment=(4101, 3), ground_robots=(41, 3))),
}  # fmt: skip


def test_every_own_text_is_checked() -> None:
    assert sorted(p.name for p in TEXTS.glob("*.txt")) == sorted(OWN)


@pytest.mark.parametrize("name", sorted(OWN))
def test_own_texts_parse_to_the_figures_they_state(name: str) -> None:
    given_day, day, expected = OWN[name]
    check(parse(fakes.own_text(name), given_day), day, expected)


def test_the_unicode_text_really_holds_unusual_spaces_and_dashes() -> None:
    text = fakes.own_text("unicode-spaces.txt")
    assert {"\u00a0", "\u2009", "\u202f", "—"} <= set(text)


def test_a_header_without_year_takes_the_year_of_date() -> None:
    report = parse(fakes.own_text("no-year.txt"), date(2023, 11, 16))
    assert report.day == date(2023, 11, 16)


def test_a_header_with_its_year_agrees_with_the_same_date() -> None:
    assert parse(fakes.own_text("en-page.txt"), date(2024, 3, 5)).day == date(2024, 3, 5)


# -- the real reports beside the checkout (never copied into the repo) ------------------------

REFERENCE = {
    "en-2022-08-16.txt": (date(2022, 8, 16), figures(
        personnel=(43900, 150), tanks=(1880, 4), afv=(4152, 11), artillery=(989, 4),
        mlrs=(263, 2), air_defense=(136, 0), aircraft=(233, 0), helicopters=(196, 1),
        vehicles=(3049, 5), warships=(15, 0), cruise_missiles=(190, 3), uav=(790, 3),
        special_equipment=(92, 0))),
    "en-2023-12-31.txt": (date(2023, 12, 31), figures(
        personnel=(359230, 960), tanks=(5977, 8), afv=(11070, 17), artillery=(8464, 30),
        mlrs=(943, 4), air_defense=(623, 2), aircraft=(329, 0), helicopters=(324, 0),
        vehicles=(11292, 48), warships=(23, 0), submarines=(1, 0), cruise_missiles=(1709, 1),
        uav=(6591, 37), special_equipment=(1268, 8))),
    "uk-2022-07-08.txt": (date(2022, 7, 8), figures(
        personnel=(36900, 250), tanks=(1637, 35), afv=(3811, 14), artillery=(828, 13),
        mlrs=(247, 0), air_defense=(107, 0), aircraft=(217, 0), helicopters=(187, 0),
        vehicles=(2685, 20), warships=(15, 0), cruise_missiles=(155, 0), uav=(669, 2),
        special_equipment=(66, 0))),
}  # fmt: skip


@pytest.mark.reference
@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_real_reports_parse_to_every_figure_they_state(reference: Path, name: str) -> None:
    day, expected = REFERENCE[name]
    text = (reference / "genstaff" / name).read_text(encoding="utf-8")
    check(parse(text), day, expected)
    check(parse(text + "\n" + text), day, expected)  # pasted twice


# -- properties -------------------------------------------------------------------------------

FRAGMENTS = [
    fakes.REPORT_HEAD, "Загальні бойові втрати противника з 24.02 по 08.07 орієнтовно склали:\n",
    "from 24.02.22 to 29.02.23", "tanks", "танків / tanks", " ‒ ", " - ", ":", "about ", "близько ",
    "5977", "359 230", "1,234", "(+8)", "(+ 12)", "(-3)", "(", ")", "+", ",", "\n", ".", " од",
    " persons were liquidated", "vehicles", "fuel tanks", "boats / cutters", "/", "08 липня 2022",
    "2022-08-16 09:00:00 |", "31 December 2023", "ID: 67881", "\u00a0", "\u2009", "²", "٣",
    "9" * 400,
]  # fmt: skip


@pytest.mark.parametrize("examples", fakes.examples(300))
def test_any_text_raises_only_project_errors(examples: int) -> None:
    @settings(max_examples=examples, deadline=None)
    @given(
        text=st.one_of(
            st.text(max_size=300), st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)
        ),
        day=st.none() | st.dates(min_value=date(2022, 1, 1), max_value=date(2030, 12, 31)),
    )
    def check(text: str, day: date | None) -> None:
        with contextlib.suppress(LosstrackError):
            parse(text, day)

    check()


PHRASES = {
    "personnel": ["personnel", "особового складу", "особового складу / personnel"],
    "tanks": ["tanks", "танків", "танків / tanks", "Tanks"],
    "afv": ["APV", "armoured combat vehicles", "бойових броньованих машин", "ББМ"],
    "artillery": ["artillery systems", "артилерійських систем"],
    "mlrs": ["MLRS", "РСЗВ", "РСЗВ / MLRS"],
    "air_defense": ["anti-aircraft warfare systems", "air defense means", "засоби ППО", "засобів ППО"],
    "aircraft": ["aircraft", "planes", "літаків"],
    "helicopters": ["helicopters", "гелікоптерів"],
    "vehicles": ["vehicles and fuel tanks", "automotive technology and fuel tanks",
                 "автомобільної техніки та автоцистерн"],
    "warships": ["warships / boats", "boats / cutters", "кораблі /катери", "кораблі / катери"],
    "submarines": ["submarines", "підводні човни"],
    "cruise_missiles": ["cruise missiles", "крилаті ракети"],
    "uav": ["UAV operational-tactical level", "БПЛА оперативно-тактичного рівня",
            "БПЛА оперативно-тактичного рівня / UAVs of operational and tactical level"],
    "special_equipment": ["special equipment", "спеціальна техніка",
                          "спеціальна техніка / special military hardware"],
    "ground_robots": ["ground robotic systems", "ground robotic complexes",
                      "наземні робототехнічні комплекси"],
    "srbm": ["mobile SRBM system", "пускові установки ОТРК/ТРК"],
}  # fmt: skip
SPACES = [" ", "\u00a0", "\u2009", "\u202f", "  "]
THOUSANDS = ["", " ", "\u00a0", "\u2009", "\u202f", ","]


def grouped(number: int, sep: str) -> str:
    """A number with `sep` between groups of three digits."""
    return f"{number:,}".replace(",", sep)


@st.composite
def line(draw: st.DrawFn, name: str) -> tuple[str, int, int | None]:
    """One category line in a random spelling, with its total and stated change."""
    total = draw(st.integers(0, 5_000_000))
    change = draw(st.none() | st.integers(-500, min(total, 5000)))
    sp, sep = draw(st.sampled_from(SPACES)), draw(st.sampled_from(THOUSANDS))
    dash = draw(st.sampled_from(["‒", "–", "—", "-", ":", ""]))
    text = draw(st.sampled_from(PHRASES[name])) + sp + dash + sp
    text += draw(st.sampled_from(["", "about ", "близько ", "approximately "]))
    text += grouped(total, sep)
    if change is not None:
        form = draw(st.sampled_from(["({s}{n})", "({s} {n})", "( {s}{n} )", "{s}{n}"]))
        signed = form.format(s="+" if change >= 0 else "−", n=grouped(abs(change), sep))
        text += draw(st.sampled_from(SPACES)) + signed
    text += draw(st.sampled_from(["", " од", " од.", " units", " persons were liquidated"]))
    return text, total, change


@st.composite
def reports(draw: st.DrawFn) -> tuple[str, date, dict[str, int], dict[str, int]]:
    """A report text with its date and the figures it was written from."""
    day = draw(st.dates(min_value=date(2022, 2, 24), max_value=date.today()))
    names = draw(st.lists(st.sampled_from(sorted(PHRASES)), min_size=5, unique=True))
    header = draw(st.sampled_from([
        "The total combat losses of the enemy from 24.02.2022 to {:%d.%m.%Y} were approximately:",
        "Загальні бойові втрати противника з 24.02.22 по {:%d.%m.%y} орієнтовно склали:",
    ])).format(day)  # fmt: skip
    ending = draw(st.sampled_from([",\n", "\n", ";\n", ", "]))
    totals, stated, lines = {}, {}, []
    for name in names:
        text, totals[name], change = draw(line(name))
        lines.append(text)
        if change is not None:
            stated[name] = change
    text = "Page menu 2024\n" + header + "\n" + ending.join(lines) + ".\nData are being updated."
    return text, day, totals, stated


@pytest.mark.parametrize("examples", fakes.examples(150))
def test_generated_reports_parse_back_to_their_figures(examples: int) -> None:
    @settings(max_examples=examples, deadline=None)
    @given(report=reports())
    def check(report: tuple[str, date, dict[str, int], dict[str, int]]) -> None:
        text, day, totals, stated = report
        parsed = parse(text)
        assert (parsed.day, parsed.totals, parsed.stated) == (day, totals, stated)

    check()
