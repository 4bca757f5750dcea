"""The categories: per category its labels (en/uk), aliases, upstream keys, prose nouns (en/uk),
the phrases a General Staff report names it by, and its quirks: all in one entry."""

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
    noun_en: tuple[str, str] = ("", "")  # prose: "1 tank", "3,504 tanks"
    noun_uk: str = ""  # prose: the genitive plural, as the General Staff lists them ("танків")
    # How a report names it: (regular expression, part). `part` is "" for the whole category;
    # early-2022 reports give vehicles and fuel tanks apart, and the dataset keeps their sum.
    terms: tuple[tuple[str, str], ...] = ()
    expected: bool = False  # every report since spring 2022 states it


REGISTRY: tuple[Category, ...] = (
    Category(
        "personnel", "Personnel", "Особовий склад",
        ("person", "people", "troops", "soldiers", "personnel_units", "kia"),
        "personnel_units", ("personnel",),
        aliases_uk=("о/с", "особовий", "жива сила"),
        noun_en=("person", "people"), noun_uk="осіб",
        terms=((r"personnel|особов\w*\s+склад\w*", ""),),
        expected=True,
    ),
    Category("tanks", "Tanks", "Танки", ("tank",), "tanks", ("tank",), aliases_uk=("танк",),
        noun_en=("tank", "tanks"), noun_uk="танків",
        terms=((r"tanks?|танк\w*", ""),),
        expected=True,
    ),
    Category(
        "afv", "Armoured fighting vehicles", "Бойові броньовані машини",
        ("armoured_fighting_vehicles", "armored_fighting_vehicles", "apc", "apv", "ifv", "bbm",
         "armoured_vehicles", "armored_vehicles"),
        "armoured_fighting_vehicles", ("APC",),
        aliases_uk=("ббм", "бойова броньована машина", "бронетехніка"),
        noun_en=("armoured fighting vehicle", "armoured fighting vehicles"), noun_uk="бойових броньованих машин",
        terms=((r"APVs?|AFVs?|ББМ|arm(?:ou|o)red\s+(?:combat|fighting|personnel)\s+vehicles?"
     r"|бойов\w*\s+броньован\w*\s+машин\w*", ""),),
        expected=True,
    ),
    Category(
        "artillery", "Artillery systems", "Артилерійські системи",
        ("artillery_systems", "field_artillery", "guns", "arty"),
        "artillery_systems", ("field artillery",),
        aliases_uk=("артилерія", "артсистеми", "артсистема", "артилерійська система", "гармати"),
        noun_en=("artillery system", "artillery systems"), noun_uk="артилерійських систем",
        terms=((r"artillery(?:\s+systems?)?|артилерійськ\w*\s+систем\w*|артсистем\w*", ""),),
        expected=True,
    ),
    Category(
        "mlrs", "Multiple launch rocket systems", "РСЗВ",
        ("mrl", "rszv", "rocket_launchers"), "mlrs", ("MRL",),
        aliases_uk=("реактивні системи залпового вогню",),
        noun_en=("multiple launch rocket system", "multiple launch rocket systems"), noun_uk="РСЗВ",
        terms=((r"MLRS|multiple\s+launch\s+rocket\s+systems?|РСЗВ"
     r"|реактивн\w*\s+систем\w*\s+залпов\w*\s+вогню", ""),),
        expected=True,
    ),
    Category(
        "air_defense", "Air defence systems", "Засоби ППО",
        ("aa_warfare_systems", "anti_aircraft_warfare", "air_defence", "aa", "sam", "ppo"),
        "aa_warfare_systems", ("anti-aircraft warfare",),
        aliases_uk=("ппо", "засіб ппо", "протиповітряна оборона"),
        noun_en=("air defence system", "air defence systems"), noun_uk="засобів ППО",
        terms=((r"anti[-\s]*aircraft(?:\s+warfare)?(?:\s+systems?)?|air\s+defen[cs]e(?:\s+(?:means|systems?))?"
     r"|AA\s+warfare\s+systems?|засоб\w*\s+(?:ППО|протиповітрян\w*\s+оборон\w*)", ""),),
        expected=True,
    ),
    Category(
        "aircraft", "Aircraft", "Літаки",
        ("planes", "plane", "airplanes", "aeroplanes", "jets"), "planes", ("aircraft",),
        aliases_uk=("літак",),
        noun_en=("aircraft", "aircraft"), noun_uk="літаків",
        terms=((r"aircraft|(?:war|air)?planes?|літак\w*", ""),),
        expected=True,
    ),
    Category(
        "helicopters", "Helicopters", "Гелікоптери",
        ("helicopter", "choppers"), "helicopters", ("helicopter",),
        aliases_uk=("гелікоптер", "вертольоти", "вертоліт"),
        noun_en=("helicopter", "helicopters"), noun_uk="гелікоптерів",
        terms=((r"helicopters?|гелікоптер\w*|вертол\w*", ""),),
        expected=True,
    ),
    Category(
        "vehicles", "Vehicles and fuel tanks", "Автомобільна техніка та автоцистерни",
        ("vehicles_fuel_tanks", "vehicle", "military_auto", "trucks", "cars", "fuel_tanks"),
        "vehicles_fuel_tanks", ("vehicles and fuel tanks", "military auto", "fuel tank"),
        aliases_uk=("автомобільна техніка", "автотехніка", "автоцистерни", "автоцистерна",
                    "автомобілі", "вантажівки"),
        note=Message("before 2022-05-01 the sum of vehicles and fuel tanks, reported apart"),
        noun_en=("vehicle or fuel tank", "vehicles and fuel tanks"), noun_uk="автомобільної техніки та автоцистерн",
        terms=((r"(?:(?:motor\s+)?vehicles?|automotive\s+(?:technology|equipment))\s+(?:and|&)\s+fuel\s+tanks?"
     r"|автомобільн\w*\s+техні\w*\s+(?:та|і|й)\s+(?:авто)?цистерн\w*", ""), (r"(?:motor\s+)?vehicles?|automotive\s+(?:technology|equipment)|автомобільн\w*\s+техні\w*"
     r"|автотехні\w*", "vehicles"), (r"fuel\s+(?:tanks?|tankers?)|(?:авто)?цистерн\w*(?:\s+з\s+ПММ)?", "fuel tanks"),),
        expected=True,
    ),
    Category(
        "warships", "Warships and boats", "Кораблі / катери",
        ("warships_cutters", "warship", "ships", "ship", "boats", "naval_ship"),
        "warships_cutters", ("naval ship",),
        aliases_uk=("кораблі/катери", "кораблі", "корабель", "катери", "катер"),
        noun_en=("warship or boat", "warships and boats"), noun_uk="кораблів / катерів",
        terms=((r"(?:war)?ships?(?:\s*(?:/|and)\s*boats?)?|boats?(?:\s*/\s*cutters?)?|cutters?"
     r"|корабл\w*(?:\s*/\s*катер\w*)?|катер\w*", ""),),
        expected=True,
    ),
    Category(
        "submarines", "Submarines", "Підводні човни",
        ("submarine", "subs"), "submarines", ("submarines",), first=date(2023, 9, 14),
        aliases_uk=("підводний човен", "човни"),
        noun_en=("submarine", "submarines"), noun_uk="підводних човнів",
        terms=((r"submarines?|підводн\w*\s+чов\w*", ""),),
    ),
    Category(
        "cruise_missiles", "Cruise missiles", "Крилаті ракети",
        ("cruise_missile", "missiles"), "cruise_missiles", ("cruise missiles",),
        first=date(2022, 5, 1), aliases_uk=("крилата ракета", "ракети"),
        noun_en=("cruise missile", "cruise missiles"), noun_uk="крилатих ракет",
        terms=((r"cruise\s+missiles?|крилат\w*\s+ракет\w*", ""),),
    ),
    Category(
        "uav", "UAVs (operational-tactical)", "БпЛА оперативно-тактичного рівня",
        ("uav_systems", "uavs", "drones", "drone", "bpla"), "uav_systems", ("drone",),
        aliases_uk=("бпла", "дрони", "дрон", "безпілотники", "безпілотник"),
        noun_en=("operational-tactical UAV", "operational-tactical UAVs"), noun_uk="БпЛА оперативно-тактичного рівня",
        terms=((r"UAVs?(?:\s+(?:of\s+)?(?:the\s+)?operational[-\s]*(?:and\s+)?tactical(?:\s+level)?)?"
     r"|operational[-\s]*tactical\s+(?:level\s+)?UAVs?|drones?"
     r"|(?:БПЛА|безпілотн\w*\s+літальн\w*\s+апарат\w*)(?:\s+оперативно[-\s]*тактичного\s+рівня)?", ""),),
        expected=True,
    ),
    Category(
        "special_equipment", "Special equipment", "Спеціальна техніка",
        ("special_military_equip", "special", "special_equip"),
        "special_military_equip", ("special equipment",), first=date(2022, 3, 16),
        aliases_uk=("спецтехніка", "спеціальна техніка"),
        noun_en=("piece of special equipment", "pieces of special equipment"), noun_uk="спеціальної техніки",
        terms=((r"special(?:\s+military)?\s+equipment|спеціальн\w*\s+техні\w*|спецтехні\w*", ""),),
        expected=True,
    ),
    Category(
        "ground_robots", "Ground robotic systems", "Наземні робототехнічні комплекси",
        ("ground_robotic_systems", "ground_robot", "robots", "ugv", "ugvs"),
        "atgm_srbm_systems", ("ground robotic systems",), first=date(2026, 5, 3),
        aliases_uk=("нрк", "наземний робототехнічний комплекс"),
        note=Message("the API sends these as atgm_srbm_systems from 2026-05-03"),
        noun_en=("ground robotic system", "ground robotic systems"), noun_uk="наземних робототехнічних комплексів",
        terms=((r"ground\s+robot(?:ic)?(?:\s+(?:systems?|complexes))?|UGVs?"
     r"|наземн\w*\s+робототехнічн\w*\s+комплекс\w*|НРК", ""),),
    ),
    Category(
        "srbm", "Mobile SRBM systems", "Пускові установки ОТРК",
        ("mobile_srbm_system", "mobile_srbm_systems", "otrk"), "atgm_srbm_systems",
        ("mobile SRBM system",), first=date(2022, 3, 26), last=date(2022, 4, 30),
        aliases_uk=("отрк", "трк", "пускова установка отрк"),
        note=Message("reported 2022-03-26..2022-04-30 only"), legacy=True,
        noun_en=("mobile SRBM system", "mobile SRBM systems"), noun_uk="пускових установок ОТРК",
        terms=((r"(?:mobile\s+)?SRBM(?:\s+(?:systems?|launchers?))?"
     r"|(?:пусков\w*\s+установ\w*\s+)?(?:ОТРК|ТРК)(?:\s*/\s*(?:ОТРК|ТРК))?", ""),),
    ),
    Category(
        "pow", "Prisoners of war", "Військовополонені",
        ("prisoners", "prisoners_of_war", "captured"), None, ("POW",),
        aliases_uk=("полонені", "військовополонений"),
        last=date(2022, 4, 27), note=Message("reported until 2022-04-27 only"), legacy=True,
        noun_en=("soldier taken prisoner", "soldiers taken prisoner"), noun_uk="військовополонених",
        terms=((r"POWs?|prisoners(?:\s+of\s+war)?|військовополонен\w*|полонен\w*", ""),),
    ),
)  # fmt: skip

BY_NAME: dict[str, Category] = {c.name: c for c in REGISTRY}
NAMES: tuple[str, ...] = tuple(c.name for c in REGISTRY)
EXPECTED: tuple[str, ...] = tuple(c.name for c in REGISTRY if c.expected)
# Each report phrase, compiled: (pattern, category, part); a phrase ends where a word does.
TERMS: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(rf"(?:{pattern})(?!\w)", re.IGNORECASE), c.name, part)
    for c in REGISTRY
    for pattern, part in c.terms
)


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
    under (`terms`) are accepted as typed, as a last resort before giving up.
    """
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
