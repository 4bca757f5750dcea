"""Every category is one registry entry holding all its facts; a missing fact fails here."""

from __future__ import annotations

import re

import pytest

from losstrack import lang_uk, registry
from losstrack.registry import REGISTRY, TERMS, Category

CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@pytest.mark.parametrize("cat", REGISTRY, ids=lambda c: c.name)
def test_every_category_has_all_its_facts(cat: Category) -> None:
    assert registry.is_valid_name(cat.name)
    assert cat.label_en
    assert not CYRILLIC.search(cat.label_en)
    assert CYRILLIC.search(cat.label_uk), "the Ukrainian label, as the General Staff writes it"
    assert all(cat.noun_en), "the English nouns of the paragraph: one, many"
    assert CYRILLIC.search(cat.noun_uk), "the Ukrainian noun of the paragraph (genitive plural)"
    assert cat.aliases_uk, "what Ukrainian readers type besides the label"
    assert cat.api_key or cat.github_keys, "the key an upstream sends it under"
    assert cat.github_keys, "its key in the GitHub dataset"
    wholes = [pattern for pattern, part in cat.terms if part == ""]
    assert wholes, "how a pasted report names it"
    assert cat.last is None or cat.last > cat.first
    if cat.legacy or cat.last is not None:
        assert cat.note, "a category that stopped says when"


@pytest.mark.parametrize("cat", REGISTRY, ids=lambda c: c.name)
def test_the_report_terms_read_the_labels_and_nouns_back(cat: Category) -> None:
    """A report names a category as its labels and the paragraph's nouns do: one set of facts."""
    ours = [pattern for pattern, name, part in TERMS if name == cat.name and part == ""]
    texts = [cat.label_uk]
    texts += [] if "(" in cat.label_en else [cat.label_en]  # "UAVs (operational-tactical)"
    texts += [] if cat.name == "personnel" else [cat.noun_uk]  # the paragraph's lead is apart
    for text in texts:
        assert any(pattern.fullmatch(" ".join(text.split())) for pattern in ours), text


def test_every_category_resolves_from_each_of_its_names() -> None:
    for cat in REGISTRY:
        for word in (cat.name, *cat.aliases, cat.label_uk, *cat.aliases_uk, *cat.github_keys):
            assert registry.resolve(word) == cat.name, word
            assert registry.resolve(word.upper()) == cat.name, word


def test_no_alias_names_two_categories() -> None:
    seen: dict[str, str] = {}
    for cat in REGISTRY:
        for word in (cat.name, *cat.aliases, cat.label_uk, *cat.aliases_uk):
            key = registry.fold(word)
            assert seen.setdefault(key, cat.name) == cat.name, (word, seen[key], cat.name)


def test_a_note_of_a_category_is_translated() -> None:
    for cat in REGISTRY:
        if cat.note:
            assert str(cat.note) in lang_uk.MESSAGES, cat.name
