"""The insight commands on the bundled dataset: exact output in every format."""

from __future__ import annotations

import pytest

from .procs import golden, run


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("insight-summary.txt", ["summary", "--date", "2023-03-16"]),
        ("insight-summary-uk.txt", ["summary", "--date", "2023-03-16", "--lang", "uk"]),
        ("insight-summary.json", ["summary", "--date", "2023-03-16", "-f", "json"]),
        ("insight-summary.csv", ["summary", "--categories", "tanks,uav", "-f", "csv"]),
        ("insight-top.txt", ["top", "personnel", "-n", "5"]),
        ("insight-top-gap.txt", ["top", "tanks", "-n", "3"]),
        ("insight-top.json", ["top", "afv", "-n", "2", "-f", "json"]),
        ("insight-top-month.txt", ["top", "tanks", "--by", "month", "-n", "5"]),
        ("insight-top-week.csv", ["top", "personnel", "--by", "week", "-n", "3", "-f", "csv"]),
        ("insight-top-week-partial.txt", ["top", "ground_robots", "--by", "week", "-n", "20"]),
        ("insight-milestones.txt", ["milestones", "personnel"]),
        ("insight-milestones-tanks.json", ["milestones", "tanks", "-f", "json"]),
        ("insight-milestones-subs.txt", ["milestones", "submarines"]),
        ("insight-compare.txt", ["compare", "--by", "month", "--periods", "3", "personnel", "tanks"]),
        ("insight-compare-week.csv", ["compare", "--by", "week", "--periods", "2", "uav", "-f", "csv"]),
        ("insight-compare-year.json", ["compare", "--by", "year", "personnel", "-f", "json"]),
        ("insight-compare-all.txt", ["compare", "--periods", "1"]),
    ],
)  # fmt: skip
def test_insight_views_match_golden_output(
    request: pytest.FixtureRequest, name: str, args: list[str]
) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    golden(request, name, result.stdout)
