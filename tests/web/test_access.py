"""Per-agency visibility, decided in one place (gongkai.accounts.access)."""

from __future__ import annotations

import pytest
from django.http import Http404

from gongkai.accounts.access import (
    can_write,
    get_object_for_user,
    scope_to_user,
    visible_agencies,
)
from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.audit.models import Event


def names(qs) -> set[str]:
    return {a.short_code for a in qs}


def test_it_shows_a_clerk_only_their_own_agency(clerk_a, agency_b) -> None:
    assert names(visible_agencies(clerk_a)) == {"JL-JYJ"}


def test_it_shows_a_supervisor_their_office_and_everything_below(supervisor, other_city_office):
    assert names(visible_agencies(supervisor)) == {"JL", "JL-JYJ", "JL-DAJ"}


def test_it_shows_a_supervisor_grandchildren_too(operator, supervisor, agency_a) -> None:
    from gongkai.agencies.services import agency_create

    agency_create(
        actor=operator,
        name="江临市教育局直属学校",
        short_code="JL-JYJ-XX",
        kind=Agency.Kind.DEPARTMENT,
        parent=agency_a,
        disclosure_unit="校办",
    )
    assert "JL-JYJ-XX" in names(visible_agencies(supervisor))


def test_it_shows_a_platform_operator_everything(operator, agency_a, agency_b, other_city_office):
    assert names(visible_agencies(operator)) == {"JL", "JL-JYJ", "JL-DAJ", "HY"}


def test_it_shows_nothing_to_a_user_without_agency_or_role(no_role_user, agency_a) -> None:
    assert not visible_agencies(no_role_user).exists()


def test_it_shows_nothing_to_a_deactivated_user(clerk_a) -> None:
    clerk_a.is_active = False
    assert not visible_agencies(clerk_a).exists()


def test_it_scopes_any_queryset_by_its_agency_field(clerk_a, clerk_b) -> None:
    # The fixtures' audit events belong to agencies A and B.
    seen_by_b = scope_to_user(Event.objects.all(), clerk_b)
    assert seen_by_b.exists()
    assert not seen_by_b.filter(agency__short_code="JL-JYJ").exists()


def test_it_raises_404_for_another_agencys_object(clerk_b, agency_a) -> None:
    with pytest.raises(Http404):
        get_object_for_user(clerk_b, Agency, via="", pk=agency_a.pk)


def test_it_returns_an_object_the_user_may_see(clerk_a, agency_a) -> None:
    assert get_object_for_user(clerk_a, Agency, via="", pk=agency_a.pk) == agency_a


def test_it_lets_only_the_own_agencys_staff_write(
    clerk_a, reviewer_a, admin_a, supervisor, agency_a, agency_b
) -> None:
    assert can_write(clerk_a, agency_a) and can_write(reviewer_a, agency_a)
    assert can_write(admin_a, agency_a)
    assert not can_write(admin_a, agency_b)
    # A supervisor reads everything below, changes nothing.
    assert not can_write(supervisor, agency_a)
    assert not can_write(supervisor, supervisor.agency)


def test_it_grants_the_supervisor_role_only_in_a_disclosure_office(operator, agency_a) -> None:
    from django.core.exceptions import ValidationError

    from gongkai.accounts.services import user_create

    with pytest.raises(ValidationError):
        user_create(
            actor=operator,
            username="x",
            password=None,
            agency=agency_a,
            role=User.Role.SUPERVISOR,
        )
