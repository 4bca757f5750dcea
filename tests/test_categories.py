"""The category registry: names, aliases, suggestions."""

from __future__ import annotations

import pytest

from losstrack import registry as categories
from losstrack.errors import UsageError

CANONICAL = ("personnel tanks afv artillery mlrs air_defense aircraft helicopters vehicles "
             "warships submarines cruise_missiles uav special_equipment ground_robots srbm pow")  # fmt: skip


def test_canonical_names_in_order() -> None:
    assert tuple(CANONICAL.split()) == categories.NAMES


@pytest.mark.parametrize(
    ("word", "name"),
    [("tank", "tanks"), ("Tanks", "tanks"), ("armoured_fighting_vehicles", "afv"), ("apc", "afv"),
     ("uav_systems", "uav"), ("drones", "uav"), ("planes", "aircraft"), ("aa_warfare_systems", "air_defense"),
     ("armoured-fighting vehicles", "afv"), ("personnel_units", "personnel"), ("atgm_srbm_systems", "ground_robots"),
     ("vehicles_fuel_tanks", "vehicles"), ("special_military_equip", "special_equipment"), ("warships_cutters", "warships")],
)  # fmt: skip
def test_aliases_resolve(word: str, name: str) -> None:
    assert categories.resolve(word) == name


def test_unknown_word_suggests_closest_names() -> None:
    with pytest.raises(UsageError, match=r"unknown category 'tnaks'; did you mean tanks\?"):
        categories.resolve("tnaks")
    with pytest.raises(UsageError, match="see `losstrack categories`"):
        categories.resolve("zzzzzz")


def test_extra_dataset_columns_resolve_by_exact_name() -> None:
    assert categories.resolve("naval_drones", ["naval_drones"]) == "naval_drones"


def test_every_alias_is_unique_to_one_category() -> None:
    seen: dict[str, str] = {}
    for cat in categories.REGISTRY:
        for alias in (cat.name, *cat.aliases):
            assert seen.setdefault(alias, cat.name) == cat.name


@pytest.mark.parametrize("name", ["tanks", "naval_drones", "x1"])
def test_valid_names(name: str) -> None:
    assert categories.is_valid_name(name)


@pytest.mark.parametrize("name", ["Tanks", "[bold red]x", "a b", "", "ü", "a-b", "x\x1b[31m"])
def test_invalid_names(name: str) -> None:
    assert not categories.is_valid_name(name)


UKRAINIAN = {
    "personnel": ["особовий склад", "Особовий_склад", "О/С", "о / с", "особового складу"],
    "tanks": ["танки", "ТАНК", "танків"],
    "afv": ["ББМ", "бойові броньовані машини", "бойових броньованих машин"],
    "artillery": ["артилерія", "Артсистеми", "артилерійські системи", "артилерійських систем"],
    "mlrs": ["рсзв", "РСЗВ"],
    "air_defense": ["ппо", "Засоби ППО", "засобів ППО"],
    "aircraft": ["літаки", "літак", "літаків"],
    "helicopters": ["гелікоптери", "гелікоптерів"],
    "vehicles": ["автомобільна техніка", "автотехніка", "автоцистерни",
                 "автомобільна техніка та автоцистерни", "автомобільної техніки та автоцистерн"],
    "warships": ["кораблі", "катери", "кораблі / катери", "Кораблі/катери", "кораблів / катерів"],
    "submarines": ["підводні човни", "підводних човнів"],
    "cruise_missiles": ["крилаті ракети", "крилатих ракет"],
    "uav": ["бпла", "БпЛА", "дрони", "БпЛА оперативно-тактичного рівня"],
    "special_equipment": ["спецтехніка", "спеціальна техніка", "Спеціальної техніки"],
    "ground_robots": ["нрк", "НРК", "наземні робототехнічні комплекси"],
    "srbm": ["отрк", "ОТРК", "пускові установки ОТРК"],
    "pow": ["полонені", "військовополонені", "Військовополонених"],
}  # fmt: skip


@pytest.mark.parametrize(
    ("word", "name"), [(w, name) for name, words in UKRAINIAN.items() for w in words]
)
def test_ukrainian_names_resolve_in_any_case(word: str, name: str) -> None:
    assert categories.resolve(word) == name
    assert categories.resolve(word.upper()) == name


def test_every_category_resolves_from_its_ukrainian_label() -> None:
    assert set(UKRAINIAN) == set(categories.NAMES)
    for cat in categories.REGISTRY:
        assert categories.resolve(cat.label_uk) == cat.name
        assert categories.resolve(cat.label_uk.lower()) == cat.name


def test_fold_lowers_cyrillic_and_joins_words() -> None:
    assert categories.fold(" Бойові-Броньовані  Машини ") == "бойові_броньовані_машини"
    assert categories.fold("Кораблі / Катери") == "кораблі/катери"


@pytest.mark.parametrize(("word", "hint"), [("тнаки", "tanks"), ("дронн", "uav"),
                                             ("гелікоптри", "helicopters")])  # fmt: skip
def test_a_cyrillic_typo_gets_a_suggestion_on_one_line(word: str, hint: str) -> None:
    with pytest.raises(UsageError) as caught:
        categories.resolve(word)
    message = str(caught.value)
    assert message.startswith(f"unknown category '{word}'; did you mean ")
    assert hint in message
    assert "\n" not in message


def test_ukrainian_aliases_are_unique_and_completion_stays_ascii() -> None:
    seen: dict[str, str] = {}
    for cat in categories.REGISTRY:
        for alias in (cat.name, *cat.aliases, cat.label_uk, *cat.aliases_uk):
            assert seen.setdefault(categories.fold(alias), cat.name) == cat.name
    assert categories.complete("") == list(categories.NAMES)
    assert categories.complete("т") == []


def test_labels_follow_the_language() -> None:
    from losstrack import i18n

    assert categories.label("uav") == "UAVs (operational-tactical)"
    i18n.set_language("uk")
    assert categories.label("uav") == "БпЛА оперативно-тактичного рівня"
    assert categories.label("uav", "en") == "UAVs (operational-tactical)"
    assert categories.label("naval_drones") == "naval_drones"
