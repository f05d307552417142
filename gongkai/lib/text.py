"""Terminal text helpers."""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    """Columns the text takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))
