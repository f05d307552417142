"""Error pages: a visitor of the public side (portal, application form, status look-up) sees
them in the portal's layout, in Chinese, with no link into the staff side; a staff address
keeps the staff layout with its navigation."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from gongkai.lib import error_pages
from gongkai.portal import views as portal_views
from tests.web.test_views_permissions import ROUTES

# Addresses of the staff side (and the admin and log-in pages) a public page must not link to.
STAFF_LINK = re.compile(
    r'(?:href|action)="/(?:"|\?|requests/|catalogue/|agencies/|audit/|calendar/|documents/|'
    r"appeals/|readingroom/|reports/|redaction/|accounts/|admin/|login/|logout/)"
)


def _assert_public_layout(html: str) -> None:
    assert 'lang="zh-Hans"' in html
    assert 'class="masthead"' in html and "portal/portal.css" in html
    assert 'class="topbar"' not in html and "工作台" not in html
    assert not STAFF_LINK.search(html), STAFF_LINK.search(html)


def _assert_staff_layout(html: str) -> None:
    assert 'class="topbar"' in html and "gongkai/site.css" in html
    assert 'class="masthead"' not in html


@pytest.mark.django_db
def test_it_shows_a_missing_portal_page_in_the_portal_layout(agency_a: Any) -> None:
    response = Client().get("/portal/NO-SUCH/")
    assert response.status_code == 404
    html = response.content.decode()
    _assert_public_layout(html)
    assert "<h1>页面不存在</h1>" in html and reverse("portal:index") in html
    # With no agency to name, the masthead names the site once, linking to every agency.
    masthead = html.split('<header class="masthead">')[1].split("</header>")[0]
    assert masthead.count("政府信息公开") == 1 and reverse("portal:index") in masthead


@pytest.mark.django_db
def test_it_names_the_agency_on_a_missing_page_of_its_portal(agency_a: Any) -> None:
    response = Client().get(reverse("portal:document", args=[agency_a.short_code, 999999]))
    assert response.status_code == 404
    html = response.content.decode()
    _assert_public_layout(html)
    assert "江临市教育局" in html and reverse("portal:home", args=["JL-JYJ"]) in html
    assert 'aria-label="栏目"' in html


def test_it_shows_an_unknown_address_under_the_public_side_in_the_portal_layout(
    agency_a: Any,
) -> None:
    for path in ("/portal/JL-JYJ/no/such/page/", "/status/nothing/", "/apply/x/"):
        response = Client().get(path)
        assert response.status_code == 404, path
        _assert_public_layout(response.content.decode())


def test_it_keeps_the_staff_layout_for_a_missing_staff_page(clerk_a: Any) -> None:
    client = Client()
    client.force_login(clerk_a)
    response = client.get("/requests/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    _assert_staff_layout(html)
    assert "返回工作台" in html and reverse("requests:dashboard") in html


def test_it_keeps_the_staff_layout_for_a_refused_staff_page(no_role_user: Any) -> None:
    client = Client()
    client.force_login(no_role_user)
    response = client.get(reverse("requests:dashboard"))
    assert response.status_code == 403
    html = response.content.decode()
    _assert_staff_layout(html)
    assert "您的账号尚未分配机关和角色。" in html


def test_it_answers_a_refused_csrf_token_in_chinese_in_each_layout(
    agency_a: Any, clerk_a: Any
) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("requests:apply"), {"agency": "JL-JYJ"})
    assert response.status_code == 403
    html = response.content.decode()
    _assert_public_layout(html)
    assert error_pages.CSRF_FAILED in html and "CSRF" not in html.replace("CSRFToken", "")

    client.force_login(clerk_a)
    response = client.post(reverse("requests:register"), {})
    assert response.status_code == 403
    _assert_staff_layout(response.content.decode())
    assert error_pages.CSRF_FAILED in response.content.decode()


def test_it_answers_a_bad_public_request_in_the_portal_layout(agency_a: Any, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5  # more fields than this is a SuspiciousOperation
    fields = {f"f{i}": "x" for i in range(10)}
    response = Client().post(reverse("requests:apply"), fields)
    assert response.status_code == 400
    html = response.content.decode()
    _assert_public_layout(html)
    assert error_pages.BAD_REQUEST in html


def test_it_answers_a_server_error_on_the_portal_in_the_portal_layout(
    agency_a: Any, monkeypatch: Any
) -> None:
    def broken(code: str) -> Any:
        raise RuntimeError("数据库连接中断")

    monkeypatch.setattr(portal_views, "portal_agency", broken)
    response = Client(raise_request_exception=False).get(reverse("portal:home", args=["JL-JYJ"]))
    assert response.status_code == 500
    html = response.content.decode()
    _assert_public_layout(html)
    assert error_pages.SERVER_ERROR in html and "数据库连接中断" not in html


def test_it_answers_a_server_error_on_a_staff_page_in_the_staff_layout() -> None:
    response = error_pages.server_error(RequestFactory().get("/requests/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "gongkai/site.css" in html and "portal/portal.css" not in html


@pytest.mark.django_db
def test_it_shows_a_refusal_on_a_public_page_in_the_portal_layout(agency_a: Any) -> None:
    from gongkai.errors import DomainError
    from gongkai.lib.middleware import DomainErrorMiddleware

    middleware = DomainErrorMiddleware(lambda r: None)  # type: ignore[arg-type,return-value]
    request = RequestFactory().get("/portal/JL-JYJ/documents/")
    response = middleware.process_exception(request, DomainError("检索词过长。"))
    assert response is not None and response.status_code == 400
    html = response.content.decode()
    _assert_public_layout(html)
    assert "检索词过长。" in html


def test_every_public_page_is_under_a_public_prefix() -> None:
    """The layout is chosen by the address: a public page elsewhere would get the staff one."""
    outside = []
    for name, kwargs, view in ROUTES:
        if not getattr(view, "gongkai_public", False) or name in {"media"}:
            continue
        if name.startswith("api-") or name.startswith("api:") or "openapi" in name:
            continue
        path = reverse(name, kwargs=kwargs)
        if not error_pages.is_public_path(path) and not path.startswith("/api/"):
            outside.append((name, path))
    assert outside == []
