"""Label folding and matching, shared by every template: a printed label → a row or column key."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from functools import cache, lru_cache

from gongkai.report.formats.base import Row, Table

_QUOTES = str.maketrans(
    {"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"', "、": ",", "，": ","}
)
_SPACE = re.compile(r"\s+")
_ENUM_PREFIX = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．,]|\(?[一二三四五六七八九十]+\)|\d+[.．、,])"
)


def normalize_label(text: str) -> str:
    """Fold the variants real reports print into one form for comparison.

    Full/half-width brackets, digits and punctuation (NFKC), 、 versus ，, curly versus straight
    quotes, and any whitespace (PDF extraction splits labels over lines and inside words).
    """
    # Labels repeat (every template label, every header cell, thousands of times an audit):
    # short ones are folded once. Long texts are not kept (a hostile file's text is unbounded).
    if len(text) <= _CACHED_LENGTH:
        return _normalized(text)
    return _fold(text)


_CACHED_LENGTH = 200


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACE.sub("", folded)


_normalized = lru_cache(maxsize=8192)(_fold)


def normalize_labels(texts: Collection[str]) -> list[str]:
    """``normalize_label`` of each text; where every one is short enough to be kept, looked up
    in C (a table's cells: hundreds of texts, each a Python call otherwise)."""
    if max(map(len, texts), default=0) <= _CACHED_LENGTH:
        return list(map(_normalized, texts))
    return [normalize_label(text) for text in texts]


def strip_enumeration(label: str) -> str:
    """``(三)不予公开`` → ``不予公开``; ``2.重复申请`` → ``重复申请`` (on a normalized label)."""
    return _ENUM_PREFIX.sub("", label, count=1)


@cache
def _row_index(table: Table) -> dict[str, str]:
    index: dict[str, str] = {}
    for row in table.rows:
        for text in (row.label, *row.variants):
            normal = normalize_label(text)
            index.setdefault(normal, row.key)
            index.setdefault(strip_enumeration(normal), row.key)
    return index


def match_row(table: Table, label: str, group: str = "") -> str | None:
    """The key of the row whose label (or an accepted variant) ``label`` is, else ``None``.

    Numbered sub-rows (``1.属于国家秘密``) are unique by their text, so ``group`` is only needed
    to tell apart the rows whose label repeats across groups, such as table 三's ``3.其他``.
    """
    normal = normalize_label(label)
    if group:
        wanted = normalize_label(group)
        for row in table.rows:
            if normalize_label(row.group) == wanted and normal in (
                normalize_label(row.label),
                strip_enumeration(normalize_label(row.label)),
            ):
                return row.key
    index = _row_index(table)
    return index.get(normal) or index.get(strip_enumeration(normal))


def matches_label(row: Row, label: str) -> bool:
    """Whether ``label`` is ``row``'s label or one of its variants (enumeration aside)."""
    normal = normalize_label(label)
    for text in (row.label, *row.variants):
        printed = normalize_label(text)
        if normal in (printed, strip_enumeration(printed)) or strip_enumeration(normal) in (
            printed,
            strip_enumeration(printed),
        ):
            return True
    return False


def match_column(row: Row, label: str) -> str | None:
    normal = normalize_label(label)
    for column in row.columns:
        if normal in {normalize_label(t) for t in (column.label, *column.variants)}:
            return column.key
    return None
