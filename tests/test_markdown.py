"""`--format markdown`: a GFM table that a real Markdown renderer (markdown-it-py) reads as one."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from losstrack.render.markdown import to_markdown
from losstrack.views.view import Column, Row, View

from . import fakes
from .procs import cli_env, on_terminal, run

MARKS = "†‡§*≈"


@dataclass
class Cell:
    text: str
    right: bool


@dataclass
class Table:
    header: list[Cell] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)


class Tables(HTMLParser):
    """The tables of rendered HTML: header and body cells, their text and alignment."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[Table] = []
        self.tags: list[str] = []
        self._row: list[Cell] | None = None
        self._cell: Cell | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "table":
            self.tables.append(Table())
        elif tag == "tr":
            self._row = []
        elif tag in ("th", "td"):
            style = dict(attrs).get("style") or ""
            self._cell = Cell("", "text-align:right" in style)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None and self._row is not None:
            self._row.append(self._cell)
            self._cell = None
        elif tag == "tr" and self._row is not None:
            table = self.tables[-1]
            if table.header:
                table.rows.append(self._row)
            else:
                table.header = self._row
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.text += data


def html_of(markdown: str, linkify: bool = False) -> str:
    """The markdown rendered with GFM's tables and strikethrough, and (asked) its autolinks.

    markdown-it-py finds autolinks in the source, backslash escapes and all; GitHub finds
    them in the text once escapes are read. So cells are compared without autolinks, and
    with them only counted.
    """
    parser = MarkdownIt("gfm-like") if linkify else MarkdownIt("commonmark")
    html: str = parser.enable(["table", "strikethrough"]).render(markdown)
    return html


def render(markdown: str, linkify: bool = False) -> Tables:
    """The tables of the rendered markdown, read back from its HTML."""
    html = html_of(markdown, linkify)
    parsed = Tables()
    parsed.feed(html)
    parsed.close()
    return parsed


def one_table(markdown: str) -> Table:
    tables = render(markdown).tables
    assert len(tables) == 1, markdown
    return tables[0]


def csv_rows(*args: str) -> list[dict[str, str]]:
    result = run(*args, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def markdown_of(*args: str, fmt: str = "markdown") -> str:
    result = run(*args, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout
    return result.stdout


def figure(text: str) -> float | None:
    """A shown figure as a number: marks, grouping and sign taken away; a dash is none."""
    bare = text.strip(MARKS + " ").replace(",", "").replace("\u00a0", "").replace(" ", "")
    return None if bare in ("–", "") else float(bare)


def raw(value: str) -> float | None:
    return float(value) if value else None


# a command, and the csv field of each of its figure columns (by the column's header)
CASES = [
    (("show",), {"total": "total", "change": "change"}),
    (("show", "tanks", "--last", "3"), {"total": "total", "change": "change"}),
    (("diff", "--since", "2023-03-15", "--until", "2023-03-16", "personnel", "tanks"),
     {"2023-03-15": "from", "2023-03-16": "to", "change": "change"}),
    (("top", "afv", "-n", "5"), {"#": "rank", "change": "change", "days": "days", "total": "total"}),
    (("compare", "--by", "week", "--periods", "2", "uav", "tanks"),
     {"change": "change", "vs previous": "vs_previous", "%": "vs_previous_pct",
      "per day": "per_day"}),
    (("summary", "--date", "2023-03-16", "--categories", "tanks,helicopters"),
     {"previous": "previous", "total": "total", "change": "change"}),
    (("corrections", "special_equipment", "mlrs", "--since", "2024-11-01", "--until", "2024-12-31"),
     {"old": "old", "new": "new", "change": "change"}),
    (("check", "--since", "2026-06-01"), {}),
    (("categories",), {}),
]  # fmt: skip


@pytest.mark.parametrize(("args", "figures"), CASES, ids=[" ".join(a) for a, _ in CASES])
def test_a_view_is_one_gfm_table_with_every_csv_figure_intact(
    args: tuple[str, ...], figures: dict[str, str]
) -> None:
    records = csv_rows(*args)
    table = one_table(markdown_of(*args))
    assert len(table.rows) == len(records) > 0
    assert all(len(row) == len(table.header) for row in table.rows)
    assert {c.text for c in table.header if c.right} == set(figures)  # the figures, right
    for at, header in enumerate(table.header):
        column = [row[at] for row in table.rows]
        if header.text in figures:  # a figure column: right-aligned, every value as in csv
            assert header.right, header.text
            assert all(cell.right for cell in column), header.text
            key = figures[header.text]
            shown = [figure(cell.text) for cell in column]
            assert shown == [raw(r[key]) for r in records], header.text
        elif header.text in records[0]:  # a text column named as its field: the same text
            assert not header.right
            for cell, record in zip(column, records, strict=True):
                text, want = cell.text.strip(MARKS).replace("–", ""), record[header.text]
                # a repeated category is left blank; a list is joined by ", " (csv: " ")
                assert text in ("", want) or text.replace(", ", " ") == want, header.text


def test_md_is_markdown_in_any_case() -> None:
    args = ("show", "tanks", "--last", "3")
    assert markdown_of(*args, fmt="MD") == markdown_of(*args, fmt="Markdown")


def test_the_title_is_bold_and_the_notes_follow_the_table_with_their_marks() -> None:
    text = markdown_of("compare", "--by", "week", "--periods", "2", "uav")
    html = html_of(text)
    assert html.startswith("<p><strong>Change per week: UAVs (operational-tactical) (uav)</strong>")
    after = html.split("</table>", 1)[1]
    notes = re.findall(r"<p>(.*?)</p>", after)
    assert notes[0].startswith("† 2026-W36 is partial")
    assert notes[1].startswith("≈ uav 2026-W36")
    assert notes[2].startswith("Change = last report")
    cells = [c.text for row in one_table(text).rows for c in row]
    assert "2026-W36†" in cells
    assert "+372.0≈" in cells


def test_a_glitch_and_a_gap_keep_their_marks_after_the_figures() -> None:
    table = one_table(markdown_of("show", "artillery", "--since", "2022-02-24", "--until",
                                  "2022-02-28"))  # fmt: skip
    assert [[c.text for c in row] for row in table.rows] == [
        ["2022-02-25", "0", "–"],
        ["2022-02-27", "49", "+49†"],
        ["2022-02-28", "74", "+25"],
    ]


def test_ukrainian_headers_and_grouping() -> None:
    table = one_table(markdown_of("--lang", "uk", "show", "tanks", "--last", "3"))
    assert [c.text for c in table.header] == ["дата", "усього", "зміна"]
    assert table.rows[0][1].text == "12\u00a0310"


def test_summary_is_the_paragraph_then_the_figures() -> None:
    args = ("summary", "--date", "2023-03-16", "--categories", "tanks")
    paragraph = run(*args).stdout.strip()
    text = markdown_of(*args)
    html = html_of(text)
    assert f"<p>{paragraph}</p>" in html.split("<table>", 1)[0]
    assert len(one_table(text).rows) == 2


def test_info_is_a_table_of_facts() -> None:
    table = one_table(markdown_of("info"))
    facts = {row[0].text: row[1].text for row in table.rows}
    assert facts["latest report"] == "2026-08-31"
    assert facts["last changed"] == "(bundled: run `losstrack update`)"


HOSTILE = "https://example.org/a|b`code`<script>alert(1)</script>*x*_y_[z](javascript:alert(1))~~s~~$x$&amp;"


def test_a_hostile_link_from_the_network_stays_one_plain_cell(data_dir: Path) -> None:
    records = fakes.api_history(fakes.SEED_DAYS)
    records[-1]["resource"] = HOSTILE
    fakes.seed_dataset(data_dir, records)
    text = markdown_of("info")
    parsed = render(text)
    assert not {"script", "em", "del"} & set(parsed.tags)
    (table,) = parsed.tables
    assert all(len(row) == 2 for row in table.rows)
    facts = {row[0].text: row[1].text for row in table.rows}
    assert facts["latest link"] == HOSTILE
    (linked,) = render(text, linkify=True).tables
    assert [len(row) for row in linked.rows] == [2] * len(table.rows)
    assert "script" not in render(text, linkify=True).tags


def test_a_cell_with_pipes_backticks_html_and_newlines_stays_one_cell() -> None:
    nasty = " a|b\n`c` <script>x</script>\r\n| d *e* _f_ \\| "
    columns = [Column("name", "na|me\nx"), Column("total", "to`tal`", "int")]
    view = View(f"Title | {nasty}", columns, [Row({"name": nasty, "total": 1234})],
                notes=[f"*{nasty}", "# not a heading", "1. not a list"])  # fmt: skip
    text = to_markdown(view)
    parsed = render(text)
    (table,) = parsed.tables
    assert [len(row) for row in render(text, linkify=True).tables[0].rows] == [2]
    flat = "a|b `c` <script>x</script> | d *e* _f_ \\|"
    assert [c.text for c in table.header] == ["na|me x", "to`tal`"]
    assert [[c.text for c in row] for row in table.rows] == [[flat, "1,234"]]
    assert [c.right for c in table.header] == [False, True]
    assert not {"script", "code", "em", "h1", "ol", "ul", "li"} & set(parsed.tags)
    html = html_of(text)
    escaped = flat.replace("<", "&lt;").replace(">", "&gt;")
    assert f"<p>* {escaped}</p>" in html
    assert "<p># not a heading</p>" in html
    assert "<p>1. not a list</p>" in html


@pytest.mark.slow
def test_on_a_narrow_colour_terminal_markdown_is_the_same_plain_text(data_dir: Path) -> None:
    args = ["show", "tanks", "--last", "3", "--format", "markdown"]
    env = cli_env(LOSSTRACK_DATA_DIR=str(data_dir), LOSSTRACK_TODAY="2026-09-01", TERM="xterm")
    for name in ("COLUMNS", "LINES", "NO_COLOR"):
        env.pop(name, None)
    shown = on_terminal(args, env, size=(30, 20))
    assert shown.code == 0
    assert b"\x1b" not in shown.raw
    assert shown.text == markdown_of(*args[:-2])


@pytest.mark.parametrize("examples", fakes.examples(200))
def test_any_text_stays_one_cell_and_reads_back_as_it_was(examples: int) -> None:
    @settings(max_examples=examples, deadline=None)
    @given(st.lists(st.text(), min_size=2, max_size=2))
    def check(texts: list[str]) -> None:
        columns = [Column("a", "a"), Column("b", "b")]
        (table,) = render(
            to_markdown(View("", columns, [Row({"a": texts[0], "b": texts[1]})]))
        ).tables
        (cells,) = table.rows
        assert [c.text for c in cells] == [flat(t) for t in texts]

    check()


def flat(text: str) -> str:
    """What a cell shows of `text`: control characters out, line breaks as spaces, trimmed."""
    from losstrack.text import clean_text

    return clean_text(re.sub(r"[\t\n\v\f\r\x85\u2028\u2029]+", " ", text)).strip()
