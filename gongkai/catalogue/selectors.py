"""Reads of the catalogue: search with filters, one function whatever the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from gongkai.catalogue.fts import FTS_TABLE, fts_phrase
from gongkai.catalogue.models import Category, DocType, Document, Status

# The trigram index cannot match fewer than three characters: shorter terms use LIKE.
MIN_INDEXED_TERM = 3
MAX_TERMS = 5


@dataclass(frozen=True)
class DocumentQuery:
    q: str = ""
    category: str = ""
    doc_type: str = ""
    status: str = ""
    year: int | None = None

    @classmethod
    def from_params(cls, params: dict[str, str]) -> DocumentQuery:
        """From GET parameters; unknown choices are ignored rather than failing the page."""
        year_text = params.get("year", "").strip()
        return cls(
            q=params.get("q", "").strip()[:100],
            category=_choice(params.get("category", ""), Category.values),
            doc_type=_choice(params.get("type", ""), DocType.values),
            status=_choice(params.get("status", ""), Status.values),
            year=int(year_text) if year_text.isdigit() and len(year_text) == 4 else None,
        )

    @property
    def is_empty(self) -> bool:
        return not (self.q or self.category or self.doc_type or self.status or self.year)


def _choice(value: str, allowed: list[str]) -> str:
    return value if value in allowed else ""


def document_search(queryset: QuerySet[Document], query: DocumentQuery) -> QuerySet[Document]:
    """Documents matching every term of ``query.q`` in title, 文号 or body, and the filters."""
    terms = query.q.split()[:MAX_TERMS]
    indexed = [t for t in terms if _uses_fts(t)]
    if indexed:
        queryset = _fts_filter(queryset, indexed)
    for term in terms:
        if term not in indexed:
            queryset = queryset.filter(
                Q(title__icontains=term) | Q(doc_number__icontains=term) | Q(body__icontains=term)
            )
    if query.category:
        queryset = queryset.filter(category=query.category)
    if query.doc_type:
        queryset = queryset.filter(doc_type=query.doc_type)
    if query.status:
        queryset = queryset.filter(status=query.status)
    if query.year:
        queryset = queryset.filter(written_on__year=query.year)
    return queryset


def _uses_fts(term: str) -> bool:
    # PostgreSQL: icontains is UPPER(col) LIKE, which the pg_trgm GIN indexes serve.
    return connection.vendor == "sqlite" and len(term) >= MIN_INDEXED_TERM


def _fts_filter(queryset: QuerySet[Document], terms: list[str]) -> QuerySet[Document]:
    """One FTS5 query for all the terms. The unary ``+`` keeps SQLite from looking every match
    up by primary key: it walks the (agency, published_on) index instead and checks each row
    against the materialised match list, so a word found in half the catalogue still costs
    one pass over one agency's index entries, and the first page stops after 20 rows."""
    expression = " AND ".join(fts_phrase(term) for term in terms)
    where = (
        f"+{Document._meta.db_table}.id IN "
        f"(SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
    )
    return queryset.extra(where=[where], params=[expression])


def public_documents(agency_id: int, today: date | None = None) -> QuerySet[Document]:
    """What the portal shows: published on or before today."""
    day = today or timezone.localdate()
    return Document.objects.filter(agency_id=agency_id, published_on__lte=day)


def late_documents(queryset: QuerySet[Document], today: date | None = None) -> QuerySet[Document]:
    """条例第二十六条: published after the due date, or not yet published past it."""
    day = today or timezone.localdate()
    return queryset.filter(
        Q(published_on__gt=F("publication_due"))
        | Q(published_on__isnull=True, publication_due__lt=day)
    )
