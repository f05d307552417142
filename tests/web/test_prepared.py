"""Querysets compiled once per process (gongkai.lib.prepared): the same results as Django's own
run of the queryset, on the staff document page's queries with real documents and users, on
generated values of every kind, and the same page."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.catalogue import views
from gongkai.catalogue.models import Attachment, Document, Status
from gongkai.catalogue.publication import document_review
from gongkai.catalogue.services import document_set_status
from gongkai.lib.prepared import Fixed, Prepared, prepared
from tests.web.catalogue_helpers import make_document, review_and_publish
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def dump(value: Any) -> Any:
    """Everything a result holds: a model instance's attributes, state and related objects."""
    if isinstance(value, Model):
        return (
            type(value),
            {k: v for k, v in vars(value).items() if k != "_state"},
            value._state.db,
            value._state.adding,
            {k: dump(v) for k, v in value._state.fields_cache.items()},
        )
    if isinstance(value, list | tuple):
        return [dump(v) for v in value]
    return value


@pytest.fixture
def documents(operator: Any, agency_a: Any, agency_b: Any, reviewer_a: Any) -> list[Document]:
    first = make_document(operator, agency_a, written_on=date(2025, 3, 3), title="第一份")
    second = make_document(operator, agency_a, written_on=date(2025, 3, 4), title="第二份")
    document_set_status(
        actor=operator,
        document=first,
        status=Status.REPEALED,
        changed_on=date(2025, 3, 4),
        replaced_by=second,
    )
    draft = make_document(operator, agency_a, written_on=date(2025, 3, 5), unpublished=True)
    Attachment.objects.create(document=draft, title="附件一", file="attachments/a.pdf")
    Attachment.objects.create(document=draft, title="附件二", file="attachments/b.pdf")
    document_review(
        actor=reviewer_a, document=draft, reviewed_on=date(2025, 3, 6), passed=False, opinion="否"
    )
    document_review(
        actor=reviewer_a, document=draft, reviewed_on=date(2025, 3, 7), passed=True, opinion="可"
    )
    other = make_document(operator, agency_b, written_on=date(2025, 3, 3), title="乙机关的")
    published = make_document(operator, agency_a, written_on=date(2025, 4, 1), unpublished=True)
    review_and_publish(reviewer_a, published)
    return [first, second, draft, other, published]


def _scopes(agency_a: Any, agency_b: Any) -> list[Any]:
    return [(agency_a.pk,), (agency_b.pk,), (agency_b.pk, agency_a.pk), (), None]


def test_the_document_page_s_queries_give_what_django_gives(
    documents: list[Document], agency_a: Any, agency_b: Any
) -> None:
    ids = [d.pk for d in documents] + [max(d.pk for d in documents) + 1]
    for _ in range(2):  # the first call of a shape prepares it, the next ones run the plan
        for pk in ids:
            for scope in _scopes(agency_a, agency_b):
                if scope is not None:
                    got = views._document(pk, scope)
                    assert dump(got) == dump(list(views._document.build(pk, scope)))
                got = views._events(str(pk), scope)
                assert dump(got) == dump(list(views._events.build(str(pk), scope)))
            for query in (views._attachments, views._reviews, views._replaced):
                assert dump(query(pk)) == dump(list(query.build(pk)))
    # Each of them runs from a plan, not through Django.
    pk = documents[2].pk
    assert views._document.plan_for(pk, (agency_a.pk,)) is not None
    assert views._events.plan_for(str(pk), (agency_a.pk,)) is not None
    assert views._events.plan_for(str(pk), None) is not None
    for query in (views._attachments, views._reviews, views._replaced):
        assert query.plan_for(pk) is not None
    assert len(views._reviews(pk)) == 2 and len(views._attachments(pk)) == 2
    assert views._replaced(documents[1].pk) == [(documents[0].pk, documents[0].title)]


def _page(client: Client, pk_or_path: int | str) -> str:
    path = (
        pk_or_path
        if isinstance(pk_or_path, str)
        else reverse("catalogue:detail", args=[pk_or_path])
    )
    response = client.get(path)
    page = response.content.decode()
    return f"{response.status_code} " + re.sub(
        r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+', r"\1", page
    )


def test_the_document_page_is_the_one_django_s_queries_made(
    documents: list[Document],
    clerk_a: Any,
    reviewer_a: Any,
    clerk_b: Any,
    supervisor: Any,
    auditor: Any,
    monkeypatch: Any,
) -> None:
    clients = []
    for user in (clerk_a, reviewer_a, clerk_b, supervisor, auditor):
        client = Client()
        assert client.login(username=user.username, password=PASSWORD)
        clients.append(client)
    pks = [d.pk for d in documents]
    fast = [_page(client, pk) for client in clients for pk in pks]
    assert fast == [_page(client, pk) for client in clients for pk in pks]  # from the plans
    monkeypatch.setattr(Prepared, "__call__", lambda self, *values: list(self.build(*values)))
    assert fast == [_page(client, pk) for client in clients for pk in pks]
    assert sum(page.startswith("200 ") for page in fast) > len(pks)
    assert sum(page.startswith("404 ") for page in fast) > 0


# Generated values: every kind Prepared takes as a stand-in, and others it passes on.
INTS = st.one_of(st.integers(-5, 50), st.integers(), st.sampled_from([0, -(2**31), 2**31, 2**63]))
TEXTS = st.one_of(
    st.just(""),
    st.text(st.sampled_from(["第", "一", "份", "a", "%", "_", "'", "\\", "\x1f"]), max_size=5),
    st.sampled_from(["第一份", "第二份", "\x1fprepared--2000000000-0\x1f"]),
)
IDS = st.lists(st.integers(-3, 40), max_size=6).map(tuple)
QUERIES = {
    "pk in agencies": prepared(
        lambda pk, ids: Document.objects.filter(agency__in=ids).filter(pk=pk)
    ),
    "title": prepared(lambda title: Document.objects.filter(title=title).values_list("pk")),
    "title contains": prepared(lambda text: Document.objects.filter(title__contains=text)),
    "title starts": prepared(
        lambda text: Document.objects.filter(title__istartswith=text).values_list("pk")
    ),
    "title and more": prepared(lambda text: Document.objects.filter(title=text + "份")),
    "ids and a flag": prepared(
        lambda ids, flag, pk: (
            Document.objects.filter(pk__in=ids, due_provisional=flag)
            .exclude(pk=pk)
            .select_related("agency", "replaced_by")
            .order_by("-pk")[:3]
        )
    ),
    # Conditions chosen by whether a value is given.
    "title if given": prepared(
        lambda text, pk: (
            (Document.objects.filter(title=text) if text else Document.objects.all())
            .filter(**({"pk__gte": pk} if pk else {}))
            .values_list("pk", "title")
            .order_by("pk")
        )
    ),
    "agency and day": prepared(
        lambda agency, day: (
            Document.objects.filter(agency_id=agency, written_on__gte=day)
            .values_list("title", "written_on")
            .order_by("pk")
        )
    ),
}
DAYS = st.one_of(st.none(), st.dates(date(2025, 3, 1), date(2025, 4, 2)))
WORDS = st.text(
    st.sampled_from(["第", "一", "份", "通", "知", "a", "%", "_", "\\", "'", "\x1f"]),
    min_size=1,
    max_size=5,
)


def test_any_values_give_what_django_gives(documents: list[Document]) -> None:
    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(
        pk=INTS,
        ids=IDS,
        title=TEXTS,
        flag=st.one_of(st.booleans(), st.none()),
        agency=INTS,
        day=st.one_of(DAYS),
    )
    def check(pk: int, ids: tuple[int, ...], title: str, flag: Any, agency: int, day: Any) -> None:
        calls: dict[str, tuple[Any, ...]] = {
            "pk in agencies": (pk, ids),
            "title": (title,),
            "title contains": (title,),
            "title starts": (title,),
            "title and more": (title,),
            "title if given": (title, pk),
            "ids and a flag": (ids, flag if flag is not None else False, pk),
            "agency and day": (agency, day or date(2025, 3, 1)),
        }
        for name, values in calls.items():
            query = QUERIES[name]
            try:
                expected = dump(list(query.build(*values)))
            except Exception as error:
                with pytest.raises(type(error)):
                    query(*values)
                connection.close()  # (PostgreSQL: the failed transaction)
                continue
            assert dump(query(*values)) == expected, (name, values)

    check()
    # The stand-ins were found where they belong: these shapes run from plans.
    pk, agency = documents[0].pk, documents[0].agency_id
    assert QUERIES["pk in agencies"].plan_for(pk, (agency,)) is not None
    assert QUERIES["title"].plan_for("第一份") is not None
    assert QUERIES["ids and a flag"].plan_for((pk, 2), True, 3) is not None
    for given_ in (("第一份", 3), ("", 3), ("第一份", 0), ("", 0)):
        assert QUERIES["title if given"].plan_for(*given_) is not None
    # ``contains`` wraps the text, escaped, in %…%: a LIKE pattern of the value, made afresh.
    assert QUERIES["title contains"].plan_for("第一") is not None
    # A text made of the value otherwise is not the value: Django runs it.
    assert QUERIES["title and more"].plan_for("第一") is None


def test_a_prepared_query_costs_one_query_and_no_compilation(
    documents: list[Document], monkeypatch: Any
) -> None:
    from django.db.models.sql.compiler import SQLCompiler

    pk = documents[2].pk
    views._reviews(pk)
    compiled = []
    as_sql = SQLCompiler.as_sql

    def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
        compiled.append(self)
        return as_sql(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counting)
    with CaptureQueriesContext(connection) as captured:
        reviews = views._reviews(pk)
    assert len(captured) == 1 and not compiled and len(reviews) == 2


def _page_facts(page: Any) -> Any:
    paginator = page.paginator
    return (
        dump(list(page.object_list)),
        page.number,
        paginator.count,
        paginator.num_pages,
        paginator.capped,
        paginator.counted,
        page.has_next(),
        page.has_previous(),
    )


def test_the_staff_list_s_pages_are_search_page_s(
    documents: list[Document], agency_a: Any, operator: Any
) -> None:
    from gongkai.catalogue.models import Category, DocType
    from gongkai.catalogue.paging import (
        CappedPaginator,
        _AgencyPaginator,
        _Rows,
        agency_page,
        search_page,
    )
    from gongkai.catalogue.selectors import DocumentQuery, document_search

    for n in range(4):
        make_document(
            operator, agency_a, written_on=date(2024, 5, 1 + n), category=Category.EDUCATION
        )
    order = ("-written_on", "-id")

    @settings(max_examples=150, deadline=None, derandomize=True)
    @given(
        category=st.sampled_from(["", Category.EDUCATION, Category.values[-1]]),
        doc_type=st.sampled_from(["", DocType.OTHER, DocType.NORMATIVE]),
        status=st.sampled_from(["", Status.IN_FORCE, Status.REPEALED]),
        year=st.sampled_from([None, 2024, 2025, 2019]),
        number=st.sampled_from([None, "", "1", "2", "3", "5", "99", "x", "-1", "0"]),
        per_page=st.sampled_from([1, 2, 3, 30]),
        cap=st.sampled_from([1, 2, 4, 1000]),
        q=st.one_of(
            st.sampled_from(["", "第", "第一份", "份 第", "校园食品", "通知 第二份", "a%b", "x_"]),
            st.lists(WORDS, max_size=3).map(" ".join),
        ),
        count=st.booleans(),
    )
    def check(
        category: str,
        doc_type: str,
        status: str,
        year: Any,
        number: Any,
        per_page: int,
        cap: int,
        q: str,
        count: bool,
    ) -> None:
        query = DocumentQuery(q=q, category=category, doc_type=doc_type, status=status, year=year)
        all_of_a = Document.objects.filter(agency=agency_a)
        expected = search_page(all_of_a, query, number, per_page, order, count=count)
        page = agency_page(agency_a.pk, query, number, per_page, order, count=count)
        assert _page_facts(page) == _page_facts(expected)
        assert (page.paginator.broad, page.paginator.countable) == (
            expected.paginator.broad,
            expected.paginator.countable,
        )
        # The count up to a cap, as CappedPaginator counts.
        capped = CappedPaginator(document_search(all_of_a, query), per_page, cap=cap)
        mine = _AgencyPaginator(_Rows(agency_a.pk, query, order, False), per_page, cap=cap)
        assert (mine.count, mine.capped, mine.num_pages) == (
            capped.count,
            capped.capped,
            capped.num_pages,
        )

    check()


def test_the_staff_list_page_is_the_one_search_page_made(
    documents: list[Document], agency_a: Any, clerk_a: Any, monkeypatch: Any
) -> None:
    from gongkai.catalogue.paging import search_page

    client = Client()
    assert client.login(username=clerk_a.username, password=PASSWORD)
    paths = [
        reverse("catalogue:list"),
        reverse("catalogue:list") + "?page=2",
        reverse("catalogue:list") + "?status=repealed",
        reverse("catalogue:list") + "?year=2025&type=other&category=education",
        reverse("catalogue:list") + "?page=x&status=in_force",
        reverse("catalogue:list") + "?q=第一份",
        reverse("catalogue:list") + "?q=第+份&count=1",
        reverse("catalogue:list") + "?q=%25_&page=2",
    ]
    fast = [_page(client, path) for path in paths]
    monkeypatch.setattr(
        views,
        "agency_page",
        lambda agency_id, query, number, per_page, order, count=False: search_page(
            Document.objects.filter(agency=agency_id), query, number, per_page, order, count=count
        ),
    )
    assert fast == [_page(client, path) for path in paths]
    assert "第一份" in fast[0] or "第二份" in fast[0]


def test_the_request_list_s_first_pages_are_list_page_s(
    clerk_a: Any, clerk_b: Any, reviewer_a: Any, supervisor: Any, agency_a: Any, agency_b: Any
) -> None:
    from datetime import timedelta

    from django.core.paginator import Paginator

    from gongkai.requests import selectors
    from gongkai.requests.casework import application_assign
    from gongkai.requests.models import Application, Channel
    from gongkai.requests.models import Category as RequestCategory
    from gongkai.requests.models import Outcome as RequestOutcome
    from gongkai.requests.models import Status as RequestStatus
    from tests.web.requests_fixtures import register

    statuses = ["open", "closed", "correction", "open", "void", "open", "fee"]
    for n, status in enumerate(statuses):
        for clerk, agency in ((clerk_a, agency_a), (clerk_b, agency_b)):
            application, _ = register(
                clerk,
                agency,
                date(2025, 3, 3) + timedelta(days=n * 40),
                category=RequestCategory.values[n % 2],
                channel=Channel.values[n % len(Channel.values)],
                name=f"申请人{n}",
            )
            if n % 3 == 0 and agency == agency_a:
                application_assign(actor=reviewer_a, application=application, assignee=clerk_a)
            changes: dict[str, Any] = {"status": status}
            if status == "closed":
                changes |= {"outcome": RequestOutcome.values[0], "closed_on": date(2025, 12, 1)}
            Application.objects.filter(pk=application.pk).update(**changes)
    users = [clerk_a, reviewer_a, supervisor, clerk_b]

    @settings(max_examples=200, deadline=None, derandomize=True)
    @given(
        user=st.sampled_from(users),
        open_only=st.booleans(),
        status=st.sampled_from(["", *RequestStatus.values[:3], "closed"]),
        category=st.sampled_from(["", *RequestCategory.values[:2]]),
        channel=st.sampled_from(["", *Channel.values[:2]]),
        agency=st.sampled_from([None, "a", "b", 0]),
        year=st.sampled_from([None, 2025, 2026]),
        q=st.sampled_from(["", " ", "申请人1", " 申请人 "]),
        mine=st.booleans(),
        number=st.sampled_from([None, "", "1", "2", "x"]),
        per_page=st.sampled_from([1, 2, 3, 50]),
    )
    def check(
        user: Any,
        open_only: bool,
        status: str,
        category: str,
        channel: str,
        agency: Any,
        year: Any,
        q: str,
        mine: bool,
        number: Any,
        per_page: int,
    ) -> None:
        filters = {
            "open_only": open_only,
            "status": status,
            "category": category,
            "channel": channel,
            "agency_id": {"a": agency_a.pk, "b": agency_b.pk}.get(agency, agency),
            "year": year,
            "q": q,
            "assignee": user if mine else None,
        }
        found = selectors.applications_search(user, **filters)
        expected = Paginator(found.values_list(*selectors.LIST_COLUMNS), per_page).get_page(number)
        page = selectors.search_list_page(
            selectors.search_values(user, **filters), number, per_page
        )
        assert list(page.object_list) == list(expected.object_list)
        assert (page.number, page.paginator.count, page.paginator.num_pages) == (
            expected.number,
            expected.paginator.count,
            expected.paginator.num_pages,
        )
        assert (page.has_next(), page.has_previous()) == (
            expected.has_next(),
            expected.has_previous(),
        )

    check()
    values = selectors.search_values(clerk_a)
    assert selectors._first_rows.plan_for(*values, Fixed(4)) is not None
    assert selectors._case_ids.plan_for(*values) is not None


def test_instances_are_made_by_django_when_something_listens_for_them(
    documents: list[Document],
) -> None:
    from django.db.models.signals import post_init

    from gongkai.lib.prepared import _plain_model

    assert _plain_model(Document)

    def mark(sender: Any, instance: Any, **kwargs: Any) -> None:
        instance.marked = True

    post_init.connect(mark, sender=Document)
    try:
        assert not _plain_model(Document)
        got = views._document(documents[0].pk, (documents[0].agency_id,))
        assert got and got[0].marked
        assert dump(got) == dump(list(views._document.build(got[0].pk, (got[0].agency_id,))))
    finally:
        post_init.disconnect(mark, sender=Document)
    assert _plain_model(Document)


def test_a_build_that_chooses_by_a_value_s_sign_is_run_through_django(
    documents: list[Document],
) -> None:
    # The contract allows choosing by whether a value is given, not by what it is; the two sets
    # of stand-ins differ in sign, so a build that chooses by sign compiles two different queries
    # and is refused instead of keeping the stand-ins' choice for every value.
    def build(number: int) -> Any:
        if number > 0:
            return Document.objects.filter(pk=number).values_list("pk")
        return Document.objects.filter(pk__lt=number).values_list("pk")

    query = prepared(build)
    pk = documents[0].pk
    assert query.plan_for(pk) is None
    assert query(pk) == [(pk,)]
    assert query(-pk) == []
    assert query.plan_for(-pk) is None
