"""An agency admin manages the agency's own users, through the services (and so the audit)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.accounts.models import User
from gongkai.audit.models import Event

NEW_USER = {
    "username": "new_clerk",
    "full_name": "钱多多",
    "role": "clerk",
    "email": "",
    "phone": "",
    "password": "a-Long-enough-passphrase-42",
}


def test_it_lets_an_admin_add_a_user_to_the_own_agency(client, admin_a, agency_a) -> None:
    client.force_login(admin_a)
    response = client.post(reverse("accounts:user_new"), NEW_USER)
    assert response.status_code == 302
    user = User.objects.get(username="new_clerk")
    assert user.agency == agency_a and user.role == User.Role.CLERK
    assert user.check_password(NEW_USER["password"])
    event = Event.objects.get(action="user.create", object_id=str(user.pk))
    assert event.actor == admin_a


def test_it_rejects_a_weak_password_and_a_taken_username(client, admin_a, clerk_a) -> None:
    client.force_login(admin_a)
    response = client.post(
        reverse("accounts:user_new"), {**NEW_USER, "username": "CLERK_A", "password": "123456"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "username" in errors and "password" in errors


def test_it_offers_the_supervisor_role_only_in_a_disclosure_office(client, admin_a) -> None:
    client.force_login(admin_a)
    response = client.post(reverse("accounts:user_new"), {**NEW_USER, "role": "supervisor"})
    assert "role" in response.context["form"].errors
    assert not User.objects.filter(username="new_clerk").exists()


def test_it_changes_a_role_and_deactivates_with_a_reason(client, admin_a, clerk_a) -> None:
    client.force_login(admin_a)
    url = reverse("accounts:user_edit", args=[clerk_a.pk])
    response = client.post(url, {"role": "reviewer", "reason": "岗位调整"})  # is_active unticked
    assert response.status_code == 302
    clerk_a.refresh_from_db()
    assert clerk_a.role == User.Role.REVIEWER and not clerk_a.is_active
    reasons = set(
        Event.objects.filter(
            object_id=str(clerk_a.pk), action__in=["user.set_role", "user.deactivate"]
        ).values_list("reason", flat=True)
    )
    assert reasons == {"岗位调整"}
    client.post(url, {"role": "reviewer", "is_active": "on", "reason": "返岗"})
    clerk_a.refresh_from_db()
    assert clerk_a.is_active
    assert Event.objects.filter(action="user.reactivate", reason="返岗").exists()


def test_it_requires_a_reason(client, admin_a, clerk_a) -> None:
    client.force_login(admin_a)
    response = client.post(reverse("accounts:user_edit", args=[clerk_a.pk]), {"role": "admin"})
    assert response.status_code == 200
    clerk_a.refresh_from_db()
    assert clerk_a.role == User.Role.CLERK


def test_it_keeps_an_admin_from_locking_themselves_out(client, admin_a) -> None:
    client.force_login(admin_a)
    url = reverse("accounts:user_edit", args=[admin_a.pk])
    assert client.post(url, {"role": "clerk", "reason": "x"}).status_code == 403


@pytest.mark.parametrize("persona", ["admin_b", "other_supervisor"])
def test_it_hides_agency_as_users_from_other_agencies(client, everyone, clerk_a, persona) -> None:
    client.force_login(everyone[persona])
    response = client.post(
        reverse("accounts:user_edit", args=[clerk_a.pk]), {"role": "admin", "reason": "x"}
    )
    assert response.status_code in {403, 404}
    if persona == "admin_b":
        assert response.status_code == 404
    clerk_a.refresh_from_db()
    assert clerk_a.role == User.Role.CLERK


@pytest.mark.parametrize("persona", ["clerk_a", "reviewer_a", "supervisor"])
@pytest.mark.parametrize("name", ["accounts:user_new", "accounts:user_edit"])
def test_it_lets_only_agency_admins_manage_users(client, everyone, persona, name) -> None:
    client.force_login(everyone[persona])
    kwargs = {"pk": everyone["clerk_a"].pk} if name == "accounts:user_edit" else {}
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 403


def test_it_sends_the_operator_to_the_admin_to_add_users(client, operator) -> None:
    client.force_login(operator)
    response = client.get(reverse("accounts:user_new"))
    assert response.status_code == 302 and response["Location"] == reverse(
        "admin:accounts_user_add"
    )
