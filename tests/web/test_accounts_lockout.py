"""Account lockout after failed log-ins from any address, the admin's log-in included; unlock by
the security administrator; log-in, failure, lockout, unlock and log-out are audit events; the
idle timeout (等保 2.0 三级 身份鉴别 b)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from gongkai.accounts.models import User
from gongkai.audit.models import Event
from tests.web.conftest import PASSWORD

START = datetime(2026, 6, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _admin_login(username: str, password: str, address: str = "10.0.0.1") -> Any:
    return Client().post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def _login(username: str, password: str, address: str = "10.0.0.1") -> Any:
    return Client().post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def _events(action: str, user: User | None = None) -> Any:
    events = Event.objects.filter(action=action)
    return events.filter(object_id=str(user.pk)) if user is not None else events


def test_the_admin_login_locks_the_account_too(operator: User) -> None:
    for n in range(settings.LOGIN_FAILURE_LIMIT):
        response = _admin_login(operator.username, f"guess-{n}", address=f"10.0.{n}.1")
        assert response.status_code == 200
    locked = _admin_login(operator.username, PASSWORD)
    assert locked.status_code == 200 and "已被锁定" in locked.content.decode()
    assert _login(operator.username, PASSWORD).status_code == 200  # the staff log-in as well
    assert _events("auth.login_failed", operator).count() == settings.LOGIN_FAILURE_LIMIT + 2
    lockout = _events("user.lockout", operator).get()
    assert lockout.changes["address"] == [None, f"10.0.{settings.LOGIN_FAILURE_LIMIT - 1}.1"]


def test_two_hundred_wrong_passwords_then_the_right_one_do_not_log_in(operator: User) -> None:
    for n in range(200):
        _admin_login(operator.username, f"guess-{n}", address=f"10.{n % 250}.0.1")
    client = Client()
    client.post("/admin/login/", {"username": operator.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert _events("user.lockout", operator).count() == 1


def test_the_lock_runs_out(clerk_a: User) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(settings.LOGIN_FAILURE_LIMIT):
            _login(clerk_a.username, "wrong-password")
        assert _login(clerk_a.username, PASSWORD).status_code == 200
        traveller.shift(timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS - 60))
        assert _login(clerk_a.username, PASSWORD).status_code == 200
        traveller.shift(timedelta(seconds=120))
        assert _login(clerk_a.username, PASSWORD).status_code == 302
    clerk_a.refresh_from_db()
    assert clerk_a.failed_logins == 0 and clerk_a.locked_at is None


def test_a_lock_without_end_waits_for_the_security_administrator(
    settings: Any, clerk_a: User, secadmin: User, sysadmin: User
) -> None:
    settings.LOGIN_LOCKOUT_SECONDS = 0
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _login(clerk_a.username, "wrong-password")
    assert "请联系安全管理员解锁" in _login(clerk_a.username, PASSWORD).content.decode()
    changelist = reverse("admin:accounts_user_changelist")
    action = {"action": "unlock_accounts", "_selected_action": [clerk_a.pk]}
    # The system administrator has no such action.
    system = Client()
    system.force_login(sysadmin)
    assert "unlock_accounts" not in system.get(changelist).content.decode()
    system.post(changelist, action)
    assert _login(clerk_a.username, PASSWORD).status_code == 200
    security = Client()
    security.force_login(secadmin)
    assert "unlock_accounts" in security.get(changelist).content.decode()
    assert security.post(changelist, action).status_code == 302
    assert _login(clerk_a.username, PASSWORD).status_code == 302
    unlock = _events("user.unlock", clerk_a).get()
    assert unlock.actor == secadmin and unlock.agency == clerk_a.agency


def test_a_lock_does_not_throw_out_a_signed_in_user(clerk_a: User) -> None:
    working = Client()
    working.post(reverse("login"), {"username": "clerk_a", "password": PASSWORD})
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _login(clerk_a.username, "wrong-password", address="203.0.113.9")
    clerk_a.refresh_from_db()
    assert clerk_a.locked_at is not None
    assert working.get(reverse("home")).status_code == 200


def test_unknown_names_are_recorded(db: Any) -> None:
    _login("nosuchuser", "whatever")
    event = _events("auth.login_failed").get()
    assert event.changes["username"] == [None, "nosuchuser"] and event.reason == "用户名不存在"


def test_log_in_and_log_out_are_events(clerk_a: User) -> None:
    client = Client()
    client.post(reverse("login"), {"username": "clerk_a", "password": PASSWORD})
    login = _events("auth.login", clerk_a).get()
    assert login.actor == clerk_a and login.agency == clerk_a.agency
    client.post(reverse("logout"))
    assert _events("auth.logout", clerk_a).get().actor == clerk_a


# --- idle timeout ---------------------------------------------------------------------------


def test_an_idle_session_ends(clerk_a: User) -> None:
    idle = settings.SESSION_IDLE_SECONDS
    client = Client()
    with time_machine.travel(START, tick=False) as traveller:
        client.post(reverse("login"), {"username": "clerk_a", "password": PASSWORD})
        home = reverse("home")
        for _ in range(4):  # in use: each request restarts the idle clock
            traveller.shift(timedelta(seconds=idle - 120))
            assert client.get(home).status_code == 200
        traveller.shift(timedelta(seconds=idle + 1))
        response = client.get(home)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        assert "_auth_user_id" not in client.session
        page = client.get(response["Location"]).content.decode()
        assert "未操作，为安全起见已自动退出" in page
    assert _events("auth.logout", clerk_a).get().reason == "闲置超时"


def test_the_idle_limit_is_a_setting(settings: Any, clerk_a: User) -> None:
    settings.SESSION_IDLE_SECONDS = 5 * 60
    client = Client()
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(clerk_a)
        assert client.get(reverse("home")).status_code == 200
        traveller.shift(timedelta(minutes=6))
        assert client.get(reverse("home")).status_code == 302


# --- the command-line way back in -----------------------------------------------------------


def test_the_command_unlocks_an_account(tmp_path: Path) -> None:
    """As a subprocess from a temporary folder with a fresh environment."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "GONGKAI_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SUPERUSER_PASSWORD": "Root-pass-2026",
    }

    def gongkai(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "gongkai", "manage", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    assert gongkai("migrate", "--verbosity", "0").returncode == 0
    made = gongkai("createsuperuser", "--noinput", "--username", "root", "--email", "")
    assert made.returncode == 0, made.stderr
    lock = "from gongkai.accounts.models import User; from django.utils import timezone; "
    lock += "User.objects.filter(username='root').update(failed_logins=9, locked_at=timezone.now())"
    assert gongkai("shell", "-c", lock).returncode == 0
    missing = gongkai("account_unlock", "nobody", "--reason", "x")
    assert missing.returncode != 0 and "没有用户名为 'nobody' 的账号" in missing.stderr
    assert "Traceback" not in missing.stderr
    done = gongkai("account_unlock", "root", "--reason", "唯一的安全管理员休假")
    assert done.returncode == 0 and "已解除 root 的登录锁定" in done.stdout, done.stderr
    check = "from gongkai.accounts.models import User; from gongkai.audit.models import Event; "
    check += "u = User.objects.get(username='root'); e = Event.objects.get(action='user.unlock'); "
    check += "print(u.failed_logins, u.locked_at, e.actor_id, e.reason)"
    out = gongkai("shell", "-c", check).stdout
    assert out.strip().splitlines()[-1] == "0 None None 命令行：唯一的安全管理员休假"
