"""`export --to atom`: an Atom feed (RFC 4287) of the reports, one entry each, newest first.

An entry's id is a tag URI stable per report date and language, `updated` the report's date
(midnight UTC), its content the paragraph of `losstrack summary --date D` as plain text, its
link the report's own where the dataset has one. ElementTree escapes every text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from losstrack.views.export import Entry

ATOM = "http://www.w3.org/2005/Atom"
TAG = "tag:losstrack,2022-02-24:"  # the tag URIs of the feed and its entries
AUTHOR = "General Staff of the Armed Forces of Ukraine"
# Characters XML 1.0 cannot carry, not even escaped.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def entry_id(day: str, lang: str) -> str:
    """The id of the entry of the report of `day` (YYYY-MM-DD) in `lang`."""
    return f"{TAG}report/{lang}/{day}"


def _text(text: str) -> str:
    return _NOT_XML.sub("", text)


def feed(entries: list[Entry], title: str, lang: str, version: str) -> bytes:
    """The feed's bytes (UTF-8, with an XML declaration)."""
    import xml.etree.ElementTree as ET

    from losstrack.render import prose

    def add(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
        child = ET.SubElement(parent, name, attrs)
        if text is not None:
            child.text = _text(text)
        return child

    # Plain names under a literal xmlns: a reader sees every element in the Atom namespace.
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": lang})
    add(root, "id", f"{TAG}reports/{lang}")
    add(root, "title", title)
    add(root, "updated", _stamp(entries[0].day.isoformat()) if entries else "2022-02-24T00:00:00Z")
    add(add(root, "author"), "name", AUTHOR)
    add(root, "generator", "losstrack", version=version)
    for item in entries:
        day = item.day.isoformat()
        entry = add(root, "entry")
        add(entry, "id", entry_id(day, lang))
        add(entry, "title", item.title)
        add(entry, "updated", _stamp(day))
        if item.link:
            add(entry, "link", rel="alternate", href=_text(item.link))
        add(entry, "content", prose.summary(item.news, lang), type="text")
    ET.indent(root)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body + b"\n"


def _stamp(day: str) -> str:
    return f"{day}T00:00:00Z"
