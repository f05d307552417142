"""TOTP second factor: required for supervisors and platform roles, optional for the rest;
enrolment, the log-in's second step, recovery codes, the admin site, resets (等保 2.0 三级 身份鉴别
d). Codes are computed here from the secret the enrolment page shows."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.accounts.models import User
from gongkai.audit.models import Event
from tests.web.accounts_helpers import enrol, password_step, totp
from tests.web.conftest import PASSWORD

START = datetime(2026, 6, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def second_factor_required(settings: Any) -> None:
    settings.TWO_FACTOR_REQUIRED = True


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def _lands_on(client: Client, url: str, name: str) -> bool:
    response = client.get(url)
    return response.status_code == 302 and response["Location"].startswith(reverse(name))


def test_a_supervisor_must_enrol_then_logs_in_with_a_code(frozen: Any, supervisor: User) -> None:
    client = Client()
    password_step(client, "supervisor")
    for url in (reverse("home"), reverse("requests:dashboard"), reverse("audit:event_list")):
        assert _lands_on(client, url, "accounts:second_factor_setup"), url
    secret, codes = enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(reverse("home")).status_code == 200
    enrolled = Event.objects.get(action="user.second_factor_enrol", object_id=str(supervisor.pk))
    assert enrolled.actor == supervisor
    # The recovery codes are shown once: the security page gives only their number.
    page = client.get(reverse("accounts:security")).content.decode()
    assert "剩余恢复码：<strong>10</strong>" in page and codes[0] not in page

    frozen.shift(timedelta(minutes=2))
    again = Client()
    assert password_step(again, "supervisor").status_code == 302
    assert _lands_on(again, reverse("home"), "accounts:second_factor_verify")
    verify = reverse("accounts:second_factor_verify")
    wrong = again.post(verify, {"token": "000000" if totp(secret) != "000000" else "111111"})
    assert wrong.status_code == 200 and "不正确" in wrong.content.decode()
    assert _lands_on(again, reverse("home"), "accounts:second_factor_verify")
    failed = Event.objects.filter(action="auth.login_failed", object_id=str(supervisor.pk))
    assert failed.get().reason == "动态口令错误"
    frozen.shift(timedelta(seconds=31))  # the device refuses a retry too soon (its throttle)
    assert again.post(verify, {"token": totp(secret), "next": "/"}).status_code == 302
    assert again.get(reverse("home")).status_code == 200
    assert Event.objects.filter(action="auth.second_factor", actor=supervisor).exists()


def test_nothing_but_the_code_before_the_code(frozen: Any, clerk_a: User) -> None:
    """Someone who has only the password can neither change it nor touch the second factor."""
    client = Client()
    password_step(client, "clerk_a")
    enrol(client)
    frozen.shift(timedelta(minutes=1))
    thief = Client()
    password_step(thief, "clerk_a")
    change = {"old_password": PASSWORD, "new_password1": "Thief-pass-2026", "new_password2": "x"}
    change["new_password2"] = change["new_password1"]
    pages = (
        ("accounts:password_change", change),
        ("accounts:security", {}),
        ("accounts:second_factor_setup", {"token": "123456"}),
        ("accounts:second_factor_qr", {}),
        ("accounts:second_factor_disable", {"password": PASSWORD}),
        ("accounts:recovery_codes_new", {"password": PASSWORD}),
    )
    for name, form in pages:
        for response in (thief.get(reverse(name)), thief.post(reverse(name), form)):
            assert response.status_code == 302, name
            assert response["Location"].startswith(reverse("accounts:second_factor_verify"))
    clerk_a.refresh_from_db()
    assert clerk_a.check_password(PASSWORD)
    assert TOTPDevice.objects.filter(user=clerk_a, confirmed=True).exists()


def test_a_recovery_code_works_once(frozen: Any, supervisor: User) -> None:
    client = Client()
    password_step(client, "supervisor")
    _secret, codes = enrol(client)
    verify = reverse("accounts:second_factor_verify")
    first = Client()
    password_step(first, "supervisor")
    assert first.post(verify, {"token": codes[3].upper()}).status_code == 302
    assert first.get(reverse("home")).status_code == 200
    assert Event.objects.get(action="auth.recovery_code").changes["recovery_codes_left"] == [10, 9]
    frozen.shift(timedelta(minutes=1))
    second = Client()
    password_step(second, "supervisor")
    assert second.post(verify, {"token": codes[3]}).status_code == 200
    assert _lands_on(second, reverse("home"), "accounts:second_factor_verify")


def test_new_recovery_codes_replace_the_old(frozen: Any, clerk_a: User) -> None:
    client = Client()
    password_step(client, "clerk_a")
    _secret, old = enrol(client)
    url = reverse("accounts:recovery_codes_new")
    client.post(url, {"password": "wrong"})
    fresh = client.post(url, {"password": PASSWORD})
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", fresh.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert Event.objects.filter(action="user.recovery_codes_renew", actor=clerk_a).count() == 1
    verify = reverse("accounts:second_factor_verify")
    stale, good = Client(), Client()
    password_step(stale, "clerk_a")
    assert stale.post(verify, {"token": old[0]}).status_code == 200  # refused
    frozen.shift(timedelta(minutes=1))
    password_step(good, "clerk_a")
    assert good.post(verify, {"token": new[0]}).status_code == 302


def test_wrong_codes_lock_the_account(frozen: Any, settings: Any, clerk_a: User) -> None:
    client = Client()
    password_step(client, "clerk_a")
    _secret, _codes = enrol(client)
    attacker = Client()
    password_step(attacker, "clerk_a")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        frozen.shift(timedelta(minutes=1))
        attacker.post(reverse("accounts:second_factor_verify"), {"token": "12345x"})
    assert "_auth_user_id" not in attacker.session  # logged out when the account locked
    clerk_a.refresh_from_db()
    assert clerk_a.locked_at is not None
    frozen.shift(timedelta(minutes=1))
    assert password_step(Client(), "clerk_a").status_code == 200  # locked


def test_the_password_alone_does_not_clear_wrong_codes(
    frozen: Any, settings: Any, clerk_a: User
) -> None:
    """Someone who knows the password cannot go on guessing codes by logging in again."""
    client = Client()
    password_step(client, "clerk_a")
    enrol(client)
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        attacker = Client()
        frozen.shift(timedelta(minutes=1))
        assert password_step(attacker, "clerk_a").status_code == 302
        attacker.post(reverse("accounts:second_factor_verify"), {"token": "999999x"})
    clerk_a.refresh_from_db()
    assert clerk_a.locked_at is not None


def test_the_admin_site_wants_the_second_factor(frozen: Any, operator: User) -> None:
    client = Client()
    client.post("/admin/login/", {"username": "operator", "password": PASSWORD, "next": "/admin/"})
    assert _lands_on(client, "/admin/", "accounts:second_factor_setup")
    assert _lands_on(client, "/admin/accounts/user/", "accounts:second_factor_setup")
    secret, _codes = enrol(client)
    assert client.get("/admin/").status_code == 200
    frozen.shift(timedelta(minutes=1))
    other = Client()
    other.post("/admin/login/", {"username": "operator", "password": PASSWORD, "next": "/admin/"})
    assert _lands_on(other, "/admin/", "accounts:second_factor_verify")
    other.post(reverse("accounts:second_factor_verify"), {"token": totp(secret)})
    assert other.get("/admin/").status_code == 200


def test_it_is_optional_for_agency_staff_and_they_may_remove_it(frozen: Any, clerk_a: User):
    client = Client()
    password_step(client, "clerk_a")
    assert client.get(reverse("home")).status_code == 200  # not required
    enrol(client)
    remove = reverse("accounts:second_factor_disable")
    client.post(remove, {"password": "wrong"})
    assert TOTPDevice.objects.filter(user=clerk_a).exists()
    client.post(remove, {"password": PASSWORD})
    assert not TOTPDevice.objects.filter(user=clerk_a).exists()
    assert Event.objects.filter(action="user.second_factor_disable", actor=clerk_a).exists()


def test_a_supervisor_cannot_remove_it(frozen: Any, supervisor: User) -> None:
    client = Client()
    password_step(client, "supervisor")
    enrol(client)
    client.post(reverse("accounts:second_factor_disable"), {"password": PASSWORD})
    assert TOTPDevice.objects.filter(user=supervisor, confirmed=True).exists()


def test_the_security_administrator_resets_a_lost_phone(
    frozen: Any, supervisor: User, secadmin: User
) -> None:
    client = Client()
    password_step(client, "supervisor")
    enrol(client)
    security = Client()
    security.force_login(secadmin)
    security.session  # noqa: B018
    _verify_platform(security, secadmin, frozen)
    changelist = reverse("admin:accounts_user_changelist")
    action = {"action": "reset_second_factors", "_selected_action": [supervisor.pk]}
    assert security.post(changelist, action).status_code == 302
    assert not TOTPDevice.objects.filter(user=supervisor).exists()
    reset = Event.objects.get(action="user.second_factor_reset")
    assert reset.actor == secadmin and reset.object_id == str(supervisor.pk)
    again = Client()
    password_step(again, "supervisor")
    assert _lands_on(again, reverse("home"), "accounts:second_factor_setup")


def _verify_platform(client: Client, user: User, frozen: Any) -> None:
    """A platform role must have the second factor as well: enrol it for ``user``."""
    assert _lands_on(client, "/admin/", "accounts:second_factor_setup")
    enrol(client)
    frozen.shift(timedelta(seconds=31))


def test_the_qr_code_is_an_svg_of_the_pending_secret(frozen: Any, clerk_a: User) -> None:
    client = Client()
    client.force_login(clerk_a)
    client.get(reverse("accounts:second_factor_setup"))
    qr = client.get(reverse("accounts:second_factor_qr"))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    assert "no-cache" in qr["Cache-Control"] or "no-store" in qr["Cache-Control"]
