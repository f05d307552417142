"""In headless Chromium: an applicant applies on the public form and asks for e-mail; the
notifier sends the receipt to a real SMTP server on loopback; the applicant follows the e-mail's
link — with no query code at hand — and the case page shows the case."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from typing import Any

from gongkai.notifications.delivery import deliver
from gongkai.requests.models import Application
from tests.web.browser import MARKS, new_page
from tests.web.requests_fixtures import use_private_dir

pytestmark = MARKS
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_the_applicant_follows_the_emailed_link_to_the_case(
    transactional_db: Any,
    live_server: Any,
    browser: Any,
    settings: Any,
    tmp_path: Any,
    agency_a: Any,
    free_tcp_port: int,
) -> None:
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink

    use_private_dir(settings, tmp_path / "private")
    settings.PUBLIC_BASE_URL = live_server.url
    received: list[bytes] = []

    class Keep(Sink):
        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
            received.append(envelope.content)
            return "250 OK"

    applicant = new_page(browser)
    applicant.goto(f"{live_server.url}/apply/")
    applicant.select_option("#id_agency", label="江临市教育局")
    applicant.select_option("#id_category", "natural_person")
    applicant.fill("#id_applicant_name", "刘芳")
    applicant.fill("#id_id_type", "居民身份证")
    applicant.fill("#id_id_number", "330102198807074321")
    applicant.fill("#id_phone", "13900000000")
    applicant.fill("#id_email", "liu@example.com")
    applicant.fill("#id_description", "江临市第一中学2025年招生简章")
    applicant.select_option("#id_form_wanted", "electronic")
    applicant.select_option("#id_delivery", "email")
    applicant.set_input_files(
        "#id_files", files=[{"name": "身份证.png", "mimeType": "image/png", "buffer": PNG}]
    )
    assert applicant.is_checked("#id_notify_email")  # e-mail is offered by default
    applicant.check("#id_agree")
    applicant.click("form button[type=submit]")
    applicant.wait_for_url(f"{live_server.url}/apply/done/**")
    tracking = Application.objects.get().tracking_number

    controller = Controller(Keep(), hostname="127.0.0.1", port=free_tcp_port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_tcp_port
        outcome = deliver()  # what ``gongkai notify`` does on its next run
    finally:
        controller.stop()
    assert len(outcome.sent) == 1
    [raw] = received
    message = message_from_bytes(raw, policy=policy.default)
    assert message["To"] == "liu@example.com" and tracking in message["Subject"]
    body = message.get_body().get_content()
    assert "刘芳" not in body and "招生简章" not in body
    link = re.search(re.escape(live_server.url) + r"/status/link/\S+/", body)
    assert link, body

    reader = new_page(browser)  # another browser: nothing but the e-mail
    reader.goto(link.group(0))
    reader.click("form button[type=submit]")
    reader.wait_for_url(f"{live_server.url}/status/case/")
    page = reader.inner_text("main")
    assert tracking in page and "江临市教育局收到您的申请" in page
