"""Ukrainian throughout: every template translated, numbers grouped, machine output unchanged."""

from __future__ import annotations

import ast
import functools
import json
import re
import string
from collections import Counter
from pathlib import Path

import pytest

from losstrack import i18n
from losstrack.lang_uk import MESSAGES, PLURALS
from losstrack.registry import NAMES, REGISTRY

from .procs import run

PACKAGE = Path(i18n.__file__).parent
TEMPLATE_CALLS = {"tr", "Message"}  # first argument: an English template
COUNT_CALLS = {"count", "Count"}  # (n, one, many): a noun in its plural forms


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


@functools.cache
def _calls() -> list[tuple[str, ast.Call]]:
    """Every call in the package, where it is (parsed once for the module's tests)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                found.append((f"{path.relative_to(PACKAGE)}:{node.lineno}", node))
    return found


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def templates() -> dict[str, str]:
    """Every English template the package passes to tr() or Message(), and where."""
    found: dict[str, str] = {}
    for where, call in _calls():
        if _name(call) in TEMPLATE_CALLS and call.args:
            text = _literal(call.args[0])
            assert text is not None, f"{where}: the template must be a literal string"
            context = next((k.value for k in call.keywords if k.arg == "context"), None)
            if context is not None:
                assert _literal(context), f"{where}: the context must be a literal string"
                text = f"{_literal(context)}|{text}"
            found.setdefault(text, where)
    return found


def nouns() -> dict[tuple[str, str], str]:
    """Every (one, many) noun the package counts with count() or Count()."""
    found: dict[tuple[str, str], str] = {}
    for where, call in _calls():
        if _name(call) in COUNT_CALLS and len(call.args) >= 2:
            one = _literal(call.args[1])
            if one is None:
                continue  # str.count(...) and friends
            many = _literal(call.args[2]) if len(call.args) > 2 else one + "s"
            assert many is not None, f"{where}: the plural must be a literal string"
            found.setdefault((one, many), where)
    return found


def _fields(text: str) -> Counter[tuple[str, str, str]]:
    parsed = string.Formatter().parse(text)
    return Counter(
        (name, spec or "", conv or "") for _, name, spec, conv in parsed if name is not None
    )


def test_every_template_has_a_translation() -> None:
    missing = {t: where for t, where in templates().items() if t not in MESSAGES}
    assert not missing, "no Ukrainian for:\n" + "\n".join(f"{w}: {t!r}" for t, w in missing.items())


def test_translations_keep_the_placeholders() -> None:
    wrong = [t for t, uk in MESSAGES.items() if _fields(re.sub(r"^\w+\|", "", t)) != _fields(uk)]
    assert not wrong, wrong


def test_no_unused_translation() -> None:
    used = templates()
    assert [t for t in MESSAGES if t not in used] == []
    counted = nouns()
    assert [k for k in PLURALS if k not in counted] == []


def test_every_counted_noun_has_its_three_forms() -> None:
    missing = {k: where for k, where in nouns().items() if k not in PLURALS}
    assert not missing, missing
    assert all(len(forms) == 3 and all(forms) for forms in PLURALS.values())


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "1 звіт"), (2, "2 звіти"), (4, "4 звіти"), (5, "5 звітів"), (11, "11 звітів"),
     (12, "12 звітів"), (21, "21 звіт"), (22, "22 звіти"), (111, "111 звітів"),
     (1650, "1\u00a0650 звітів"), (0, "0 звітів")],
)  # fmt: skip
def test_ukrainian_plural_forms(n: int, text: str) -> None:
    i18n.set_language("uk")
    assert i18n.count(n, "report") == text


def test_numbers_follow_the_language() -> None:
    i18n.set_language("en")
    assert (
        i18n.tr("{a} {b} {c:+,.0f}", a=1485120, b=1153.46, c=-1200.4) == "1,485,120 1,153.5 -1,200"
    )
    i18n.set_language("uk")
    assert i18n.number(1485120) == "1\u00a0485\u00a0120"
    assert i18n.decimal(1153.46, signed=True) == "+1\u00a0153,5"
    assert i18n.tr("{a} {c:+,.0f}", a=1040, c=-1200.4) == "1\u00a0040 -1\u00a0200"


def test_a_message_is_english_text_shown_in_the_language_of_the_moment() -> None:
    import copy

    i18n.set_language("uk")
    message = i18n.Message("no report on {day}", day="2024-01-02")
    assert message == "no report on 2024-01-02"
    assert json.dumps(message) == '"no report on 2024-01-02"'
    assert message.shown() == i18n.shown(copy.deepcopy(message)) == "немає звіту за 2024-01-02"


def test_the_language_is_read_when_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(i18n.LANG_ENV, "UK")
    i18n.set_language(None)
    assert i18n.language() == "uk"
    monkeypatch.setenv(i18n.LANG_ENV, "en")
    assert i18n.language() == "en"
    assert i18n.set_language("Uk") == "uk"
    assert i18n.language() == "uk"  # --lang wins over the variable


# --- the commands in Ukrainian -------------------------------------------------------------

COMMANDS = [
    ["show"],
    ["show", "tanks"],
    ["show", "танки", "бпла", "--last", "3"],
    ["diff", "--days", "7"],
    ["top", "tanks"],
    ["compare"],
    ["milestones", "tanks"],
    ["categories"],
    ["check"],
    ["corrections"],
    ["top", "tanks", "--by", "month"],
    ["info"],
    ["undo", "--list"],
]
# English that stays: identifiers, sources, commands and options, units that are not words.
KEPT = {*NAMES, *(n.replace("_", " ") for n in NAMES), "api", "github", "GitHub", "API", "losstrack",
        "UTC", "PNG", "SVG"}  # fmt: skip


@functools.cache
def _english_words() -> frozenset[str]:
    """The words of the package's English templates, less those that stay English (parsed once)."""
    words: set[str] = set()
    for template in templates():
        text = re.sub(r"^\w+\|", "", template)  # a context
        text = re.sub(r"`[^`]*`|\{[^}]*\}|--[\w-]+", " ", text)
        words |= {w.lower() for w in re.findall(r"[A-Za-z]{2,}", text)}
    return frozenset(words - {k.lower() for k in KEPT})


def _prose(text: str) -> str:
    """The output without what is not prose: URLs, `commands`, --options, identifiers.

    `categories` shows the English label beside the Ukrainian one, as the English table
    shows the Ukrainian beside the English: those are names, not prose.
    """
    for cat in REGISTRY:
        text = text.replace(cat.label_en, " ")
    text = re.sub(r"https?://\S+|/\S+|`[^`]*`|--[\w-]+|\b[a-z]+(?:_[a-z]+)+\b", " ", text)
    names = "|".join(sorted(map(re.escape, NAMES), key=len, reverse=True))
    return re.sub(rf"\b(?:{names})\b", " ", text)


def _run(args: list[str], lang: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(i18n.LANG_ENV, lang)
    result = run(*args)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result.stdout


def _every_other(lines: list[list[str]]) -> list[object]:
    """Every other line by default (the rest with -m slow): each is a whole command's run."""
    return [
        pytest.param(line, marks=pytest.mark.slow if n % 2 else ()) for n, line in enumerate(lines)
    ]


@pytest.mark.parametrize("args", _every_other(COMMANDS), ids=" ".join)
def test_every_view_speaks_ukrainian(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    text = _run(args, "uk", monkeypatch)
    english = _english_words()
    left = sorted({w for w in re.findall(r"[A-Za-z]{2,}", _prose(text)) if w.lower() in english})
    assert left == [], text
    assert not re.search(r"\d,\d{3}(?!\d)", text), "a number grouped the English way"


def test_tables_group_numbers_with_no_break_spaces(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _run(["show"], "uk", monkeypatch)
    assert re.search(r"\b\d{1,3}(?:\u00a0\d{3}){2}\b", text), text  # personnel: 1 xxx xxx
    assert "Особовий склад" in text
    assert "Танки" in text


# csv and json write the same records: json for every command, csv for a few.
MACHINE = [[*args, "json"] for args in COMMANDS] + [
    ["show", "csv"], ["diff", "--days", "7", "csv"], ["check", "csv"], ["categories", "csv"]
]  # fmt: skip


@pytest.mark.parametrize("line", _every_other(MACHINE), ids=" ".join)
def test_machine_output_is_the_same_in_ukrainian(
    line: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    *args, fmt = line
    english = _run([*args, "--format", fmt], "en", monkeypatch)
    assert _run([*args, "--format", fmt], "uk", monkeypatch) == english
