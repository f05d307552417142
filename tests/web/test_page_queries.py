"""Query counts of the catalogue and portal pages bench/load.sh measures: a page costs the same
number of queries with 3 documents as with 12, so an N+1 (a query per listed document) fails
here before it reaches production. Found by the load bench: the Atom feed asked for each
item's agency (32 queries for 30 items), and the staff document page listed every document of
the agency as a successor option (2.5 s a page with 8,000 documents).

The staff pages are counted twice: as tests run (sessions and the signed-in user read from the
database each time), and as production runs them with a shared cache (sessions from the cache,
the user and their agency lookups kept between requests, gongkai.accounts.lookups), where only
the page's own queries remain."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.catalogue.models import Category, DocType, Document, Status
from gongkai.catalogue.services import document_set_status, power_item_create
from gongkai.requests.models import Category as RequestCategory
from gongkai.requests.models import Outcome as RequestOutcome
from gongkai.requests.models import Status as RequestStatus
from tests.web.catalogue_helpers import make_document
from tests.web.conftest import PASSWORD


def _catalogue(operator: Any, agency: Any, count: int) -> Document:
    """``count`` published documents, a 规范性文件 among them replacing another; returns that one."""
    first = date(2025, 3, 3)
    documents = [
        make_document(
            operator,
            agency,
            written_on=first + timedelta(days=n),
            doc_type=DocType.NORMATIVE if n < 2 else DocType.OTHER,
            title=f"关于做好第{n}批校园食品安全工作的通知",
        )
        for n in range(count)
    ]
    document_set_status(
        actor=operator,
        document=documents[0],
        status=Status.REPEALED,
        changed_on=documents[1].written_on,
        replaced_by=documents[1],
    )
    power_item_create(
        actor=operator,
        agency=agency,
        code=f"P-{count}",
        kind="licensing",
        name="教师资格认定",
        legal_basis="《教师资格条例》",
        implementing_body=agency.name,
    )
    return documents[1]


def _pages(agency: Any, document: Document) -> dict[str, str]:
    code = agency.short_code
    return {
        "portal index": reverse("portal:index"),
        "portal home": reverse("portal:home", args=[code]),
        "portal list": reverse("portal:documents", args=[code]),
        "portal search": reverse("portal:documents", args=[code]) + "?q=食品安全",
        "portal detail": reverse("portal:document", args=[code, document.pk]),
        "portal reports": reverse("portal:reports", args=[code]),
        "portal powers": reverse("portal:powers", args=[code]),
        "portal feed": reverse("portal:feed", args=[code]),
        "staff list": reverse("catalogue:list"),
        "staff search": reverse("catalogue:list") + "?q=食品安全",
        "staff detail": reverse("catalogue:detail", args=[document.pk]),
        "staff requests": reverse("requests:dashboard"),
    }


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def _counts(
    operator: Any, agency: Any, clerk: Any, documents: int, *, staff_only: bool = False
) -> dict[str, int]:
    document = _catalogue(operator, agency, documents)
    client = Client()
    client.login(username=clerk.username, password=PASSWORD)
    anonymous = Client()
    counts = {}
    for name, path in _pages(agency, document).items():
        if staff_only and not name.startswith("staff"):
            continue
        chosen = client if name.startswith("staff") else anonymous
        chosen.get(path)  # sessions, the calendar and other first-use caches
        counts[name] = _queries(chosen, path)
    return counts


# Upper bounds, a little above today's counts: a page may gain a query for a new feature, not
# one per document.
MAX_QUERIES = {
    "portal index": 3,
    "portal home": 5,
    "portal list": 4,
    "portal search": 5,
    "portal detail": 6,
    "portal reports": 5,
    "portal powers": 4,
    "portal feed": 3,
    "staff list": 10,
    "staff search": 11,
    "staff detail": 10,
    "staff requests": 14,
}
# With the shared cache (and the 逾期 count and the calendar kept under the content
# generation): the list's count and its rows (the search adds SQLite's probe for a broad word;
# a row's 已更正 is its own column, Document.corrected_on); the document, what it replaces, its
# attachments, its 保密审查 and its events; the request list's rows (counted only when more
# than a page; its agencies and the user's saved filters kept with the user's lookups); its
# board of other deadlines is kept per user (gongkai.requests.board.kept_board) until a change
# it reads is committed.
MAX_STAFF_QUERIES_CACHED = {
    "staff list": 2,
    "staff search": 3,
    "staff detail": 5,
    "staff requests": 1,
}


@pytest.mark.parametrize("documents", [3, 12])
def test_each_page_stays_within_its_query_budget(operator, agency_a, clerk_a, documents) -> None:
    counts = _counts(operator, agency_a, clerk_a, documents)
    over = {name: n for name, n in counts.items() if n > MAX_QUERIES[name]}
    assert not over, f"over budget: {over} (all: {counts})"


def test_the_query_count_does_not_grow_with_the_catalogue(
    operator, agency_a, agency_b, clerk_a, clerk_b
) -> None:
    small = _counts(operator, agency_a, clerk_a, 3)
    large = _counts(operator, agency_b, clerk_b, 12)
    assert small == large


def test_the_staff_document_page_names_the_successor_and_lists_no_documents(
    operator, agency_a, clerk_a
) -> None:
    successor = _catalogue(operator, agency_a, 6)
    replaced = Document.objects.get(replaced_by=successor)
    client = Client()
    client.login(username=clerk_a.username, password=PASSWORD)
    page = client.get(reverse("catalogue:detail", args=[replaced.pk])).content.decode()
    assert f'value="{successor.index_number}"' in page
    assert "<option" not in page.split('name="replaced_by"')[1].split("</div>")[0]
    # Each page links the other: the successor by its title, what it replaced as (pk, title).
    link = f'<a href="{reverse("catalogue:detail", args=[successor.pk])}">{escape(successor.title)}</a>'
    assert f"修改/替代文件：{link}" in page
    back = client.get(reverse("catalogue:detail", args=[successor.pk])).content.decode()
    link = (
        f'<a href="{reverse("catalogue:detail", args=[replaced.pk])}">{escape(replaced.title)}</a>'
    )
    assert f"修改/替代了</dt><dd>{link}" in back


def test_the_status_form_takes_the_successor_by_index_number_within_the_agency(
    operator, agency_a, agency_b, clerk_a
) -> None:
    old = make_document(operator, agency_a, written_on=date(2025, 1, 6), title="旧办法")
    new = make_document(operator, agency_a, written_on=date(2025, 2, 3), title="新办法")
    theirs = make_document(operator, agency_b, written_on=date(2025, 2, 3), title="别家办法")
    client = Client()
    client.login(username=clerk_a.username, password=PASSWORD)
    url = reverse("catalogue:status", args=[old.pk])
    form = {"status": "repealed", "changed_on": "2025-02-03"}
    for refused in (theirs.index_number, str(theirs.pk), old.index_number, "没有这个号"):
        client.post(url, {**form, "replaced_by": refused})
        old.refresh_from_db()
        assert old.status == Status.IN_FORCE, refused
    response = client.post(url, {**form, "replaced_by": theirs.index_number}, follow=True)
    assert "没有索引号为" in response.content.decode()
    client.post(url, {**form, "replaced_by": f" {new.index_number} "})
    old.refresh_from_db()
    assert (old.status, old.replaced_by_id) == (Status.REPEALED, new.pk)


@pytest.fixture
def production_lookups(settings: Any) -> Any:
    from gongkai.accounts import lookups
    from gongkai.workdays import selectors

    settings.ACCOUNT_LOOKUP_CACHE = True
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300  # the 逾期 count and the calendar kept
    lookups.clear()
    selectors._kept.clear()
    yield
    lookups.clear()
    selectors._kept.clear()


@pytest.mark.parametrize("documents", [3, 12])
def test_the_staff_pages_need_only_their_own_queries_with_the_shared_cache(
    production_lookups, operator, agency_a, clerk_a, documents
) -> None:
    counts = _counts(operator, agency_a, clerk_a, documents, staff_only=True)
    over = {name: n for name, n in counts.items() if n > MAX_STAFF_QUERIES_CACHED[name]}
    assert not over, f"over budget: {over} (all: {counts})"


def test_the_staff_document_page_costs_the_same_queries_with_reviews(
    production_lookups, clerk_a, reviewer_a, agency_a
) -> None:
    """Of the reviewers and the events' agencies the page reads only the columns it shows
    (catalogue.views.document_detail): a column shown but not read would cost a query a row."""
    from gongkai.catalogue.publication import document_review

    plain = make_document(clerk_a, agency_a, written_on=date(2025, 3, 3), unpublished=True)
    reviewed = make_document(clerk_a, agency_a, written_on=date(2025, 3, 3), unpublished=True)
    for passed, opinion in ((False, "涉及个人信息"), (True, "同意")):
        document_review(
            actor=reviewer_a,
            document=reviewed,
            reviewed_on=date(2025, 3, 4),
            passed=passed,
            opinion=opinion,
        )
    client = Client()
    client.login(username=clerk_a.username, password=PASSWORD)
    counts = []
    for document in (plain, reviewed):
        path = reverse("catalogue:detail", args=[document.pk])
        client.get(path)
        counts.append(_queries(client, path))
    page = client.get(path).content.decode()
    assert counts == [MAX_STAFF_QUERIES_CACHED["staff detail"]] * 2
    table = page.split('id="reviews"')[1].split("</table>")[0]
    assert table.count("<tr>") == 3 and "涉及个人信息" in table
    assert (reviewer_a.get_full_name() or reviewer_a.username) in table
    assert escape(agency_a.name) in page.split("审计记录")[1]


def test_the_late_count_is_kept_until_a_document_changes_or_the_day_turns(
    settings, clerk_a, agency_a, django_capture_on_commit_callbacks
) -> None:
    from gongkai.catalogue.selectors import late_document_count

    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    day = date(2025, 4, 1)
    make_document(clerk_a, agency_a, written_on=date(2025, 3, 3), published_on=date(2025, 4, 1))
    assert late_document_count(agency_a.pk, day) == 1
    with CaptureQueriesContext(connection) as again:
        assert late_document_count(agency_a.pk, day) == 1
    assert len(again) == 0
    # A committed change to any document moves the content generation on: counted again.
    with django_capture_on_commit_callbacks(execute=True):
        pending = make_document(clerk_a, agency_a, written_on=date(2025, 3, 3), unpublished=True)
    assert late_document_count(agency_a.pk, day) == 2
    # The next day is counted afresh: documents become late with time alone.
    assert late_document_count(agency_a.pk, date(2025, 3, 31)) == 1  # the pending one is not yet
    assert pending.is_late(today=day)


def test_the_request_list_s_calendar_is_read_again_once_the_calendar_changes(
    settings, operator, django_capture_on_commit_callbacks
) -> None:
    from gongkai.workdays import selectors
    from gongkai.workdays.services import calendar_year_declare, calendar_year_set

    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    selectors._kept.clear()
    first = selectors.platform_calendar_kept()
    with CaptureQueriesContext(connection) as again:
        assert selectors.platform_calendar_kept() is first
    assert len(again) == 0
    holiday = date(2031, 1, 2)
    assert holiday not in first.holidays
    with django_capture_on_commit_callbacks(execute=True):
        calendar_year_set(
            actor=operator,
            year=2031,
            holidays={holiday: "元旦"},
            makeup_workdays={},
            notice="测试",
        )
    entered = selectors.platform_calendar_kept()
    assert entered == selectors.platform_calendar() and holiday in entered.holidays
    with django_capture_on_commit_callbacks(execute=True):
        calendar_year_declare(actor=operator, year=2031, complete=True)
    declared = selectors.platform_calendar_kept()
    assert declared == selectors.platform_calendar() and 2031 in declared.years
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # nothing kept: read each time
    with CaptureQueriesContext(connection) as read:
        selectors.platform_calendar_kept()
    assert len(read) == 2
    selectors._kept.clear()


# The staff document page's forms are rendered once per process for the values they show
# (gongkai.lib.form_html; the status form by catalogue.views.status_form_html): the fragments
# below must follow the data, never another agency's.


@pytest.fixture
def fresh_fragments() -> Any:
    from gongkai.catalogue.views import status_form_html
    from gongkai.lib import form_html

    form_html.clear()
    status_form_html.cache_clear()
    yield form_html
    form_html.clear()
    status_form_html.cache_clear()


def _status_form_html(page: str) -> str:
    return page.split('name="status"')[1].split("保存状态")[0]


def test_a_kept_form_shows_the_document_as_it_is_now(
    fresh_fragments, operator, agency_a, clerk_a
) -> None:
    from gongkai.catalogue.views import status_form_html

    successor = _catalogue(operator, agency_a, 4)
    document = Document.objects.get(replaced_by=successor)
    client = Client()
    client.login(username=clerk_a.username, password=PASSWORD)
    url = reverse("catalogue:detail", args=[document.pk])
    first = client.get(url).content.decode()
    assert '<option value="repealed" selected>' in _status_form_html(first)
    assert f'value="{successor.index_number}"' in first
    assert _without_csrf(client.get(url).content.decode()) == _without_csrf(first)
    kept = status_form_html.cache_info().currsize
    # Another successor and status: the form shows them, not the fragment kept before.
    newer = make_document(operator, agency_a, written_on=date(2025, 6, 2), title="更新的办法")
    client.post(
        reverse("catalogue:status", args=[document.pk]),
        {"status": "amended", "changed_on": "2025-06-02", "replaced_by": newer.index_number},
    )
    document.refresh_from_db()
    assert (document.status, document.replaced_by_id) == (Status.AMENDED, newer.pk)
    again = client.get(url).content.decode()
    form = _status_form_html(again)
    assert '<option value="amended" selected>' in form
    assert f'value="{newer.index_number}"' in form
    assert successor.index_number not in form
    assert 'value="2025-06-02"' in form
    assert status_form_html.cache_info().currsize > kept


@settings(max_examples=200, deadline=None)
@given(
    shown=st.lists(
        st.tuples(
            st.sampled_from([*Status.values, "not-a-status"]),
            st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2030, 12, 31))),
            st.text(
                st.sampled_from(["a", "<", ">", "&", '"', "'", "文", " ", "{", "%"]), max_size=6
            ),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_the_kept_status_form_is_the_form_s_own(shown: list[tuple[str, Any, str]]) -> None:
    """What the page showed before ``status_form_html``: the form made for the document with its
    values, through ``as_div_kept``; each value in turn, kept ones again."""
    from django.utils import translation

    from gongkai.catalogue.forms import StatusForm
    from gongkai.catalogue.views import status_form_html
    from gongkai.lib.form_html import as_div_kept

    status_form_html.cache_clear()
    for status, changed_on, replaced_by in [*shown, *shown]:
        document = Document(pk=7, status=status, status_changed_on=changed_on)
        initial = {"status": status, "changed_on": changed_on, "replaced_by": replaced_by}
        expected = as_div_kept(StatusForm(document=document, initial=initial))
        language = translation.get_language()
        assert status_form_html(status, changed_on, replaced_by, language) == expected


def _without_csrf(page: str) -> str:
    """The page without its CSRF tokens (masked afresh on each response)."""
    return re.sub(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+', r"\1", page)


def test_a_kept_form_is_never_shown_for_another_agency(
    fresh_fragments, operator, agency_a, agency_b, clerk_a, clerk_b, supervisor
) -> None:
    ours = Document.objects.get(replaced_by=_catalogue(operator, agency_a, 3))
    theirs = Document.objects.get(replaced_by=_catalogue(operator, agency_b, 3))
    assert ours.replaced_by.index_number != theirs.replaced_by.index_number
    pages = {}
    for user, document in ((clerk_a, ours), (clerk_b, theirs), (clerk_a, ours)):
        client = Client()
        client.login(username=user.username, password=PASSWORD)
        pages[user.username] = client.get(
            reverse("catalogue:detail", args=[document.pk])
        ).content.decode()
    page_a, page_b = pages[clerk_a.username], pages[clerk_b.username]
    assert f'value="{ours.replaced_by.index_number}"' in _status_form_html(page_a)
    assert f'value="{theirs.replaced_by.index_number}"' in _status_form_html(page_b)
    assert ours.replaced_by.index_number not in page_b
    assert theirs.replaced_by.index_number not in page_a
    # Nor to a user who may not write there: a supervisor reads the page without the form.
    reader = Client()
    reader.login(username=supervisor.username, password=PASSWORD)
    page = reader.get(reverse("catalogue:detail", args=[ours.pk])).content.decode()
    assert ours.title in page
    assert 'name="status"' not in page


def test_only_unbound_forms_with_fixed_choices_are_kept(fresh_fragments, agency_a) -> None:
    from django import forms as django_forms
    from django.utils import translation

    from gongkai.agencies.models import Agency
    from gongkai.catalogue.forms import PublishForm, ReviewForm

    day = date(2025, 4, 1)
    keep = fresh_fragments.as_div_kept
    assert (
        keep(ReviewForm(initial={"reviewed_on": day}))
        == ReviewForm(initial={"reviewed_on": day}).as_div()
    )
    key = fresh_fragments.fragment_key
    assert key(PublishForm(initial={"published_on": day})) == key(
        PublishForm(initial={"published_on": day})
    )
    assert key(PublishForm(initial={"published_on": day})) != key(
        PublishForm(initial={"published_on": date(2025, 4, 2)})
    )
    with translation.override("en"):  # the label suffix is translated
        english = key(PublishForm(initial={"published_on": day}))
    assert english != key(PublishForm(initial={"published_on": day}))
    # A bound form shows what was sent and its errors: rendered each time, never kept.
    bound = PublishForm(data={"published_on": "不是日期"})
    assert key(bound) is None
    assert "不是日期" in keep(bound)
    # Options read from the database at render time: never kept.

    class Choose(django_forms.Form):
        agency = django_forms.ModelChoiceField(queryset=Agency.objects.all())

    assert key(Choose()) is None
    assert agency_a.name in keep(Choose())
    assert len(fresh_fragments._fragments) == 1  # the review form only


def test_the_list_rows_fast_filters_say_what_django_s_would() -> None:
    from datetime import UTC, datetime

    from django.template.defaultfilters import date as date_filter
    from django.urls import set_script_prefix

    from gongkai.lib.web_tags import iso_date, url_kept

    for value in (
        date(2025, 3, 4),
        date(987, 12, 31),
        None,
        "",
        datetime(2025, 3, 4, 23, 30, tzinfo=UTC),
    ):
        assert iso_date(value) == date_filter(value, "Y-m-d"), value
    for pk in (1, 42, 987654):
        for name in ("catalogue:detail", "requests:detail"):  # the staff list, the request list
            assert url_kept(name, pk) == reverse(name, args=[pk])
    # The staff pages' navigation (base.html, _main_nav.html and the catalogue's) reverses its
    # links so too.
    from pathlib import Path

    import gongkai

    root = Path(gongkai.__file__).parent
    navigation = [
        root / "templates/base.html",
        root / "templates/_main_nav.html",
        root / "catalogue/templates/catalogue/_subnav.html",
    ]
    names = {n for p in navigation for n in re.findall(r"url_kept '([^']+)' %", p.read_text())}
    assert len(names) > 15
    for name in names:
        assert url_kept(name) == reverse(name), name
    set_script_prefix("/gongkai/")  # served under a path: the kept URL follows it
    try:
        assert url_kept("catalogue:detail", 42) == reverse("catalogue:detail", args=[42])
        assert url_kept("catalogue:detail", 42).startswith("/gongkai/")
    finally:
        set_script_prefix("/")
    assert url_kept("catalogue:detail", 42) == reverse("catalogue:detail", args=[42])


@settings(max_examples=300, deadline=None)
@given(
    value=st.one_of(
        st.dates(),
        st.none(),
        st.just(""),
        st.datetimes(timezones=st.just(UTC)),
    )
)
def test_the_document_page_s_dates_are_django_s(value: Any) -> None:
    """The staff document page writes its dates with ``cn_date`` (``|date:"Y年n月j日"``) and its
    review dates with ``iso_date`` (``|date:"Y-m-d"``): the same text for any value."""
    from django.template.defaultfilters import date as date_filter

    from gongkai.lib.web_tags import cn_date, iso_date

    assert cn_date(value) == date_filter(value, "Y年n月j日")
    assert iso_date(value) == date_filter(value, "Y-m-d")


def test_the_document_page_s_kept_urls_are_django_s() -> None:
    from gongkai.lib.web_tags import url_kept

    names = (
        "catalogue:detail",
        "catalogue:edit",
        "catalogue:correct",
        "catalogue:unschedule",
        "catalogue:review",
        "catalogue:publish",
        "catalogue:attach",
        "catalogue:status",
        "catalogue:change_published",
    )
    for pk in (1, 42, 987654):
        for name in names:
            assert url_kept(name, pk) == reverse(name, args=[pk]), name
        assert url_kept("catalogue:attachment", pk, 7) == reverse(
            "catalogue:attachment", args=[pk, 7]
        )
        assert url_kept("portal:document", "jyj", pk) == reverse(
            "portal:document", args=["jyj", pk]
        )
    assert url_kept("catalogue:list") == reverse("catalogue:list")


# The audit table's row as audit/_events.html wrote it before event_row.
EVENT_ROW_TEMPLATE = (
    "{% load audit_display %}"
    "<tr>\n"
    '      <td class="nowrap">{{ e.at|date:"Y-m-d H:i" }}</td>\n'
    '      <td>{{ e.actor_name|default:"系统" }}</td>\n'
    '      <td>{{ e.agency.name|default:"—" }}</td>\n'
    "      <td>{{ e.action|action_label }} <code>{{ e.action }}</code></td>\n"
    "      <td>{{ e.object_repr }}</td>\n"
    '      <td class="changes">{% if compact %}{% for label, old, new in e|change_rows|slice:":3" %}<div><b>{{ label }}</b>：{% if old != "（空）" %}{{ old }} → {% endif %}{{ new }}</div>{% endfor %}{% if e.changes|length > 3 %}<div>……共 {{ e.changes|length }} 项</div>{% endif %}{% else %}{% for label, old, new in e|change_rows %}<div><b>{{ label }}</b>：{% if old != "（空）" %}{{ old }} → {% endif %}{{ new }}</div>{% endfor %}{% endif %}</td>\n'
    "      <td>{{ e.reason }}</td>\n"
    "    </tr>"
)

_CHANGE_VALUES = st.one_of(
    st.none(),
    st.just(""),
    st.booleans(),
    st.integers(-5, 5000),
    st.sampled_from(["in_force", "amended", "repealed", "normative", "（空）"]),
    st.text(alphabet="<>&\"' a文号", max_size=8),
    st.lists(st.text(alphabet="<a&文", max_size=4), max_size=3),
)


@settings(max_examples=200, deadline=None)
@given(
    at=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    ),
    actor_name=st.sampled_from(["", "张三", "<b>李&四</b>"]),
    agency_name=st.sampled_from([None, "", "江临市教育局", "<i>局</i>"]),
    action=st.sampled_from(["document.create", "document.status", "login", "x.<unknown>"]),
    object_type=st.sampled_from(["catalogue.document", "requests.request", "", "no.such"]),
    object_repr=st.text(alphabet="<>&\"' 文", max_size=6),
    changes=st.one_of(
        st.none(),
        st.dictionaries(
            st.sampled_from(["status", "title", "doc_type", "published_on", "x<y>", "reason"]),
            st.one_of(_CHANGE_VALUES, st.lists(_CHANGE_VALUES, min_size=2, max_size=2)),
            max_size=6,
        ),
    ),
    reason=st.text(alphabet="<>&\"' 因", max_size=6),
    compact=st.sampled_from([True, False, None, ""]),
)
def test_the_event_row_written_in_python_is_the_template_s(
    at, actor_name, agency_name, action, object_type, object_repr, changes, reason, compact
) -> None:
    from django.template import Context, Template

    from gongkai.agencies.models import Agency
    from gongkai.audit.models import Event
    from gongkai.audit.templatetags.audit_display import event_row

    event = Event(
        at=at,
        actor_name=actor_name,
        action=action,
        object_type=object_type,
        object_repr=object_repr,
        changes=changes,
        reason=reason,
    )
    event.agency = None if agency_name is None else Agency(pk=1, name=agency_name)
    expected = Template(EVENT_ROW_TEMPLATE).render(Context({"e": event, "compact": compact}))
    assert event_row(event, compact) == expected


def test_the_kept_filter_selects_show_each_request_s_own_choices(agency_a, clerk_a) -> None:
    client = Client()
    client.login(username=clerk_a.username, password=PASSWORD)
    url = reverse("catalogue:list")
    for params, selected in (
        ("?type=normative&year=2024", ('value="normative" selected', 'value="2024" selected')),
        ("?status=repealed&category=10", ('value="repealed" selected', 'value="10" selected')),
        ("", ()),
        (
            "?type=normative&year=2024&q=食品",
            ('value="normative" selected', 'value="2024" selected'),
        ),
    ):
        page = client.get(url + params).content.decode()
        selects = page.split('name="category"')[1].split('name="late"')[0]
        assert selects.count(" selected") == len(selected), params
        for text in selected:
            assert text in selects, params
    assert f'value="{timezone.localdate().year}"' in page
    assert 'value="2008"' in page


def test_the_kept_choice_labels_are_django_s_own() -> None:
    from gongkai.lib.web_tags import choice_label

    for doc_type in [*DocType.values, "not-a-type"]:
        for status in [*Status.values, ""]:
            document = Document(doc_type=doc_type, status=status)
            assert choice_label(document, "doc_type") == document.get_doc_type_display()
            assert choice_label(document, "status") == document.get_status_display()


def test_nothing_is_kept_in_development(fresh_fragments, settings) -> None:
    from gongkai.catalogue.forms import PublishForm

    settings.DEBUG = True  # templates may change while the process runs
    form = PublishForm(initial={"published_on": date(2025, 4, 1)})
    assert fresh_fragments.as_div_kept(form) == form.as_div()
    assert not fresh_fragments._fragments


# The staff list's rows as the template's loop wrote them before ``document_rows`` wrote them
# in Python (the ``<tbody>`` of catalogue/document_list.html).
TEMPLATE_ROWS = (
    "{% load catalogue_tags web_tags %}{% for d in page %}\n"
    "    <tr>\n"
    '      <td class="nowrap"><code>{{ d.index_number }}</code></td>\n'
    "      <td><a href=\"{% url_kept 'catalogue:detail' d.pk %}\">{{ d.title }}</a></td>\n"
    '      <td>{{ d.doc_number|default:"—" }}</td>\n'
    '      <td>{{ d|choice_label:"doc_type" }}</td>\n'
    '      <td>{{ d|choice_label:"status" }}{% if d.corrected_on %}<br><span class="tag">已更正 {{ d.corrected_on|iso_date }}</span>{% endif %}</td>\n'
    '      <td class="nowrap">{{ d.written_on|iso_date }}</td>\n'
    '      <td class="nowrap">{{ d.published_on|iso_date|default:"草稿，待审查发布" }}</td>\n'
    '      <td class="nowrap">{{ d.publication_due|iso_date }}{% if d.due_provisional %}<span class="tag warn">暂定</span>{% endif %}{% if d|is_late:today %} <span class="tag late">逾期</span>{% endif %}{% if d.change_publication_due %}<br><span class="muted">变更 {{ d.change_publication_due|iso_date }}</span>{% if d|is_change_late:today %} <span class="tag late">变更逾期</span>{% endif %}{% endif %}</td>\n'
    "    </tr>\n"
    '  {% empty %}<tr><td colspan="8" class="muted">没有符合条件的文件。</td></tr>{% endfor %}'
)
TEXT = st.text(
    st.sampled_from(["a", "<", ">", "&", '"', "'", "—", "文", " ", "{", "%"]), max_size=6
)
DAYS = st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2030, 12, 31)))


@settings(max_examples=300, deadline=None)
@given(
    index_number=TEXT,
    title=TEXT,
    doc_number=TEXT,
    doc_type=st.sampled_from([*DocType.values, "not-a-type"]),
    status=st.sampled_from([*Status.values, ""]),
    days=st.tuples(DAYS, DAYS, DAYS, DAYS, DAYS, DAYS),
    provisional=st.booleans(),
    pk=st.integers(1, 10**9),
    today=st.dates(date(2000, 1, 1), date(2030, 12, 31)),
)
def test_the_list_row_written_in_python_is_the_template_s(
    index_number: str,
    title: str,
    doc_number: str,
    doc_type: str,
    status: str,
    days: tuple[date | None, ...],
    provisional: bool,
    pk: int,
    today: date,
) -> None:
    from django.template import Context, Template

    from gongkai.catalogue.templatetags.catalogue_tags import document_rows

    written, published, due, corrected, change_due, change_published = days
    document = Document(
        pk=pk,
        index_number=index_number,
        title=title,
        doc_number=doc_number,
        doc_type=doc_type,
        status=status,
        written_on=written or date(2025, 1, 2),
        published_on=published,
        publication_due=due or date(2025, 2, 3),
        due_provisional=provisional,
        corrected_on=corrected,
        change_publication_due=change_due,
        change_published_on=change_published,
    )
    expected = Template(TEMPLATE_ROWS).render(Context({"page": [document], "today": today}))
    assert document_rows([document], today) == expected


# The staff document page's facts as the template wrote them before ``document_facts`` wrote
# them in Python (the ``<dl class="facts">`` of catalogue/document_detail.html).
FACTS_TEMPLATE = (
    "{% load catalogue_tags web_tags %}"
    "    <dt>索引号</dt><dd><code>{{ document.index_number }}</code></dd>\n"
    '    <dt>文号</dt><dd>{{ document.doc_number|default:"—" }}</dd>\n'
    "    <dt>发布机构</dt><dd>{{ document.issuer }}</dd>\n"
    '    <dt>主题分类</dt><dd>{{ document|choice_label:"category" }}</dd>\n'
    '    <dt>文件类型</dt><dd>{{ document|choice_label:"doc_type" }}</dd>\n'
    "    <dt>成文日期</dt><dd>{{ document.written_on|cn_date }}</dd>\n"
    '    <dt>发布日期</dt><dd>{{ document.published_on|cn_date|default:"尚未发布" }}</dd>\n'
    "    <dt>应公开日期</dt><dd>{{ document.publication_due|cn_date }}（条例第二十六条：成文之日起 20 个工作日）\n"
    '      {% if document.due_provisional %}<span class="tag warn">暂定：工作日历未覆盖该年度</span>{% endif %}\n'
    '      {% if document|is_late:today %}<span class="tag late">逾期公开</span>{% endif %}</dd>\n'
    '    <dt>效力状态</dt><dd>{{ document|choice_label:"status" }}{% if document.status_changed_on %}（{{ document.status_changed_on|cn_date }}）{% endif %}\n'
    "      {% if document.replaced_by %} · 修改/替代文件：<a href=\"{% url_kept 'catalogue:detail' document.replaced_by.pk %}\">{{ document.replaced_by.title }}</a>{% endif %}</dd>\n"
    '    {% if document.change_publication_due %}<dt>变更应公开日期</dt><dd id="change-due">{{ document.change_publication_due|cn_date }}（条例第二十六条：{{ document|choice_label:"status" }}之日起 20 个工作日）\n'
    '      {% if document.change_due_provisional %}<span class="tag warn">暂定：工作日历未覆盖该年度</span>{% endif %}\n'
    "      {% if document.change_published_on %}，{{ document.change_published_on|cn_date }} 已公开{% endif %}\n"
    '      {% if document|is_change_late:today %}<span class="tag late">变更逾期公开</span>{% endif %}</dd>{% endif %}\n'
    "    {% if replaces %}<dt>修改/替代了</dt><dd>{% for pk, title in replaces %}<a href=\"{% url_kept 'catalogue:detail' pk %}\">{{ title }}</a>{% if not forloop.last %}；{% endif %}{% endfor %}</dd>{% endif %}"
)


@settings(max_examples=300, deadline=None)
@given(
    texts=st.tuples(TEXT, TEXT, TEXT, TEXT),
    category=st.sampled_from([*Category.values, "not-a-category"]),
    doc_type=st.sampled_from([*DocType.values, "not-a-type"]),
    status=st.sampled_from([*Status.values, ""]),
    days=st.tuples(DAYS, DAYS, DAYS, DAYS, DAYS, DAYS),
    provisional=st.tuples(st.booleans(), st.booleans()),
    successor=st.one_of(st.none(), st.tuples(st.integers(1, 10**9), TEXT)),
    replaces=st.lists(st.tuples(st.integers(1, 10**9), TEXT), max_size=3),
    today=st.dates(date(2000, 1, 1), date(2030, 12, 31)),
)
def test_the_document_facts_written_in_python_are_the_template_s(
    texts: tuple[str, str, str, str],
    category: str,
    doc_type: str,
    status: str,
    days: tuple[date | None, ...],
    provisional: tuple[bool, bool],
    successor: tuple[int, str] | None,
    replaces: list[tuple[int, str]],
    today: date,
) -> None:
    from django.template import Context, Template

    from gongkai.catalogue.templatetags.catalogue_tags import document_facts

    index_number, doc_number, issuer, _ = texts
    written, published, due, changed, change_due, change_published = days
    document = Document(
        pk=5,
        index_number=index_number,
        doc_number=doc_number,
        issuer=issuer,
        category=category,
        doc_type=doc_type,
        status=status,
        written_on=written or date(2025, 1, 2),
        published_on=published,
        publication_due=due or date(2025, 2, 3),
        due_provisional=provisional[0],
        status_changed_on=changed,
        replaced_by=None if successor is None else Document(pk=successor[0], title=successor[1]),
        change_publication_due=change_due,
        change_due_provisional=provisional[1],
        change_published_on=change_published,
    )
    expected = Template(FACTS_TEMPLATE).render(
        Context({"document": document, "replaces": replaces, "today": today})
    )
    assert document_facts(document, replaces, today) == expected


# The request list's rows as the template's loop wrote them before ``request_rows`` wrote them
# in Python (the ``<tbody>`` of requests/dashboard.html).
REQUEST_TEMPLATE_ROWS = (
    "{% load web_tags %}{% for r in rows %}{% with a=r.application %}\n"
    '  <tr class="{% if r.overdue %}overdue{% elif r.due_soon %}due-soon{% endif %}">\n'
    '    {% if bulk %}<td>{% if a.is_open %}<input type="checkbox" name="cases" value="{{ a.pk }}" form="bulk-assign" aria-label="选择 {{ a.tracking_number }}">{% endif %}</td>{% endif %}\n'
    '    <td class="nowrap"><a href="{% url_kept \'requests:detail\' a.pk %}">{{ a.tracking_number }}</a></td>\n'
    "    <td>{{ a.agency.name }}</td>\n"
    '    <td class="nowrap">{{ a.received_on|iso_date }}</td>\n'
    '    <td>{{ a.applicant_name_masked }}<br><span class="muted">{{ a.get_category_display }}</span></td>\n'
    "    <td>{{ a.description|truncatechars:40 }}</td>\n"
    '    <td>{{ a.get_status_display }}{% if a.outcome %}<br><span class="muted">{{ a.outcome_label }}</span>{% endif %}</td>\n'
    '    <td class="nowrap">{{ a.due_on|iso_date }}{% if a.due_provisional %} <span class="tag warn">临时</span>{% endif %}<br><span class="muted">{{ a.due_label }}</span></td>\n'
    '    <td class="days">{% if r.far %}<span class="error" title="期限与今天相距过远，请核对收到申请日期">日期异常</span>{% elif r.days_left is None %}—{% elif r.overdue %}超期 {{ r.days_over }} 天{% else %}{{ r.days_left }}{% endif %}</td>\n'
    '    <td>{% if a.assignee %}{{ a.assignee.get_full_name|default:a.assignee.username }}{% else %}<span class="muted">未分派</span>{% endif %}</td>\n'
    "  </tr>\n"
    "  {% endwith %}{% empty %}\n"
    '  <tr><td colspan="10" class="muted">没有符合条件的申请。</td></tr>\n'
    "  {% endfor %}"
)
# combining marks and characters NFC changes (truncatechars normalises, then counts), and
# lengths on both sides of the 40 characters it keeps
DESCRIPTION_CHARS = st.sampled_from(
    ["a", "<", ">", "&", '"', "'", "—", "文", " ", "{", "%", "…", "\n", "e", "\u0301", "\u0958"]
)
LONG_TEXT = st.one_of(
    st.text(DESCRIPTION_CHARS, max_size=45),
    st.text(st.sampled_from(["a", "<", "文"]), min_size=39, max_size=42),
)


@settings(max_examples=400, deadline=None)
@given(
    texts=st.tuples(TEXT, TEXT, TEXT, TEXT),
    description=LONG_TEXT,
    category=st.sampled_from([*RequestCategory.values, "not-a-category"]),
    status=st.sampled_from([*RequestStatus.values, "not-a-status"]),
    outcome=st.sampled_from([*RequestOutcome.values, ""]),
    days=st.tuples(st.dates(date(2000, 1, 1), date(2030, 12, 31)), DAYS),
    provisional=st.booleans(),
    pk=st.integers(1, 10**9),
    days_left=st.one_of(st.none(), st.integers(-10_000, 10_000)),
    far=st.booleans(),
    assignee=st.one_of(st.none(), st.tuples(TEXT, TEXT, TEXT)),
    bulk=st.sampled_from([None, object(), ""]),
)
def test_the_request_row_written_in_python_is_the_template_s(
    texts: tuple[str, str, str, str],
    description: str,
    category: str,
    status: str,
    outcome: str,
    days: tuple[date, date | None],
    provisional: bool,
    pk: int,
    days_left: int | None,
    far: bool,
    assignee: tuple[str, str, str] | None,
    bulk: Any,
) -> None:
    from django.template import Context, Template

    from gongkai.accounts.models import User
    from gongkai.agencies.models import Agency
    from gongkai.requests.models import Application
    from gongkai.requests.selectors import Row
    from gongkai.requests.templatetags.requests_tags import request_rows

    tracking_number, agency_name, applicant_name, _ = texts
    received_on, due_on = days
    application = Application(
        pk=pk,
        tracking_number=tracking_number,
        agency=Agency(name=agency_name),
        received_on=received_on,
        applicant_name=applicant_name,
        category=category,
        description=description,
        status=status,
        outcome=outcome,
        due_on=due_on,
        due_provisional=provisional,
        assignee=None
        if assignee is None
        else User(first_name=assignee[0], last_name=assignee[1], username=assignee[2]),
    )
    expected = Template(REQUEST_TEMPLATE_ROWS).render(
        Context({"rows": [Row(application, days_left, far=far)], "bulk": bulk})
    )
    assert request_rows([Row(_listed(application), days_left, far=far)], bulk) == expected


def _listed(application: Any) -> Any:
    """The case's ``selectors.LIST_COLUMNS`` read from its model instance, as the list's
    ``values_list`` reads them from the database (None past a missing assignee)."""
    from gongkai.requests.selectors import LIST_COLUMNS, Listed

    values = []
    for column in LIST_COLUMNS:
        value = application
        for name in column.split("__"):
            value = None if value is None else getattr(value, name)
        values.append(value)
    return Listed._make(values)


def test_the_row_escape_is_django_s() -> None:
    from django.utils.html import conditional_escape
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext_lazy

    from gongkai.lib.escape import escape as e

    for value in [
        "<a href='x'>&amp;\"</a>",
        mark_safe("<b>&amp;</b>"),
        12,
        -3,
        0,
        10**30,
        True,
        False,
        1.5,
        None,
        gettext_lazy("<"),
    ]:
        assert e(value) == conditional_escape(value)


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("&<>\"'a江 \n;#x"), max_size=12)
    | st.text(max_size=30)
    | st.integers()
)
def test_the_row_escape_is_django_s_on_any_text(value: str | int) -> None:
    """With or without the characters HTML escapes (the fast path returns a string without
    them as it is)."""
    from django.utils.html import conditional_escape

    from gongkai.lib.escape import escape as e

    assert e(value) == conditional_escape(value)


# The request list's board of other deadlines as the template wrote its rows before
# ``board_rows`` wrote them in Python (requests/_other_deadlines.html).
BOARD_TEMPLATE_ROWS = (
    "{% load web_tags %}"
    '{% for i in others %}<tr class="{% if i.due < today %}overdue{% endif %}"><td class="nowrap">{{ i.due|iso_date }}{% if i.provisional %} <span class="tag warn">临时</span>{% endif %}{% if i.due < today %} <strong class="error">已超期</strong>{% endif %}</td><td>{{ i.kind }}</td><td><a href="{{ i.url }}">{{ i.what }}</a></td><td>{{ i.agency }}</td><td>{{ i.basis }}</td></tr>{% endfor %}'
)


@settings(max_examples=300, deadline=None)
@given(
    items=st.lists(
        st.tuples(
            st.tuples(TEXT, TEXT, TEXT, TEXT, TEXT),
            st.dates(date(2000, 1, 1), date(2030, 12, 31)),
            st.booleans(),
        ),
        max_size=5,
    ),
    today=st.dates(date(2000, 1, 1), date(2030, 12, 31)),
)
def test_the_board_rows_written_in_python_are_the_template_s(
    items: list[tuple[tuple[str, str, str, str, str], date, bool]], today: date
) -> None:
    from django.template import Context, Template

    from gongkai.requests.board import Item
    from gongkai.requests.templatetags.requests_tags import board_rows

    others = [
        Item(kind, what, url, agency, due, basis, provisional)
        for (kind, what, url, agency, basis), due, provisional in items
    ]
    expected = Template(BOARD_TEMPLATE_ROWS).render(Context({"others": others, "today": today}))
    assert board_rows(others, today) == expected


# The request list's filter selects' options as the template wrote them before
# ``select_options`` (requests/dashboard.html: status, category, channel).
SELECT_TEMPLATE_OPTIONS = (
    '{% for v, l in choices %}<option value="{{ v }}"{% if params.status == v %} selected'
    "{% endif %}>{{ l }}</option>{% endfor %}"
)


@settings(max_examples=300, deadline=None)
@given(
    choices=st.lists(st.tuples(TEXT, TEXT), max_size=6),
    chosen=st.one_of(st.none(), TEXT, st.lists(TEXT, min_size=2, max_size=3)),
    pick=st.integers(0, 5),
)
def test_the_filter_options_written_in_python_are_the_template_s(
    choices: list[tuple[str, str]], chosen: Any, pick: int
) -> None:
    from django.http import QueryDict
    from django.template import Context, Template

    from gongkai.requests.models import Category, Channel, Status
    from gongkai.requests.templatetags.requests_tags import select_options

    params = QueryDict(mutable=True)
    if isinstance(chosen, list):  # ?status=a&status=b: the last one, as params.status says
        params.setlist("status", chosen)
    elif chosen is not None:
        params["status"] = chosen
    elif choices:  # one of the offered values
        params["status"] = choices[pick % len(choices)][0]
    for offered in (choices, Status.choices, Category.choices, Channel.choices):
        expected = Template(SELECT_TEMPLATE_OPTIONS).render(
            Context({"choices": offered, "params": params})
        )
        assert select_options(offered, params, "status") == expected


@pytest.mark.parametrize("user", ["clerk_a", "reviewer_a"])
def test_the_request_list_costs_the_same_queries_for_more_rows(
    production_lookups, request, reviewer_a, clerk_a, agency_a, user
) -> None:
    """The list reads only the columns it shows (``selectors.LIST_COLUMNS``): a column it shows
    but does not read would cost a query a row. Rows assigned and not, of both categories."""
    from gongkai.requests.casework import application_assign
    from tests.web.requests_fixtures import register

    viewer = request.getfixturevalue(user)
    client = Client()
    client.login(username=viewer.username, password=PASSWORD)
    path = reverse("requests:dashboard")
    counts, pages = [], []
    for batch in range(2):
        for n in range(1 + 3 * batch):
            application, _ = register(
                clerk_a,
                agency_a,
                timezone.localdate() - timedelta(days=n),
                category="natural_person" if n % 2 else "commercial",
                name=f"申请人{batch}{n}",
            )
            if n % 2:
                application_assign(actor=reviewer_a, application=application, assignee=clerk_a)
        client.get(path)
        counts.append(_queries(client, path))
        pages.append(client.get(path).content.decode())
    assert counts[0] == counts[1], counts
    assert pages[1].count('<tr class="') - pages[0].count('<tr class="') == 4
    assert "王晓燕" in pages[1] and "未分派" in pages[1] and "申*" in pages[1]


@pytest.mark.parametrize("user", ["clerk_a", "reviewer_a"])
def test_the_request_list_shows_the_cases_as_the_template_showed_their_model_instances(
    production_lookups, request, reviewer_a, clerk_a, agency_a, user
) -> None:
    """A fixed world's request list, open cases and all, against the list's old template
    rendered from the cases' model instances (with their agency and assignee): the list reads
    plain values (``selectors.LIST_COLUMNS``) and writes its rows in Python, and says the same.
    Assigned and not, named and not, both categories, every status, an outcome, a provisional,
    an overdue and a mistyped (far) due date, text the page escapes or truncates."""
    from django.template import Context, Template
    from django.utils import timezone

    from gongkai.accounts.models import User
    from gongkai.requests import selectors
    from gongkai.requests.casework import application_assign
    from gongkai.requests.models import Application
    from gongkai.requests.views import _bulk_form
    from gongkai.workdays.selectors import platform_calendar
    from tests.web.requests_fixtures import register

    today = timezone.localdate()
    assignees = [
        None,
        clerk_a,
        User.objects.create_user(
            username="clerk_named",
            first_name="晓燕",
            last_name="王",
            password=PASSWORD,
            role=User.Role.CLERK,
            agency=agency_a,
        ),
        User.objects.create_user(
            username="clerk_nameless", password=PASSWORD, role=User.Role.CLERK, agency=agency_a
        ),
    ]
    statuses = ["open", "correction", "consulting", "fee", "closed", "void", "open", "open"]
    for n, status in enumerate(statuses):
        application, _ = register(
            clerk_a,
            agency_a,
            today - timedelta(days=3 * n),
            category="natural_person" if n % 2 else "commercial",
            name=f"申<请>人&{n}" if n % 3 else "张三丰",
            description=("长" * 38 + "<b>&" if n % 2 else f"第{n}项 <信息> & “内容”"),
        )
        if assignees[n % 4] is not None:
            application_assign(actor=reviewer_a, application=application, assignee=assignees[n % 4])
        changes: dict[str, Any] = {"status": status}
        if status == "closed":
            changes |= {"outcome": RequestOutcome.values[n], "closed_on": today}
        if n == 6:
            changes |= {"due_provisional": True, "due_on": today - timedelta(days=40)}
        if n == 7:
            changes["due_on"] = date(2199, 1, 1)
        Application.objects.filter(pk=application.pk).update(**changes)
    viewer = request.getfixturevalue(user)
    client = Client()
    client.login(username=viewer.username, password=PASSWORD)
    loop = Template(REQUEST_TEMPLATE_ROWS)
    bulk = _bulk_form(viewer)
    for closed in (False, True):
        page = client.get(reverse("requests:dashboard") + ("?closed=1" if closed else "")).text
        cases = list(selectors.applications_search(viewer, open_only=not closed))
        rows = selectors.with_days_left(cases, platform_calendar(), today)
        expected = loop.render(Context({"rows": rows, "bulk": bulk}))
        assert len(rows) == (8 if closed else 6)
        assert page.split("<tbody>", 1)[1].split("</tbody>", 1)[0] == f"\n  {expected}\n  "


@pytest.mark.parametrize("cases", [0, 1, 3, 4, 7])
def test_the_request_list_pages_as_django_s_paginator(clerk_a, agency_a, cases) -> None:
    """``selectors.list_page`` (its first page counted only when more cases follow) gives the
    page Django's paginator gives, whatever the page asked for; one query for a first page
    that holds every case."""
    from django.core.paginator import Paginator

    from gongkai.requests import selectors
    from tests.web.requests_fixtures import register

    for n in range(cases):
        register(clerk_a, agency_a, timezone.localdate() - timedelta(days=n), name=f"申请人{n}")
    found = selectors.applications_search(clerk_a)
    for number in [None, "", "1", "2", "3", "0", "-1", "abc", "1.0", "01", "999"]:
        expected = Paginator(found.values_list(*selectors.LIST_COLUMNS), 3).get_page(number)
        with CaptureQueriesContext(connection) as queries:
            page = selectors.list_page(found, number, 3)
            rows = list(page.object_list)
        assert rows == list(expected.object_list), number
        assert (page.number, page.paginator.num_pages, page.has_other_pages()) == (
            expected.number,
            expected.paginator.num_pages,
            expected.has_other_pages(),
        ), number
        if number in (None, "", "1") and cases <= 3:
            assert len(queries) == 1, number


@settings(max_examples=100, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.integers(1, 10**9), TEXT, st.sampled_from([*Status.values, ""])), max_size=4
    ),
    today=st.dates(date(2000, 1, 1), date(2030, 12, 31)),
)
def test_the_list_rows_in_one_tag_are_the_for_loop_s(
    rows: list[tuple[int, str, str]], today: date
) -> None:
    """``document_rows`` writes the staff list's ``<tbody>`` as the template's ``{% for %}``
    loop (with ``{% empty %}``) wrote it, for several rows and none."""
    from django.template import Context, Template

    documents = [
        Document(
            pk=pk,
            index_number=f"IDX-{pk}",
            title=title,
            status=status,
            written_on=date(2025, 1, 2),
            publication_due=date(2025, 2, 3),
        )
        for pk, title, status in rows
    ]
    loop = Template(TEMPLATE_ROWS)
    tag = Template("{% load catalogue_tags %}{% document_rows page today %}")
    context = {"page": documents, "today": today}
    assert tag.render(Context(context)) == loop.render(Context(context))


@settings(max_examples=100, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.integers(1, 10**9),
            TEXT,
            st.sampled_from([*RequestStatus.values]),
            st.one_of(st.none(), st.integers(-30, 30)),
        ),
        max_size=4,
    ),
    bulk=st.sampled_from([None, "form"]),
)
def test_the_request_rows_in_one_tag_are_the_for_loop_s(
    rows: list[tuple[int, str, str, int | None]], bulk: Any
) -> None:
    """``request_rows`` writes the request list's ``<tbody>`` as the template's ``{% for %}``
    loop (with ``{% empty %}``) wrote it of the cases' model instances, for several rows and
    none."""
    from django.template import Context, Template

    from gongkai.agencies.models import Agency
    from gongkai.requests.models import Application
    from gongkai.requests.selectors import Row

    cases = [
        (
            Application(
                pk=pk,
                tracking_number=f"YSQ-{pk}",
                agency=Agency(name=name),
                received_on=date(2025, 3, 3),
                applicant_name=name,
                category=RequestCategory.values[0],
                description=name,
                status=status,
                outcome="",
                due_on=date(2025, 4, 1),
                due_provisional=False,
                assignee=None,
            ),
            days_left,
        )
        for pk, name, status, days_left in rows
    ]
    loop = Template(REQUEST_TEMPLATE_ROWS).render(
        Context({"rows": [Row(a, days_left) for a, days_left in cases], "bulk": bulk})
    )
    tag = Template("{% load requests_tags %}{% request_rows rows bulk %}")
    listed = [Row(_listed(a), days_left) for a, days_left in cases]
    assert tag.render(Context({"rows": listed, "bulk": bulk})) == loop


@pytest.mark.parametrize("debug", [False, True])
def test_the_kept_static_urls_are_django_s(settings, debug) -> None:
    """``static_kept`` says what ``{% static %}`` says, for each path and script prefix, kept
    per process only with DEBUG off."""
    from django.template import Context, Template
    from django.urls import get_script_prefix, set_script_prefix

    from gongkai.lib import web_tags

    settings.DEBUG = debug
    web_tags._static.cache_clear()
    paths = ["gongkai/site.css", "catalogue/catalogue.css", "requests/requests.css"]
    before = get_script_prefix()
    try:
        for prefix in ["/", "/gongkai/", "/other/"]:
            set_script_prefix(prefix)
            for path in paths:
                context = Context({"path": path})
                django_s = Template("{% load static %}{% static path %}").render(context)
                kept = Template("{% load web_tags %}{% static_kept path %}").render(context)
                assert kept == django_s, (prefix, path)
    finally:
        set_script_prefix(before)
    assert bool(web_tags._static.cache_info().currsize) is not debug
