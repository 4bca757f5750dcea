"""The PetroIvaniuk dataset's raw JSON files on GitHub: the fallback source."""

from __future__ import annotations

from datetime import date

from losstrack import settings
from losstrack.errors import DataError, NotFound, UpstreamError
from losstrack.registry import REGISTRY, fold, is_new_column
from losstrack.sources.http import Http, env_url
from losstrack.sources.payload import decode_json
from losstrack.sources.records import Record, parse_report_date, parse_total, parse_whole, refused

NAME = "github"
DEFAULT_URL = (
    "https://raw.githubusercontent.com/PetroIvaniuk/2022-Ukraine-Russia-War-Dataset/main/data"
)
EQUIPMENT = "russia_losses_equipment.json"
PERSONNEL = "russia_losses_personnel.json"
CORRECTIONS = "russia_losses_equipment_correction.json"
# Free text and qualifiers ("about", "more"), not totals.
IGNORED = frozenset({"date", "day", "personnel*", "greatest losses direction"})
VEHICLE_PARTS = ("military auto", "fuel tank")
_BY_KEY = {key: c.name for c in REGISTRY for key in c.github_keys if key not in VEHICLE_PARTS}


def base_url() -> str:
    """The files' base URL, from LOSSTRACK_GITHUB_URL when set (UsageError when not a URL)."""
    return env_url(settings.GITHUB_URL_ENV, DEFAULT_URL)


def parse_file(body: bytes, where: str) -> list[dict[str, object]]:
    """A file's list of daily objects."""
    payload = decode_json(body, where)
    if not isinstance(payload, list) or not all(isinstance(x, dict) for x in payload):
        raise UpstreamError(f"{where}: not a list of daily objects")
    return payload


def parse(equipment: bytes, personnel: bytes, warnings: list[str]) -> list[Record]:
    """Both files -> one record per date, under canonical names, oldest first."""
    days: dict[date, dict[str, int]] = {}
    for name, body in ((EQUIPMENT, equipment), (PERSONNEL, personnel)):
        where = f"GitHub {name}"
        seen: dict[date, dict[str, int]] = {}
        for obj in parse_file(body, where):
            day = parse_report_date(obj.get("date"), where)
            found = _values(obj, day, where, warnings)
            if seen.setdefault(day, found) != found:
                raise DataError(f"{where} has {day} twice with different figures; refused")
            days.setdefault(day, {}).update(found)
    return [Record(day, days[day], NAME) for day in sorted(days)]


def _values(obj: dict[str, object], day: date, where: str, warnings: list[str]) -> dict[str, int]:
    values: dict[str, int] = {}
    for key, raw in obj.items():
        if key in IGNORED or key in VEHICLE_PARTS:
            continue
        name = _BY_KEY.get(key)
        if name is None:
            slug = fold(key)
            if not is_new_column(slug) or isinstance(raw, bool):
                warnings.append(refused(where, key))
                continue
            if not isinstance(raw, int):
                warnings.append(refused(where, slug, " (not a number)"))
                continue
            name = slug
        values[name] = parse_total(raw, f"{where}: {day} {name}")
    if "vehicles" not in values:
        parts = [parse_total(obj[k], f"{where}: {day} {k}") for k in VEHICLE_PARTS if k in obj]
        if parts:
            values["vehicles"] = sum(parts)  # stored as the API does: vehicles + fuel tanks
    return values


def parse_corrections(body: bytes, warnings: list[str]) -> dict[tuple[date, str], int]:
    """The correction file: signed adjustments by (date, category); zeros are not kept."""
    where = f"GitHub {CORRECTIONS}"
    found: dict[tuple[date, str], int] = {}
    for obj in parse_file(body, where):
        day = parse_report_date(obj.get("date"), where)
        for key, raw in obj.items():
            if key in IGNORED:
                continue
            name = _BY_KEY.get(key)
            if name is None:
                warnings.append(refused(where, key))
            elif adjustment := parse_whole(raw, f"{where}: {day} {name}"):
                found[(day, name)] = found.get((day, name), 0) + adjustment
    return found


def fetch_corrections(http: Http, warnings: list[str]) -> dict[tuple[date, str], int] | None:
    """GET and parse the correction file; None when GitHub has none (HTTP 404)."""
    try:
        body = http.get(f"{base_url()}/{CORRECTIONS}")
    except NotFound:
        warnings.append(f"GitHub has no {CORRECTIONS}; differences are not explained")
        return None
    return parse_corrections(body, warnings)


def fetch(http: Http, warnings: list[str]) -> list[Record]:
    """GET both files and parse them."""
    base = base_url()
    equipment, personnel = (http.get(f"{base}/{name}") for name in (EQUIPMENT, PERSONNEL))
    return parse(equipment, personnel, warnings)
