"""Saved filters on the staff request list: named, one user's own, only the list's parameters."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse

from gongkai.accounts.models import SavedFilter
from gongkai.accounts.saved_filters import REQUESTS, saved_filter_save
from tests.web.requests_fixtures import register

pytestmark = pytest.mark.django_db


def test_it_keeps_only_the_lists_parameters_and_replaces_a_name_used_again(clerk_a: Any) -> None:
    params = QueryDict("q=校车&status=open&page=3&evil=<script>&mine=1&year=")
    saved = saved_filter_save(user=clerk_a, page=REQUESTS, name="我的校车案件", params=params)
    assert QueryDict(saved.query).dict() == {"q": "校车", "status": "open", "mine": "1"}
    again = saved_filter_save(
        user=clerk_a, page=REQUESTS, name="我的校车案件", params=QueryDict("closed=1")
    )
    assert again.pk == saved.pk and again.query == "closed=1"
    with pytest.raises(ValidationError, match="没有任何筛选条件"):
        saved_filter_save(user=clerk_a, page=REQUESTS, name="空", params=QueryDict("page=2"))
    with pytest.raises(ValidationError, match="起个名称"):
        saved_filter_save(user=clerk_a, page=REQUESTS, name=" ", params=params)


@pytest.mark.parametrize("kept", [False, True])
def test_a_user_saves_finds_and_deletes_a_filter_on_the_dashboard(
    client: Any, clerk_a: Any, agency_a: Any, settings: Any, kept: bool
) -> None:
    """Also as production runs, the filters kept with the user's lookups
    (``saved_filter_list``): saving and deleting one shows at once."""
    from gongkai.accounts import lookups

    settings.ACCOUNT_LOOKUP_CACHE = kept
    lookups.clear()
    case = register(clerk_a, agency_a, date(2025, 3, 3), name="欧阳修")[0]
    register(clerk_a, agency_a, date(2025, 3, 4), name="司马光")
    client.force_login(clerk_a)
    page = client.get(reverse("requests:dashboard"), {"q": "欧阳"}).content.decode()
    assert 'id="filter-save"' in page
    response = client.post(
        reverse("requests:filter_save"), {"params": "q=欧阳&closed=1", "name": "欧阳的申请"}
    )
    assert response.status_code == 302
    listing = client.get(response["Location"]).content.decode()
    assert case.tracking_number in listing and "司马光" not in listing
    home = client.get(reverse("requests:dashboard")).content.decode()
    saved = SavedFilter.objects.get(user=clerk_a)
    assert "欧阳的申请" in home and f"?{saved.query}" in home.replace("&amp;", "&")
    client.post(reverse("requests:filter_delete", args=[saved.pk]))
    assert not SavedFilter.objects.exists()
    client.get(reverse("requests:dashboard"))  # the message of the deletion shown
    assert "欧阳的申请" not in client.get(reverse("requests:dashboard")).content.decode()


def test_no_one_else_sees_or_deletes_a_users_filter(
    client: Any, clerk_a: Any, reviewer_a: Any, clerk_b: Any
) -> None:
    saved = saved_filter_save(user=clerk_a, page=REQUESTS, name="王晓燕的", params=QueryDict("q=x"))
    for other in (reviewer_a, clerk_b):
        client.force_login(other)
        assert "王晓燕的" not in client.get(reverse("requests:dashboard")).content.decode()
        response = client.post(reverse("requests:filter_delete", args=[saved.pk]))
        assert response.status_code == 404
    assert SavedFilter.objects.filter(pk=saved.pk).exists()
    client.logout()
    assert (
        client.post(reverse("requests:filter_save"), {"params": "q=x", "name": "n"}).status_code
        == 302
    )
    assert SavedFilter.objects.count() == 1  # the anonymous visitor was sent to log in
