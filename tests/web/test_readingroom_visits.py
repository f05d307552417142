"""The reading-room register per visit (issue 20, item 5): each visit a row, the person masked on
screen, day and year totals computed from the visits (old day totals kept and counted beside
them), no future days, bounded counts, corrections with a reason on the audit trail."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.models import Event
from gongkai.readingroom.models import COUNTER_FIELDS, Visit
from gongkai.readingroom.selectors import day_totals, overview_sentence, year_totals
from gongkai.readingroom.services import register_day_save, visit_record

pytestmark = pytest.mark.django_db


def _visit(day: str, **extra: Any) -> dict[str, Any]:
    return {
        "day": day,
        "visitor": "欧阳修文",
        "purpose": "办理房产继承，查询民国地契",
        "consulted": "民国地契目录 第3卷",
        "current_docs": "0",
        "files_physical": "2",
        "files_electronic": "1",
        "copies": "6",
        "certificates": "1",
        "note": "",
        **extra,
    }


def test_it_adds_a_second_visit_the_same_day_instead_of_replacing_the_first(
    client: Any, clerk_b: Any, agency_b: Any
) -> None:
    client.force_login(clerk_b)
    url = f"{reverse('readingroom:visit_new')}?agency={agency_b.pk}"
    assert client.post(url, _visit("2025-03-03")).status_code == 302
    second = _visit("2025-03-03", visitor="张三", current_docs="3", copies="4", certificates="0")
    assert client.post(url, second).status_code == 302
    assert Visit.objects.count() == 2
    [day] = day_totals(agency_b, 2025)
    assert day.visits == 2
    assert day.counts == {
        "visitors": 2,
        "files_physical": 4,
        "files_electronic": 2,
        "current_doc_visits": 1,
        "current_docs": 3,
        "copies": 10,
        "certificates": 1,
    }
    page = client.get(reverse("readingroom:register"), {"year": 2025}).content.decode()
    assert "欧**" in page and "张*" in page
    assert "欧阳修文" not in page and "张三" not in page
    assert "接待查阅2人次" in page
    events = Event.objects.filter(action="readingroom.visit")
    assert events.count() == 2 and "欧阳修文" not in str([e.changes for e in events])


def test_it_counts_old_day_totals_beside_the_visits(clerk_b: Any, agency_b: Any) -> None:
    register_day_save(actor=clerk_b, agency=agency_b, day=date(2025, 3, 3), visitors=5, copies=7)
    register_day_save(actor=clerk_b, agency=agency_b, day=date(2025, 3, 4), visitors=1)
    visit_record(
        actor=clerk_b,
        agency=agency_b,
        day=date(2025, 3, 3),
        visitor="李四",
        purpose="查阅",
        files_physical=2,
        copies=3,
    )
    totals = year_totals(agency_b, 2025)
    assert totals["days"] == 2 and totals["visitors"] == 7 and totals["copies"] == 10
    assert totals["files_physical"] == 2
    assert overview_sentence(agency_b, 2025).startswith("2025年，政府信息查阅场所接待查阅7人次")


def test_it_refuses_future_days_and_absurd_counts(client: Any, clerk_b: Any, agency_b: Any) -> None:
    client.force_login(clerk_b)
    url = f"{reverse('readingroom:visit_new')}?agency={agency_b.pk}"
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    page = client.post(url, _visit(tomorrow)).content.decode()
    assert "晚于今天" in page
    page = client.post(url, _visit("2025-03-03", copies="50000")).content.decode()
    assert "5000" in page
    page = client.post(url, _visit("2025-03-03", purpose="")).content.decode()
    assert "这个字段是必填项" in page or "必填" in page
    assert not Visit.objects.exists()
    with pytest.raises(ValidationError):
        register_day_save(
            actor=clerk_b, agency=agency_b, day=timezone.localdate() + timedelta(days=1)
        )
    with pytest.raises(ValidationError):
        register_day_save(actor=clerk_b, agency=agency_b, day=date(2025, 3, 3), visitors=10**6)


def test_it_corrects_a_visit_only_with_a_reason(client: Any, clerk_b: Any, agency_b: Any) -> None:
    visit = visit_record(
        actor=clerk_b, agency=agency_b, day=date(2025, 3, 3), visitor="王五", purpose="查阅"
    )
    client.force_login(clerk_b)
    url = reverse("readingroom:visit_edit", args=[visit.pk])
    form = _visit("2025-03-03", visitor="王五", copies="12")
    assert client.post(url, form).status_code == 200  # no reason: the form again
    visit.refresh_from_db()
    assert visit.copies == 0
    assert client.post(url, {**form, "reason": "复印张数漏登"}).status_code == 302
    visit.refresh_from_db()
    assert visit.copies == 12
    event = Event.objects.get(action="readingroom.visit_update")
    assert event.reason == "复印张数漏登" and event.changes["copies"] == [0, 12]


def test_it_sends_a_new_day_to_the_visit_form_and_keeps_correcting_old_days(
    client: Any, clerk_b: Any, agency_b: Any
) -> None:
    client.force_login(clerk_b)
    response = client.get(f"{reverse('readingroom:day')}?agency={agency_b.pk}&day=2025-05-06")
    assert response.status_code == 302 and reverse("readingroom:visit_new") in response["Location"]
    refused = client.post(
        f"{reverse('readingroom:day')}?agency={agency_b.pk}",
        {"day": "2025-05-06", **dict.fromkeys(COUNTER_FIELDS, "3")},
    )
    assert refused.status_code == 400 and "逐次登记" in refused.content.decode()


def test_it_keeps_other_agencies_out(
    client: Any, clerk_a: Any, clerk_b: Any, agency_b: Any, supervisor: Any
) -> None:
    visit = visit_record(
        actor=clerk_b, agency=agency_b, day=date(2025, 3, 3), visitor="赵六", purpose="查阅"
    )
    client.force_login(clerk_a)
    assert client.get(reverse("readingroom:visit_edit", args=[visit.pk])).status_code == 404
    client.force_login(supervisor)
    assert client.get(reverse("readingroom:visit_edit", args=[visit.pk])).status_code == 403
    with pytest.raises(Exception, match="本机关"):
        visit_record(
            actor=clerk_a, agency=agency_b, day=date(2025, 3, 3), visitor="x", purpose="查阅"
        )
