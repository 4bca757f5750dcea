"""Text that came from outside (a network, a file, a paste), made safe to store and to show."""

from __future__ import annotations

import re

CONTROLS = r"\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069"  # incl. bidi
_CONTROL = re.compile(f"[{CONTROLS}]")
# A stored link: no spaces, quotes, commas or control characters, so it can reach a terminal.
LINK_RE = re.compile(f'https?://[^\\s",{CONTROLS}]+')


def clean_text(text: str) -> str:
    """Strip control and bidi characters from text that came from the network."""
    return _CONTROL.sub("", text)
