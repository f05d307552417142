"""A lost query code: a one-time link e-mailed to the address on file. The answer never tells
whether the case or the address exists; the link is signed, expires, and opens the case once."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from gongkai.audit.models import Event
from gongkai.notifications.models import Notification, NotifyKind
from gongkai.portal.models import CaseLink
from tests.web.notify_helpers import deliver_all
from tests.web.requests_fixtures import register


@pytest.fixture(autouse=True)
def _fresh_limits(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()
    yield
    cache.clear()


def _register(clerk, agency):  # type: ignore[no-untyped-def]
    """A case with an address on file, without the receipt's own message and link (the
    notifications' tests cover those): what is counted here is the recovery's."""
    found = register(clerk, agency, date(2026, 2, 6))
    Notification.objects.all().delete()
    CaseLink.objects.all().delete()
    return found


def _sent() -> list[mail.EmailMessage]:
    """The recovery links the outbox delivered (the registration's own receipt mail aside)."""
    deliver_all()
    return [m for m in mail.outbox if "查询链接" in m.subject]


def _ask(client: Client, tracking: str, email: str) -> str:
    response = client.post(
        reverse("requests:recover"), {"tracking_number": tracking, "email": email}
    )
    assert response.status_code == 200
    text = response.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


def _link(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://\S+/status/link/\S+/", message.body)
    assert found, message.body
    return found.group(0).split("testserver", 1)[1]


def test_it_mails_a_link_that_opens_the_case_once(clerk_a, agency_a) -> None:
    application, _code = _register(clerk_a, agency_a)
    client = Client()
    page = _ask(client, application.tracking_number.lower(), " ZHANG@example.com ")
    assert "我们已向该邮箱发送一个查询链接" in page
    [message] = _sent()
    assert message.to == ["zhang@example.com"]
    assert Notification.objects.get().kind == NotifyKind.RECOVERY
    assert application.tracking_number in message.subject
    for private in ("张三丰", "330102", "13800000000", "招生计划"):
        assert private not in message.body and private not in message.subject
    link = _link(message)
    opener = Client()
    assert "查看办理情况" in opener.get(link).content.decode()  # a GET does not use it up
    response = opener.post(link)
    assert response.status_code == 302 and response["Location"] == reverse("requests:case")
    case = opener.get(reverse("requests:case")).content.decode()
    assert application.tracking_number in case and "办理经过" in case
    assert CaseLink.objects.get().used_at is not None
    assert Event.objects.filter(action="application.case_link_used").count() == 1
    # used: a second click, or another browser, gets nothing
    again = Client()
    assert again.post(link).status_code == 410
    assert again.get(reverse("requests:case")).status_code == 404


def test_it_answers_alike_for_an_unknown_case_or_a_wrong_address(clerk_a, agency_a) -> None:
    application, _code = _register(clerk_a, agency_a)
    right = _ask(Client(), application.tracking_number, "zhang@example.com")
    wrong_address = _ask(Client(), application.tracking_number, "li@example.com")
    unknown = _ask(Client(), "JL-JYJ-2026-99999", "zhang@example.com")
    assert right == wrong_address == unknown
    assert len(_sent()) == 1 and CaseLink.objects.count() == 1


def test_it_sends_nothing_for_a_case_without_an_address(clerk_a, agency_a) -> None:
    application, _code = _register(clerk_a, agency_a)
    type(application).objects.filter(pk=application.pk).update(email="")  # e.g. a letter
    page = _ask(Client(), application.tracking_number, "zhang@example.com")
    assert "如果受理编号和电子邮箱与申请时填写的一致" in page
    assert _sent() == [] and not CaseLink.objects.exists()


def test_it_refuses_a_forged_altered_or_expired_link(clerk_a, agency_a) -> None:
    application, _code = _register(clerk_a, agency_a)
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        _ask(Client(), application.tracking_number, "zhang@example.com")
    link = _link(_sent()[0])
    forged = reverse("requests:case_link", args=["abc:def:ghi"])
    altered = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    for url in (forged, altered):
        assert Client().post(url).status_code == 410
    with time_machine.travel("2026-03-03 10:01 +0800", tick=False):  # 24 h and a minute on
        page = Client().get(link)
        assert page.status_code == 410 and "已过期" in page.content.decode()
        assert Client().post(link).status_code == 410
    assert CaseLink.objects.get().used_at is None


def test_it_rate_limits_per_address_and_per_case(settings, clerk_a, agency_a) -> None:
    application, _code = _register(clerk_a, agency_a)
    settings.RECOVER_RATE_LIMIT = (5, 3600)
    client = Client()
    url = reverse("requests:recover")
    data = {"tracking_number": application.tracking_number, "email": "zhang@example.com"}
    statuses = [client.post(url, data).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    # per case, whoever asks: three links a day, the rest answered alike and not sent
    assert len(_sent()) == 3 and CaseLink.objects.count() == 3


def test_it_delivers_the_link_through_a_real_smtp_server(
    settings, clerk_a, agency_a, free_tcp_port
) -> None:
    """Django's SMTP backend against a local SMTP server (aiosmtpd): the message arrives, its
    Chinese subject intact, and its link opens the case."""
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink

    received: list[bytes] = []

    class Keep(Sink):
        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
            received.append(envelope.content)
            return "250 OK"

    controller = Controller(Keep(), hostname="127.0.0.1", port=free_tcp_port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_tcp_port
        application, _code = _register(clerk_a, agency_a)
        _ask(Client(), application.tracking_number, "zhang@example.com")
        _sent()
    finally:
        controller.stop()
    [raw] = received
    message = message_from_bytes(raw, policy=policy.default)
    assert message["To"] == "zhang@example.com"
    assert (
        message["Subject"].strip() == f"政府信息公开申请 {application.tracking_number} 的查询链接"
    )
    body = message.get_body().get_content()
    link = re.search(r"https?://testserver(/status/link/\S+/)", body)
    assert link
    opener = Client()
    assert opener.post(link.group(1)).status_code == 302
    assert application.tracking_number in opener.get(reverse("requests:case")).content.decode()
