"""The public page cache (gongkai.portal.cache): a hit costs no query, any committed change to
public content is seen at once, and nothing private or personal is ever kept."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.web.catalogue_helpers import make_document
from tests.web.requests_fixtures import register

HIT = "X-Gongkai-Cache"


@pytest.fixture(autouse=True)
def page_cache(settings: Any) -> Any:
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def _committed(capture: Any, work: Any) -> Any:
    with capture(execute=True):  # the on-commit hooks run as after a real commit
        return work()


def test_a_second_visit_is_served_from_the_cache_without_a_query(
    agency_a: Any, django_assert_num_queries: Any
) -> None:
    url = reverse("portal:home", kwargs={"code": agency_a.short_code})
    first = Client().get(url)
    assert first.status_code == 200 and HIT not in first
    with django_assert_num_queries(0):
        second = Client().get(url)
    assert second[HIT] == "hit" and second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["X-Frame-Options"] == "DENY"  # the middleware's headers still come


def test_a_committed_change_is_seen_at_once(
    clerk_a: Any, agency_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    url = reverse("portal:documents", kwargs={"code": agency_a.short_code})
    assert "新的招生政策" not in Client().get(url).content.decode()
    assert Client().get(url)[HIT] == "hit"
    _committed(
        django_capture_on_commit_callbacks,
        lambda: make_document(clerk_a, agency_a, written_on=date(2026, 3, 1), title="新的招生政策"),
    )
    fresh = Client().get(url)
    assert HIT not in fresh and "新的招生政策" in fresh.content.decode()


def test_private_changes_keep_the_cache(
    clerk_a: Any, agency_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    url = reverse("portal:home", kwargs={"code": agency_a.short_code})
    Client().get(url)
    _committed(
        django_capture_on_commit_callbacks, lambda: register(clerk_a, agency_a, date(2026, 3, 2))
    )
    assert Client().get(url)[HIT] == "hit"  # a disclosure request is not public content


def test_staff_misses_and_refusals_are_never_cached(clerk_a: Any, agency_a: Any) -> None:
    url = reverse("portal:home", kwargs={"code": agency_a.short_code})
    staff = Client()
    staff.force_login(clerk_a)
    staff.get(url)
    assert HIT not in staff.get(url)  # a logged-in page may show who is logged in
    missing = reverse("portal:home", kwargs={"code": "NO-SUCH"})
    assert Client().get(missing).status_code == 404
    again = Client().get(missing)
    assert again.status_code == 404 and HIT not in again


def test_it_can_be_turned_off(settings: Any, agency_a: Any) -> None:
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    url = reverse("portal:home", kwargs={"code": agency_a.short_code})
    Client().get(url)
    assert HIT not in Client().get(url)
