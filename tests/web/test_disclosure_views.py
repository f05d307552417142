"""Staff pages of the catalogue, appeals and reading room: what each persona may see and do.

A clerk of agency B gets 404 for agency A's records (their existence is not disclosed); a
supervisor reads but cannot write (403); an anonymous visitor is sent to the login page.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from gongkai.appeals.models import Case
from gongkai.catalogue.models import Document, PowerItem, Status
from gongkai.readingroom.models import RegisterDay
from gongkai.readingroom.services import register_day_save
from tests.web.appeals_helpers import open_case
from tests.web.catalogue_helpers import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(clerk_a: Any, agency_a: Any) -> Document:
    return make_document(
        clerk_a, agency_a, written_on=date(2025, 3, 3), doc_number="临教发〔2025〕3号"
    )


@pytest.fixture
def case(clerk_a: Any, agency_a: Any) -> Case:
    return open_case(clerk_a, agency_a, date(2025, 4, 1))


def document_form(**overrides: Any) -> dict[str, Any]:
    return {
        "title": "关于做好2025年中小学课后服务工作的通知",
        "doc_number": "临教办〔2025〕9号",
        "issuer": "江临市教育局",
        "written_on": "2025-03-03",
        "category": "10",
        "doc_type": "other",
        "body": "各中小学校：……",
        **overrides,
    }


def test_a_clerk_registers_a_document_and_gets_its_index_number(client: Any, clerk_a: Any) -> None:
    client.force_login(clerk_a)
    response = client.post(reverse("catalogue:new"), document_form())
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("catalogue:detail", args=[document.pk])
    assert document.index_number == "JL-JYJ/2025-00001"
    page = client.get(response["Location"]).content.decode()
    assert "JL-JYJ/2025-00001" in page and "document.create" in page


def test_the_form_says_what_is_wrong(client: Any, clerk_a: Any) -> None:
    client.force_login(clerk_a)
    response = client.post(reverse("catalogue:new"), document_form(written_on="2025-02-30"))
    assert response.status_code == 200
    assert "成文日期" in response.content.decode()
    assert not Document.objects.exists()


def test_a_clerk_repeals_a_document(client: Any, clerk_a: Any, document: Document) -> None:
    client.force_login(clerk_a)
    url = reverse("catalogue:status", args=[document.pk])
    client.post(url, {"status": "repealed", "changed_on": "2025-12-01", "reason": "新办法施行"})
    document.refresh_from_db()
    assert (document.status, document.status_changed_on) == (Status.REPEALED, date(2025, 12, 1))


def test_the_list_searches_and_flags_late_documents(
    client: Any, clerk_a: Any, agency_a: Any, document: Document
) -> None:
    make_document(
        clerk_a,
        agency_a,
        written_on=date(2025, 3, 3),
        published_on=date(2025, 6, 3),
        title="迟到的通知",
    )
    client.force_login(clerk_a)
    page = client.get(reverse("catalogue:list"), {"q": "临教发〔2025〕"}).content.decode()
    assert document.title in page and "迟到的通知" not in page
    late = client.get(reverse("catalogue:list"), {"late": "1"}).content.decode()
    assert "迟到的通知" in late and document.title not in late
    assert "超过条例第二十六条规定的 20 个工作日公开期限" in late


def a_pages(document: Document, case: Case, agency_a: Any) -> list[str]:
    return [
        reverse("catalogue:detail", args=[document.pk]),
        reverse("appeals:detail", args=[case.pk]),
        f"{reverse('catalogue:list')}?agency={agency_a.pk}",
        f"{reverse('catalogue:figures')}?agency={agency_a.pk}",
        f"{reverse('catalogue:powers')}?agency={agency_a.pk}",
        f"{reverse('appeals:list')}?agency={agency_a.pk}",
        f"{reverse('readingroom:register')}?agency={agency_a.pk}",
    ]


def test_a_clerk_of_b_cannot_see_as_records(
    client: Any, clerk_b: Any, document: Document, case: Case, agency_a: Any
) -> None:
    client.force_login(clerk_b)
    for url in a_pages(document, case, agency_a):
        assert client.get(url).status_code == 404, url
    writes = [
        reverse("catalogue:edit", args=[document.pk]),
        reverse("catalogue:status", args=[document.pk]),
        reverse("catalogue:attach", args=[document.pk]),
        reverse("appeals:edit", args=[case.pk]),
        reverse("appeals:decide", args=[case.pk]),
    ]
    for url in writes:
        assert (
            client.post(url, {"status": "repealed", "changed_on": "2025-12-01"}).status_code == 404
        )
    document.refresh_from_db()
    assert document.status == Status.IN_FORCE


def test_a_clerk_of_b_sees_only_bs_catalogue(client: Any, clerk_b: Any, document: Document) -> None:
    client.force_login(clerk_b)
    page = client.get(reverse("catalogue:list")).content.decode()
    assert "江临市档案局" in page and document.title not in page


def test_a_supervisor_reads_every_agency_below_but_writes_nothing(
    client: Any, supervisor: Any, document: Document, case: Case, agency_a: Any, agency_b: Any
) -> None:
    client.force_login(supervisor)
    for url in a_pages(document, case, agency_a):
        assert client.get(url).status_code == 200, url
    q = f"?agency={agency_a.pk}"
    refused = [
        (reverse("catalogue:new"), document_form()),
        (reverse("catalogue:edit", args=[document.pk]), document_form()),
        (reverse("catalogue:status", args=[document.pk]), {"status": "repealed"}),
        (reverse("catalogue:figures") + q, {"licensing/decisions": "5"}),
        (reverse("catalogue:power_new") + q, {"code": "X-1"}),
        (reverse("catalogue:pattern") + q, {"index_pattern": "{serial}"}),
        (reverse("appeals:new") + q, {}),
        (reverse("appeals:decide", args=[case.pk]), {"result": "upheld"}),
        (reverse("readingroom:day") + f"?agency={agency_b.pk}", {"day": "2025-03-03"}),
    ]
    for url, data in refused:
        assert client.post(url, data).status_code == 403, url
    assert Document.objects.count() == 1 and not PowerItem.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(
    client: Any, document: Document, case: Case, agency_a: Any
) -> None:
    for url in a_pages(document, case, agency_a):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url


def test_a_clerk_records_a_case_and_its_result(client: Any, clerk_a: Any, agency_a: Any) -> None:
    client.force_login(clerk_a)
    response = client.post(
        reverse("appeals:new"),
        {
            "kind": "litigation",
            "route": "direct",
            "body": "江北区人民法院",
            "applicant": "李某",
            "request_number": "JL-JYJ-2025-0003",
            "filed_on": "2025-05-06",
            "stage": "first",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302
    client.post(
        reverse("appeals:decide", args=[case.pk]),
        {"stage": "first", "result": "corrected", "decided_on": "2025-09-01"},
    )
    page = client.get(reverse("appeals:list"), {"year": 2025}).content.decode()
    assert "JL-JYJ-2025-0003" in page and "纠正" in page


def test_a_clerk_of_the_archives_registers_a_day(client: Any, clerk_b: Any, agency_b: Any) -> None:
    client.force_login(clerk_b)
    register_day_save(actor=clerk_b, agency=agency_b, day=date(2025, 3, 3), visitors=3)
    form = {
        "day": "2025-03-03",
        "visitors": "7",
        "files_physical": "2",
        "files_electronic": "1",
        "current_doc_visits": "0",
        "current_docs": "0",
        "copies": "9",
        "certificates": "1",
    }
    response = client.post(reverse("readingroom:day"), form)
    assert response.status_code == 302
    assert RegisterDay.objects.get().visitors == 7
    page = client.get(reverse("readingroom:register"), {"year": 2025}).content.decode()
    assert "接待查阅7人次" in page


def test_the_figures_page_shows_counted_and_entered_cells(
    client: Any, clerk_a: Any, document: Document
) -> None:
    client.force_login(clerk_a)
    client.post(reverse("catalogue:figures") + "?year=2025", {"licensing/decisions": "321"})
    page = client.get(reverse("catalogue:figures"), {"year": 2025}).content.decode()
    assert "本年处理决定数量" in page and "321" in page and "目录自动统计" in page
