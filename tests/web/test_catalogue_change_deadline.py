"""条例第二十六条: "属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内
及时公开" — an amendment or repeal is a change with its own deadline, counted by hand on the
2026 schedule (Monday 2 March + 20 working days: 3–6, 9–13, 16–20, 23–27 and 30 March)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gongkai.audit.models import Event
from gongkai.catalogue.deadlines import document_publish_change
from gongkai.catalogue.models import Document, Status
from gongkai.catalogue.selectors import late_documents
from gongkai.catalogue.services import document_set_status
from tests.web.catalogue_helpers import make_document

pytestmark = pytest.mark.django_db


def _repealed(clerk, agency) -> Document:
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        document = make_document(clerk, agency, written_on=date(2025, 6, 2))
        return document_set_status(
            actor=clerk,
            document=document,
            status=Status.REPEALED,
            changed_on=date(2026, 3, 2),
            reason="已废止",
        )


def test_it_gives_a_repeal_its_own_publication_deadline(clerk_a, agency_a) -> None:
    document = _repealed(clerk_a, agency_a)
    assert document.change_publication_due == date(2026, 3, 30)
    event = Event.objects.filter(action="document.set_status").get()
    assert event.changes["change_publication_due"] == [None, "2026-03-30"]
    assert not document.is_change_late(date(2026, 3, 30))
    assert document.is_change_late(date(2026, 3, 31))
    assert list(late_documents(Document.objects.all(), date(2026, 3, 31))) == [document]


def test_it_records_the_publication_of_the_change_and_shows_it(clerk_a, agency_a) -> None:
    document = _repealed(clerk_a, agency_a)
    client = Client()
    client.force_login(clerk_a)
    with time_machine.travel("2026-03-31 10:00 +0800", tick=False):
        page = client.get(reverse("catalogue:detail", kwargs={"pk": document.pk})).content
        assert "变更逾期公开" in page.decode() and "2026年3月30日" in page.decode()
        response = client.post(
            reverse("catalogue:change_published", kwargs={"pk": document.pk}),
            {"published_on": "2026-03-27", "reason": "门户已发布废止公告"},
        )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.change_published_on == date(2026, 3, 27)
    assert not document.is_change_late(date(2026, 4, 30))
    assert Event.objects.filter(action="document.publish_change").exists()


def test_it_clears_the_change_deadline_when_a_mistaken_repeal_is_undone(clerk_a, agency_a):
    document = _repealed(clerk_a, agency_a)
    with time_machine.travel("2026-03-03 10:00 +0800", tick=False):
        document = document_set_status(
            actor=clerk_a, document=document, status=Status.IN_FORCE, changed_on=None
        )
        with pytest.raises(Exception, match="没有变更"):
            document_publish_change(actor=clerk_a, document=document, published_on=date(2026, 3, 3))
    assert document.change_publication_due is None
