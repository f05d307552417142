"""Personas for the platform's tests.

A city (江临市) with its 政务公开办 above two departments, A (教育局) and B (档案局), and a second
city's office that is nobody's business here. Each persona is a user with one agency and role:
the clerk of A, the clerk of B (who must never see A's records), A's reviewer, A's admin, the
city's supervisor, the other city's supervisor, a platform operator (superuser), and a logged-in
user without agency or role.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from gongkai.accounts.models import User
from gongkai.accounts.services import user_create
from gongkai.agencies.models import Agency
from gongkai.agencies.services import agency_create

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    # The production hasher costs ~0.3 s a password by design; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_public_page_cache(settings: Any) -> None:
    # Pages are read right after the test's own writes, whose commit never comes (the test's
    # transaction is rolled back); the cache has its own tests in test_public_cache.py.
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def no_kept_boards() -> Iterator[None]:
    # The request list's board is kept per user id in this process (gongkai.requests.board)
    # when ACCOUNT_LOOKUP_CACHE is on; ids come back in the next test's database.
    from gongkai.requests import board

    board.clear_boards()
    yield
    board.clear_boards()


@pytest.fixture(autouse=True)
def second_factor_optional(settings: Any) -> None:
    # Most tests log personas in with ``force_login``, which has no second step; the second
    # factor, and its being required for supervisors and platform roles, are tested with it on
    # in tests/web/test_accounts_second_factor.py.
    settings.TWO_FACTOR_REQUIRED = False


@pytest.fixture
def operator(db: Any) -> User:
    return User.objects.create_superuser(username="operator", password=PASSWORD)


@pytest.fixture
def city_office(operator: User) -> Agency:
    return agency_create(
        actor=operator,
        name="江临市人民政府办公室",
        short_code="JL",
        kind=Agency.Kind.OFFICE,
        disclosure_unit="江临市政务公开办公室",
    )


@pytest.fixture
def agency_a(operator: User, city_office: Agency) -> Agency:
    return agency_create(
        actor=operator,
        name="江临市教育局",
        short_code="JL-JYJ",
        kind=Agency.Kind.DEPARTMENT,
        parent=city_office,
        disclosure_unit="办公室",
        phone="0571-87000210",
    )


@pytest.fixture
def agency_b(operator: User, city_office: Agency) -> Agency:
    return agency_create(
        actor=operator,
        name="江临市档案局",
        short_code="JL-DAJ",
        kind=Agency.Kind.DEPARTMENT,
        parent=city_office,
        disclosure_unit="利用服务处",
        reading_room="江临市档案馆一楼",
    )


@pytest.fixture
def other_city_office(operator: User) -> Agency:
    return agency_create(
        actor=operator,
        name="河阳市人民政府办公室",
        short_code="HY",
        kind=Agency.Kind.OFFICE,
        disclosure_unit="河阳市政务公开办公室",
    )


def _staff(operator: User, username: str, agency: Agency, role: str, name: str) -> User:
    return user_create(
        actor=operator,
        username=username,
        password=PASSWORD,
        agency=agency,
        role=role,
        full_name=name,
    )


@pytest.fixture
def clerk_a(operator: User, agency_a: Agency) -> User:
    return _staff(operator, "clerk_a", agency_a, User.Role.CLERK, "王晓燕")


@pytest.fixture
def clerk_b(operator: User, agency_b: Agency) -> User:
    return _staff(operator, "clerk_b", agency_b, User.Role.CLERK, "赵敏")


@pytest.fixture
def reviewer_a(operator: User, agency_a: Agency) -> User:
    return _staff(operator, "reviewer_a", agency_a, User.Role.REVIEWER, "李建国")


@pytest.fixture
def admin_a(operator: User, agency_a: Agency) -> User:
    return _staff(operator, "admin_a", agency_a, User.Role.ADMIN, "陈静")


@pytest.fixture
def admin_b(operator: User, agency_b: Agency) -> User:
    return _staff(operator, "admin_b", agency_b, User.Role.ADMIN, "孙丽")


@pytest.fixture
def supervisor(operator: User, city_office: Agency, agency_a: Agency, agency_b: Agency) -> User:
    return _staff(operator, "supervisor", city_office, User.Role.SUPERVISOR, "周正")


@pytest.fixture
def other_supervisor(operator: User, other_city_office: Agency) -> User:
    return _staff(operator, "other_sup", other_city_office, User.Role.SUPERVISOR, "吴强")


def _platform(operator: User, username: str, role: str, name: str) -> User:
    return user_create(
        actor=operator, username=username, password=PASSWORD, agency=None, role=role, full_name=name
    )


@pytest.fixture
def sysadmin(operator: User) -> User:
    return _platform(operator, "sysadmin", User.Role.SYSADMIN, "冯立")


@pytest.fixture
def secadmin(operator: User) -> User:
    return _platform(operator, "secadmin", User.Role.SECADMIN, "卫东")


@pytest.fixture
def auditor(operator: User) -> User:
    return _platform(operator, "auditor", User.Role.AUDITOR, "蒋审")


@pytest.fixture
def no_role_user(db: Any) -> User:
    return User.objects.create_user(username="nobody", password=PASSWORD)


@pytest.fixture
def everyone(
    clerk_a: User,
    clerk_b: User,
    reviewer_a: User,
    admin_a: User,
    admin_b: User,
    supervisor: User,
    other_supervisor: User,
    operator: User,
    no_role_user: User,
) -> dict[str, User]:
    return {
        "clerk_a": clerk_a,
        "clerk_b": clerk_b,
        "reviewer_a": reviewer_a,
        "admin_a": admin_a,
        "admin_b": admin_b,
        "supervisor": supervisor,
        "other_supervisor": other_supervisor,
        "operator": operator,
        "no_role_user": no_role_user,
    }


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, launched once per module (see tests/web/browser.py)."""
    from tests.web.browser import CHROMIUM, CHROMIUM_ARGS

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between page actions are still synchronous and safe.
    # Set for this module only: a later test that starts a production-like subprocess
    # (check --deploy) must not inherit it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# --- documents (tests/web/test_documents*.py) -------------------------------------------------


@pytest.fixture
def documents_day() -> Iterator[None]:
    """2026-03-02, the day the documents tests work on."""
    import time_machine

    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        yield


@pytest.fixture
def documents_case(documents_day: None, clerk_a: User, agency_a: Agency) -> Any:
    """A case of agency A received 2026-02-26, A's 文号 prefix set to 江临教."""
    from datetime import date

    from gongkai.documents.models import DocumentSettings
    from tests.web.requests_fixtures import register

    DocumentSettings.objects.create(agency=agency_a, number_prefix="江临教")
    return register(clerk_a, agency_a, date(2026, 2, 26))[0]


def client_of(user: User) -> Any:
    """A test client logged in as ``user``."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
