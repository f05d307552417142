"""保密审查 before a reply is sent (条例第十七条, issue 20 item 2): a recorded step — reviewer,
date, opinion, conclusion — of the draft as it stands; no reply goes out without it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gongkai.audit.models import Event
from gongkai.requests import services
from gongkai.requests.guards import TransitionError
from gongkai.requests.models import Application, Status
from gongkai.requests.secrecy import application_secrecy_review, current_review
from tests.web.conftest import client_of
from tests.web.requests_fixtures import (
    on_monday,  # noqa: F401  (fixtures)
    register,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_monday")]
DAY = date(2026, 3, 2)


@pytest.fixture
def drafted(clerk_a, agency_a) -> Application:
    application = register(clerk_a, agency_a, date(2026, 2, 6))[0]
    return services.application_draft_reply(
        actor=clerk_a, application=application, outcome="disclosed"
    )


def _review(actor: Any, application: Application, passed: bool = True, **kw: Any) -> Any:
    return application_secrecy_review(
        actor=actor,
        application=application,
        reviewed_on=kw.pop("on", DAY),
        passed=passed,
        opinion=kw.pop("opinion", "不涉及国家秘密，同意发出。"),
    )


def _answer(reviewer: Any, application: Application, on: date = DAY) -> Application:
    return services.application_answer(actor=reviewer, application=application, answered_on=on)


def test_no_reply_goes_out_unreviewed(drafted, reviewer_a) -> None:
    with pytest.raises(TransitionError, match="保密审查"):
        _answer(reviewer_a, drafted)
    drafted.refresh_from_db()
    assert drafted.status == Status.OPEN


def test_a_passed_review_lets_the_reply_go_and_is_on_the_trail(drafted, reviewer_a) -> None:
    review = _review(reviewer_a, drafted, opinion="经审查不涉密")
    assert (review.reviewer, review.reviewed_on, review.passed) == (reviewer_a, DAY, True)
    event = Event.objects.filter(action="application.secrecy_review").get()
    assert event.object_id == str(drafted.pk) and event.reason == "经审查不涉密"
    assert event.changes["passed"] == [None, True]
    assert _answer(reviewer_a, drafted).status == Status.CLOSED


def test_a_refusal_stops_the_reply(drafted, reviewer_a) -> None:
    _review(reviewer_a, drafted, passed=False, opinion="第二项涉及工作秘密")
    with pytest.raises(TransitionError, match="第二项涉及工作秘密"):
        _answer(reviewer_a, drafted)


def test_a_draft_changed_after_review_is_reviewed_again(drafted, clerk_a, reviewer_a) -> None:
    _review(reviewer_a, drafted)
    services.application_draft_reply(
        actor=clerk_a, application=drafted, outcome="unavailable.not_held"
    )
    drafted.refresh_from_db()
    assert current_review(drafted) is None
    with pytest.raises(TransitionError, match="保密审查"):
        _answer(reviewer_a, drafted)
    _review(reviewer_a, drafted)
    assert _answer(reviewer_a, drafted).outcome == "unavailable.not_held"


def test_the_reply_cannot_predate_its_review(drafted, reviewer_a) -> None:
    _review(reviewer_a, drafted, on=DAY)
    with pytest.raises(TransitionError, match="早于保密审查日期"):
        _answer(reviewer_a, drafted, on=date(2026, 2, 27))


def test_a_clerk_does_not_review_and_an_opinion_is_required(drafted, clerk_a, reviewer_a) -> None:
    with pytest.raises(PermissionDenied):
        _review(clerk_a, drafted)
    with pytest.raises(TransitionError, match="审查意见"):
        _review(reviewer_a, drafted, opinion="  ")


def test_nothing_to_review_before_a_draft(clerk_a, reviewer_a, agency_a) -> None:
    application = register(clerk_a, agency_a, date(2026, 2, 6))[0]
    with pytest.raises(TransitionError, match="先拟定"):
        _review(reviewer_a, application)


def test_the_case_page_records_and_shows_the_review(drafted, reviewer_a, clerk_a) -> None:
    detail = reverse("requests:detail", kwargs={"pk": drafted.pk})
    assert "尚未经保密审查" in client_of(clerk_a).get(detail).text
    url = reverse("requests:action", kwargs={"pk": drafted.pk, "action": "secrecy_review"})
    assert f'href="{url}"' not in client_of(clerk_a).get(detail).text  # the reviewer's step
    assert f'href="{url}"' in client_of(reviewer_a).get(detail).text
    form = {"reviewed_on": "2026-03-02", "passed": "no", "opinion": "附件含个人身份证号"}
    assert client_of(reviewer_a).post(url, form).status_code == 302
    page = client_of(clerk_a).get(detail).text
    assert "不同意" in page and "附件含个人身份证号" in page
    answer = reverse("requests:action", kwargs={"pk": drafted.pk, "action": "answer"})
    refused = client_of(reviewer_a).post(answer, {"answered_on": "2026-03-02"})
    assert refused.status_code == 200 and "保密审查未同意发出" in refused.text
