"""Reads of the catalogue: search with filters, one function whatever the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from gongkai.catalogue.fts import FTS_TABLE, fts_phrase
from gongkai.catalogue.models import Category, DocType, Document, Status

# The trigram index cannot match fewer than three characters: shorter terms use LIKE.
MIN_INDEXED_TERM = 3
MAX_TERMS = 5
# A word found in this many documents is "broad": its list is shown without a total count.
BROAD_MATCHES = 20_000


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


def document_search(
    queryset: QuerySet[Document], query: DocumentQuery, *, broad: bool = False
) -> QuerySet[Document]:
    """Documents matching every term of ``query.q`` in title, 文号 or body, and the filters.

    ``broad`` (from :func:`is_broad_search`) switches SQLite to checking rows one by one in
    list order, which finds the first page of a word in half the catalogue without first
    collecting every match; it is slow for a rare word, hence the probe."""
    terms = search_terms(query)
    return document_search_by(queryset, query, terms, term_kinds(terms), broad=broad)


def search_terms(query: DocumentQuery) -> list[str]:
    """The words of ``query.q`` searched for."""
    return query.q.split()[:MAX_TERMS]


def term_kinds(terms: list[str]) -> tuple[str, ...]:
    """How each term is searched for on this database: "fts" (SQLite's FTS5 index), "trigram"
    (PostgreSQL's pg_trgm indexes) or "plain"."""
    return tuple(
        "fts" if _uses_fts(t) else "trigram" if _uses_trigram(t) else "plain" for t in terms
    )


def document_search_by(
    queryset: QuerySet[Document],
    query: DocumentQuery,
    terms: list[str],
    kinds: tuple[str, ...],
    *,
    broad: bool = False,
) -> QuerySet[Document]:
    """``document_search`` of ``terms`` searched for as ``kinds`` says (``term_kinds``), and of
    ``query``'s filters (its ``q`` is not read): its conditions are chosen by the kinds and by
    whether each filter is given, never by the terms themselves (gongkai.lib.prepared compiles
    it once per process)."""
    indexed = [t for t, kind in zip(terms, kinds, strict=True) if kind == "fts"]
    if indexed:
        queryset = _fts_filter(queryset, indexed, broad=broad)
    trigram = [t for t, kind in zip(terms, kinds, strict=True) if kind == "trigram"]
    if trigram and query.year:
        # A year bounds the rows to a few thousand (the (agency, written_on) index): inline, the
        # planner ANDs that index's bitmap with the trigram bitmaps and reads only the rows in
        # both (a word, a year and a type at 200,000 documents: 20-30 ms, against 45-75 ms
        # through the subquery below, which reads every row of the year first).
        for term in trigram:
            queryset = queryset.filter(_text_match(term))
    elif trigram:
        # PostgreSQL: the matches as a subquery of their own, which only the pg_trgm indexes can
        # serve. Inline, the planner walks the agency's index and runs UPPER(body) LIKE on each
        # row (it does not price a long body): counting a word in 600 of an agency's 8,000
        # documents took 100-140 ms that way, 6-15 ms from the trigram bitmaps.
        matches = Document.objects.all()
        for term in trigram:
            matches = matches.filter(_text_match(term))
        queryset = queryset.filter(pk__in=matches.values("pk"))
    for term, kind in zip(terms, kinds, strict=True):
        if kind == "plain":
            queryset = queryset.filter(_text_match(term))
    if query.category:
        queryset = queryset.filter(category=query.category)
    if query.doc_type:
        queryset = queryset.filter(doc_type=query.doc_type)
    if query.status:
        queryset = queryset.filter(status=query.status)
    if query.year:
        queryset = queryset.filter(written_on__year=query.year)
    return queryset


def _text_match(term: str) -> Q:
    return Q(title__icontains=term) | Q(doc_number__icontains=term) | Q(body__icontains=term)


def _uses_trigram(term: str) -> bool:
    return connection.vendor == "postgresql" and len(term) >= MIN_INDEXED_TERM


def _uses_fts(term: str) -> bool:
    # PostgreSQL: icontains is UPPER(col) LIKE, which the pg_trgm GIN indexes serve.
    return connection.vendor == "sqlite" and len(term) >= MIN_INDEXED_TERM


def is_broad_search(query: DocumentQuery) -> bool:
    """True when the indexed terms match at least ``BROAD_MATCHES`` documents (any agency) and
    no filter narrows the list (a filter makes matching rows rare again, and checking rows one
    by one would then read most of the agency's catalogue). The probe stops at that many
    matches, so it costs a few milliseconds whatever the word."""
    terms = [t for t in query.q.split()[:MAX_TERMS] if _uses_fts(t)]
    if not terms or query.category or query.doc_type or query.status or query.year:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
            "LIMIT %s)",
            [_fts_expression(terms), BROAD_MATCHES],
        )
        (found,) = cursor.fetchone()
    return int(found) >= BROAD_MATCHES


def count_on_demand(query: DocumentQuery) -> bool:
    """True when the list of a search should not be counted unless the user asks.

    PostgreSQL: the pg_trgm indexes only propose candidates; each must be checked by reading
    its text (``UPPER(body) LIKE``), so counting even up to the cap reads a thousand bodies or
    more, and a badly estimated plan walked whole tables (0.1-1.2 s at 200,000 documents,
    against 15-45 ms for the first page, which stops after a page of matches in list order).
    SQLite's FTS5 index counts from its own match list and stays counted; the filters alone
    are indexed columns, cheap to count on either."""
    return connection.vendor == "postgresql" and bool(query.q.split())


def _fts_expression(terms: list[str]) -> str:
    return " AND ".join(fts_phrase(term) for term in terms)


def _fts_filter(
    queryset: QuerySet[Document], terms: list[str], *, broad: bool
) -> QuerySet[Document]:
    """One FTS5 query for all the terms. The unary ``+`` keeps SQLite from looking every match
    up by primary key: it walks the (agency, published_on) index instead and checks each row
    against the materialised match list, so a word found in half the catalogue still costs
    one pass over one agency's index entries, and the first page stops after 20 rows."""
    table = Document._meta.db_table
    if broad:
        where = (
            f"EXISTS (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
            f"AND {FTS_TABLE}.rowid = {table}.id)"
        )
    else:
        where = f"+{table}.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
    return queryset.extra(where=[where], params=[_fts_expression(terms)])


def public_documents(agency_id: int, today: date | None = None) -> QuerySet[Document]:
    """What the portal shows: published on or before today."""
    day = today or timezone.localdate()
    return Document.objects.filter(agency_id=agency_id, published_on__lte=day)


def late_documents(queryset: QuerySet[Document], today: date | None = None) -> QuerySet[Document]:
    """条例第二十六条: published after the due date, or not yet published past it — the
    document itself or its amendment/repeal ("形成或者变更")."""
    day = today or timezone.localdate()
    return queryset.filter(
        Q(published_on__gt=F("publication_due"))
        | Q(published_on__isnull=True, publication_due__lt=day)
        | Q(change_published_on__gt=F("change_publication_due"))
        | Q(change_published_on__isnull=True, change_publication_due__lt=day)
    )


def late_document_count(agency_id: int, today: date | None = None) -> int:
    """How many of the agency's documents ``late_documents`` finds: the staff list's warning.

    Counting reads every document of the agency (the OR of column comparisons has no index: 300
    ms at 50,000 documents, on every list page), so the number is kept in the shared cache as
    the public pages are (gongkai.portal.cache): under the content generation, which every
    committed change to a document moves on, and the day, which makes documents late; at most
    ``PUBLIC_PAGE_CACHE_SECONDS`` (0: counted each time). The ``?late=1`` list itself is never
    cached."""
    from gongkai.portal.cache import content_generation

    day = today or timezone.localdate()
    seconds = settings.PUBLIC_PAGE_CACHE_SECONDS

    def count() -> int:
        return late_documents(Document.objects.filter(agency_id=agency_id), day).count()

    if not seconds:
        return count()
    key = f"gongkai:catalogue:late:{content_generation()}:{agency_id}:{day.isoformat()}"
    found = cache.get(key)
    if found is None:
        found = count()
        cache.set(key, found, seconds)
    return int(found)
