"""Insight analysis: the sparkline, and its place under `show CATEGORY` in table mode only."""

from __future__ import annotations

import json

from losstrack.insight import sparkline

from .helpers import run


def test_sparkline_scales_from_smallest_to_largest() -> None:
    assert sparkline([0, 1, 2, 3, 4, 5, 6, 7]) == "▁▂▃▄▅▆▇█"
    assert sparkline([10, 80, 45]) == "▁█▅"


def test_sparkline_of_flat_or_missing_values() -> None:
    assert sparkline([5, 5, 5]) == "▁▁▁"
    assert sparkline([None, 0, float("nan"), 2]) == " ▁ █"
    assert sparkline([]) == ""
    assert sparkline([None]) == " "


def test_show_one_category_has_a_sparkline_in_table_mode_only() -> None:
    table = run("show", "tanks", "--last", "3").stdout
    assert table.splitlines()[-1] == (
        "Change per day over the last 30 reports to 2026-08-31: "
        "▁▂▆▆▅▂▅▃▃▅▁▄▃▆▂▃▃▃█▄▇▁▂▁█▅▄▄▂▆ (min 0, max 7)"
    )
    assert "▁" not in run("show", "tanks", "--last", "3", "-f", "csv").stdout
    assert "▁" not in run("show", "tanks", "--last", "3", "-f", "json").stdout
    assert len(json.loads(run("show", "tanks", "--last", "3", "-f", "json").stdout)) == 3
    assert "▁" not in run("show", "tanks", "personnel", "--last", "3").stdout
