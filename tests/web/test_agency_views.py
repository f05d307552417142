"""Agency pages and the staff home, as each role sees them."""

from __future__ import annotations

from django.urls import reverse

from gongkai.audit.models import Event


def test_it_lets_an_agency_admin_edit_the_contact_details(client, admin_a, agency_a) -> None:
    client.force_login(admin_a)
    url = reverse("agencies:edit", args=[agency_a.pk])
    response = client.post(
        url,
        {
            "disclosure_unit": "办公室",
            "address": "江临市人民大道1号",
            "postcode": "310100",
            "phone": "0571-87009999",
            "email": "jyj@jianglin.gov.cn",
            "reason": "换号",
        },
    )
    assert response.status_code == 302
    agency_a.refresh_from_db()
    assert agency_a.phone == "0571-87009999"
    event = Event.objects.get(action="agency.update")
    assert event.actor == admin_a and event.reason == "换号"
    assert set(event.changes) == {"address", "postcode", "phone", "email"}


def test_it_shows_form_errors_instead_of_saving(client, admin_a, agency_a) -> None:
    client.force_login(admin_a)
    url = reverse("agencies:edit", args=[agency_a.pk])
    response = client.post(url, {"disclosure_unit": "", "email": "not-an-email"})
    assert response.status_code == 200
    assert not Event.objects.filter(action="agency.update").exists()
    assert "有效的电子邮件地址" in response.content.decode() or "email" in str(
        response.context["form"].errors
    )


def test_it_shows_the_detail_with_the_chain_of_offices(client, supervisor, agency_b) -> None:
    client.force_login(supervisor)
    page = client.get(reverse("agencies:detail", args=[agency_b.pk])).content.decode()
    assert "江临市档案馆一楼" in page
    assert "上级：江临市人民政府办公室" in page
    assert "修改联系信息" not in page  # a supervisor reads only


def test_it_greets_each_role_with_its_own_home(client, everyone) -> None:
    expected = {
        "clerk_a": "经办人：登记和办理本机关",
        "reviewer_a": "批准延期答复",
        "admin_a": "修改本机关信息",
        "supervisor": "只读查看江临市人民政府办公室及其下级 2 个机关",
        "operator": "平台管理员可查看全部机关",
    }
    for persona, text in expected.items():
        client.force_login(everyone[persona])
        page = client.get(reverse("home")).content.decode()
        assert text in page, persona


def test_it_shows_the_supervisor_every_agency_below(client, supervisor) -> None:
    client.force_login(supervisor)
    page = client.get(reverse("home")).content.decode()
    assert "江临市教育局" in page and "江临市档案局" in page
    assert "河阳市" not in page
