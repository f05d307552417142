"""The annual report's staff and public pages, and who may open each."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from gongkai.reports import services
from gongkai.reports.models import ReportVersion, Status
from tests.web.reports_fixtures import YEAR, year_of_requests


@pytest.fixture
def draft(operator: Any, agency_a: Any, clerk_a: Any) -> ReportVersion:
    year_of_requests(operator, agency_a, count=6)
    return services.report_build(actor=clerk_a, agency=agency_a, year=YEAR)


def _publish(draft: ReportVersion, clerk: Any, reviewer: Any) -> None:
    for checked in services.draft_findings(draft):
        if checked.blocks and not checked.is_error:
            services.report_acknowledge(actor=clerk, draft=draft, key=checked.key, reason="无")
    services.report_submit(actor=reviewer, draft=draft)
    services.report_publish(actor=reviewer, draft=draft)


def test_it_builds_a_report_from_the_index_page(client, operator, agency_a, clerk_a) -> None:
    year_of_requests(operator, agency_a, count=4)
    client.force_login(clerk_a)
    response = client.post(f"{reverse('reports:build')}?year={YEAR}")
    draft = ReportVersion.objects.get(agency=agency_a, year=YEAR)
    assert response["Location"] == reverse("reports:edit", args=[draft.pk])
    page = client.get(response["Location"]).content.decode()
    assert "一致性检查" in page and "上年报告" in page


def test_it_runs_the_check_on_the_unsaved_text(client, draft, clerk_a) -> None:
    client.force_login(clerk_a)
    new = draft.report.requests["new"]["total"]
    text = f"本年度新收政府信息公开申请{new + 5}件。"
    response = client.post(reverse("reports:check", args=[draft.pk]), {"overview": text})
    assert response.status_code == 200
    assert "R9" in response.content.decode()
    draft.refresh_from_db()
    assert draft.report.sections["overview"] != text  # checked, not saved


def test_it_flags_text_copied_from_last_year(client, draft, clerk_a, reviewer_a, agency_a) -> None:
    _publish(draft, clerk_a, reviewer_a)
    last_year_text = draft.report.sections["overview"]
    draft.year = YEAR + 1  # a stand-in for next year's draft, built on the published one
    draft.pk = None
    draft.status, draft.last_year_text = Status.DRAFT, {"overview": last_year_text}
    draft.save()
    client.force_login(clerk_a)
    page = client.post(reverse("reports:check", args=[draft.pk]), {"overview": last_year_text})
    assert 'data-repeated="overview"' in page.content.decode()


def test_it_saves_the_narrative_and_refuses_the_supervisor(client, draft, clerk_a, supervisor):
    client.force_login(supervisor)
    assert client.get(reverse("reports:edit", args=[draft.pk])).status_code == 200
    response = client.post(reverse("reports:edit", args=[draft.pk]), {"overview": "改写"})
    assert response.status_code == 403
    client.force_login(clerk_a)
    client.post(reverse("reports:edit", args=[draft.pk]), {"overview": "改写", "other": "无。"})
    draft.refresh_from_db()
    assert draft.report.sections["overview"] == "改写"


def test_it_hides_as_report_from_clerk_b(client, draft, clerk_b, other_supervisor) -> None:
    for persona in (clerk_b, other_supervisor):
        client.force_login(persona)
        assert client.get(reverse("reports:edit", args=[draft.pk])).status_code == 404
        url = reverse("reports:download", args=[draft.pk, "docx"])
        assert client.get(url).status_code == 404
    client.force_login(clerk_b)
    response = client.post(reverse("reports:override", args=[draft.pk]), {})
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["submit", "publish"])
def test_it_refuses_submit_and_publish_to_a_clerk(client, draft, clerk_a, name) -> None:
    client.force_login(clerk_a)
    assert client.post(reverse(f"reports:{name}", args=[draft.pk])).status_code == 403


def test_it_refuses_the_supervisors_pages_to_agency_staff(client, clerk_a, reviewer_a) -> None:
    for persona in (clerk_a, reviewer_a):
        client.force_login(persona)
        for name in ("dashboard", "summary", "export"):
            assert client.get(reverse(f"reports:{name}")).status_code == 403


def test_it_refuses_return_to_agency_staff(client, draft, reviewer_a) -> None:
    client.force_login(reviewer_a)
    url = reverse("reports:return", args=[draft.pk])
    assert client.post(url, {"comments": "x"}).status_code == 403


def test_it_publishes_to_the_portal(client, draft, clerk_a, reviewer_a, agency_a) -> None:
    assert client.get(reverse("portal:report", args=["JL-JYJ", YEAR])).status_code == 404
    client.force_login(reviewer_a)
    for checked in services.draft_findings(draft):
        if checked.blocks and not checked.is_error:
            services.report_acknowledge(actor=clerk_a, draft=draft, key=checked.key, reason="无")
    client.post(reverse("reports:submit", args=[draft.pk]))
    client.post(reverse("reports:publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    client.logout()
    listing = client.get(reverse("portal:reports", args=["JL-JYJ"])).content.decode()
    assert f"{agency_a.name}{YEAR}年政府信息公开工作年度报告" in listing
    page = client.get(reverse("portal:report", args=["JL-JYJ", YEAR])).content.decode()
    assert "三、收到和处理政府信息公开申请情况" in page
    pdf = client.get(reverse("portal:report_file", args=["JL-JYJ", YEAR, "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    assert (
        client.get(reverse("portal:report_file", args=["JL-JYJ", YEAR, "xlsx"])).status_code == 404
    )


def test_it_shows_the_supervisor_every_agency_below(client, draft, supervisor) -> None:
    client.force_login(supervisor)
    page = client.get(f"{reverse('reports:dashboard')}?year={YEAR}").content.decode()
    assert "江临市教育局" in page and "江临市档案局" in page
    assert "草稿" in page
    export = client.get(f"{reverse('reports:export')}?year={YEAR}")
    assert export.content.startswith(b"PK")


def test_it_returns_a_submitted_report_with_comments(
    client, draft, clerk_a, reviewer_a, supervisor
) -> None:
    for checked in services.draft_findings(draft):
        if checked.blocks and not checked.is_error:
            services.report_acknowledge(actor=clerk_a, draft=draft, key=checked.key, reason="无")
    services.report_submit(actor=reviewer_a, draft=draft)
    client.force_login(supervisor)
    client.post(reverse("reports:return", args=[draft.pk]), {"comments": "请补充存在的主要问题"})
    draft.refresh_from_db()
    assert (draft.status, draft.comments) == (Status.RETURNED, "请补充存在的主要问题")


def test_it_imports_a_report_published_elsewhere(client, supervisor, agency_b) -> None:
    from tests.web.test_reports_summary import canonical_json

    client.force_login(supervisor)
    upload = canonical_json(agency_b.name, YEAR, seed=3)
    response = client.post(
        reverse("reports:import"), {"agency": agency_b.pk, "year": YEAR, "file": upload}
    )
    draft = ReportVersion.objects.get(agency=agency_b, year=YEAR)
    assert response.status_code == 302 and draft.status == Status.PUBLISHED
    assert draft.origin == "imported"
    summary = client.get(f"{reverse('reports:summary')}?year={YEAR}").content.decode()
    assert "江临市档案局" in summary


def test_it_refuses_an_unreadable_upload(client, supervisor, agency_b) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(supervisor)
    upload = SimpleUploadedFile("报告.bin", b"\x00\x01garbage")
    page = client.post(
        reverse("reports:import"), {"agency": agency_b.pk, "year": YEAR, "file": upload}
    )
    assert "导入失败" in page.content.decode()
    assert not ReportVersion.objects.filter(agency=agency_b).exists()


def test_it_refuses_as_reports_to_clerk_b_and_building_to_the_supervisor(
    client, agency_a, clerk_b, supervisor
) -> None:
    client.force_login(clerk_b)
    assert client.get(f"{reverse('reports:index')}?agency={agency_a.pk}").status_code == 404
    assert client.post(f"{reverse('reports:build')}?agency={agency_a.pk}").status_code == 404
    client.force_login(supervisor)
    assert client.get(f"{reverse('reports:index')}?agency={agency_a.pk}").status_code == 200
    assert client.post(f"{reverse('reports:build')}?agency={agency_a.pk}").status_code == 403
    assert not ReportVersion.objects.exists()


def test_it_refuses_the_import_page_to_a_clerk(client, clerk_a) -> None:
    client.force_login(clerk_a)
    assert client.get(reverse("reports:import")).status_code == 403


def test_it_publishes_an_imported_pdf_as_the_agency_printed_it(client, supervisor, agency_b):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.report.writers import render
    from tests.web.test_reports_summary import _seeded

    report = _seeded(4)
    report.agency, report.year = agency_b.name, YEAR
    report.title = f"{agency_b.name}{YEAR}年政府信息公开工作年度报告"
    printed = render(report, "pdf").content
    client.force_login(supervisor)
    upload = SimpleUploadedFile("档案局2025年报.pdf", printed)
    client.post(reverse("reports:import"), {"agency": agency_b.pk, "year": YEAR, "file": upload})
    draft = ReportVersion.objects.get(agency=agency_b, year=YEAR)
    assert draft.report.requests == report.requests  # read back from the PDF
    client.logout()
    served = client.get(reverse("portal:report_file", args=["JL-DAJ", YEAR, "pdf"])).content
    assert served == printed
    docx = client.get(reverse("portal:report_file", args=["JL-DAJ", YEAR, "docx"])).content
    assert docx.startswith(b"PK")  # rendered from the report read, on demand
    # A PDF is kept as the PDF itself: there is no other original to offer.
    assert (
        client.get(reverse("portal:report_file", args=["JL-DAJ", YEAR, "original"])).status_code
        == 404
    )


def test_it_imports_a_report_published_as_a_wps_attachment(
    client, supervisor, agency_b, office_dir
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.report import canonical
    from tests.office_files import DATA

    source = canonical.load(DATA / "huaian-city-2024.json")
    client.force_login(supervisor)
    upload = SimpleUploadedFile(
        "淮安2024年报.wps", (office_dir / "huaian-city-2024.wps").read_bytes()
    )
    response = client.post(
        reverse("reports:import"), {"agency": agency_b.pk, "year": 2024, "file": upload}
    )
    assert response.status_code == 302, response.content.decode()
    draft = ReportVersion.objects.get(agency=agency_b, year=2024)
    assert draft.report.requests == source.requests  # converted by LibreOffice, then read
    # The agency's own file is kept byte for byte and offered beside the rendered ones, as a
    # download of unknown type.
    client.logout()
    page = client.get(reverse("portal:report", args=["JL-DAJ", 2024])).content.decode()
    assert "下载原件（WPS）" in page
    served = client.get(reverse("portal:report_file", args=["JL-DAJ", 2024, "original"]))
    assert served.content == (office_dir / "huaian-city-2024.wps").read_bytes()
    assert served["Content-Type"] == "application/octet-stream"
    assert served["Content-Disposition"] == 'attachment; filename="JL-DAJ-2024-v1-original.wps"'
    assert served["X-Content-Type-Options"] == "nosniff"


def test_it_refuses_an_import_whose_year_is_not_the_chosen_one(client, supervisor, agency_b):
    from tests.web.test_reports_summary import canonical_json

    client.force_login(supervisor)
    upload = canonical_json(agency_b.name, 2024, seed=2)
    page = client.post(
        reverse("reports:import"), {"agency": agency_b.pk, "year": YEAR, "file": upload}
    )
    assert "读出的是2024年度报告，与所选的2025年度不符" in page.content.decode()
    assert not ReportVersion.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "suffix"),
    [
        (b"PK\x03\x04ofd", "年报.OFD", "ofd"),
        (b"<html>", "年报.htm", "htm"),
        # A name the readers do not take (or none): the kind the bytes show.
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"), "年报", "doc"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le"), "x.exe", "xls"),
        (b"PK\x03\x04", "a.zip", "ofd"),
        (b"  <!DOCTYPE html>", "page.php", "html"),
        (b'{"year": 2024}', "", "json"),
        ("一、总体情况".encode(), "a.cgi", "txt"),
    ],
)
def test_an_imported_original_is_served_with_a_suffix_of_its_kind(content, name, suffix) -> None:
    assert services.other_suffix(content, name) == suffix


def test_the_public_report_page_has_one_h1_with_or_without_a_title(
    client, draft, clerk_a, reviewer_a, agency_a
) -> None:
    from pathlib import Path

    from gongkai.report.canonical import report_to_dict
    from gongkai.report.readers import read_path

    _publish(draft, clerk_a, reviewer_a)
    page = client.get(reverse("portal:report", args=["JL-JYJ", YEAR])).content.decode()
    assert page.count("<h1") == 1 and f"<h1>{draft.data['title']}</h1>" in page

    untitled = read_path(Path(__file__).parents[1] / "data" / "yingkou-archives-2020.json")
    assert not untitled.title
    version = ReportVersion.objects.create(
        agency=agency_a, year=2020, data=report_to_dict(untitled)
    )
    services._publish(version, untitled)
    page = client.get(reverse("portal:report", args=["JL-JYJ", 2020])).content.decode()
    assert page.count("<h1") == 1
    assert "<h1>2020年政府信息公开工作年度报告" in page and "（原报告无标题）" in page
