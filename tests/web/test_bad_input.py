"""Hostile query strings and paths get a 4xx or an empty result, never a 500 (on SQLite and on
PostgreSQL, whose text cannot hold NUL)."""

from __future__ import annotations

from typing import Any
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest

NUL_URLS = [
    "/portal/%00/",
    "/portal/JL-JYJ/documents/?q=%00",
    "/portal/JL-JYJ/documents/?q=a%00b",
    "/catalogue/?q=%00",
    "/requests/?q=%00",
    "/audit/?q=%00",
    "/status/?code=%00",
]

ODD_NUMBERS = ["-1", "0", "1", "99999", "10000000000000000000000", "²", "٣", "1e3", " 2025", "abc"]


@pytest.mark.parametrize("url", NUL_URLS)
def test_a_nul_anywhere_in_the_address_is_a_400(client: Any, clerk_a: Any, url: str) -> None:
    client.force_login(clerk_a)
    response = client.get(url)
    assert response.status_code == 400
    page = response.content.decode()
    assert "空字符" in page
    # The site's 400 page (handler400), not a line of plain text: the portal's layout on a
    # public address, the signed-in clerk's navigation on a staff one.
    assert response["Content-Type"].startswith("text/html") and "<h1>请求有误</h1>" in page
    public = url.startswith(("/portal/", "/status/"))
    assert ('class="masthead"' in page) is public and ('class="mainnav"' in page) is not public


def test_a_nul_in_a_public_address_is_the_portal_400_page_over_http(
    live_server: Any, agency_a: Any
) -> None:
    """A real request through the server too (the NUL arrives percent-decoded in the path)."""
    for path, masthead in [
        ("/portal/JL-JYJ/documents/?q=a%00b", "江临市教育局"),
        ("/portal/JL-JYJ/%00/", "江临市教育局"),
        ("/portal/%00/", ""),  # no agency is looked up by a code with a NUL (PostgreSQL)
    ]:
        with pytest.raises(HTTPError) as answer:
            urlopen(live_server.url + path)
        assert answer.value.code == 400, path
        assert answer.value.headers["Content-Type"].startswith("text/html")
        page = answer.value.read().decode()
        assert "<h1>请求有误</h1>" in page and "空字符" in page and 'class="masthead"' in page
        assert masthead in page and 'class="topbar"' not in page


def test_the_api_refuses_a_nul_with_its_documented_codes(client: Any, agency_a: Any) -> None:
    assert client.get("/api/agencies/JL-JYJ/documents?q=%00").status_code == 422
    assert client.get("/api/agencies/JL-JYJ/documents?year=%00").status_code == 422
    assert client.get("/api/agencies/JL%00/reports").status_code == 404


def test_a_nul_in_a_posted_form_is_a_form_error_not_a_500(client: Any, clerk_a: Any) -> None:
    response = client.post("/login/", {"username": "a\x00b", "password": "x"})
    assert response.status_code in {200, 400}


@pytest.mark.parametrize(
    "url",
    [
        "/calendar/deadline/?received=9999-12-31&days=400",
        "/calendar/deadline/?received=0001-01-01&days=20",
        "/calendar/deadline/?received=2026-01-01&days=20&pause_from=2026-01-02&pause_to=9999-12-31",
        "/readingroom/?day=9999-12-31",
        "/portal/JL-JYJ/documents/?year=99999999999999999999",
        "/portal/JL-JYJ/documents/?page=99999999999999999999",
        "/requests/99999999999999999999/",
        "/audit/?page=-1",
    ],
)
def test_dates_and_numbers_far_out_of_range_are_never_a_500(
    client: Any, clerk_a: Any, url: str
) -> None:
    client.force_login(clerk_a)
    assert client.get(url).status_code < 500


@pytest.mark.parametrize("value", ODD_NUMBERS)
@pytest.mark.parametrize(
    "path",
    [
        "/requests/statistics/?year={}",
        "/requests/statistics/?agency={}",
        "/requests/ledger.xlsx?year={}",
        "/requests/ledger.xlsx?agency={}",
        "/requests/?year={}",
        "/requests/?agency={}",
        "/catalogue/?agency={}",
        "/catalogue/figures/?year={}",
        "/appeals/?year={}",
        "/supervise/summary/?year={}",
    ],
)
def test_odd_numbers_and_years_are_never_a_500(
    client: Any, supervisor: Any, clerk_a: Any, path: str, value: str
) -> None:
    for user in (clerk_a, supervisor):
        client.force_login(user)
        response = client.get(path.format(value))
        assert response.status_code < 500, (user, path, value)
