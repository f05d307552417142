"""Password rule, self-service change, and the forced change of an initial password (等保 2.0
三级 身份鉴别 a)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from gongkai.accounts.models import User
from gongkai.audit.models import Event
from gongkai.demo import DEMO_PASSWORD
from tests.web.conftest import PASSWORD

GOOD = "Lantern-river-42"


@pytest.mark.parametrize("weak", ["qwertyzx", "zhangsan1", "abcdefghijk", "ABCDEFGH1234", "Ab1!"])
def test_it_refuses_weak_passwords_in_chinese(weak: str) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_password(weak)
    text = " ".join(refused.value.messages)
    assert "至少" in text or "常见" in text or "太短" in text, text
    assert not any(c.isascii() and c.isalpha() for c in text.replace("password", "")), text


@pytest.mark.parametrize("strong", [GOOD, "lantern river 42", "灯塔-river-42", DEMO_PASSWORD])
def test_it_accepts_long_passwords_of_three_kinds(strong: str) -> None:
    validate_password(strong, User(username="clerk_a", first_name="王晓燕"))


def test_it_names_what_is_missing() -> None:
    with pytest.raises(ValidationError) as refused:
        validate_password("qwertyzx")
    text = " ".join(refused.value.messages)
    assert "至少需要 10 个字符，现有 8 个" in text and "现有：小写字母" in text


def test_a_user_changes_their_password(client: Client, clerk_a: User) -> None:
    client.force_login(clerk_a)
    url = reverse("accounts:password_change")
    weak = {"old_password": PASSWORD, "new_password1": "zhangsan1", "new_password2": "zhangsan1"}
    page = client.post(url, weak)
    assert page.status_code == 200 and "至少需要 10 个字符" in page.content.decode()
    good = {"old_password": PASSWORD, "new_password1": GOOD, "new_password2": GOOD}
    assert client.post(url, good).status_code == 302
    clerk_a.refresh_from_db()
    assert clerk_a.check_password(GOOD)
    assert Event.objects.filter(action="user.password_change", object_id=str(clerk_a.pk)).exists()
    assert client.get(reverse("home")).status_code == 200  # still signed in


def test_an_initial_password_must_be_changed_first(client: Client, admin_a: User) -> None:
    client.force_login(admin_a)
    form = {"username": "newclerk", "full_name": "新同事", "role": "clerk", "password": GOOD}
    assert client.post(reverse("accounts:user_new"), form).status_code == 302
    newcomer = User.objects.get(username="newclerk")
    assert newcomer.must_change_password
    fresh = Client()
    fresh.post(reverse("login"), {"username": "newclerk", "password": GOOD})
    for url in (reverse("home"), reverse("requests:dashboard"), reverse("audit:event_list")):
        response = fresh.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:password_change"))
    assert fresh.get("/admin/").status_code == 302
    own = "Chosen-by-me-7"
    change = {"old_password": GOOD, "new_password1": own, "new_password2": own}
    assert fresh.post(reverse("accounts:password_change"), change).status_code == 302
    newcomer.refresh_from_db()
    assert not newcomer.must_change_password
    assert fresh.get(reverse("home")).status_code == 200


def test_a_password_reset_in_the_admin_is_an_initial_password(
    client: Client, sysadmin: User, clerk_a: User
) -> None:
    client.force_login(sysadmin)
    url = reverse("admin:auth_user_password_change", args=[clerk_a.pk])
    form = {"password1": GOOD, "password2": GOOD, "usable_password": "true"}
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    clerk_a.refresh_from_db()
    assert clerk_a.check_password(GOOD) and clerk_a.must_change_password
    event = Event.objects.get(action="user.password_reset", object_id=str(clerk_a.pk))
    assert event.actor == sysadmin
    weak = {"password1": "qwertyzx", "password2": "qwertyzx", "usable_password": "true"}
    assert client.post(url, weak).status_code == 200  # refused by the rule


def test_an_admin_added_user_gets_an_initial_password(
    client: Client, sysadmin: User, agency_a: Any
):
    client.force_login(sysadmin)
    form = {
        "username": "added",
        "usable_password": "true",
        "password1": GOOD,
        "password2": GOOD,
        "first_name": "后台新增",
        "agency": agency_a.pk,
        "role": "clerk",
    }
    response = client.post(reverse("admin:accounts_user_add"), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert User.objects.get(username="added").must_change_password


def test_the_demo_users_are_not_forced_to_change(db: Any, settings: Any) -> None:
    from gongkai.demo import load_demo

    settings.DEBUG = True
    logins = load_demo()
    assert {login.password for login in logins} == {DEMO_PASSWORD}
    assert not User.objects.filter(must_change_password=True).exists()
    client = Client()
    client.post(reverse("login"), {"username": "jyj_clerk", "password": DEMO_PASSWORD})
    assert client.get(reverse("home")).status_code == 200


def test_an_old_password_must_be_changed(client: Client, settings: Any, clerk_a: User) -> None:
    import time_machine

    settings.PASSWORD_MAX_AGE_DAYS = 90
    client.force_login(clerk_a)
    assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(clerk_a.date_joined + timedelta(days=91)):
        client.force_login(clerk_a)  # (the idle timeout would end the old session)
        response = client.get(reverse("home"))
        assert response["Location"].startswith(reverse("accounts:password_change"))
        page = client.get(response["Location"]).content.decode()
        assert "已使用超过 90 天" in page
        change = {"old_password": PASSWORD, "new_password1": GOOD, "new_password2": GOOD}
        client.post(reverse("accounts:password_change"), change)
        assert client.get(reverse("home")).status_code == 200
    clerk_a.refresh_from_db()
    assert clerk_a.password_changed_at is not None
    settings.PASSWORD_MAX_AGE_DAYS = 0
    with time_machine.travel(clerk_a.date_joined + timedelta(days=1000)):
        client.force_login(clerk_a)
        assert client.get(reverse("home")).status_code == 200
