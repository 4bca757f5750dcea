"""Honest derived figures: glitches left out, partial periods by rate, the invasion as zero."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from . import fakes
from .procs import run


def rows(*args: str) -> list[dict[str, str]]:
    result = run(*args, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_top_ground_robots_does_not_rank_the_rebound_from_a_glitch_unmarked() -> None:
    # The API's 2026-06-09 ground robots figure (1,411) is that day's air-defence figure.
    ranked = rows("top", "ground_robots", "-n", "100")
    rebound = [r for r in ranked if r["date"] == "2026-06-10"]
    assert rebound == [] or rebound[0]["glitches"] == "2026-06-09"
    assert int(ranked[0]["change"]) < 100
    assert "2026-06-09" not in {r["date"] for r in ranked}  # the glitch has no change of its own
    table = run("top", "ground_robots", "-n", "100").stdout
    assert "+15§" in table
    assert "ground_robots 1,411 on 2026-06-09" in table
    plain = rows("top", "ground_robots", "--as-published")
    assert (plain[0]["date"], plain[0]["change"]) == ("2026-06-10", "208")


def test_show_keeps_the_stored_glitch_marked_and_spans_the_change_over_it() -> None:
    table = run("show", "ground_robots", "--since", "2026-06-08", "--until", "2026-06-10").stdout
    assert "1,411§" in table
    assert "+15§" in table
    found = {r["date"]: r for r in rows("show", "ground_robots", "--since", "2026-06-08",
                                        "--until", "2026-06-10")}  # fmt: skip
    assert found["2026-06-09"]["total"] == "1411"
    assert found["2026-06-09"]["glitch"] == "True"
    assert found["2026-06-09"]["change"] == ""
    assert (found["2026-06-10"]["change"], found["2026-06-10"]["previous_date"]) == (
        "15", "2026-06-08")  # fmt: skip
    assert found["2026-06-10"]["glitches"] == "2026-06-09"
    published = rows("--as-published", "show", "ground_robots", "--since", "2026-06-10",
                     "--until", "2026-06-10")  # fmt: skip
    assert published[0]["change"] == "208"
    assert published[0]["glitches"] == ""


def test_diff_and_summary_take_the_last_good_value_for_a_glitch_endpoint() -> None:
    found = {r["category"]: r for r in rows("diff", "--since", "2026-06-09", "--until",
                                            "2026-06-10")}  # fmt: skip
    assert (found["ground_robots"]["from"], found["ground_robots"]["change"]) == ("1604", "15")
    assert found["ground_robots"]["glitches"] == "2026-06-09"
    text = run("summary", "--date", "2026-06-10", "--categories", "ground_robots").stdout
    assert "1,619 ground robotic systems (+15, since 8 June 2026, leaving out a glitch" in text
    left = run("summary", "--date", "2026-06-09")
    assert "ground robotic" not in left.stdout
    assert "1,411 of 2026-06-09 is a one-day" in left.stderr


def test_the_summary_says_a_fall_is_a_correction_and_json_carries_the_paragraph() -> None:
    text = run("summary", "--date", "2024-11-30", "--categories", "special_equipment").stdout
    assert "3,617 pieces of special equipment (-83, a correction)" in text
    payload = json.loads(run("summary", "--date", "2023-03-16", "-f", "json").stdout)
    assert payload["text"].startswith("Russia lost about 1,040 personnel between Wednesday")
    assert payload["figures"][0]["change"] == 1040
    assert payload["date"] == "2023-03-16"


def test_compare_a_partial_year_by_its_daily_rate() -> None:
    year = {r["period"]: r for r in rows("compare", "--by", "year", "personnel")}
    assert year["2025"]["basis"] == "total"
    assert year["2025"]["vs_previous"] == "-11960"
    assert year["2026"]["partial"] == "True"
    assert year["2026"]["basis"] == "per_day"
    assert (year["2026"]["per_day"], year["2026"]["previous_per_day"]) == ("1153.5", "1146.2")
    assert (year["2026"]["vs_previous"], year["2026"]["vs_previous_pct"]) == ("7.3", "0.6")
    table = run("compare", "--by", "year", "personnel").stdout
    assert "-33.0" not in table
    assert "+0.6≈" in table
    assert "(1,153.5 against 1,146.2)" in table
    week = rows("compare", "--by", "week", "--periods", "2", "uav")
    assert week[-1]["basis"] == "per_day"
    assert float(week[-1]["vs_previous_pct"]) > 0


def test_a_period_that_starts_part_way_is_partial() -> None:
    months = {r["period"]: r for r in rows("compare", "--by", "month", "ground_robots")}
    assert months["2026-05"]["partial"] == "True"
    assert months["2026-05"]["change"] == ""
    assert months["2026-06"]["basis"] == "per_day"  # against a partial May
    first = rows("top", "tanks", "--by", "month", "-n", "60")
    assert next(r for r in first if r["period"] == "2022-02")["starts_late"] == "True"


def test_a_fall_inside_a_period_is_marked_in_top() -> None:
    table = run("top", "special_equipment", "--by", "month", "-n", "60").stdout
    assert "+47‡" in table
    assert "includes a fall of special_equipment on 2024-11-30" in table


def test_diff_since_the_invasion_counts_from_zero() -> None:
    found = {r["category"]: r for r in rows("diff", "--since", "2022-02-24", "--until",
                                            "2023-03-16")}  # fmt: skip
    assert (found["personnel"]["from"], found["personnel"]["change"]) == ("0", "162560")
    assert found["personnel"]["days"] == str(385)
    assert run("diff", "--since", "2022-02-24").exit_code == 0
    early = run("diff", "--days", "7", "--until", "2022-03-01")
    assert early.exit_code == 2
    assert "--days 7 before --until 2022-03-01 goes back before the invasion" in early.stderr
    assert run("diff", "--days", "5", "--until", "2022-03-01").exit_code == 0


@pytest.mark.parametrize(
    ("today", "noted"),
    [
        pytest.param("2026-08-31", False, marks=pytest.mark.slow),
        ("2026-09-01", False),
        pytest.param("2026-09-02", True, marks=pytest.mark.slow),
        ("2026-12-02", True),
    ],
)
def test_a_stale_dataset_says_so_once_on_stderr(
    monkeypatch: pytest.MonkeyPatch, today: str, noted: bool
) -> None:
    monkeypatch.setenv("LOSSTRACK_TODAY", today)
    for args in (["show"], ["top", "tanks"], ["check"], ["info"], ["show", "-f", "json"]):
        result = run(*args)
        assert result.exit_code == 0, result.stderr
        lines = [line for line in result.stderr.splitlines() if "latest report is of" in line]
        assert len(lines) == (1 if noted else 0), (args, result.stderr)
    if today == "2026-12-02":
        assert lines == ["losstrack: the latest report is of 2026-08-31, 93 days old; run "
                         "`losstrack update` for newer ones"]  # fmt: skip


def test_no_note_on_data_whose_latest_report_is_today(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    from datetime import date, timedelta

    monkeypatch.delenv("LOSSTRACK_TODAY")
    today = date.today()
    fakes.seed_dataset(data_dir, fakes.api_history([today - timedelta(days=i) for i in range(3)]))
    assert run("show").stderr == ""
    fakes.seed_dataset(
        data_dir, fakes.api_history([today - timedelta(days=i) for i in range(2, 5)])
    )
    assert "2 days old" in run("show").stderr


def test_csv_and_json_carry_as_of() -> None:
    assert {r["as_of"] for r in rows("show", "tanks")} == {"2026-08-31"}
    assert json.loads(run("diff", "--days", "1", "-f", "json").stdout)[0]["as_of"] == "2026-08-31"


def test_milestones_never_project_a_date_before_today(monkeypatch: pytest.MonkeyPatch) -> None:
    projected = rows("milestones", "personnel")[-1]
    assert (projected["status"], projected["date"]) == ("projected", "2026-09-09")
    monkeypatch.setenv("LOSSTRACK_TODAY", "2026-12-02")
    due = rows("milestones", "personnel")[-1]
    assert (due["status"], due["date"], due["threshold"]) == ("due; update", "", "1500000")
    assert "would have been reached by 2026-09-09, before today" in run("milestones", "kia").stdout


@pytest.mark.parametrize(("rise", "projected"), [(1, False), (3, True)])
def test_no_projection_at_a_rate_that_rounds_to_zero(
    data_dir: Path, rise: int, projected: bool
) -> None:
    from datetime import timedelta

    days = [fakes.SEED_LAST - timedelta(days=i) for i in reversed(range(61))]
    records = fakes.api_history(days)
    for n, record in enumerate(records):  # +rise over the last 30 days: 0.03 or 0.1 a day
        fakes.set_total(record, "submarines", 2 + (rise if n == len(records) - 1 else 0))
    fakes.seed_dataset(data_dir, records)
    found = rows("milestones", "submarines")
    assert any(r["status"] == "projected" for r in found) is projected
    if not projected:
        assert "No projection" in run("milestones", "submarines").stdout


def test_top_after_an_update_marks_the_rebound_from_a_glitch(
    httpserver: Any, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    monkeypatch.setenv("LOSSTRACK_API_URL", httpserver.url_for("/api/v2"))
    records = fakes.api_history(fakes.SEED_DAYS)
    fakes.seed_dataset(data_dir, records)
    later = fakes.api_history([*fakes.SEED_DAYS, fakes.SEED_NEW, fakes.SEED_NEW.replace(day=2)])
    odd = later[-2]["stats"]["atgm_srbm_systems"] - 40  # another day's figure, 5% low
    fakes.set_total(later[-2], "atgm_srbm_systems", odd)
    fakes.serve_api(httpserver, later)
    assert run("update").exit_code == 0
    # Every real day is +6: the rebound of +46 is no record; the change spans the glitch.
    best = rows("top", "ground_robots", "-n", "1")[0]
    assert (best["date"], best["change"], best["days"]) == ("2026-09-02", "12", "2")
    assert best["glitches"] == "2026-09-01"
    assert "+12§" in run("top", "ground_robots", "-n", "1").stdout
    assert "ground_robots" in run("check").stdout


@pytest.mark.parametrize("stated", [2, 6])  # the first total is 6: stated 6 counts from zero
def test_the_first_report_of_a_category_shows_the_change_the_source_stated(
    httpserver: Any, monkeypatch: pytest.MonkeyPatch, data_dir: Path, stated: int
) -> None:
    from datetime import date, timedelta

    monkeypatch.setenv("LOSSTRACK_API_URL", httpserver.url_for("/api/v2"))
    first = date(2026, 5, 3)  # ground robotic systems appear in the API's atgm_srbm_systems
    records = fakes.api_history([first + timedelta(days=i) for i in range(-3, 3)])
    fakes.seed_dataset(data_dir, records[:3])
    assert records[3]["stats"]["atgm_srbm_systems"] == 6
    records[3]["increase"]["atgm_srbm_systems"] = stated
    fakes.serve_api(httpserver, records)
    assert run("update").exit_code == 0
    found = {r["date"]: r for r in rows("show", "ground_robots", "--since", "2026-05-03")}
    table = run("show", "ground_robots", "--since", "2026-05-03").stdout
    # csv keeps the computed change (none) and the stated one apart; the table shows it, marked.
    assert found["2026-05-03"]["change"] == ""
    if stated < 6:
        assert found["2026-05-03"]["stated"] == "2"
        assert "+2*" in table
        assert "the change the source stated with its first report" in table
    else:  # a stated change equal to the total is the source counting from zero
        assert found["2026-05-03"]["stated"] == ""
        assert "6 is the running total since the invasion, not one day's loss" in table
