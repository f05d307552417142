"""Chinese full-text search over title, 文号 and body, with filters — on SQLite (FTS5 trigram)
and PostgreSQL (pg_trgm) through the same selector."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection

from gongkai.catalogue.models import Category, DocType, Document, Status
from gongkai.catalogue.paging import CappedPaginator
from gongkai.catalogue.selectors import DocumentQuery, document_search
from gongkai.catalogue.services import document_set_status, document_update
from tests.web.catalogue_helpers import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(clerk_a: Any, agency_a: Any) -> dict[str, Document]:
    return {
        "fees": make_document(
            clerk_a,
            agency_a,
            written_on=date(2024, 5, 6),
            title="江临市中小学校学生欠费管理办法",
            doc_number="临教发〔2024〕7号",
            doc_type=DocType.NORMATIVE,
            body="第一条 为规范学生欠费管理，制定本办法。",
        ),
        "food": make_document(
            clerk_a,
            agency_a,
            written_on=date(2025, 3, 3),
            title="关于做好校园食品安全工作的通知",
            doc_number="临教办〔2025〕12号",
            body="各中小学校要落实食品安全校长负责制。",
            unpublished=True,  # a draft: still edited
        ),
        "admission": make_document(
            clerk_a,
            agency_a,
            written_on=date(2025, 6, 2),
            title="2025年义务教育阶段招生入学工作方案",
            category=Category.GENERAL,
            body="坚持免试就近入学，严禁以考试方式选拔学生。Primary school ADMISSION.",
        ),
    }


def search(**query: Any) -> set[str]:
    found = document_search(Document.objects.all(), DocumentQuery(**query))
    return set(found.values_list("title", flat=True))


def test_it_finds_words_in_titles_numbers_and_bodies(documents: dict) -> None:
    assert search(q="欠费管理") == {documents["fees"].title}
    assert search(q="临教办〔2025〕") == {documents["food"].title}
    assert search(q="校长负责制") == {documents["food"].title}
    assert search(q="中小学校") == {documents["fees"].title, documents["food"].title}


def test_it_matches_short_terms_too(documents: dict) -> None:
    # One and two characters are below the trigram index: the selector falls back to LIKE.
    assert search(q="招生") == {documents["admission"].title}
    assert search(q="费") == {documents["fees"].title}


def test_every_term_must_match(documents: dict) -> None:
    assert search(q="中小学校 食品") == {documents["food"].title}
    assert search(q="中小学校 招生") == set()


def test_latin_letters_match_in_any_case(documents: dict) -> None:
    assert search(q="admission") == {documents["admission"].title}


def test_search_syntax_in_a_query_is_taken_literally(documents: dict) -> None:
    assert search(q='"欠费 OR 食品"') == set()
    assert search(q="NEAR(学生") == set()
    assert search(q="%") == set()


def test_it_filters_by_category_type_status_and_year(clerk_a: Any, documents: dict) -> None:
    assert search(category=Category.GENERAL) == {documents["admission"].title}
    assert search(doc_type=DocType.NORMATIVE) == {documents["fees"].title}
    assert search(year=2025) == {documents["food"].title, documents["admission"].title}
    document_set_status(
        actor=clerk_a,
        document=documents["fees"],
        status=Status.REPEALED,
        changed_on=date(2025, 1, 1),
    )
    assert search(status=Status.REPEALED, q="管理办法") == {documents["fees"].title}
    assert search(status=Status.IN_FORCE, q="管理办法") == set()


def test_the_index_follows_edits_and_deletions(clerk_a: Any, documents: dict) -> None:
    document_update(actor=clerk_a, document=documents["food"], title="关于加强校园饮用水安全的通知")
    assert search(q="饮用水安全") == {"关于加强校园饮用水安全的通知"}
    assert search(q="食品安全工作") == set()
    documents["fees"].delete()
    assert search(q="欠费管理") == set()


def test_the_full_text_index_is_in_place_after_all_migrations() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='catalogue_document'"
            )
            expected = {
                "catalogue_document_fts_ai",
                "catalogue_document_fts_ad",
                "catalogue_document_fts_au",
            }
        else:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename='catalogue_document'")
            expected = {f"catalogue_document_{c}_trgm" for c in ("title", "doc_number", "body")}
        assert expected <= {row[0] for row in cursor.fetchall()}


def test_it_reads_filters_from_request_parameters_and_ignores_bad_ones() -> None:
    query = DocumentQuery.from_params(
        {"q": "  招生 ", "category": "10", "type": "bogus", "status": "repealed", "year": "20x5"}
    )
    assert query == DocumentQuery(q="招生", category="10", status="repealed")


def test_the_list_count_stops_at_a_cap(clerk_a: Any, agency_a: Any) -> None:
    for day in range(1, 6):
        make_document(clerk_a, agency_a, written_on=date(2025, 1, day), title=f"第{day}期简报")
    capped = CappedPaginator(Document.objects.order_by("-id"), 2, cap=3)
    assert (capped.count, capped.capped, capped.num_pages) == (3, True, 2)
    exact = CappedPaginator(Document.objects.order_by("-id"), 2, cap=5)
    assert (exact.count, exact.capped) == (5, False)


def test_a_broad_word_finds_the_same_documents_without_a_count(
    documents: dict, monkeypatch: Any
) -> None:
    from gongkai.catalogue import selectors
    from gongkai.catalogue.paging import search_page

    monkeypatch.setattr(selectors, "BROAD_MATCHES", 2)
    query = DocumentQuery(q="中小学校")
    assert selectors.is_broad_search(query) == (connection.vendor == "sqlite")
    assert not selectors.is_broad_search(DocumentQuery(q="欠费管理"))
    broad = document_search(Document.objects.all(), query, broad=True)
    assert set(broad) == set(document_search(Document.objects.all(), query))
    first = search_page(Document.objects.all(), query, "1", 1, ("-written_on", "-id"))
    if connection.vendor == "sqlite":
        assert not first.paginator.counted
    assert [d.title for d in first] == [documents["food"].title] and first.has_next()
    second = search_page(Document.objects.all(), query, "2", 1, ("-written_on", "-id"))
    assert [d.title for d in second] == [documents["fees"].title] and not second.has_next()


def test_an_uncounted_page_knows_whether_another_follows(clerk_a: Any, agency_a: Any) -> None:
    for day in range(1, 6):
        make_document(clerk_a, agency_a, written_on=date(2025, 1, day), title=f"第{day}期简报")
    paginator = CappedPaginator(Document.objects.order_by("written_on"), 2, counted=False)
    pages = [paginator.get_page(n) for n in ("1", "3", "x")]
    assert [[d.title for d in p] for p in pages] == [
        ["第1期简报", "第2期简报"],
        ["第5期简报"],
        ["第1期简报", "第2期简报"],
    ]
    assert [paginator.get_page(n).has_next() for n in ("1", "2", "3")] == [True, True, False]


def test_a_word_search_is_counted_on_demand_on_postgresql(documents: dict) -> None:
    from gongkai.catalogue.paging import search_page

    order = ("-written_on", "-id")
    query = DocumentQuery(q="中小学校")
    first = search_page(Document.objects.all(), query, "1", 1, order)
    assert [d.title for d in first] == [documents["food"].title] and first.has_next()
    if connection.vendor == "postgresql":
        assert not first.paginator.counted and first.paginator.countable
        assert (first.paginator.seen, first.paginator.more) == (1, True)
    else:  # FTS5 counts from its own match list
        assert first.paginator.counted and first.paginator.count == 2
    asked = search_page(Document.objects.all(), query, "1", 1, order, count=True)
    assert asked.paginator.counted and asked.paginator.count == 2
    assert not asked.paginator.countable
    # Filters alone are counted everywhere.
    filtered = search_page(Document.objects.all(), DocumentQuery(year=2025), "1", 1, order)
    assert filtered.paginator.counted and filtered.paginator.count == 2


def test_an_uncounted_search_knows_its_total_on_its_last_page(documents: dict) -> None:
    from gongkai.catalogue.paging import search_page

    order = ("-written_on", "-id")
    last = search_page(Document.objects.all(), DocumentQuery(q="中小学校"), "2", 1, order)
    past = search_page(Document.objects.all(), DocumentQuery(q="中小学校"), "9", 1, order)
    if connection.vendor == "postgresql":
        assert (last.paginator.seen, last.paginator.more) == (2, False)
        # An old link past the end shows the first page, not "found 0".
        assert past.number == 1 and [d.title for d in past] == [documents["food"].title]
    assert [d.title for d in last] == [documents["fees"].title] and not last.has_next()


def test_a_year_keeps_the_list_order(clerk_a: Any, agency_a: Any) -> None:
    from gongkai.catalogue.paging import search_page

    made = [
        make_document(
            clerk_a,
            agency_a,
            written_on=date(2024, 1 + n, 2),
            published_on=date(2025, 6 - n, 1),
            title=f"第{n}号义务教育通知",
        )
        for n in range(4)
    ]
    make_document(clerk_a, agency_a, written_on=date(2023, 5, 5), title="去年的义务教育通知")
    order = ("-published_on", "-id")
    for query in (DocumentQuery(year=2024), DocumentQuery(q="义务教育", year=2024)):
        page = search_page(Document.objects.all(), query, "1", 3, order)
        assert [d.pk for d in page] == [d.pk for d in made[:3]]
        assert page.has_next()


def test_the_portal_and_staff_lists_offer_the_count_when_they_skip_it(
    client: Any, clerk_a: Any, documents: dict, monkeypatch: Any
) -> None:
    from django.test import Client

    from gongkai.catalogue import selectors
    from gongkai.portal import views as portal_views
    from tests.web.conftest import PASSWORD

    # Two published documents match the word (the 食品安全 notice of the fixture is a draft).
    make_document(
        clerk_a,
        clerk_a.agency,
        written_on=date(2025, 9, 1),
        title="关于中小学校秋季开学工作的通知",
        body="各中小学校要做好开学准备。",
    )
    # As on PostgreSQL, whichever database runs the test.
    monkeypatch.setattr(selectors, "count_on_demand", lambda query: bool(query.q))
    monkeypatch.setattr(portal_views, "PAGE_SIZE", 1)
    listing = client.get("/portal/JL-JYJ/documents/", {"q": "中小学校"}).content.decode()
    assert "已找到 1 件以上" in listing and "count=1" in listing and "统计总数" in listing
    last = client.get("/portal/JL-JYJ/documents/", {"q": "中小学校", "page": "2"})
    assert "找到 2 件" in last.content.decode()
    counted = client.get("/portal/JL-JYJ/documents/", {"q": "中小学校", "count": "1"})
    assert "找到 2 件" in counted.content.decode() and "统计总数" not in counted.content.decode()
    staff = Client()
    staff.login(username=clerk_a.username, password=PASSWORD)
    page = staff.get("/catalogue/", {"q": "食品安全"}).content.decode()
    assert "共 1 件" in page and "统计总数" not in page
