"""The signed-in user and their per-user lookups kept between requests (gongkai.accounts.lookups)
and sessions read from the cache: fewer queries, and never a stale answer — another user's
session, a changed role or agency, a new second factor, a log-out are seen at the next request."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.accounts import lookups
from gongkai.accounts.models import User
from gongkai.accounts.services import user_set_role
from tests.web.catalogue_helpers import make_document
from tests.web.conftest import PASSWORD, _staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def lookups_on(settings: Any) -> Any:
    settings.ACCOUNT_LOOKUP_CACHE = True
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    lookups.clear()
    yield
    lookups.clear()


def signed_in(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def queries(client: Client, path: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured), response.content.decode()


def test_a_staff_page_reads_no_session_user_or_agency_row_once_warm(
    clerk_a: Any, agency_a: Any
) -> None:
    client = signed_in(clerk_a)
    client.get(reverse("catalogue:list"))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("catalogue:list")).status_code == 200
    tables = " ".join(q["sql"] for q in captured.captured_queries)
    for table in ("django_session", "accounts_user", "agencies_agency", "otp_"):
        assert f'"{table}' not in tables, table


def test_two_users_never_see_each_others_agency(
    clerk_a: Any, clerk_b: Any, agency_a: Any, agency_b: Any, operator: Any
) -> None:
    make_document(operator, agency_a, written_on=date(2025, 3, 3), title="甲机关的文件")
    make_document(operator, agency_b, written_on=date(2025, 3, 3), title="乙机关的文件")
    a, b = signed_in(clerk_a), signed_in(clerk_b)
    for _ in range(2):
        page_a = a.get(reverse("catalogue:list")).content.decode()
        page_b = b.get(reverse("catalogue:list")).content.decode()
        assert "甲机关的文件" in page_a and "乙机关的文件" not in page_a
        assert "乙机关的文件" in page_b and "甲机关的文件" not in page_b
    assert a.get(reverse("catalogue:list"), {"agency": agency_b.pk}).status_code == 404


def test_a_new_role_is_seen_at_the_next_request(operator: Any, city_office: Any) -> None:
    clerk = _staff(operator, "office_clerk", city_office, User.Role.CLERK, "吴立")
    client = signed_in(clerk)
    assert client.get(reverse("catalogue:new")).status_code == 200
    user_set_role(actor=operator, user=clerk, role=User.Role.SUPERVISOR)  # reads only
    assert client.get(reverse("catalogue:new")).status_code == 403
    user_set_role(actor=operator, user=clerk, role=User.Role.CLERK)
    assert client.get(reverse("catalogue:new")).status_code == 200


def test_a_changed_agency_is_seen_at_the_next_request(
    clerk_a: Any, agency_a: Any, agency_b: Any, operator: Any
) -> None:
    make_document(operator, agency_b, written_on=date(2025, 3, 3), title="乙机关的文件")
    client = signed_in(clerk_a)
    assert "乙机关的文件" not in client.get(reverse("catalogue:list")).content.decode()
    clerk_a.agency = agency_b
    clerk_a.save(update_fields=["agency"])
    assert "乙机关的文件" in client.get(reverse("catalogue:list")).content.decode()


def test_a_deactivated_user_is_signed_out_at_the_next_request(clerk_a: Any) -> None:
    client = signed_in(clerk_a)
    assert client.get(reverse("catalogue:list")).status_code == 200
    clerk_a.is_active = False
    clerk_a.save(update_fields=["is_active"])
    assert client.get(reverse("catalogue:list")).status_code == 302


def test_a_log_out_ends_the_session_everywhere(clerk_a: Any) -> None:
    client = signed_in(clerk_a)
    assert client.get(reverse("catalogue:list")).status_code == 200
    cookie = client.cookies["sessionid"].value
    client.post(reverse("logout"))
    # The old cookie, replayed from elsewhere, reaches nothing: the session left the cache and
    # the database.
    replay = Client()
    replay.cookies["sessionid"] = cookie
    assert replay.get(reverse("catalogue:list")).status_code == 302
    assert client.get(reverse("catalogue:list")).status_code == 302


def test_a_password_change_elsewhere_ends_the_other_sessions(clerk_a: Any) -> None:
    client = signed_in(clerk_a)
    assert client.get(reverse("catalogue:list")).status_code == 200
    clerk_a.set_password("another-horse-battery")
    clerk_a.save()
    assert client.get(reverse("catalogue:list")).status_code == 302


def test_a_new_second_factor_is_asked_for_at_the_next_request(clerk_a: Any) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = signed_in(clerk_a)
    assert client.get(reverse("catalogue:list")).status_code == 200
    TOTPDevice.objects.create(user=clerk_a, name="身份验证器", confirmed=True)
    response = client.get(reverse("catalogue:list"))
    assert response.status_code == 302
    assert reverse("accounts:second_factor_verify") in response["Location"]


def test_a_request_gets_its_own_copy_of_the_user(clerk_a: Any) -> None:
    from gongkai.accounts.lockout import _load_user

    first = lookups.session_user(clerk_a.pk, _load_user)
    first.otp_device = "verified here"
    first.agency.name = "改过的名称"
    second = lookups.session_user(clerk_a.pk, _load_user)
    assert not hasattr(second, "otp_device")
    assert second.agency.name == clerk_a.agency.name
    assert second is not first


def test_an_agency_moved_in_the_tree_changes_what_a_supervisor_sees(
    supervisor: Any, agency_a: Any, other_city_office: Any, operator: Any
) -> None:
    make_document(operator, agency_a, written_on=date(2025, 3, 3), title="甲机关的文件")
    client = signed_in(supervisor)
    path = reverse("catalogue:list") + f"?agency={agency_a.pk}"
    assert client.get(path).status_code == 200
    agency_a.parent = other_city_office
    agency_a.save(update_fields=["parent"])
    assert client.get(path).status_code == 404


def test_the_lookups_expire_even_without_a_signal(clerk_a: Any, monkeypatch: Any) -> None:
    from gongkai.accounts.lockout import _load_user

    assert lookups.session_user(clerk_a.pk, _load_user).role == User.Role.CLERK
    User.objects.filter(pk=clerk_a.pk).update(role=User.Role.REVIEWER)  # no signal
    assert lookups.session_user(clerk_a.pk, _load_user).role == User.Role.CLERK
    monkeypatch.setattr(lookups, "TTL", -1.0)
    assert lookups.session_user(clerk_a.pk, _load_user).role == User.Role.REVIEWER


def test_off_every_request_reads_the_database(settings: Any, clerk_a: Any) -> None:
    settings.ACCOUNT_LOOKUP_CACHE = False
    client = signed_in(clerk_a)
    client.get(reverse("catalogue:list"))
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("catalogue:list"))
    assert any('"accounts_user"' in q["sql"] for q in captured.captured_queries)


def test_the_request_copy_is_a_deep_copy_in_all_a_request_can_change(clerk_a: Any) -> None:
    import copy

    from gongkai.accounts.lockout import _load_user

    kept = _load_user(clerk_a.pk)
    kept.saved_ids = [1, 2]  # a mutable value of the user's own
    kept._state.fields_cache["agency"].tags = {"a"}
    handed = lookups.request_copy(kept)
    deep = copy.deepcopy(kept)
    deep.__dict__.pop("_django_version", None)
    deep.agency.__dict__.pop("_django_version", None)
    for copied in (handed, deep):  # the same attributes and values as a deep copy's
        assert copied.__dict__.keys() == kept.__dict__.keys()
        for name, value in kept.__dict__.items():
            if name != "_state":
                assert getattr(copied, name) == value, name
        assert vars(copied._state).keys() == vars(kept._state).keys()
        assert (copied._state.db, copied._state.adding) == (kept._state.db, kept._state.adding)
        assert copied.agency.__dict__.keys() == kept.agency.__dict__.keys()
        assert copied.agency.name == kept.agency.name
    # Nothing changed on the copy reaches the kept user.
    handed.saved_ids.append(3)
    handed.agency.tags.add("b")
    handed.agency.name = "改过的名称"
    handed._state.fields_cache["agency"] = None
    handed._state.adding = True
    handed.first_name = "改"
    assert kept.saved_ids == [1, 2]
    assert kept.agency.tags == {"a"}
    assert kept.agency.name == clerk_a.agency.name
    assert kept._state.fields_cache["agency"] is not None and not kept._state.adding
    assert kept.first_name == clerk_a.first_name


def test_a_page_gets_the_user_itself_marked_by_the_otp_middleware(
    clerk_a: Any, settings: Any
) -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.utils.functional import LazyObject

    for cached in (True, False):
        settings.ACCOUNT_LOOKUP_CACHE = cached
        response = signed_in(clerk_a).get(reverse("catalogue:list"))
        user = response.wsgi_request.user
        assert type(user) is User and not isinstance(user, LazyObject)
        assert user.pk == clerk_a.pk
        assert user.otp_device is None and user.is_verified() is False
    anonymous = Client().get(reverse("portal:index")).wsgi_request.user
    assert type(anonymous) is AnonymousUser
