"""The Ukrainian catalogue: each English template of `i18n.tr` and its translation."""

from __future__ import annotations

MESSAGES: dict[str, str] = {}
