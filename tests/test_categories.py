"""The category registry: names, aliases, suggestions."""

from __future__ import annotations

import pytest

from losstrack import categories
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
