"""Every view, tested for its permission failures.

Every URL of the platform (except Django's admin, which guards itself) is requested by an
anonymous visitor and by a logged-in user without agency or role: each must be refused unless
its view is marked ``public_view``. Views are discovered from the URL map, so a view added by a
later app is covered without editing this file. The refusal happens before any object lookup,
so placeholder arguments are enough.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter

# Refusals: a redirect to the login page (anonymous), 403 (logged in, no role), or 405 when a
# view only accepts POST and says so before anything else.
REFUSED_ANONYMOUS = {302, 401, 405}  # 401: the API's token-only endpoints
REFUSED_NO_ROLE = {401, 403, 405}


def _placeholder(converter: Any) -> Any:
    if isinstance(converter, IntConverter):
        return 999999
    if isinstance(converter, UUIDConverter):
        return uuid.UUID(int=0)
    return "x"


def _routes(resolver: URLResolver, prefix: str = "", converters: dict | None = None) -> list:
    found = []
    for entry in resolver.url_patterns:
        pattern_converters = {**(converters or {}), **entry.pattern.converters}
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            found += _routes(entry, namespace, pattern_converters)
        elif isinstance(entry, URLPattern) and entry.name:
            kwargs = {k: _placeholder(c) for k, c in pattern_converters.items()}
            found.append((prefix + entry.name, kwargs, entry.callback))
    return found


ROUTES = _routes(get_resolver())
PROTECTED = [
    pytest.param(name, kwargs, id=name)
    for name, kwargs, view in ROUTES
    if not getattr(view, "gongkai_public", False) and name not in {"login", "logout"}
]
# The signed-in user's own account (password, second factor): open to every signed-in user,
# a user without a role included (``own_account_view``); they act on nobody else's account.
OWN_ACCOUNT = {
    "accounts:password_change",
    "accounts:security",
    "accounts:second_factor_verify",
    "accounts:second_factor_setup",
    "accounts:second_factor_qr",
    "accounts:second_factor_disable",
    "accounts:recovery_codes_new",
}


def test_only_the_own_account_pages_are_open_to_any_signed_in_user() -> None:
    marked = {name for name, _kw, view in ROUTES if getattr(view, "gongkai_own_account", False)}
    assert marked == OWN_ACCOUNT


def test_it_finds_the_platforms_views() -> None:
    names = {p.values[0] for p in PROTECTED}
    assert {"home", "agencies:detail", "audit:export_csv", "workdays:deadline"} <= names


@pytest.mark.parametrize(("name", "kwargs"), PROTECTED)
def test_it_refuses_an_anonymous_visitor(client, db, name, kwargs) -> None:
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code in REFUSED_ANONYMOUS
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "kwargs"), PROTECTED)
def test_it_refuses_a_user_without_agency_or_role(client, no_role_user, name, kwargs) -> None:
    client.force_login(no_role_user)
    status = client.get(reverse(name, kwargs=kwargs)).status_code
    if name in OWN_ACCOUNT:
        assert status in {200, 302, 405}  # their own account only; a redirect when not due
    else:
        assert status in REFUSED_NO_ROLE


@pytest.fixture
def objects(agency_a, agency_b) -> dict[str, Any]:
    return {"agency_a": agency_a, "agency_b": agency_b}


VIEW_ARGS: dict[str, Any] = {
    "accounts:user_list": lambda f: {},
    "agencies:detail": lambda f: {"pk": f["agency_a"].pk},
    "agencies:edit": lambda f: {"pk": f["agency_a"].pk},
    "agencies:guide": lambda f: {"pk": f["agency_a"].pk},
}


def _url(name: str, objects: dict[str, Any]) -> str:
    return reverse(name, kwargs=VIEW_ARGS[name](objects))


ROLE_ONLY = {
    # view -> personas refused with 403 (the rest of the staff get 200)
    "accounts:user_list": {"clerk_a", "reviewer_a"},
    "agencies:edit": {"clerk_a", "reviewer_a", "supervisor"},
    "agencies:guide": {"clerk_a", "reviewer_a", "supervisor"},
}


@pytest.mark.parametrize("name", sorted(ROLE_ONLY))
@pytest.mark.parametrize("persona", ["clerk_a", "reviewer_a", "admin_a", "supervisor", "operator"])
def test_it_lets_only_the_right_roles_in(client, objects, everyone, name, persona) -> None:
    client.force_login(everyone[persona])
    expected = 403 if persona in ROLE_ONLY[name] else 200
    assert client.get(_url(name, objects)).status_code == expected


@pytest.mark.parametrize("persona", ["clerk_b", "admin_b", "other_supervisor"])
@pytest.mark.parametrize("name", ["agencies:detail", "agencies:edit", "agencies:guide"])
def test_it_hides_agency_a_from_outsiders(client, objects, everyone, persona, name) -> None:
    client.force_login(everyone[persona])
    status = client.get(_url(name, objects)).status_code
    # 404, not 403: another agency's record is not even acknowledged. (Roles that may never
    # edit are refused the edit page by role first.)
    refused_by_role = name in {"agencies:edit", "agencies:guide"} and persona != "admin_b"
    assert status == (403 if refused_by_role else 404)


@pytest.mark.parametrize(
    ("name", "field"), [("agencies:edit", "disclosure_unit"), ("agencies:guide", "request_office")]
)
def test_it_lets_the_admin_of_b_not_edit_a_by_post(
    client, objects, admin_b, agency_a, name, field
) -> None:
    client.force_login(admin_b)
    before = getattr(agency_a, field)
    response = client.post(_url(name, objects), {field: "被篡改"})
    assert response.status_code == 404
    agency_a.refresh_from_db()
    assert getattr(agency_a, field) == before


def test_it_lists_only_visible_agencies(client, everyone) -> None:
    client.force_login(everyone["clerk_b"])
    page = client.get(reverse("agencies:list")).content.decode()
    assert "江临市档案局" in page
    assert "江临市教育局" not in page


def test_it_keeps_agency_as_audit_events_from_bs_clerk(client, everyone) -> None:
    client.force_login(everyone["clerk_b"])
    page = client.get(reverse("audit:event_list")).content.decode()
    assert "clerk_b" in page
    assert "clerk_a" not in page and "admin_a" not in page
    export = client.get(reverse("audit:export_csv")).content.decode("utf-8-sig")
    assert "clerk_b" in export and "clerk_a" not in export


def test_it_lists_only_visible_users(client, everyone) -> None:
    client.force_login(everyone["admin_b"])
    page = client.get(reverse("accounts:user_list")).content.decode()
    assert "clerk_b" in page and "clerk_a" not in page
    client.force_login(everyone["supervisor"])
    page = client.get(reverse("accounts:user_list")).content.decode()
    assert "clerk_b" in page and "clerk_a" in page and "other_sup" not in page


def test_it_keeps_the_admin_site_from_staff_users(client, everyone) -> None:
    client.force_login(everyone["admin_a"])
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
