"""The 政府信息公开指南 (条例第十二条): edited by the agency's admin, shown on its portal."""

from __future__ import annotations

from django.urls import reverse

from gongkai.audit.models import Event

GUIDE = {
    "request_office": "政务服务窗口",
    "address": "江临市人民大道1号",
    "postcode": "310100",
    "office_hours": "工作日 9:00—17:00",
    "phone": "0571-87000210",
    "fax": "0571-87008888",
    "email": "jyj@jianglin.gov.cn",
    "guide_procedure": "邮寄申请请在信封上注明“政府信息公开申请”。\n<script>alert(1)</script>",
    "reason": "年度更新",
}


def test_it_lets_the_agency_admin_edit_the_guide_as_one_audit_event(
    client, admin_a, agency_a
) -> None:
    client.force_login(admin_a)
    response = client.post(reverse("agencies:guide", args=[agency_a.pk]), GUIDE)
    assert response.status_code == 302
    agency_a.refresh_from_db()
    assert agency_a.receiving_office == "政务服务窗口"
    event = Event.objects.get(action="agency.guide_update")
    assert event.actor == admin_a and event.reason == "年度更新"
    assert {"request_office", "fax", "guide_procedure", "office_hours"} <= set(event.changes)
    assert "phone" not in event.changes  # unchanged fields are not recorded


def test_it_shows_the_guide_on_the_portal_escaped_and_linked(client, admin_a, agency_a) -> None:
    client.force_login(admin_a)
    client.post(reverse("agencies:guide", args=[agency_a.pk]), GUIDE)
    client.logout()
    page = client.get(reverse("portal:guide", args=[agency_a.short_code])).content.decode()
    for text in ("江临市教育局政务服务窗口", "工作日 9:00—17:00", "0571-87008888", "310100"):
        assert text in page
    assert "jyj@jianglin.gov.cn" in page and "注明“政府信息公开申请”" in page
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert f"/apply/?agency={agency_a.short_code}" in page  # the form, agency chosen
    home = client.get(reverse("portal:home", args=[agency_a.short_code])).content.decode()
    assert reverse("portal:guide", args=[agency_a.short_code]) in home


def test_it_falls_back_to_the_disclosure_unit_and_says_what_is_missing(client, agency_a) -> None:
    page = client.get(reverse("portal:guide", args=[agency_a.short_code])).content.decode()
    assert "江临市教育局办公室" in page  # no 受理机构 named: the disclosure unit receives
    assert "未公布" in page  # no fax on file: said, not left blank
    assert "第三十三条" in page and "本机关说明" not in page


def test_it_refuses_a_guide_that_is_too_long(client, admin_a, agency_a) -> None:
    client.force_login(admin_a)
    response = client.post(
        reverse("agencies:guide", args=[agency_a.pk]), {**GUIDE, "guide_procedure": "长" * 9000}
    )
    assert response.status_code == 200 and response.context["form"].errors["guide_procedure"]
    assert not Event.objects.filter(action="agency.guide_update").exists()


def test_it_answers_404_for_an_unknown_agency_guide(client, db) -> None:
    assert client.get(reverse("portal:guide", args=["NOPE"])).status_code == 404
