"""The public portal: published documents only, clean URLs, the feed, attachments."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from xml.etree import ElementTree

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from gongkai.catalogue.models import DocType
from gongkai.catalogue.publication import document_publish, document_review
from gongkai.catalogue.services import attachment_add, power_item_create
from tests.web.catalogue_helpers import make_document, review_and_publish

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def use_attachment_dir(settings: Any, path: Any) -> None:
    from django.utils.functional import empty

    from gongkai.catalogue.models import attachment_storage

    settings.CATALOGUE_ATTACHMENTS_DIR = str(path)
    attachment_storage._wrapped = empty  # the lazy storage reads the setting again


@pytest.fixture
def published(clerk_a: Any, agency_a: Any) -> Any:
    return make_document(
        clerk_a,
        agency_a,
        written_on=date(2025, 3, 3),
        title="江临市中小学校学生欠费管理办法",
        doc_number="临教发〔2025〕3号",
        doc_type=DocType.NORMATIVE,
        body="第一条 为规范欠费管理，制定本办法。\n第二条 本办法适用于全市中小学校。",
    )


@pytest.fixture
def unpublished(clerk_a: Any, agency_a: Any) -> Any:
    return make_document(
        clerk_a, agency_a, written_on=date(2025, 3, 3), unpublished=True, title="尚未发布的草稿"
    )


def test_the_clean_urls(agency_a: Any, published: Any) -> None:
    assert reverse("portal:home", args=["JL-JYJ"]) == "/portal/JL-JYJ/"
    assert reverse("portal:document", args=["JL-JYJ", published.pk]) == (
        f"/portal/JL-JYJ/documents/{published.pk}/"
    )
    assert reverse("portal:feed", args=["JL-JYJ"]) == "/portal/JL-JYJ/feed/"


def test_anyone_reads_the_home_page_list_and_document(
    client: Any, published: Any, unpublished: Any
) -> None:
    home = client.get("/portal/JL-JYJ/").content.decode()
    assert published.title in home and unpublished.title not in home
    listing = client.get("/portal/JL-JYJ/documents/", {"q": "欠费管理"}).content.decode()
    assert "找到 1 件" in listing and published.index_number in listing
    page = client.get(f"/portal/JL-JYJ/documents/{published.pk}/").content.decode()
    assert "<p>第二条 本办法适用于全市中小学校。</p>" in page
    assert "临教发〔2025〕3号" in page and "行政规范性文件" in page


def test_unpublished_and_future_documents_are_not_public(
    client: Any, clerk_a: Any, reviewer_a: Any, agency_a: Any, unpublished: Any
) -> None:
    today = timezone.localdate()
    future = make_document(clerk_a, agency_a, written_on=today, unpublished=True)
    document_review(
        actor=reviewer_a, document=future, reviewed_on=today, passed=True, opinion="同意公开"
    )
    document_publish(actor=reviewer_a, document=future, published_on=today + timedelta(days=1))
    for document in (unpublished, future):
        assert client.get(f"/portal/JL-JYJ/documents/{document.pk}/").status_code == 404


def test_a_document_is_only_found_under_its_own_agency(
    client: Any, published: Any, agency_b: Any
) -> None:
    assert client.get(f"/portal/JL-DAJ/documents/{published.pk}/").status_code == 404
    assert client.get("/portal/NOPE/").status_code == 404


def test_the_feed_lists_new_documents_as_atom(
    client: Any, published: Any, unpublished: Any
) -> None:
    response = client.get("/portal/JL-JYJ/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [published.title]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.endswith(f"/portal/JL-JYJ/documents/{published.pk}/")
    assert entries[0].findtext(f"{ATOM}published").startswith("2025-03-03")


def test_the_feed_escapes_document_text_for_html_readers(
    client: Any, clerk_a: Any, agency_a: Any
) -> None:
    from tests.web.catalogue_helpers import make_document

    make_document(
        clerk_a,
        agency_a,
        written_on=date(2025, 3, 3),
        title="<b>标题</b>\x01",
        body="<script>alert(1)</script><img src=x onerror=alert(2)>\x0b正文",
        doc_number="<i>江教〔2025〕1号</i>",
    )
    response = client.get("/portal/JL-JYJ/feed/")
    assert response.status_code == 200
    entry = ElementTree.fromstring(response.content).find(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    # what an HTML-rendering reader gets after the XML is parsed: escaped markup, not markup
    assert "<script>" not in summary.text and "<img" not in summary.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in summary.text
    assert "&lt;i&gt;" in summary.text
    assert entry.findtext(f"{ATOM}title") == "<b>标题</b>"  # a text construct: shown as text


def test_attachments_are_served_for_public_documents_only(
    client: Any,
    clerk_a: Any,
    reviewer_a: Any,
    agency_a: Any,
    unpublished: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    use_attachment_dir(settings, tmp_path)
    published = make_document(clerk_a, agency_a, written_on=date(2025, 3, 3), unpublished=True)
    public = attachment_add(
        actor=clerk_a,
        document=published,
        title="收费标准表",
        file=ContentFile(b"%PDF-1.4", name="a.pdf"),
    )
    review_and_publish(reviewer_a, published)
    hidden = attachment_add(
        actor=clerk_a,
        document=unpublished,
        title="草稿附件",
        file=ContentFile(b"%PDF-1.4 x", name="b.pdf"),
    )
    response = client.get(f"/portal/JL-JYJ/documents/{published.pk}/files/{public.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4"
    assert (
        client.get(f"/portal/JL-JYJ/documents/{unpublished.pk}/files/{hidden.pk}/").status_code
        == 404
    )
    # An attachment id under another document's URL is not served either.
    assert (
        client.get(f"/portal/JL-JYJ/documents/{published.pk}/files/{hidden.pk}/").status_code == 404
    )
    assert (tmp_path / public.file.name).exists()


def test_the_power_list_and_reports_pages(client: Any, clerk_a: Any, agency_a: Any) -> None:
    power_item_create(
        actor=clerk_a,
        agency=agency_a,
        code="JL-JYJ-XK-001",
        kind="licensing",
        name="民办学校设立审批",
        legal_basis="《中华人民共和国民办教育促进法》第十二条",
        implementing_body="江临市教育局",
    )
    make_document(
        clerk_a,
        agency_a,
        written_on=date(2025, 1, 20),
        title="江临市教育局2024年政府信息公开工作年度报告",
        doc_type=DocType.ANNUAL_REPORT,
    )
    powers = client.get("/portal/JL-JYJ/powers/").content.decode()
    assert "民办学校设立审批" in powers and "民办教育促进法" in powers
    data = client.get("/portal/JL-JYJ/powers.json").json()
    assert data["agency_code"] == "JL-JYJ"
    assert data["items"] == [
        {
            "code": "JL-JYJ-XK-001",
            "kind": "licensing",
            "kind_label": "行政许可",
            "name": "民办学校设立审批",
            "legal_basis": "《中华人民共和国民办教育促进法》第十二条",
            "implementing_body": "江临市教育局",
            "responsibility": "",
        }
    ]
    reports = client.get("/portal/JL-JYJ/reports/").content.decode()
    assert "2024年政府信息公开工作年度报告" in reports


def test_the_portal_links_to_the_request_form_and_status_page(client: Any, agency_a: Any) -> None:
    """From an agency's pages the 依申请公开 links carry the agency: the form opens with it."""
    home = client.get("/portal/JL-JYJ/").content.decode()
    apply = f"{reverse('requests:apply')}?agency=JL-JYJ"
    assert f'href="{apply}"' in home
    assert f'href="{reverse("requests:status")}?agency=JL-JYJ"' in home
    form = client.get(apply).content.decode()
    assert f'<option value="{agency_a.pk}" selected>' in form


def test_pages_use_no_javascript(client: Any, published: Any) -> None:
    for url in (
        "/portal/JL-JYJ/",
        "/portal/JL-JYJ/documents/",
        f"/portal/JL-JYJ/documents/{published.pk}/",
    ):
        assert "<script" not in client.get(url).content.decode()


def test_the_reports_page_lists_reports_published_in_the_platform(
    client: Any, agency_a: Any
) -> None:
    from gongkai.reports.models import ReportVersion, Status

    # A row as the reports app leaves it after publishing (its own tests cover how).
    ReportVersion.objects.create(
        agency=agency_a, year=2025, status=Status.PUBLISHED, data={}, published_at=timezone.now()
    )
    ReportVersion.objects.create(agency=agency_a, year=2026, data={})  # a draft stays private
    page = client.get("/portal/JL-JYJ/reports/").content.decode()
    assert reverse("portal:report", args=["JL-JYJ", 2025]) in page
    assert "2026年政府信息公开工作年度报告" not in page
