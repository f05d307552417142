"""Every transition: what it does, the audit event it writes, and who may not do it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from gongkai.audit.models import Event
from gongkai.requests import codes
from gongkai.requests import services as s
from gongkai.requests.models import Application, Status
from tests.web.requests_fixtures import register, secrecy_passed

pytestmark = pytest.mark.django_db
TODAY = "2026-03-02 10:00 +0800"
RECEIVED = date(2026, 2, 6)
DAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(TODAY, tick=False):
        yield


def _open(clerk: Any, agency: Any) -> Application:
    return register(clerk, agency, RECEIVED)[0]


def _in_correction(clerk: Any, agency: Any) -> Application:
    application = register(clerk, agency, date(2026, 2, 26))[0]
    return s.application_request_correction(
        actor=clerk,
        application=application,
        requested_on=DAY,
        correction_days=10,
        items="补充",
        delivery={"method": "in_person", "sent_on": DAY},  # received on the day
    )


def _consulting(clerk: Any, agency: Any) -> Application:
    application = _open(clerk, agency)
    s.application_consult(
        actor=clerk, application=application, kind="agency", party="市财政局", sent_on=DAY
    )
    application.refresh_from_db()
    return application


def _reasons_asked(clerk: Any, agency: Any) -> Application:
    from gongkai.requests.reasons import application_ask_reasons

    return application_ask_reasons(actor=clerk, application=_open(clerk, agency), asked_on=DAY)


def _in_fee(clerk: Any, agency: Any) -> Application:
    return s.application_send_fee_notice(
        actor=clerk,
        application=_open(clerk, agency),
        method="per_volume",
        notice_on=DAY,
        pages=40,
        delivery={"method": "in_person", "sent_on": DAY},  # received on the day
    )


def _drafted(clerk: Any, agency: Any) -> Application:
    return s.application_draft_reply(
        actor=clerk, application=_open(clerk, agency), outcome="disclosed"
    )


def _reviewed(clerk: Any, agency: Any) -> Application:
    """Drafted and through its 保密审查 (by the agency's reviewer or administrator)."""
    from gongkai.accounts.models import User

    application = _drafted(clerk, agency)
    officer = User.objects.filter(agency=agency, role__in=["reviewer", "admin"]).first()
    if officer is None:
        officer = User.objects.create(username="secrecy_officer", agency=agency, role="reviewer")
    secrecy_passed(officer, application)
    return application


# name → (set-up giving a case in the right state, the call, reviewer only)
TRANSITIONS: dict[str, tuple[Callable[..., Application], Callable[..., Any], bool]] = {
    "request_correction": (
        lambda c, a: register(c, a, date(2026, 2, 26))[0],
        lambda u, app: s.application_request_correction(
            actor=u, application=app, requested_on=DAY, correction_days=10, items="补充"
        ),
        False,
    ),
    "receive_correction": (
        _in_correction,
        lambda u, app: s.application_receive_correction(actor=u, application=app, received_on=DAY),
        False,
    ),
    "consult": (
        _open,
        lambda u, app: s.application_consult(
            actor=u, application=app, kind="third_party", party="某公司", sent_on=DAY
        ),
        False,
    ),
    "receive_opinion": (
        _consulting,
        lambda u, app: s.application_receive_opinion(
            actor=u, consultation=app.consultations.get(), answered_on=DAY, opinion="同意"
        ),
        False,
    ),
    "extend": (
        _open,
        lambda u, app: s.application_extend(
            actor=u, application=app, days=20, reason="复杂", approved_on=DAY, notified_on=DAY
        ),
        True,
    ),
    "set_later_deadline": (
        _reasons_asked,
        lambda u, app: s.application_set_later_deadline(
            actor=u, application=app, deadline=date(2026, 6, 1), reason="数量大"
        ),
        True,
    ),
    "send_fee_notice": (
        _open,
        lambda u, app: s.application_send_fee_notice(
            actor=u, application=app, method="per_volume", notice_on=DAY, pages=40
        ),
        False,
    ),
    "record_payment": (
        _in_fee,
        lambda u, app: s.application_record_payment(actor=u, application=app, paid_on=DAY),
        False,
    ),
    "draft_reply": (
        _open,
        lambda u, app: s.application_draft_reply(actor=u, application=app, outcome="disclosed"),
        False,
    ),
    "answer": (
        _reviewed,
        lambda u, app: s.application_answer(actor=u, application=app, answered_on=DAY),
        True,
    ),
    "withdraw": (
        _open,
        lambda u, app: s.application_withdraw(
            actor=u, application=app, withdrawn_on=DAY, reason="申请人撤回"
        ),
        False,
    ),
}


@pytest.mark.parametrize("name", sorted(TRANSITIONS))
def test_it_lets_the_agencys_staff_make_each_transition(name, clerk_a, reviewer_a, agency_a):
    setup, call, reviewer_only = TRANSITIONS[name]
    application = setup(clerk_a, agency_a)
    before = Event.objects.count()
    call(reviewer_a if reviewer_only else clerk_a, application)
    assert Event.objects.count() == before + 1
    event = Event.objects.order_by("-pk").first()
    assert event is not None and event.action.startswith("application.")
    assert event.agency == agency_a and event.object_id == str(application.pk)


@pytest.mark.parametrize("persona", ["clerk_b", "admin_b", "supervisor", "other_supervisor"])
@pytest.mark.parametrize("name", sorted(TRANSITIONS))
def test_it_refuses_each_transition_to_outsiders_and_readers(name, persona, everyone, agency_a):
    setup, call, _ = TRANSITIONS[name]
    application = setup(everyone["clerk_a"], agency_a)
    before = Application.objects.get(pk=application.pk)
    with pytest.raises(PermissionDenied):
        call(everyone[persona], application)
    after = Application.objects.get(pk=application.pk)
    assert (after.status, after.due_on) == (before.status, before.due_on)


@pytest.mark.parametrize("name", [n for n, t in TRANSITIONS.items() if t[2]])
def test_it_keeps_reviewer_decisions_from_the_clerk(name, clerk_a, admin_a, agency_a) -> None:
    setup, call, _ = TRANSITIONS[name]
    application = setup(clerk_a, agency_a)
    for user in (clerk_a, admin_a):
        with pytest.raises(PermissionDenied, match="审核人"):
            call(user, application)


def test_it_refuses_registration_by_another_agencys_clerk(clerk_b, agency_a) -> None:
    with pytest.raises(PermissionDenied):
        register(clerk_b, agency_a, RECEIVED)
    assert not Application.objects.exists()


def test_it_answers_with_the_drafted_outcome_and_letter(clerk_a, reviewer_a, agency_a) -> None:
    application = _drafted(clerk_a, agency_a)
    secrecy_passed(reviewer_a, application)
    assert "第三十六条第（二）项" in application.letter_text
    assert "六十日内" in application.letter_text and "六个月内" in application.letter_text
    closed = s.application_answer(actor=reviewer_a, application=application, answered_on=DAY)
    assert (closed.status, closed.outcome, closed.closed_on) == (Status.CLOSED, "disclosed", DAY)
    with pytest.raises(s.TransitionError):
        s.application_withdraw(actor=clerk_a, application=closed, withdrawn_on=DAY, reason="")


def test_it_keeps_a_clerks_edited_letter(clerk_a, agency_a) -> None:
    application = s.application_draft_reply(
        actor=clerk_a,
        application=_open(clerk_a, agency_a),
        outcome="unavailable.not_held",
        letter_text="张三丰：\n经检索，本机关没有该信息。",
    )
    assert application.letter_text == "张三丰：\n经检索，本机关没有该信息。"
    redrafted = s.application_draft_reply(
        actor=clerk_a,
        application=application,
        outcome="disclosed",
        letter_text=application.letter_text,
    )
    assert "予以公开" in redrafted.letter_text  # a new outcome with the old text: regenerated


def test_it_asks_for_correction_only_once(clerk_a, agency_a) -> None:
    application = _in_correction(clerk_a, agency_a)
    application = s.application_receive_correction(
        actor=clerk_a, application=application, received_on=DAY
    )
    with pytest.raises(s.TransitionError, match="一次性"):
        s.application_request_correction(
            actor=clerk_a,
            application=application,
            requested_on=DAY,
            correction_days=5,
            items="再补",
        )


def test_it_deems_no_correction_abandoned_only_after_the_deadline(clerk_a, agency_a) -> None:
    application = _in_correction(clerk_a, agency_a)
    assert application.correction_due_on is not None
    with pytest.raises(s.TransitionError, match="届满"):
        s.application_deem_abandoned(actor=clerk_a, application=application, on=DAY)
    with time_machine.travel("2026-04-01 10:00 +0800", tick=False):
        closed = s.application_deem_abandoned(actor=clerk_a, application=application)
    assert closed.outcome == "other.no_correction"
    assert "第三十条" in closed.letter_text


def test_it_lapses_an_unpaid_fee_as_other_2(clerk_a, agency_a) -> None:
    application = _in_fee(clerk_a, agency_a)
    assert application.fee_amount == 100  # pages 31–40 at 10 元
    with time_machine.travel("2026-04-30 10:00 +0800", tick=False):
        with pytest.raises(s.TransitionError, match="缴费期限已于"):
            s.application_record_payment(
                actor=clerk_a, application=application, paid_on=date(2026, 4, 30)
            )
        closed = s.application_deem_abandoned(actor=clerk_a, application=application)
    assert closed.outcome == "other.fee_unpaid"


def test_it_charges_per_application_from_the_eleventh_in_a_month(clerk_a, agency_a) -> None:
    cases = [register(clerk_a, agency_a, date(2026, 2, d))[0] for d in (2, 3, 4, 5, 6) * 2]
    eleventh = register(clerk_a, agency_a, date(2026, 2, 9))[0]
    with pytest.raises(s.TransitionError, match="不收取"):
        s.application_send_fee_notice(
            actor=clerk_a, application=cases[-1], method="per_application", notice_on=DAY
        )
    charged = s.application_send_fee_notice(
        actor=clerk_a, application=eleventh, method="per_application", notice_on=DAY
    )
    assert charged.fee_amount == 100


def test_it_stores_the_query_code_only_hashed(clerk_a, agency_a) -> None:
    application, code = register(clerk_a, agency_a, RECEIVED)
    assert code not in application.query_code_hash
    assert codes.query_code_matches(application, code.lower())
    assert not codes.query_code_matches(application, "WRONGCODE1")


def test_it_never_reuses_a_tracking_number(clerk_a, agency_a) -> None:
    first = register(clerk_a, agency_a, RECEIVED)[0]
    Application.objects.filter(pk=first.pk).delete()  # even if a row were removed by hand
    second = register(clerk_a, agency_a, RECEIVED)[0]
    assert second.tracking_number == "JL-JYJ-2026-00002"
