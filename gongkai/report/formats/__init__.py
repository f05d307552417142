"""The official annual-report templates, one module each, and the one way to ask for them.

``format_for_year(year)`` is the template that governs a report on ``year``; ``template(key)``
the one a report names in its canonical ``format``. Every module outside this package —
readers, writers, checks, series, the platform's report build and statistics — asks the
template object, never names a particular template.

Adding a template (the 政务公开办 changes it every few years) takes, as a checklist:

1. A module ``fNNNN.py`` beside ``f2021.py`` whose ``TEMPLATE`` gives: its key (the canonical
   JSON ``format``), name and basis; ``first_year``; its tables (reuse ``common.py`` where the
   rows are unchanged; every label as printed, with the variants and misprints real reports
   show as ``variants``); ``result_rows`` (the rows rule 3 adds up); ``signatures`` (labels only
   this template prints, normalized, for detection); ``collapses`` (printed layouts it accepts
   besides its own); ``folds`` (platform outcome codes it counts under another row);
   ``cross_year_rules``.
2. Close the previous template's ``last_year``, and add the module to ``_BUILT_IN`` below.
3. If the new template changes table 三's result rows, the platform's outcome registry
   (``gongkai/requests/outcomes.py``) gains or folds the new rows: its test keeps the two in step.
4. Hand-transcribe one real report of the new template into ``tests/data`` and check that it
   reads, checks and renders (``tests/test_templates.py`` shows what a new template must pass).
"""

from __future__ import annotations

from enum import StrEnum

from gongkai.errors import DomainError
from gongkai.report.formats import f2019, f2021, legacy
from gongkai.report.formats.base import (
    NARRATIVE_SECTIONS,
    SECTIONS,
    TABLE_KEYS,
    Collapse,
    Column,
    Kind,
    Row,
    Table,
    Template,
)
from gongkai.report.formats.common import (
    APPEAL_COLUMNS,
    APPEAL_PARTS,
    APPLICANT_COLUMNS,
    REQUEST_COLUMNS,
    RESULTS_GROUP,
)
from gongkai.report.formats.labels import (
    match_column,
    match_row,
    matches_label,
    normalize_label,
    strip_enumeration,
)


class Format(StrEnum):
    """The keys of the templates shipped here, for code that names one on purpose (tests, demo
    data). A report's ``format`` is its template's key, a plain string."""

    F2021 = "2021"  # reports on 2021 and later, 国办公开办函〔2021〕30号
    F2019 = "2019"  # reports on 2019 and 2020
    LEGACY = "legacy"  # reports on 2018 and earlier: free text, no tables


FREE_TEXT: Template = legacy.TEMPLATE
_BUILT_IN: tuple[Template, ...] = (f2021.TEMPLATE, f2019.TEMPLATE, legacy.TEMPLATE)
# The registry, newest template first. Looked up at every call, never copied at import, so a
# template registered later (a test's throw-away template) is followed everywhere.
TEMPLATES: dict[str, Template] = {t.key: t for t in _BUILT_IN}


class UnknownFormat(DomainError, KeyError):
    """A ``format`` key that names no registered template."""

    def __init__(self, key: object) -> None:
        super().__init__(key)
        self.key = key
        self.choices = "、".join(TEMPLATES)

    def __str__(self) -> str:
        return f"未知的报告格式 {self.key!r}（可用：{self.choices}）"


def template(key: str) -> Template:
    """The registered template whose key is ``key``; :class:`UnknownFormat` otherwise."""
    try:
        return TEMPLATES[str(key)]
    except KeyError:
        raise UnknownFormat(key) from None


def format_for_year(year: int) -> Template:
    """The template in force for a report on ``year`` (spec: formats table)."""
    for candidate in TEMPLATES.values():
        if candidate.governs(year):
            return candidate
    raise UnknownFormat(f"{year}年")


def tables_for_year(year: int) -> Template:
    """The template whose tables the platform counts ``year`` in: the one in force, or for a
    year of free-text reports (before 2019) the nearest template that has tables."""
    found = format_for_year(year)
    if found.has_tables:
        return found
    return min(table_templates(), key=lambda t: abs((t.first_year or 0) - year))


def table_templates() -> tuple[Template, ...]:
    """The templates that have tables, newest first (the order readers try them in)."""
    found = [t for t in TEMPLATES.values() if t.has_tables]
    return tuple(sorted(found, key=lambda t: t.first_year or 0, reverse=True))


def current() -> Template:
    """The template in force now: the one with no last year. The platform's outcomes are its
    table 三 rows."""
    return next(t for t in table_templates() if t.last_year is None)


__all__ = [
    "APPEAL_COLUMNS",
    "APPEAL_PARTS",
    "APPLICANT_COLUMNS",
    "FREE_TEXT",
    "NARRATIVE_SECTIONS",
    "REQUEST_COLUMNS",
    "RESULTS_GROUP",
    "SECTIONS",
    "TABLE_KEYS",
    "TEMPLATES",
    "Collapse",
    "Column",
    "Format",
    "Kind",
    "Row",
    "Table",
    "Template",
    "UnknownFormat",
    "current",
    "format_for_year",
    "match_column",
    "match_row",
    "matches_label",
    "normalize_label",
    "strip_enumeration",
    "table_templates",
    "tables_for_year",
    "template",
]
