"""The category registry: canonical names, labels, aliases and each upstream's keys."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from losstrack.errors import UsageError
from losstrack.i18n import Message, language
from losstrack.settings import MAX_NAME

NAME_RE = re.compile(r"[a-z0-9_]+")
WAR_START = date(2022, 2, 24)


@dataclass(frozen=True)
class Category:
    """One kind of loss the General Staff reports (its labels as the General Staff writes them)."""

    name: str
    label_en: str
    label_uk: str
    aliases: tuple[str, ...] = ()
    api_key: str | None = None
    github_keys: tuple[str, ...] = ()
    first: date = WAR_START
    last: date | None = None
    note: str = ""  # a Message, so `categories` shows it in the current language
    legacy: bool = field(default=False)
    aliases_uk: tuple[str, ...] = ()  # besides label_uk itself, which resolves too


REGISTRY: tuple[Category, ...] = (
    Category(
        "personnel", "Personnel", "Особовий склад",
        ("person", "people", "troops", "soldiers", "personnel_units", "kia"),
        "personnel_units", ("personnel",),
        aliases_uk=("о/с", "особовий", "жива сила"),
    ),
    Category("tanks", "Tanks", "Танки", ("tank",), "tanks", ("tank",), aliases_uk=("танк",)),
    Category(
        "afv", "Armoured fighting vehicles", "Бойові броньовані машини",
        ("armoured_fighting_vehicles", "armored_fighting_vehicles", "apc", "apv", "ifv", "bbm",
         "armoured_vehicles", "armored_vehicles"),
        "armoured_fighting_vehicles", ("APC",),
        aliases_uk=("ббм", "бойова броньована машина", "бронетехніка"),
    ),
    Category(
        "artillery", "Artillery systems", "Артилерійські системи",
        ("artillery_systems", "field_artillery", "guns", "arty"),
        "artillery_systems", ("field artillery",),
        aliases_uk=("артилерія", "артсистеми", "артсистема", "артилерійська система", "гармати"),
    ),
    Category(
        "mlrs", "Multiple launch rocket systems", "РСЗВ",
        ("mrl", "rszv", "rocket_launchers"), "mlrs", ("MRL",),
        aliases_uk=("реактивні системи залпового вогню",),
    ),
    Category(
        "air_defense", "Air defence systems", "Засоби ППО",
        ("aa_warfare_systems", "anti_aircraft_warfare", "air_defence", "aa", "sam", "ppo"),
        "aa_warfare_systems", ("anti-aircraft warfare",),
        aliases_uk=("ппо", "засіб ппо", "протиповітряна оборона"),
    ),
    Category(
        "aircraft", "Aircraft", "Літаки",
        ("planes", "plane", "airplanes", "aeroplanes", "jets"), "planes", ("aircraft",),
        aliases_uk=("літак",),
    ),
    Category(
        "helicopters", "Helicopters", "Гелікоптери",
        ("helicopter", "choppers"), "helicopters", ("helicopter",),
        aliases_uk=("гелікоптер", "вертольоти", "вертоліт"),
    ),
    Category(
        "vehicles", "Vehicles and fuel tanks", "Автомобільна техніка та автоцистерни",
        ("vehicles_fuel_tanks", "vehicle", "military_auto", "trucks", "cars", "fuel_tanks"),
        "vehicles_fuel_tanks", ("vehicles and fuel tanks", "military auto", "fuel tank"),
        aliases_uk=("автомобільна техніка", "автотехніка", "автоцистерни", "автоцистерна",
                    "автомобілі", "вантажівки"),
        note=Message("before 2022-05-01 the sum of vehicles and fuel tanks, reported apart"),
    ),
    Category(
        "warships", "Warships and boats", "Кораблі / катери",
        ("warships_cutters", "warship", "ships", "ship", "boats", "naval_ship"),
        "warships_cutters", ("naval ship",),
        aliases_uk=("кораблі/катери", "кораблі", "корабель", "катери", "катер"),
    ),
    Category(
        "submarines", "Submarines", "Підводні човни",
        ("submarine", "subs"), "submarines", ("submarines",), first=date(2023, 9, 14),
        aliases_uk=("підводний човен", "човни"),
    ),
    Category(
        "cruise_missiles", "Cruise missiles", "Крилаті ракети",
        ("cruise_missile", "missiles"), "cruise_missiles", ("cruise missiles",),
        first=date(2022, 5, 1), aliases_uk=("крилата ракета", "ракети"),
    ),
    Category(
        "uav", "UAVs (operational-tactical)", "БпЛА оперативно-тактичного рівня",
        ("uav_systems", "uavs", "drones", "drone", "bpla"), "uav_systems", ("drone",),
        aliases_uk=("бпла", "дрони", "дрон", "безпілотники", "безпілотник"),
    ),
    Category(
        "special_equipment", "Special equipment", "Спеціальна техніка",
        ("special_military_equip", "special", "special_equip"),
        "special_military_equip", ("special equipment",), first=date(2022, 3, 16),
        aliases_uk=("спецтехніка", "спеціальна техніка"),
    ),
    Category(
        "ground_robots", "Ground robotic systems", "Наземні робототехнічні комплекси",
        ("ground_robotic_systems", "ground_robot", "robots", "ugv", "ugvs"),
        "atgm_srbm_systems", ("ground robotic systems",), first=date(2026, 5, 3),
        aliases_uk=("нрк", "наземний робототехнічний комплекс"),
        note=Message("the API sends these as atgm_srbm_systems from 2026-05-03"),
    ),
    Category(
        "srbm", "Mobile SRBM systems", "Пускові установки ОТРК",
        ("mobile_srbm_system", "mobile_srbm_systems", "otrk"), "atgm_srbm_systems",
        ("mobile SRBM system",), first=date(2022, 3, 26), last=date(2022, 4, 30),
        aliases_uk=("отрк", "трк", "пускова установка отрк"),
        note=Message("reported 2022-03-26..2022-04-30 only"), legacy=True,
    ),
    Category(
        "pow", "Prisoners of war", "Військовополонені",
        ("prisoners", "prisoners_of_war", "captured"), None, ("POW",),
        aliases_uk=("полонені", "військовополонений"),
        last=date(2022, 4, 27), note=Message("reported until 2022-04-27 only"), legacy=True,
    ),
)  # fmt: skip

BY_NAME: dict[str, Category] = {c.name: c for c in REGISTRY}
NAMES: tuple[str, ...] = tuple(c.name for c in REGISTRY)


def fold(word: str) -> str:
    """Fold case (Cyrillic too), spaces and hyphens so `Armoured-Fighting Vehicles` finds its alias."""
    word = re.sub(r"\s*/\s*", "/", word.strip().lower())  # a slash with or without spaces
    return re.sub(r"[\s\-]+", "_", word)


_ALIASES: dict[str, str] = {}
for _cat in REGISTRY:
    for _word in (_cat.name, *_cat.aliases, *_cat.github_keys, _cat.label_uk, *_cat.aliases_uk):
        _ALIASES.setdefault(fold(_word), _cat.name)
_ALIASES["atgm_srbm_systems"] = "ground_robots"


RESERVED = frozenset({"date", "source", "link"})  # the dataset's own columns


def is_valid_name(name: str) -> bool:
    """Whether `name` may be a category column of the dataset."""
    return NAME_RE.fullmatch(name) is not None and name not in RESERVED


def is_new_column(name: str) -> bool:
    """Whether a key a source sends, unknown to the registry, may be kept as its own column.

    It must be a valid name of at most MAX_NAME characters, and not a known category's name
    or alias (a column `tank` beside `tanks` could never be named on the command line).
    """
    return len(name) <= MAX_NAME and is_valid_name(name) and fold(name) not in _ALIASES


CLI_LIST = "`losstrack categories`"  # where an unknown name's error sends people


def resolve(word: str, extra: Iterable[str] = (), see: str = CLI_LIST) -> str:
    """Canonical name for a user-typed category, or a UsageError suggesting the closest ones.

    `see` names where the list of categories is, in the caller's terms (the command, or the
    Python function).
    """
    key = fold(word)
    if key in _ALIASES:
        return _ALIASES[key]
    extras = [e for e in extra if e not in BY_NAME]
    if key in extras:
        return key
    named = _report_term(word)
    if named is not None:
        return named
    choices = [*_ALIASES, *extras]
    close = difflib.get_close_matches(key, choices, n=3, cutoff=0.6)
    names = list(dict.fromkeys(_ALIASES.get(c, c) for c in close))
    hint = f"; did you mean {' or '.join(names)}?" if names else f"; see {see}"
    raise UsageError(f"unknown category {word!r}{hint}")


def _report_term(word: str) -> str | None:
    """The category a General Staff report's own phrase names, in any grammatical case.

    `танків`, `бойових броньованих машин`, `засобів ППО`: the words a report lists figures
    under (report_terms) are accepted as typed, as a last resort before giving up.
    """
    from losstrack.sources.report_terms import TERMS

    phrase = " ".join(word.replace("_", " ").split())
    return next((name for pattern, name, _ in TERMS if pattern.fullmatch(phrase)), None)


def resolve_many(words: Iterable[str], extra: Iterable[str] = (), see: str = CLI_LIST) -> list[str]:
    """Resolve several words, keeping their order and dropping repeats."""
    extra = list(extra)
    return list(dict.fromkeys(resolve(w, extra, see) for w in words))


def label(name: str, lang: str | None = None) -> str:
    """Human label of a category in `lang` (default: the current language); else its own name."""
    cat = BY_NAME.get(name)
    if cat is None:
        return name
    return cat.label_uk if (lang or language()) == "uk" else cat.label_en


def complete(incomplete: str) -> list[str]:
    """Shell completion: canonical names starting with what was typed."""
    return [n for n in NAMES if n.startswith(incomplete.lower())]
