"""What the applicant downloads from the case page: the files released with the reply (only a
redacted PDF released before a reply that passed 保密审查 and was sent; never the agency's
original), to the holder of that case's session only, always as a sandboxed download; and the
receipt as PDF."""

from __future__ import annotations

import io
from datetime import date

import pdfplumber
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gongkai.portal.case import released_files
from gongkai.redaction.models import Redaction
from gongkai.requests.models import Application
from tests.web.case_fixtures import release_redacted, reply_with_release
from tests.web.requests_fixtures import private_attachments, register  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_attachments")]
DAY = "2026-03-09 10:00 +0800"


def _look_up(client: Client, application: Application, code: str) -> str:
    response = client.post(
        reverse("requests:status"),
        {"tracking_number": application.tracking_number, "query_code": code},
    )
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def replied(clerk_a, reviewer_a, agency_a):
    with time_machine.travel(DAY, tick=False):
        application, code = register(clerk_a, agency_a, date(2026, 3, 2))
        application, released = reply_with_release(
            clerk_a, reviewer_a, application, date(2026, 3, 9)
        )
    return application, code, released


def test_it_lists_and_serves_the_released_file_as_a_download(replied) -> None:
    application, code, released = replied
    client = Client()
    page = _look_up(client, application, code)
    url = reverse("requests:case_file", args=[released.pk])
    assert 'id="released"' in page and url in page and released.original_name in page
    assert "办结：（二）部分公开" in page and "bound method" not in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    body = b"".join(response.streaming_content)
    with pdfplumber.open(io.BytesIO(body)) as pdf:
        text = "".join(p.extract_text() or "" for p in pdf.pages)
    assert "hzzwgk@126.com" not in text and "洪泽" in text  # the withheld phrase is gone


def test_it_never_serves_the_agencys_original(replied) -> None:
    application, code, released = replied
    redaction = Redaction.objects.get(application=application)
    client = Client()
    _look_up(client, application, code)
    assert (
        client.get(reverse("requests:case_file", args=[redaction.original.pk])).status_code == 404
    )
    assert released_files(application) == [released]


def test_another_session_or_case_gets_nothing(replied, clerk_a, agency_a) -> None:
    _application, _code, released = replied
    url = reverse("requests:case_file", args=[released.pk])
    assert Client().get(url).status_code == 404  # no case in the session
    with time_machine.travel(DAY, tick=False):
        other, other_code = register(clerk_a, agency_a, date(2026, 3, 3))
    stranger = Client()
    _look_up(stranger, other, other_code)  # holds another case of the same agency
    assert stranger.get(url).status_code == 404
    assert stranger.get(reverse("requests:case_letter", args=[released.pk])).status_code == 404


def test_a_file_released_while_the_case_is_open_is_not_offered(clerk_a, agency_a) -> None:
    with time_machine.travel(DAY, tick=False):
        application, code = register(clerk_a, agency_a, date(2026, 3, 2))
        released = release_redacted(clerk_a, application)
    client = Client()
    page = _look_up(client, application, code)
    assert 'id="released"' not in page and released_files(application) == []
    assert client.get(reverse("requests:case_file", args=[released.pk])).status_code == 404


def test_a_file_released_after_the_reply_went_out_is_not_offered(replied, clerk_a) -> None:
    application, code, released = replied
    with time_machine.travel("2026-03-10 10:00 +0800", tick=False):
        late = release_redacted(clerk_a, application)  # not what the reply sent
    client = Client()
    _look_up(client, application, code)
    assert released_files(application) == [released]
    assert client.get(reverse("requests:case_file", args=[late.pk])).status_code == 404


def test_the_receipt_comes_as_pdf(clerk_a, agency_a) -> None:
    with time_machine.travel(DAY, tick=False):
        application, code = register(clerk_a, agency_a, date(2026, 3, 2))
        client = Client()
        page = _look_up(client, application, code)
        response = client.get(reverse("requests:receipt_pdf"))
    assert reverse("requests:receipt_pdf") in page
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = "".join(p.extract_text() or "" for p in pdf.pages)
    assert application.tracking_number in text and "受理回执" in text
    assert f"{application.due_on:%Y年%-m月%-d日}" in text and "张三丰" not in text
    assert Client().get(reverse("requests:receipt_pdf")).status_code == 404
