"""三权分立: the system administrator, the security administrator and the auditor, each able to
do their own job in the admin and the staff pages, and none another's (等保 2.0 三级 访问控制)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from gongkai.accounts.models import User
from gongkai.audit.models import Event

USERS = "admin:accounts_user_changelist"


def _as(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _change(user: User) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def _user_form(user: User, **changes: Any) -> dict[str, Any]:
    form = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": "",
        "email": "",
        "phone": "",
        "agency": user.agency_id or "",
        "role": user.role,
        "is_active": "on",
    }
    form.update(changes)
    return form


def test_a_platform_role_has_no_agency(operator: User, agency_a: Any) -> None:
    user = User(username="x", role=User.Role.AUDITOR, agency=agency_a)
    with pytest.raises(ValidationError):
        user.full_clean()


def test_each_lands_on_its_own_work(sysadmin: User, secadmin: User, auditor: User) -> None:
    assert _as(sysadmin).get(reverse("home"))["Location"] == reverse("admin:index")
    assert _as(secadmin).get(reverse("home"))["Location"] == reverse(USERS)
    assert _as(auditor).get(reverse("home"))["Location"] == reverse("audit:event_list")


def test_the_system_administrator_manages_agency_staff_only(
    sysadmin: User, secadmin: User, auditor: User, clerk_a: User, operator: User
) -> None:
    client = _as(sysadmin)
    listing = client.get(reverse(USERS)).content.decode()
    assert "王晓燕" in listing and "卫东" not in listing and "蒋审" not in listing
    for other in (secadmin, auditor, operator):  # their accounts are out of reach
        assert client.get(_change(other)).status_code == 302  # "does not exist" → index
        url = reverse("admin:auth_user_password_change", args=[other.pk])
        assert client.get(url).status_code in {302, 403, 404}
    renamed = client.post(_change(clerk_a), _user_form(clerk_a, first_name="王晓燕（改）"))
    assert renamed.status_code == 302
    refused = client.post(_change(clerk_a), _user_form(clerk_a, role="auditor", agency=""))
    assert refused.status_code == 200 and "三权分立" in refused.content.decode()
    clerk_a.refresh_from_db()
    assert clerk_a.first_name == "王晓燕（改）" and clerk_a.role == "clerk"
    for page in ("/admin/audit/event/", reverse("audit:event_list"), reverse("requests:dashboard")):
        assert client.get(page).status_code == 403, page
    assert client.get("/admin/agencies/agency/").status_code == 200
    assert client.get("/admin/workdays/holidayyear/").status_code == 200


def test_the_security_administrator_assigns_roles_and_nothing_else(
    secadmin: User, clerk_a: User, no_role_user: User
) -> None:
    client = _as(secadmin)
    assert client.post(_change(no_role_user), {"role": "auditor"}).status_code == 302
    no_role_user.refresh_from_db()
    assert no_role_user.role == "auditor" and no_role_user.is_staff
    event = Event.objects.get(action="user.admin_change", object_id=str(no_role_user.pk))
    assert event.actor == secadmin and event.changes["role"] == ["", "auditor"]
    # Names, agency and activity are read-only for them; so is their own role.
    client.post(_change(clerk_a), {"role": "reviewer", "first_name": "改名"})
    clerk_a.refresh_from_db()
    assert clerk_a.role == "reviewer" and clerk_a.first_name == "王晓燕"
    own = client.post(_change(secadmin), {"role": "sysadmin"})
    assert own.status_code == 200
    secadmin.refresh_from_db()
    assert secadmin.role == "secadmin"
    assert client.get(reverse("admin:accounts_user_add")).status_code == 403
    url = reverse("admin:auth_user_password_change", args=[clerk_a.pk])
    assert client.get(url).status_code == 403
    for page in ("/admin/audit/event/", reverse("audit:event_list"), "/admin/agencies/agency/"):
        assert client.get(page).status_code == 403, page


def test_the_auditor_reads_and_exports_the_whole_trail_and_changes_nothing(
    auditor: User, clerk_a: User, clerk_b: User, operator: User
) -> None:
    Client().post(reverse("login"), {"username": "clerk_b", "password": "wrong-password"})
    client = _as(auditor)
    page = client.get(reverse("audit:event_list") + "?action=auth.login_failed")
    assert page.status_code == 200 and "登录失败" in page.content.decode()
    export = client.get(reverse("audit:export_csv")).content.decode("utf-8-sig")
    for text in ("clerk_a", "clerk_b", "auth.login_failed", "agency.create"):
        assert text in export, text
    assert client.get(reverse("audit:export_xlsx")).status_code == 200
    assert client.get("/admin/audit/event/").status_code == 200
    for page_url in (reverse(USERS), "/admin/agencies/agency/", reverse("requests:dashboard")):
        assert client.get(page_url).status_code == 403, page_url
    assert client.post(_change(clerk_a), _user_form(clerk_a, role="admin")).status_code == 403


def test_agency_staff_still_see_only_their_agencys_events(clerk_a: User, clerk_b: User) -> None:
    Client().post(reverse("login"), {"username": "clerk_a", "password": "wrong-password"})
    export = _as(clerk_b).get(reverse("audit:export_csv")).content.decode("utf-8-sig")
    assert "clerk_b" in export and "clerk_a" not in export
