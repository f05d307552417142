"""The outbox: each step the applicant is told of queues exactly its message, in the step's own
transaction (a step rolled back leaves none); the message names the tracking number and
nothing personal; the applicant's choice of channels is kept; the notifier retries with
backoff and gives up after its attempts."""

from __future__ import annotations

import smtplib
from datetime import date, timedelta
from typing import Any, ClassVar

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.notifications import delivery
from gongkai.notifications.models import (
    ApplicantChoice,
    Notification,
    NotifyKind,
    NotifyStatus,
)
from gongkai.notifications.sms import LocmemBackend
from gongkai.portal.models import CaseLink
from gongkai.requests import services as s
from gongkai.requests.models import Application
from tests.web.notify_helpers import deliver_all
from tests.web.requests_fixtures import register
from tests.web.test_requests_services import DAY, TODAY, TRANSITIONS, _in_correction, _in_fee

pytestmark = pytest.mark.django_db
PRIVATE = ("张三丰", "330102199001011234", "13800000000", "招生计划")

# action → the message the applicant gets (None: a step the applicant is not told of)
TOLD = {
    "request_correction": NotifyKind.CORRECTION,
    "receive_correction": None,
    "consult": NotifyKind.PAUSED,
    "receive_opinion": None,
    "extend": NotifyKind.EXTENDED,
    "set_later_deadline": NotifyKind.EXTENDED,
    "send_fee_notice": NotifyKind.FEE,
    "record_payment": None,
    "draft_reply": None,
    "answer": NotifyKind.REPLY,
    "withdraw": None,
}


class Boom(Exception):
    pass


@pytest.fixture(autouse=True)
def frozen(settings: Any) -> Any:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_BACKEND = "gongkai.notifications.sms.LocmemBackend"
    settings.PUBLIC_BASE_URL = "https://gongkai.example.gov.cn"
    LocmemBackend.outbox.clear()
    with time_machine.travel(TODAY, tick=False):
        yield


def _actor(reviewer_only: bool, clerk: Any, reviewer: Any) -> Any:
    return reviewer if reviewer_only else clerk


def _private_free(n: Notification) -> None:
    for private in PRIVATE:
        assert private not in n.body and private not in n.subject


def test_it_queues_the_receipt_with_its_due_date_on_registration(clerk_a, agency_a) -> None:
    application, _code = register(clerk_a, agency_a, date(2026, 2, 6))
    [n] = Notification.objects.all()
    assert (n.kind, n.channel, n.recipient, n.status) == (
        "received",
        "email",
        "zhang@example.com",
        "pending",
    )
    assert n.application == application and n.agency == agency_a
    assert application.tracking_number in n.subject
    assert application.due_on == date(2026, 3, 12)  # 20 working days, 春节 excluded
    assert "答复期限：2026年3月12日（" in n.body and "临时" not in n.body
    assert "https://gongkai.example.gov.cn/status/link/" in n.body
    _private_free(n)
    assert mail.outbox == []  # queued, not sent: gongkai notify sends


def test_it_marks_a_due_date_on_an_undeclared_year_provisional(clerk_a, agency_a) -> None:
    with time_machine.travel("2026-12-21 10:00 +0800", tick=False):
        application, _ = register(clerk_a, agency_a, date(2026, 12, 21))  # due in 2027
    assert application.due_provisional
    assert "临时" in Notification.objects.get().body


@pytest.mark.parametrize("action", sorted(TOLD))
def test_each_step_queues_exactly_its_message(action, clerk_a, reviewer_a, agency_a) -> None:
    set_up, call, reviewer_only = TRANSITIONS[action]
    application = set_up(clerk_a, agency_a)
    before = set(Notification.objects.values_list("pk", flat=True))
    call(_actor(reviewer_only, clerk_a, reviewer_a), application)
    new = list(Notification.objects.exclude(pk__in=before))
    expected = TOLD[action]
    assert [n.kind for n in new] == ([expected] if expected else [])
    for n in new:
        assert n.application_id == application.pk and n.recipient == "zhang@example.com"
        assert application.tracking_number in n.body
        _private_free(n)


@pytest.mark.parametrize("action", sorted(a for a, kind in TOLD.items() if kind))
def test_a_step_rolled_back_leaves_no_message(action, clerk_a, reviewer_a, agency_a) -> None:
    set_up, call, reviewer_only = TRANSITIONS[action]
    application = set_up(clerk_a, agency_a)
    messages, links = Notification.objects.count(), CaseLink.objects.count()
    with pytest.raises(Boom), transaction.atomic():
        call(_actor(reviewer_only, clerk_a, reviewer_a), application)
        assert Notification.objects.count() == messages + 1  # queued inside the step …
        raise Boom
    assert Notification.objects.count() == messages  # … and gone with it
    assert CaseLink.objects.count() == links


def test_a_registration_rolled_back_leaves_no_message(clerk_a, agency_a) -> None:
    with pytest.raises(Boom), transaction.atomic():
        register(clerk_a, agency_a, date(2026, 2, 6))
        raise Boom
    assert not Notification.objects.exists() and not Application.objects.exists()


def test_a_refused_step_queues_nothing(clerk_a, agency_a) -> None:
    application = register(clerk_a, agency_a, date(2026, 2, 6))[0]
    with pytest.raises(s.TransitionError):
        s.application_request_correction(
            actor=clerk_a, application=application, requested_on=DAY, correction_days=99, items="x"
        )
    assert Notification.objects.count() == 1  # the receipt only


@pytest.mark.parametrize(
    ("set_up", "why"),
    [(_in_correction, "未在补正期限内补正"), (_in_fee, "未在缴费期限内缴纳信息处理费")],
)
def test_it_tells_the_applicant_a_lapsed_request_is_deemed_withdrawn(
    set_up, why, clerk_a, agency_a
) -> None:
    application = set_up(clerk_a, agency_a)
    with time_machine.travel("2026-04-30 10:00 +0800", tick=False):
        s.application_deem_abandoned(actor=clerk_a, application=application)
    n = Notification.objects.filter(kind=NotifyKind.WITHDRAWN).get()
    assert why in n.body and application.tracking_number in n.subject


def test_a_case_without_an_address_gets_no_message(clerk_a, agency_a) -> None:
    s.application_register(
        actor=clerk_a,
        agency=agency_a,
        channel="letter",
        received_on=date(2026, 2, 6),
        category="natural_person",
        applicant_name="张三丰",
        description="招生计划",
        form_wanted="paper",
        delivery="post",
        address="江临市人民路1号",
    )
    assert not Notification.objects.exists()


def _apply(client: Client, agency: Any, **extra: Any) -> Any:
    page = client.get(reverse("requests:apply"))
    token = page.context["form"].initial["submission"]
    data = {
        "agency": agency.pk,
        "category": "natural_person",
        "applicant_name": "刘芳",
        "id_type": "居民身份证",
        "id_number": "330102198807074321",
        "phone": "13900000000",
        "email": "liu@example.com",
        "description": "江临市第一中学2025年招生简章",
        "form_wanted": "electronic",
        "delivery": "email",
        "agree": "on",
        "submission": token,
        **extra,
    }
    return client.post(reverse("requests:apply"), data)


@pytest.mark.parametrize(
    ("choice", "channels"),
    [
        ({"notify_email": "on"}, ["email"]),
        ({"notify_sms": "on"}, ["sms"]),
        ({"notify_email": "on", "notify_sms": "on"}, ["email", "sms"]),
        ({}, []),
    ],
)
def test_the_public_form_keeps_the_applicants_channels(choice, channels, agency_a) -> None:
    cache.clear()
    response = _apply(Client(), agency_a, **choice)
    assert response.status_code == 302, response.content.decode()[:2000]
    application = Application.objects.get()
    stored = ApplicantChoice.objects.get(application=application)
    assert (stored.email, stored.sms) == ("email" in channels, "sms" in channels)
    queued = Notification.objects.order_by("channel")
    assert [n.channel for n in queued] == channels
    assert [n.recipient for n in queued] == [
        {"email": "liu@example.com", "sms": "13900000000"}[c] for c in channels
    ]
    deliver_all()
    assert len(mail.outbox) == channels.count("email")
    assert len(LocmemBackend.outbox) == channels.count("sms")
    for _to, text in LocmemBackend.outbox:
        assert application.tracking_number in text and "刘芳" not in text
        assert "/status/link/" not in text  # no one-time link by SMS


def test_the_public_form_refuses_sms_without_a_phone(agency_a) -> None:
    cache.clear()
    response = _apply(Client(), agency_a, notify_sms="on", phone="")
    assert response.status_code == 200 and not Application.objects.exists()


def test_the_emailed_link_opens_the_case_once(clerk_a, agency_a) -> None:
    application, _ = register(clerk_a, agency_a, date(2026, 2, 6))
    [message] = deliver_all()
    link = message.body.split("https://gongkai.example.gov.cn", 2)[1].split()[0]
    assert link.startswith("/status/link/")
    client = Client()
    assert client.post(link).status_code == 302
    assert application.tracking_number in client.get(reverse("requests:case")).content.decode()
    assert Client().post(link).status_code == 410  # once


def test_the_emailed_link_lasts_longer_than_a_recovery_link(settings, clerk_a, agency_a) -> None:
    register(clerk_a, agency_a, date(2026, 2, 6))
    [message] = deliver_all()
    link = message.body.split("https://gongkai.example.gov.cn", 2)[1].split()[0]
    with time_machine.travel("2026-03-12 10:00 +0800", tick=False):  # 10 days on: still good
        assert Client().get(link).status_code == 200
    with time_machine.travel("2026-03-17 10:00 +0800", tick=False):  # 15 days on: expired
        assert Client().get(link).status_code == 410


class Flaky:
    """An e-mail backend whose server refuses the first ``refusals`` messages (451)."""

    refusals: ClassVar[int] = 0
    sent: ClassVar[list[Any]] = []

    def __init__(self, **_kwargs: Any) -> None:
        pass

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass

    def send_messages(self, messages: list[Any]) -> int:
        if Flaky.refusals:
            Flaky.refusals -= 1
            raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (451, b"try later")})
        Flaky.sent.extend(messages)
        return len(messages)


def test_it_retries_with_backoff_then_sends(settings, clerk_a, agency_a) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.Flaky"
    settings.NOTIFY_RETRY_SECONDS = 60
    Flaky.refusals, Flaky.sent = 2, []
    register(clerk_a, agency_a, date(2026, 2, 6))
    n = Notification.objects.get()
    outcome = delivery.deliver()
    assert outcome.retry and not outcome.sent
    n.refresh_from_db()
    assert (n.status, n.attempts, n.claim) == ("pending", 1, "")
    assert n.next_attempt_at == timezone.now() + timedelta(seconds=60) and "451" in n.last_error
    assert not delivery.deliver().retry  # not due yet
    with time_machine.travel(timezone.now() + timedelta(seconds=61), tick=False):
        delivery.deliver()
        n.refresh_from_db()
        assert n.attempts == 2 and n.next_attempt_at == timezone.now() + timedelta(seconds=120)
    with time_machine.travel(timezone.now() + timedelta(seconds=200), tick=False):
        assert [m.pk for m in delivery.deliver().sent] == [n.pk]
    n.refresh_from_db()
    assert (n.status, n.attempts, n.last_error) == ("sent", 3, "") and n.sent_at is not None
    assert len(Flaky.sent) == 1


def test_it_gives_up_after_the_last_attempt(settings, clerk_a, agency_a) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.Flaky"
    settings.NOTIFY_RETRY_SECONDS, settings.NOTIFY_MAX_ATTEMPTS = 0, 3
    Flaky.refusals, Flaky.sent = 10, []
    register(clerk_a, agency_a, date(2026, 2, 6))
    deliver_all()
    n = Notification.objects.get()
    assert (n.status, n.attempts) == (NotifyStatus.FAILED, 3) and Flaky.sent == []
    assert not delivery.deliver().failed  # left alone from now on


def test_a_permanent_refusal_is_not_retried(settings, clerk_a, agency_a) -> None:
    class Refused(Flaky):
        def send_messages(self, messages: list[Any]) -> int:
            raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (550, b"no such user")})

    settings.EMAIL_BACKEND = f"{__name__}.Refused"
    globals()["Refused"] = Refused
    register(clerk_a, agency_a, date(2026, 2, 6))
    assert delivery.deliver().failed
    assert Notification.objects.get().attempts == 1


def test_a_message_held_by_a_notifier_is_not_claimed_again(clerk_a, agency_a) -> None:
    register(clerk_a, agency_a, date(2026, 2, 6))
    [held] = delivery.claim(10)
    assert delivery.claim(10) == []  # leased: another notifier does not take it
    with time_machine.travel(timezone.now() + timedelta(minutes=6), tick=False):
        [again] = delivery.claim(10)  # the first notifier died: tried again after the lease
    assert again.pk == held.pk and again.attempts == 2


def test_the_deployment_check_asks_for_the_public_address(settings) -> None:
    from gongkai.notifications.checks import public_base_url_check

    assert public_base_url_check() == []  # https://gongkai.example.gov.cn
    settings.PUBLIC_BASE_URL = "http://127.0.0.1:8000"
    [warning] = public_base_url_check()
    assert warning.id == "gongkai.W002" and "PUBLIC_BASE_URL" in warning.hint


def test_the_staff_case_page_shows_what_the_applicant_was_sent(clerk_a, agency_a) -> None:
    """The clerk sees whether the applicant was told, and of what, without the address in full
    and without the staff's own reminders."""
    application, _code = register(clerk_a, agency_a, date(2026, 2, 6))
    client = Client()
    client.force_login(clerk_a)
    url = reverse("requests:detail", kwargs={"pk": application.pk})
    section = client.get(url).content.decode().split('id="applicant-messages"')[1]
    section = section.split("</table>")[0]
    assert "收到申请" in section and "待发送" in section and "z***@example.com" in section
    deliver_all()
    section = client.get(url).content.decode().split('id="applicant-messages"')[1]
    assert "已发送" in section.split("</table>")[0]
