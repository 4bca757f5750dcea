"""What a command shows, independent of how: a titled list of records, each with its marks.

A `Row` is one record as csv and json write it (English, raw values), with beside it the
footnote marks of its cells and the cells a table shows otherwise (a translated label, a
blank repeated category). A table shows the rows as they are, or rearranged by a `layout`:
`Wide` (one line per date, a column per category) or `Facts` (one line per field).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from losstrack.i18n import count as count  # views count their nouns through the language

Kind = Literal["text", "int", "change", "float"]
MARK = "†"  # a change over more than one day (days without a report)
CORRECTED = "‡"  # a change that includes a correction: a fall, or a value an update revised
GLITCH = "§"  # a one-day glitch of the source, left out of derived figures
STATED = "*"  # a change the source stated, where none can be computed
RATE = "≈"  # a comparison of changes per day, as one of the periods is partial


@dataclass(frozen=True)
class Column:
    """One table column: the cell it shows, its header, and how to format it."""

    key: str
    header: str
    kind: Kind = "text"
    wrap: bool = False  # prose (labels, notes, paths) that may wrap on a narrow terminal


@dataclass
class Row:
    """One record, the footnote marks after its cells, and the cells a table shows otherwise."""

    values: dict[str, Any]
    marks: dict[str, str] = field(default_factory=dict)
    shown: dict[str, Any] = field(default_factory=dict)

    def mark(self, key: str, mark: str) -> None:
        """Put footnote `mark` after the `key` cell (once)."""
        current = self.marks.get(key, "")
        if mark not in current:
            self.marks[key] = current + mark

    def cell(self, key: str) -> Any:
        """What the table shows in the `key` cell (before its marks)."""
        return self.shown[key] if key in self.shown else self.values.get(key)


@dataclass(frozen=True)
class Wide:
    """A table of long records: one line per `index` value, each `across` value's cells as
    columns named by `cells` (record key -> column key template, `{}` the `across` value)."""

    index: str
    across: str
    cells: tuple[tuple[str, str], ...]

    def lines(self, rows: list[Row]) -> Iterator[Row]:
        """The table's lines, in the order of their index values."""
        lines: dict[Any, Row] = {}
        for row in rows:
            key = row.values[self.index]
            line = lines.setdefault(key, Row({}, shown={self.index: key}))
            name = row.values[self.across]
            for source, template in self.cells:
                column = template.format(name)
                line.shown[column] = row.cell(source)
                if source in row.marks:
                    line.marks[column] = row.marks[source]
        yield from (lines[key] for key in sorted(lines))


@dataclass(frozen=True)
class Facts:
    """The table of one record: a line per field, its name and its value as text."""

    names: dict[str, str]
    shown: dict[str, str]

    def lines(self, rows: list[Row]) -> Iterator[Row]:
        for row in rows:
            for key in row.values:
                text = self.shown.get(key, row.values[key])
                yield Row({}, shown={"key": self.names.get(key, key), "value": text})


@dataclass
class View:
    """A command's answer: its records for csv/json and, shown from them, a table and notes."""

    title: str
    columns: list[Column]
    rows: list[Row]
    notes: list[str] = field(default_factory=list)
    single: bool = False  # json prints the one record as an object, not a list
    extra: dict[str, Any] | None = None  # json: these fields, then the records as `figures`
    as_of: str | None = None  # the latest report of the data behind it, in every record
    layout: Wide | Facts | None = None  # how the table arranges the rows (default: as they are)

    def records(self) -> list[dict[str, Any]]:
        """The records csv and json write."""
        if self.as_of is None:
            return [row.values for row in self.rows]
        return [{**row.values, "as_of": self.as_of} for row in self.rows]

    def table(self) -> list[Row]:
        """The lines of the table people read."""
        return list(self.rows if self.layout is None else self.layout.lines(self.rows))


def rows(records: list[dict[str, Any]]) -> list[Row]:
    """Records shown as they are, without marks."""
    return [Row(record) for record in records]
