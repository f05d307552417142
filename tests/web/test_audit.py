"""The audit trail: every service writes it; nothing in the application changes or deletes it."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.contrib.admin.sites import site
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse

from gongkai.accounts.models import User
from gongkai.accounts.services import user_deactivate, user_reactivate, user_set_role
from gongkai.agencies.services import agency_update
from gongkai.audit.models import AppendOnlyError, Event


def test_it_records_who_what_and_why_for_an_agency_update(admin_a, agency_a) -> None:
    agency_update(actor=admin_a, agency=agency_a, phone="0571-1234", reason="电话号码变更")
    event = Event.objects.filter(action="agency.update").get()
    assert event.actor == admin_a
    assert event.actor_name == "陈静（admin_a）"
    assert event.agency == agency_a
    assert event.object_type == "agencies.agency" and event.object_id == str(agency_a.pk)
    assert event.changes == {"phone": ["0571-87000210", "0571-1234"]}
    assert event.reason == "电话号码变更"


def test_it_records_nothing_when_nothing_changed(admin_a, agency_a) -> None:
    agency_update(actor=admin_a, agency=agency_a, phone=agency_a.phone)
    assert not Event.objects.filter(action="agency.update").exists()


def test_it_records_role_changes_and_deactivations(admin_a, clerk_a) -> None:
    user_set_role(actor=admin_a, user=clerk_a, role=User.Role.REVIEWER, reason="岗位调整")
    user_deactivate(actor=admin_a, user=clerk_a, reason="调离")
    actions = list(
        Event.objects.filter(object_id=str(clerk_a.pk), object_type="accounts.user")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["user.create", "user.set_role", "user.deactivate"]


def test_it_records_each_change_of_is_active_once_with_old_and_new(admin_a, clerk_a) -> None:
    for _ in range(2):
        user_deactivate(actor=admin_a, user=clerk_a, reason="调离")
        user_reactivate(actor=admin_a, user=clerk_a, reason="返岗")
        user_reactivate(actor=admin_a, user=clerk_a, reason="返岗")  # changes nothing: no event
    events = Event.objects.filter(object_id=str(clerk_a.pk), action__startswith="user.")
    rows = list(
        events.exclude(action="user.create")
        .order_by("pk")
        .values_list("action", "changes", "reason")
    )
    assert (
        rows
        == [
            ("user.deactivate", {"is_active": [True, False]}, "调离"),
            ("user.reactivate", {"is_active": [False, True]}, "返岗"),
        ]
        * 2
    )
    clerk_a.refresh_from_db()
    assert clerk_a.is_active


def test_it_refuses_to_change_an_event(clerk_a) -> None:
    event = Event.objects.first()
    event.reason = "改写历史"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        Event.objects.update(reason="改写历史")


def test_it_refuses_to_delete_an_event(clerk_a) -> None:
    with pytest.raises(AppendOnlyError):
        Event.objects.first().delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(action="user.create").delete()


def test_it_rejects_an_update_that_bypasses_the_orm(clerk_a) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_event SET reason = %s", ["改写历史"])
    assert not Event.objects.filter(reason="改写历史").exists()


def test_it_offers_no_add_change_or_delete_in_the_admin(operator) -> None:
    request = RequestFactory().get("/admin/")
    request.user = operator
    admin = site._registry[Event]
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request)
    assert not admin.has_delete_permission(request)


def test_it_shows_the_trail_read_only_to_the_operator(client, operator, clerk_a) -> None:
    client.force_login(operator)
    response = client.get(reverse("admin:audit_event_changelist"))
    assert response.status_code == 200
    assert "clerk_a" in response.content.decode()
    event = Event.objects.first()
    view = client.get(reverse("admin:audit_event_change", args=[event.pk]))
    assert view.status_code == 200  # viewable...
    assert 'name="_save"' not in view.content.decode()  # ...with nothing to save
    assert client.post(reverse("admin:audit_event_delete", args=[event.pk])).status_code == 403


def test_it_records_edits_made_in_the_admin(client, operator, agency_a) -> None:
    client.force_login(operator)
    url = reverse("admin:agencies_agency_change", args=[agency_a.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(parent=agency_a.parent_id, disclosure_unit="综合处", is_active="on")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.filter(action="agency.admin_change").get()
    assert event.changes == {"disclosure_unit": ["办公室", "综合处"]}
    assert event.actor == operator


def test_it_exports_csv_that_excel_reads_as_chinese(client, clerk_a) -> None:
    client.force_login(clerk_a)
    response = client.get(reverse("audit:export_csv"))
    assert response["Content-Type"].startswith("text/csv")
    body = response.content
    assert body.startswith("\ufeff".encode())
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("编号,时间,操作人,所属机关,操作")
    assert any("user.create" in line and "clerk_a" in line for line in lines[1:])


def test_it_exports_xlsx_with_the_same_rows(client, clerk_a) -> None:
    client.force_login(clerk_a)
    response = client.get(reverse("audit:export_xlsx"), {"action": "user.create"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("编号", "时间", "操作人", "所属机关", "操作")
    assert [r[4] for r in rows[1:]] == ["user.create"]
    assert rows[1][7] == "clerk_a"


def test_it_filters_the_trail_by_action_and_text(client, admin_a, agency_a) -> None:
    agency_update(actor=admin_a, agency=agency_a, phone="0571-1234", reason="电话号码变更")
    client.force_login(admin_a)
    page = client.get(reverse("audit:event_list"), {"text": "电话号码"}).content.decode()
    assert "<code>agency.update</code>" in page and "<code>user.create</code>" not in page
    page = client.get(reverse("audit:event_list"), {"action": "user.create"}).content.decode()
    assert "<code>user.create</code>" in page and "<code>agency.update</code>" not in page


def test_it_names_actions_in_chinese(client, clerk_a) -> None:
    client.force_login(clerk_a)
    page = client.get(reverse("audit:event_list")).content.decode()
    assert "新增用户 <code>user.create</code>" in page
