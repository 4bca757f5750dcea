"""Fake upstreams for `update`: the russianwarship.rip API v2, PetroIvaniuk's JSON files and the
General Staff's page as pasted; seeded user datasets, what they should hold and what is on disk;
and how many examples a property test gets.

The fakes speak each upstream's wire shape (copied from ../shared/reference) and count what
they serve, so tests can assert how many requests an update made. The numbers they serve are
synthetic, written here; none are copied from the reference files.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

if TYPE_CHECKING:
    import pandas as pd

SUCCESS = "The data were fetched successfully."
WAR_STATUS = {"code": 1, "alias": "in_progress"}
API_KEYS = (
    "personnel_units", "tanks", "armoured_fighting_vehicles", "artillery_systems", "mlrs",
    "aa_warfare_systems", "planes", "helicopters", "vehicles_fuel_tanks", "warships_cutters",
    "cruise_missiles", "uav_systems", "special_military_equip", "atgm_srbm_systems", "submarines",
)  # fmt: skip
MAX_LIMIT = 50
EQUIPMENT = "russia_losses_equipment.json"
PERSONNEL = "russia_losses_personnel.json"

# First and last report dates of the categories that come and go (see reference/README.md).
CRUISE_MISSILES_FROM = date(2022, 5, 1)
SUBMARINES_FROM = date(2023, 9, 14)
SPECIAL_FROM = date(2022, 3, 16)
GROUND_ROBOTS_FROM = date(2026, 5, 3)
SRBM_SPAN = (date(2022, 3, 26), date(2022, 4, 30))
VEHICLES_MERGED_FROM = date(2022, 5, 1)
POW_UNTIL = date(2022, 4, 27)
DIRECTION_SPAN = (date(2022, 4, 25), date(2023, 1, 2))

# The seeded dataset of `seeded_api`: 30 reports to 2026-08-31; the API then has one more.
SEED_LAST = date(2026, 8, 31)
SEED_NEW = SEED_LAST + timedelta(days=1)
SEED_DAYS = [SEED_LAST - timedelta(days=i) for i in reversed(range(30))]

# A fault: an HTTP status to answer every request with, or a function that may answer a
# request itself (returning None lets the fake answer normally).
Fault = int | Callable[[Request], Response | None]


def day_number(day: date) -> int:
    """The API's `day`: 2022-02-24 is day 1."""
    return (day - date(2022, 2, 24)).days + 1


def as_date(day: date | str) -> date:
    """A date given either way."""
    return day if isinstance(day, date) else date.fromisoformat(day)


# -- payload builders -------------------------------------------------------------------------


def synthetic_stats(day: date | str) -> dict[str, int]:
    """Made-up, steadily growing totals for `day` in the API's keys, with the API's quirks.

    Like the API's history, a category the General Staff did not report yet is 0; unlike the
    rewritten history, `atgm_srbm_systems` carries mobile SRBM systems (4) in 2022-03-26..04-30,
    as the API answered in 2022, and ground robotic systems from 2026-05-03.
    """
    day = as_date(day)
    n = day_number(day)
    if day >= GROUND_ROBOTS_FROM:
        atgm = 6 * (n - day_number(GROUND_ROBOTS_FROM)) + 6
    else:
        atgm = 4 if SRBM_SPAN[0] <= day <= SRBM_SPAN[1] else 0
    return {
        "personnel_units": 900 * n + 3200,
        "tanks": 7 * n + 80,
        "armoured_fighting_vehicles": 15 * n + 500,
        "artillery_systems": 29 * n,
        "mlrs": n + 3,
        "aa_warfare_systems": n,
        "planes": n // 4 + 10,
        "helicopters": n // 5 + 7,
        "vehicles_fuel_tanks": 86 * n + 100,
        "warships_cutters": 0 if n < 4 else 2 + n // 60,  # a real 0 after the first date
        "cruise_missiles": 3 * n if day >= CRUISE_MISSILES_FROM else 0,
        "uav_systems": 297 * n,
        "special_military_equip": 2 * n + 5 if day >= SPECIAL_FROM else 0,
        "atgm_srbm_systems": atgm,
        "submarines": 1 + n // 1600 if day >= SUBMARINES_FROM else 0,
    }


def api_record(
    day: date | str,
    stats: Mapping[str, object] | None = None,
    *,
    previous: Mapping[str, object] | None = None,
    resource: str | None = None,
) -> dict[str, Any]:
    """One record as the API sends it: `date`, `day`, (`resource`), `stats`, `increase`.

    `stats` defaults to synthetic_stats(day); `increase` is the change since `previous` (the
    stats of the record before), 0 where either value is not a number.
    """
    day = as_date(day)
    stats = dict(synthetic_stats(day) if stats is None else stats)
    before = previous or {}
    increase = {}
    for key, value in stats.items():
        old = before.get(key, 0)
        numbers = all(isinstance(v, int) and not isinstance(v, bool) for v in (value, old))
        increase[key] = value - old if numbers else 0  # type: ignore[operator]
    record: dict[str, Any] = {"date": day.isoformat(), "day": day_number(day)}
    if resource is not None:
        record["resource"] = resource
    record["stats"] = stats
    record["increase"] = increase
    return record


def api_history(days: Iterable[date | str]) -> list[dict[str, Any]]:
    """Synthetic records for `days`, oldest first, `increase` from consecutive records."""
    records: list[dict[str, Any]] = []
    for day in sorted(as_date(d) for d in days):
        previous = records[-1]["stats"] if records else None
        records.append(api_record(day, previous=previous))
    return records


def synthetic_days() -> list[date]:
    """~130 report dates over the whole war: every category boundary, a gap, a final run."""
    start = date(2022, 2, 24)
    days = {start + timedelta(days=1) + timedelta(days=15 * i) for i in range(108)}
    days |= {date.fromisoformat(d) for d in (
        "2022-02-27", "2022-02-28", "2022-03-15", "2022-03-16", "2022-03-25", "2022-03-26",
        "2022-04-14", "2022-04-30", "2022-05-01", "2023-09-13", "2023-09-14", "2026-05-02",
        "2026-05-03",
    )}  # fmt: skip
    days |= {SEED_LAST - timedelta(days=i) for i in range(10)}
    days.discard(date(2022, 2, 26))  # as in the API, which has no report that day
    return sorted(d for d in days if d <= SEED_LAST)


def new_day(records: list[dict[str, Any]], day: date, **stats: int) -> dict[str, Any]:
    """Append the record of `day` (synthetic totals, some overridden) to the API's history."""
    values = {**synthetic_stats(day), **stats}
    record = api_record(day, values, previous=records[-1]["stats"])
    records.append(record)
    return record


def add_day(api: FakeApi, **stats: int) -> dict[str, Any]:
    """The API's next report: synthetic totals, some set; `increase` from the record before."""
    return new_day(api.records, as_date(api.records[-1]["date"]) + timedelta(days=1), **stats)


def set_total(record: dict[str, Any], key: str, value: object) -> dict[str, Any]:
    """Change one total of a record in place (and return it)."""
    record["stats"][key] = value
    return record


def petro_day(
    day: date | str, stats: Mapping[str, int] | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The equipment and personnel objects PetroIvaniuk publishes for `day`, from API stats.

    Keys come and go as they do in the real files: `military auto` + `fuel tank` before
    2022-05-01, `vehicles and fuel tanks` after; `POW` until 2022-04-27; and so on.
    """
    day = as_date(day)
    s = dict(synthetic_stats(day) if stats is None else stats)
    equipment: dict[str, Any] = {
        "date": day.isoformat(),
        "day": day_number(day),
        "aircraft": s["planes"],
        "helicopter": s["helicopters"],
        "tank": s["tanks"],
        "APC": s["armoured_fighting_vehicles"],
        "field artillery": s["artillery_systems"],
        "MRL": s["mlrs"],
    }
    if day < VEHICLES_MERGED_FROM:
        fuel = min(60, s["vehicles_fuel_tanks"])
        equipment["military auto"] = s["vehicles_fuel_tanks"] - fuel
        equipment["fuel tank"] = fuel
    equipment["drone"] = s["uav_systems"]
    equipment["naval ship"] = s["warships_cutters"]
    equipment["anti-aircraft warfare"] = s["aa_warfare_systems"]
    if day >= SPECIAL_FROM:
        equipment["special equipment"] = s["special_military_equip"]
    if SRBM_SPAN[0] <= day <= SRBM_SPAN[1]:
        equipment["mobile SRBM system"] = s["atgm_srbm_systems"]
    if DIRECTION_SPAN[0] <= day <= DIRECTION_SPAN[1]:
        equipment["greatest losses direction"] = "Synthetic direction"
    if day >= VEHICLES_MERGED_FROM:
        equipment["vehicles and fuel tanks"] = s["vehicles_fuel_tanks"]
        equipment["cruise missiles"] = s["cruise_missiles"]
    if day >= SUBMARINES_FROM:
        equipment["submarines"] = s["submarines"]
    if day >= GROUND_ROBOTS_FROM:
        equipment["ground robotic systems"] = s["atgm_srbm_systems"]
    personnel: dict[str, Any] = {
        "date": day.isoformat(),
        "day": day_number(day),
        "personnel": s["personnel_units"],
        "personnel*": "about",
    }
    if day <= POW_UNTIL:
        personnel["POW"] = 400 + day_number(day)
    return equipment, personnel


def petro_files(
    days: Iterable[date | str], stats: Callable[[date], Mapping[str, int]] = synthetic_stats
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Both PetroIvaniuk files (equipment, personnel) for `days`, oldest first."""
    pairs = [petro_day(d, stats(d)) for d in sorted(as_date(d) for d in days)]
    return [e for e, _ in pairs], [p for _, p in pairs]


# -- the General Staff's page, as people paste it ---------------------------------------------

TEXTS = Path(__file__).parent / "texts"
REPORT_HEAD = (
    "The total combat losses of the enemy from 24.02.2022 to 31.12.2023 were approximately:\n"
)


def own_text(name: str) -> str:
    """One of the project's own test texts, tests/texts/NAME."""
    return (TEXTS / name).read_text(encoding="utf-8")


# A report for 2023-12-31 in the English shape, figures as the General Staff published them,
# laid out with no-break spaces, thin-space thousands separators and em dashes.
PASTED_REPORT = """Menu | News | Contacts
31.12.2023 07:29
The total combat losses of the enemy from 24.02.2022 to 31.12.2023 were approximately:
personnel\u00a0— about 359\u2009230 (+960) persons,
tanks\u00a0— 5\u2009977 (+8),
APV\u00a0— 11\u2009070 (+17),
artillery systems — 8\u2009464 (+30),
MLRS — 943 (+4),
anti-aircraft warfare systems — 623 (+2),
aircraft — 329 (+0),
helicopters — 324 (+0),
UAV operational-tactical level — 6\u2009591 (+37),
cruise missiles — 1\u2009709 (+1),
warships / boats — 23 (+0),
submarines — 1 (+0),
vehicles and fuel tanks — 11\u2009292 (+48),
special equipment — 1\u2009268 (+8).
Data are being updated. 1,234 views
"""


# How a pasted report names each category (the English shape of the General Staff's page).
REPORT_TERMS = {
    "personnel": "personnel", "tanks": "tanks", "afv": "APV", "artillery": "artillery systems",
    "mlrs": "MLRS", "air_defense": "anti-aircraft warfare systems", "aircraft": "aircraft",
    "helicopters": "helicopters", "uav": "UAV operational-tactical level",
    "cruise_missiles": "cruise missiles", "warships": "warships / boats",
    "submarines": "submarines", "vehicles": "vehicles and fuel tanks",
    "special_equipment": "special equipment", "ground_robots": "ground robotic complexes",
}  # fmt: skip


def pasted_report(day: date, totals: dict[str, int], previous: dict[str, int]) -> str:
    """A General Staff report of `day` as pasted: `totals`, and the changes since `previous`."""
    stamp = day.strftime("%d.%m.%Y")
    header = f"The total combat losses of the enemy from 24.02.2022 to {stamp} were approximately:"
    lines = [f"{stamp} 07:29", header]
    for name, term in REPORT_TERMS.items():
        lines.append(f"{term} — {totals[name]} (+{totals[name] - previous[name]}),")
    return "\n".join(lines) + "\n"


# -- the API ----------------------------------------------------------------------------------


def only_first(response: Response) -> Fault:
    """A fault answering the first request with `response`, then letting the fake answer."""
    calls: list[str] = []

    def fault(request: Request) -> Response | None:
        calls.append(request.path)
        return response if len(calls) == 1 else None

    return fault


def _json(payload: object, status: int = 200) -> Response:
    return Response(json.dumps(payload), status=status, content_type="application/json")


def _invalid(field_name: str, text: str) -> Response:
    """The API's answer to a bad parameter (Laravel style)."""
    return _json({"message": text, "errors": {field_name: [text]}}, status=422)


@dataclass
class FakeApi:
    """russianwarship.rip API v2 replaying `records` (oldest first; edit them between runs)."""

    records: list[dict[str, Any]]
    fail: Fault | None = None
    message: str = SUCCESS
    requests: list[str] = field(default_factory=list)
    user_agents: set[str] = field(default_factory=set)
    bytes_served: int = 0
    delay: float = 0.0  # seconds to wait before each answer: a slow server
    answered_at: list[float] = field(default_factory=list)  # time.monotonic() of each answer

    def handle(self, request: Request) -> Response:
        """Answer one request and count it."""
        if self.delay:
            time.sleep(self.delay)
        self.answered_at.append(time.monotonic())
        self.requests.append(request.full_path.rstrip("?"))
        self.user_agents.add(request.headers.get("User-Agent", ""))
        response = self._answer(request)
        if not response.is_streamed:  # a streamed fault's body is made as it is sent
            self.bytes_served += len(response.get_data())
        return response

    def _answer(self, request: Request) -> Response:
        if isinstance(self.fail, int):
            return _json({"message": "Server Error"}, status=self.fail)
        if self.fail is not None:
            injected = self.fail(request)
            if injected is not None:
                return injected
        path = request.path.removeprefix("/api/v2")
        if path == "/statistics/latest":
            return (
                self._one(self.records[-1]) if self.records else _json({"message": "No data"}, 404)
            )
        if path == "/statistics":
            return self._page(request)
        match = re.fullmatch(r"/statistics/(\d{4}-\d{2}-\d{2})", path)
        if match:
            for record in self.records:
                if record["date"] == match[1]:
                    return self._one(record)
            return _invalid("date", "The selected date is invalid.")
        return _json({"message": "Not Found"}, status=404)

    def _one(self, record: dict[str, Any]) -> Response:
        data = {k: v for k, v in record.items() if k not in ("stats", "increase")}
        data["war_status"] = WAR_STATUS
        data["stats"] = record["stats"]
        if "increase" in record:  # a test may take it away
            data["increase"] = record["increase"]
        return _json({"message": self.message, "data": data})

    def _page(self, request: Request) -> Response:
        args = request.args
        try:
            offset = int(args.get("offset", "0"))
            limit = min(int(args.get("limit", str(MAX_LIMIT))), MAX_LIMIT)
        except ValueError:
            return _invalid("offset", "The offset and limit must be integers.")
        if offset < 0 or limit < 1:
            return _invalid("offset", "The offset must be >= 0 and the limit >= 1.")
        filters = {k: args[k] for k in ("date_from", "date_to") if args.get(k)}
        for value in filters.values():
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                return _invalid("date_from", "The date does not match the format Y-m-d.")
        selected = [
            r
            for r in reversed(self.records)
            if filters.get("date_from", "") <= r["date"] <= filters.get("date_to", "9999")
        ]

        def link(at: int) -> str:
            query = urlencode({**filters, "offset": at, "limit": limit})
            return f"{request.host_url}api/v2/statistics?{query}"

        paging = {
            "prev_url": link(max(0, offset - limit)) if offset > 0 else None,
            "next_url": link(offset + limit) if offset + limit < len(selected) else None,
            "total_items": len(selected),
        }
        records = selected[offset : offset + limit]
        return _json({"message": self.message, "data": {"paging": paging, "records": records}})


def serve_api(
    httpserver: HTTPServer, records: list[dict[str, Any]], *, fail: Fault | None = None
) -> FakeApi:
    """Replay `records` as the API under /api/v2 (set LOSSTRACK_API_URL to url_for("/api/v2"))."""
    api = FakeApi(records, fail)
    httpserver.expect_request(re.compile(r"^/api/v2(/.*)?$")).respond_with_handler(api.handle)
    return api


# -- GitHub -----------------------------------------------------------------------------------


@dataclass
class FakeGithub:
    """raw.githubusercontent.com serving PetroIvaniuk's two files as text/plain."""

    equipment: list[dict[str, Any]]
    personnel: list[dict[str, Any]]
    fail: Fault | None = None
    requests: list[str] = field(default_factory=list)

    def handle(self, request: Request) -> Response:
        """Answer one request and count it."""
        self.requests.append(request.path)
        if isinstance(self.fail, int):
            return Response("500: Internal Server Error", status=self.fail)
        if self.fail is not None:
            injected = self.fail(request)
            if injected is not None:
                return injected
        files = {EQUIPMENT: self.equipment, PERSONNEL: self.personnel}
        name = request.path.removeprefix("/data/")
        if name not in files:
            return Response("404: Not Found", status=404, content_type="text/plain")
        body = json.dumps(files[name], indent=4, ensure_ascii=False)
        return Response(body, content_type="text/plain; charset=utf-8")


def serve_github(
    httpserver: HTTPServer,
    equipment: list[dict[str, Any]],
    personnel: list[dict[str, Any]],
    *,
    fail: Fault | None = None,
) -> FakeGithub:
    """Serve the files under /data (set LOSSTRACK_GITHUB_URL to url_for("/data"))."""
    github = FakeGithub(equipment, personnel, fail)
    httpserver.expect_request(re.compile(r"^/data/.*$")).respond_with_handler(github.handle)
    return github


def serve_petro(
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
    days: list[date],
    stats: Callable[[date], Mapping[str, int]] = synthetic_stats,
) -> FakeGithub:
    """PetroIvaniuk's files for `days` on the local server, and the package pointed at them."""
    monkeypatch.setenv("LOSSTRACK_GITHUB_URL", httpserver.url_for("/data"))
    return serve_github(httpserver, *petro_files(days, stats))


# -- raw TCP, for what a well-behaved server cannot do ----------------------------------------


@dataclass
class RawServer:
    """Where a RawServer listens and how many connections it took."""

    url: str
    connections: int = 0


def accept_loop(
    listener: socket.socket,
    go_on: Callable[[], bool],
    take: Callable[[socket.socket], None],
) -> None:
    """Hand each connection of a listener (with a short accept timeout) to `take` while `go_on`."""
    while go_on():
        try:
            conn, _ = listener.accept()
        except TimeoutError:
            continue
        except OSError:
            return
        take(conn)


@contextlib.contextmanager
def raw_server(reply: bytes | None) -> Iterator[RawServer]:
    """A TCP server on 127.0.0.1 answering every request with the bytes `reply`, then closing.

    With `reply` None it reads the request and then says nothing until the test ends.
    """
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)
    stop = threading.Event()
    server = RawServer(f"http://127.0.0.1:{listener.getsockname()[1]}")

    def answer(conn: socket.socket) -> None:
        conn.settimeout(2.0)
        request = b""
        while b"\r\n\r\n" not in request:
            chunk = conn.recv(4096)
            if not chunk:
                return
            request += chunk
        if reply is None:
            stop.wait()
        else:
            conn.sendall(reply)

    def take(conn: socket.socket) -> None:
        server.connections += 1
        with conn, contextlib.suppress(OSError):
            answer(conn)

    thread = threading.Thread(
        target=accept_loop, args=(listener, lambda: not stop.is_set(), take), daemon=True
    )
    thread.start()
    try:
        yield server
    finally:
        stop.set()
        thread.join(5)
        listener.close()


def http_reply(
    body: bytes, *, status: str = "200 OK", headers: Mapping[str, str] | None = None
) -> bytes:
    """The bytes of an HTTP/1.1 response; `headers` may claim a Content-Length of their own."""
    head = {"Content-Type": "application/json", "Content-Length": str(len(body)), **(headers or {})}
    lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in head.items()), "Connection: close"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


# -- the bundled data as an upstream ----------------------------------------------------------

# The dataset's columns in the API's keys (ground robotic systems come as atgm_srbm_systems).
API_KEY_OF = {
    "personnel": "personnel_units", "afv": "armoured_fighting_vehicles",
    "artillery": "artillery_systems", "air_defense": "aa_warfare_systems", "aircraft": "planes",
    "vehicles": "vehicles_fuel_tanks", "uav": "uav_systems", "warships": "warships_cutters",
    "special_equipment": "special_military_equip", "ground_robots": "atgm_srbm_systems",
}  # fmt: skip


def bundled_records(count: int) -> list[dict[str, Any]]:
    """API records of the last `count` reports of the bundled dataset (the user's first base)."""
    from losstrack.dataset import store

    frame = store.read(store.bundled_path()).iloc[-count:]
    records: list[dict[str, Any]] = []
    for stamp, row in frame.iterrows():
        totals = row.drop(["source", "link"]).dropna()
        stats = {API_KEY_OF.get(str(k), str(k)): int(v) for k, v in totals.items()}
        previous = records[-1]["stats"] if records else None
        records.append(api_record(stamp.date(), stats, previous=previous))  # type: ignore[attr-defined]
    return records


def grown(records: list[dict[str, Any]], days: int = 1) -> list[dict[str, Any]]:
    """`records` and `days` more reports after them, each total a little higher (plausible)."""
    out = list(records)
    for _ in range(days):
        last = out[-1]
        day = as_date(last["date"]) + timedelta(days=1)
        stats = {k: v + (900 if k == "personnel_units" else 2) for k, v in last["stats"].items()}
        out.append(api_record(day, stats, previous=last["stats"]))
    return out


# The package's mapping, written out here so that the tests check it rather than repeat it.
API_COLUMNS = {
    "personnel_units": "personnel", "tanks": "tanks", "armoured_fighting_vehicles": "afv",
    "artillery_systems": "artillery", "mlrs": "mlrs", "aa_warfare_systems": "air_defense",
    "planes": "aircraft", "helicopters": "helicopters", "vehicles_fuel_tanks": "vehicles",
    "warships_cutters": "warships", "cruise_missiles": "cruise_missiles", "uav_systems": "uav",
    "special_military_equip": "special_equipment", "submarines": "submarines",
}  # fmt: skip


# -- user datasets: seeded, and as they are on disk -------------------------------------------


def seed_dataset(data_dir: Path, api_records: list[dict[str, Any]]) -> Path:
    """Write a user dataset holding exactly these API records (as an update would store them).

    The first update lays the upstream over the bundled data, so a test that wants a dataset
    of synthetic reports only writes it here, through the package's own parser and writer.
    """
    from losstrack.dataset import merge, store
    from losstrack.sources import api

    warnings: list[str] = []
    parsed = [api.parse_record(r, "seed", warnings) for r in api_records]
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / store.FILENAME
    store.write_atomic(path, store.to_csv(merge.records_frame(parsed)))
    return path


def stated_entries(data_dir: Path) -> list[tuple[str, str, int, str]]:
    """stated.csv as (date, category, stated, source), read and validated by the package."""
    from losstrack.dataset import journal

    entries = journal.read(data_dir, journal.STATED)
    return [(e["date"].isoformat(), e["category"], e["stated"], e["source"]) for e in entries]


def data_files(directory: Path) -> dict[str, bytes]:
    """The dataset and its logs as they are on disk (absent files left out)."""
    from losstrack.dataset import history

    return {n: (directory / n).read_bytes() for n in history.FILES if (directory / n).is_file()}


def files_below(directory: Path) -> dict[str, bytes]:
    """Every file below `directory` (its undo history too), byte for byte."""
    files = sorted(p for p in directory.rglob("*") if p.is_file())
    return {str(p.relative_to(directory)): p.read_bytes() for p in files}


def entries_below(directory: Path) -> dict[str, tuple[object, ...]]:
    """Every entry below `directory`, links not followed: kind, owner, mode, and bytes."""
    found: dict[str, tuple[object, ...]] = {}
    for entry in sorted(directory.rglob("*")):
        info = entry.lstat()
        key = str(entry.relative_to(directory))
        if stat.S_ISLNK(info.st_mode):
            found[key] = ("link", os.readlink(entry))
        elif stat.S_ISREG(info.st_mode):
            found[key] = (info.st_uid, info.st_mode, info.st_mtime_ns, entry.read_bytes())
        else:
            found[key] = (info.st_uid, info.st_mode)
    return found


def snapshot(directory: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of a directory with its bytes and modification time."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(directory.iterdir())}


# -- what the dataset should hold -------------------------------------------------------------

WAR_START = date(2022, 2, 24)
FIRST_REPORTED = {
    "cruise_missiles": CRUISE_MISSILES_FROM,
    "submarines": SUBMARINES_FROM,
    "special_equipment": SPECIAL_FROM,
}
PETRO_COLUMNS = {
    "personnel": "personnel", "tank": "tanks", "APC": "afv", "field artillery": "artillery",
    "MRL": "mlrs", "anti-aircraft warfare": "air_defense", "aircraft": "aircraft",
    "helicopter": "helicopters", "vehicles and fuel tanks": "vehicles", "naval ship": "warships",
    "submarines": "submarines", "cruise missiles": "cruise_missiles", "drone": "uav",
    "special equipment": "special_equipment", "ground robotic systems": "ground_robots",
    "mobile SRBM system": "srbm", "POW": "pow",
}  # fmt: skip
Totals = dict[str, dict[str, int]]


def expected_from_api(record: Mapping[str, Any]) -> dict[str, int]:
    """The totals the dataset should hold for one API record."""
    day = date.fromisoformat(record["date"])
    totals: dict[str, int] = {}
    for key, value in record["stats"].items():
        if key == "atgm_srbm_systems":
            if day >= GROUND_ROBOTS_FROM:
                totals["ground_robots"] = value
            elif value and SRBM_SPAN[0] <= day <= SRBM_SPAN[1]:
                totals["srbm"] = value
            continue
        column = API_COLUMNS.get(key, key)
        if value == 0 and day < FIRST_REPORTED.get(column, WAR_START):
            continue  # the API's 0 for "not reported yet" is stored empty
        totals[column] = value
    return totals


def expected_from_petro(
    equipment: Mapping[str, Any], personnel: Mapping[str, Any]
) -> dict[str, int]:
    """The totals the dataset should hold for one day of the PetroIvaniuk files."""
    totals = {PETRO_COLUMNS[k]: v for obj in (equipment, personnel) for k, v in obj.items()
              if k in PETRO_COLUMNS}  # fmt: skip
    if "military auto" in equipment:
        totals["vehicles"] = equipment["military auto"] + equipment.get("fuel tank", 0)
    return totals


def stored(data_dir: Path) -> pd.DataFrame:
    """The user's dataset, read and validated by the package."""
    from losstrack.dataset import store

    return store.read(data_dir / store.FILENAME)


def totals_by_day(frame: pd.DataFrame) -> Totals:
    """{date: {category: total}} of a dataset, empty cells left out."""
    import pandas as pd

    table = frame.drop(columns=["source", "link"])
    return {
        ts.date().isoformat(): {str(k): int(v) for k, v in row.items() if not pd.isna(v)}
        for ts, row in zip(table.index, table.to_dict("records"), strict=True)
    }


# -- how many examples a property gets --------------------------------------------------------


def examples(full: int) -> list[Any]:
    """`max_examples` for a property test, as parameters: a twentieth by default, all with -m slow.

    The property is written inside the test under `@settings(max_examples=n)`; the default run
    tries `full // 20` examples (at least 3) and the slow run the whole `full`.
    """
    quick = max(full // 20, 3)
    return [
        pytest.param(quick, id=f"{quick}-examples"),
        pytest.param(full, id=f"{full}-examples", marks=pytest.mark.slow),
    ]
