"""Every view, tested for its permission failures.

``VIEW_ARGS`` must name every URL of the platform's apps: a new view without an entry here
fails ``test_it_knows_every_view``, so none ships untested.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# url name -> kwargs builder (from the fixtures' objects)
VIEW_ARGS: dict[str, Any] = {
    "home": lambda f: {},
    "accounts:user_list": lambda f: {},
    "agencies:list": lambda f: {},
    "agencies:detail": lambda f: {"pk": f["agency_a"].pk},
    "agencies:edit": lambda f: {"pk": f["agency_a"].pk},
    "audit:event_list": lambda f: {},
    "audit:export_csv": lambda f: {},
    "audit:export_xlsx": lambda f: {},
    "workdays:overview": lambda f: {},
    "workdays:year": lambda f: {"year": 2026},
    "workdays:deadline": lambda f: {},
}
PUBLIC = {"login", "logout"}


def _names(resolver: URLResolver, prefix: str = "") -> set[str]:
    found: set[str] = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            found |= _names(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            found.add(prefix + entry.name)
    return found


@pytest.fixture
def objects(agency_a, agency_b) -> dict[str, Any]:
    return {"agency_a": agency_a, "agency_b": agency_b}


def _url(name: str, objects: dict[str, Any]) -> str:
    return reverse(name, kwargs=VIEW_ARGS[name](objects))


def test_it_knows_every_view() -> None:
    assert _names(get_resolver()) - PUBLIC == set(VIEW_ARGS)


@pytest.mark.parametrize("name", sorted(VIEW_ARGS))
def test_it_sends_an_anonymous_visitor_to_the_login_page(client, objects, name) -> None:
    response = client.get(_url(name, objects))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", sorted(VIEW_ARGS))
def test_it_refuses_a_user_without_agency_or_role(client, objects, no_role_user, name) -> None:
    client.force_login(no_role_user)
    assert client.get(_url(name, objects)).status_code == 403


ROLE_ONLY = {
    # view -> personas refused with 403 (the rest of the staff get 200)
    "accounts:user_list": {"clerk_a", "reviewer_a"},
    "agencies:edit": {"clerk_a", "reviewer_a", "supervisor"},
}


@pytest.mark.parametrize("name", sorted(ROLE_ONLY))
@pytest.mark.parametrize("persona", ["clerk_a", "reviewer_a", "admin_a", "supervisor", "operator"])
def test_it_lets_only_the_right_roles_in(client, objects, everyone, name, persona) -> None:
    client.force_login(everyone[persona])
    expected = 403 if persona in ROLE_ONLY[name] else 200
    assert client.get(_url(name, objects)).status_code == expected


@pytest.mark.parametrize("persona", ["clerk_b", "admin_b", "other_supervisor"])
@pytest.mark.parametrize("name", ["agencies:detail", "agencies:edit"])
def test_it_hides_agency_a_from_outsiders(client, objects, everyone, persona, name) -> None:
    client.force_login(everyone[persona])
    status = client.get(_url(name, objects)).status_code
    # 404, not 403: another agency's record is not even acknowledged. (Roles that may never
    # edit are refused the edit page by role first.)
    refused_by_role = name == "agencies:edit" and persona != "admin_b"
    assert status == (403 if refused_by_role else 404)


def test_it_lets_the_admin_of_b_not_edit_a_by_post(client, objects, admin_b, agency_a) -> None:
    client.force_login(admin_b)
    response = client.post(_url("agencies:edit", objects), {"disclosure_unit": "被篡改"})
    assert response.status_code == 404
    agency_a.refresh_from_db()
    assert agency_a.disclosure_unit == "办公室"


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
