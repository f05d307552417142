"""登记历史公开: a reviewer or administrator registers a document published before the agency
used the platform, with its real 发布日期, audited; a clerk, a supervisor and another agency's
staff are refused; a date in the future or before the 成文日期 is refused."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from gongkai.audit.models import Event
from gongkai.catalogue.historical import document_register_historical
from gongkai.catalogue.models import Document
from gongkai.catalogue.publication import HISTORICAL_NOTE, Stage, document_stage

pytestmark = pytest.mark.django_db
URL = "/catalogue/historical/"


@pytest.fixture(autouse=True)
def today() -> Any:
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        yield


def _form(**changes: str) -> dict[str, str]:
    return {
        "title": "江临市教育局关于印发中小学校学籍管理办法的通知",
        "doc_number": "临教发〔2018〕12号",
        "issuer": "江临市教育局",
        "written_on": "2018-04-20",
        "category": "10",
        "doc_type": "normative",
        "body": "各中小学校：现将《中小学校学籍管理办法》印发给你们，请遵照执行。",
        "published_on": "2018-04-26",
        "reason": "江临市人民政府公报2018年第5期",
        **changes,
    }


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_registers_a_historical_publication_with_its_real_date(
    reviewer_a: Any, agency_a: Any
) -> None:
    client = _client(reviewer_a)
    assert client.get(reverse("catalogue:historical")).status_code == 200
    response = client.post(URL, _form())
    document = Document.objects.get(doc_number="临教发〔2018〕12号")
    assert response.status_code == 302
    assert response["Location"] == reverse("catalogue:detail", args=[document.pk])
    assert document.agency == agency_a and document.published_on == date(2018, 4, 26)
    assert document_stage(document) == Stage.PUBLISHED and not document.reviews.exists()
    event = Event.objects.get(action="document.publish_historical", object_id=str(document.pk))
    assert event.actor == reviewer_a and HISTORICAL_NOTE in event.reason
    assert "江临市人民政府公报2018年第5期" in event.reason
    portal = Client().get(reverse("portal:document", args=["JL-JYJ", document.pk]))
    assert portal.status_code == 200


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"published_on": "2026-03-03"}, "历史发布日期不能晚于今天"),
        ({"published_on": "2018-04-19"}, "发布日期不能早于成文日期"),
        ({"reason": ""}, "这个字段是必填项"),
        ({"published_on": ""}, "这个字段是必填项"),
    ],
)
def test_it_refuses_a_date_in_the_future_or_before_the_written_date(
    reviewer_a: Any, agency_a: Any, changes: dict[str, str], message: str
) -> None:
    client = _client(reviewer_a)  # (logging in is an event of its own)
    last = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.post(URL, _form(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists()
    assert not Event.objects.filter(pk__gt=last).exists()


@pytest.mark.parametrize("persona", ["clerk_a", "supervisor", "no_role_user"])
def test_it_refuses_whoever_may_not_publish(request: Any, agency_a: Any, persona: str) -> None:
    client = _client(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, _form()).status_code == 403
    assert not Document.objects.exists()


def test_it_sends_an_anonymous_visitor_to_log_in() -> None:
    response = Client().get(URL)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_service_refuses_another_agency_and_checks_its_dates(
    reviewer_a: Any, admin_b: Any, clerk_a: Any, agency_a: Any
) -> None:
    fields = {
        "title": "旧文件",
        "doc_number": "",
        "issuer": "江临市教育局",
        "written_on": date(2019, 1, 2),
        "category": "10",
        "doc_type": "other",
        "body": "",
    }
    for outsider in (admin_b, clerk_a):
        with pytest.raises(PermissionDenied):
            document_register_historical(
                actor=outsider,
                agency=agency_a,
                published_on=date(2019, 1, 3),
                reason="公报",
                **fields,
            )
    for day, reason in (
        (date(2026, 3, 3), "公报"),
        (date(2019, 1, 1), "公报"),
        (date(2019, 1, 3), " "),
    ):
        with pytest.raises(ValidationError):
            document_register_historical(
                actor=reviewer_a, agency=agency_a, published_on=day, reason=reason, **fields
            )
    assert not Document.objects.exists()


def test_the_new_document_form_links_to_it_for_reviewers_only(
    reviewer_a: Any, clerk_a: Any
) -> None:
    new = reverse("catalogue:new")
    assert URL in _client(reviewer_a).get(new).content.decode()
    assert URL not in _client(clerk_a).get(new).content.decode()
