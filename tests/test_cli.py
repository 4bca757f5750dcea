"""The commands on the bundled dataset: exact output in every format, and clean errors."""

from __future__ import annotations

import json

import pytest

from losstrack import __version__

from .procs import golden, run


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("show.txt", ["show"]),
        ("show-tanks.txt", ["show", "tanks"]),
        ("show-tank-last3.csv", ["show", "tank", "--last", "3", "--format", "csv"]),
        ("show-two.txt", ["show", "personnel", "tanks", "--since", "2026-08-01", "--until", "2026-08-10"]),
        ("show-gap.txt", ["show", "personnel", "--since", "2022-02-24", "--until", "2022-03-01"]),
        ("show-gap.json", ["show", "personnel", "--since", "2022-02-25", "--until", "2022-02-27", "-f", "json"]),
        ("diff.txt", ["diff", "--since", "2023-03-15", "--until", "2023-03-16"]),
        ("diff.csv", ["diff", "--since", "2023-03-15", "--until", "2023-03-16", "--format", "csv"]),
        ("diff.json", ["diff", "--since", "2023-03-15", "--until", "2023-03-16", "--format", "json"]),
        ("diff-weeks.txt", ["diff", "--weeks", "4", "personnel", "uav"]),
        ("categories.csv", ["categories", "--format", "csv"]),
    ],
)  # fmt: skip
def test_views_match_golden_output(
    request: pytest.FixtureRequest, name: str, args: list[str]
) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    golden(request, name, result.stdout)


def test_diff_reports_the_march_2023_figures_in_every_format() -> None:
    args = ["diff", "--since", "2023-03-15", "--until", "2023-03-16"]
    table = run(*args).stdout
    for line in ("161,520     162,560  +1,040", "3,492       3,504     +12",
                 "6,799       6,810     +11", "2,528       2,539     +11"):  # fmt: skip
        assert line in table
    rows = {r["category"]: r for r in json.loads(run(*args, "-f", "json").stdout)}
    expected = {"personnel": (161520, 162560, 1040), "tanks": (3492, 3504, 12),
                "afv": (6799, 6810, 11), "artillery": (2528, 2539, 11)}  # fmt: skip
    for name, (old, new, change) in expected.items():
        assert (rows[name]["from"], rows[name]["to"], rows[name]["change"]) == (old, new, change)
    csv_lines = run(*args, "-f", "csv").stdout.splitlines()
    assert "personnel,2023-03-15,2023-03-16,161520,162560,1040,1040.0,1,,,,2026-08-31" in csv_lines


def test_version() -> None:
    result = run("--version")
    assert (result.exit_code, result.stdout) == (0, f"losstrack {__version__}\n")


def test_singular_alias_works_and_typo_suggests_the_name() -> None:
    assert run("show", "tank", "--last", "1").exit_code == 0
    result = run("show", "tnaks")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "losstrack: error: unknown category 'tnaks'; did you mean tanks?\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff", "--since", "2023-02-30"], "--since '2023-02-30' is not a date; use YYYY-MM-DD, today or yesterday"),
        (["diff", "--since", "2023-03-16", "--until", "2023-03-15"],
         "--since 2023-03-16 is after --until 2023-03-15"),
        (["diff", "--since", "2022-01-01"], "--since 2022-01-01 is before the invasion (2022-02-24)"),
        (["diff"], "give exactly one of --since, --days or --weeks"),
        (["diff", "--days", "3", "--since", "2023-01-01"], "give exactly one of --since, --days or --weeks"),
        (["show", "tanks", "--since", "2023-03-16", "--until", "2023-03-15"],
         "--since 2023-03-16 is after --until 2023-03-15"),
        (["show", "--since", "2023-03-16"], "--since, --until and --last need a category, e.g. `losstrack show tanks --last 7`"),
        (["show", "tanks", "--format", "xml"], None),
        (["show", "--bogus"], None),
    ],
)  # fmt: skip
def test_usage_errors_are_one_line_with_exit_2(args: list[str], message: str | None) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("losstrack: error: ")
    assert result.stderr.count("\n") == 1
    if message is not None:
        assert result.stderr == f"losstrack: error: {message}\n"


def test_diff_on_a_missing_day_uses_the_report_before_and_says_so() -> None:
    result = run("diff", "--since", "2022-02-26", "--until", "2022-02-28", "personnel", "-f", "csv")
    assert result.exit_code == 0
    assert result.stderr == "losstrack: no report on 2022-02-26; using the one of 2022-02-25\n"
    assert (
        result.stdout.splitlines()[1]
        == "personnel,2022-02-25,2022-02-28,2800,5300,2500,833.3,3,,,,2026-08-31"
    )


def test_decreases_are_shown_not_clamped() -> None:
    result = run(
        "show", "special_equipment", "--since", "2024-11-30", "--until", "2024-11-30", "-f", "json"
    )
    (row,) = json.loads(result.stdout)
    assert (row["total"], row["change"]) == (3617, -83)


def test_info_names_the_bundled_dataset(data_dir: object) -> None:
    info = json.loads(run("info", "--format", "json").stdout)
    assert info["bundled"] is True
    assert info["data_directory"] == str(data_dir)
    assert (info["first_report"], info["latest_report"], info["reports"]) == (
        "2022-02-25", "2026-08-31", 1648,
    )  # fmt: skip
    assert info["missing"] == "2022-02-26"
    assert not data_dir.exists()  # type: ignore[attr-defined]


def test_no_command_shows_help() -> None:
    result = run()
    assert "Usage:" in result.stdout
