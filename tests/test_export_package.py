"""`export --to datapackage`: a Frictionless Data Package that validates, and fails when tampered."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .procs import run

BUNDLED = Path(__file__).resolve().parents[1] / "data" / "losses.csv"
FIRST_QUARTER = ("--since", "2023-01-01", "--until", "2023-03-31")  # small: validation is slow


def export(target: Path, *args: str) -> dict[str, Any]:
    result = run("export", "--to", "datapackage", str(target), *args)
    assert result.exit_code == 0, result.stderr
    descriptor: dict[str, Any] = json.loads((target / "datapackage.json").read_text("utf-8"))
    return descriptor


def validate(target: Path) -> Any:
    frictionless = pytest.importorskip("frictionless")
    return frictionless.validate(str(target / "datapackage.json"))


def test_the_package_validates(tmp_path: Path) -> None:
    export(tmp_path / "pkg", *FIRST_QUARTER)
    report = validate(tmp_path / "pkg")
    assert report.valid, report.flatten(["type", "note"])
    rows = {t.name: t.stats.get("rows", 0) for t in report.tasks}
    assert rows == {"reports": 90, "losses": 90 * 13, "categories": 17, "revisions": 0,
                    "stated": 0}  # fmt: skip


@pytest.mark.slow  # frictionless validates for half a second
def test_a_tampered_csv_makes_it_invalid(tmp_path: Path) -> None:
    target = tmp_path / "pkg"
    export(target, *FIRST_QUARTER)
    losses = target / "losses.csv"
    losses.write_bytes(losses.read_bytes().replace(b",162560,1040,", b",162560,1041,"))
    report = validate(target)
    assert not report.valid
    assert "hash-count" in {e[0] for e in report.flatten(["type"])}


@pytest.mark.slow  # frictionless validates for half a second
def test_a_value_out_of_bounds_makes_it_invalid(tmp_path: Path) -> None:
    target = tmp_path / "pkg"
    descriptor = export(target, *FIRST_QUARTER)
    reports = target / "reports.csv"
    reports.write_bytes(reports.read_bytes().replace(b"2023-03-16,162560,", b"2023-03-16,-1,"))
    for resource in descriptor["resources"]:  # the hash and size say nothing, so the value does
        resource.pop("hash")
        resource.pop("bytes")
    (target / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    report = validate(target)
    assert not report.valid
    assert "constraint-error" in {e[0] for e in report.flatten(["type"])}


def test_the_descriptor_describes_every_resource(tmp_path: Path) -> None:
    descriptor = export(tmp_path / "pkg")
    assert descriptor["profile"] == "tabular-data-package"
    assert descriptor["licenses"][0]["name"] == "MIT"
    assert descriptor["sources"][0]["title"].startswith("General Staff")
    assert descriptor["temporalCoverage"] == "2022-02-25/2026-08-31"
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert list(resources) == ["reports", "losses", "categories", "revisions", "stated"]
    losses = resources["losses"]
    assert losses["schema"]["primaryKey"] == ["date", "category"]
    fields = {f["name"]: f for f in losses["schema"]["fields"]}
    assert fields["total"]["type"] == "integer"
    assert fields["total"]["constraints"] == {"required": True, "minimum": 0,
                                              "maximum": 10_000_000}  # fmt: skip
    assert "tanks" in fields["category"]["constraints"]["enum"]
    assert fields["date"]["description"]
    for name, resource in resources.items():
        data = (tmp_path / "pkg" / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data), name
        assert resource["hash"].startswith("sha256:")


def test_reports_csv_is_the_dataset_as_stored(tmp_path: Path) -> None:
    export(tmp_path / "pkg")
    assert (tmp_path / "pkg" / "reports.csv").read_bytes() == BUNDLED.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pkg"]  # no temporary sibling left


def test_force_replaces_a_package_but_not_another_directory(tmp_path: Path) -> None:
    target = tmp_path / "pkg"
    export(target, *FIRST_QUARTER)
    assert run("export", "--to", "datapackage", str(target)).exit_code == 2
    export(target, "--force", "--since", "2023-03-01", "--until", "2023-03-31")
    assert (target / "reports.csv").read_text().count("\n") == 32
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pkg"]
    (target / "notes.txt").write_text("mine")
    refused = run("export", "--to", "datapackage", str(target), "--force")
    assert refused.exit_code == 2
    assert "holds more than a data package" in refused.stderr
    assert (target / "notes.txt").read_text() == "mine"
