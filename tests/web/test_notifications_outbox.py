"""The outbox page: an agency's administrator and its supervising office see its queued, sent
and failed messages (recipients masked), filter them by status and page through them; the
administrator sends a failed one again, audited; a clerk, another agency and a supervisor's
retry are refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.models import Event
from gongkai.notifications.models import Notification, NotifyStatus
from gongkai.notifications.views import PAGE_SIZE

pytestmark = pytest.mark.django_db
URL = "/notifications/"


def _message(agency: Any, status: str, recipient: str, **extra: Any) -> Notification:
    return Notification.objects.create(
        agency=agency,
        kind="reminder",
        channel="sms" if "@" not in recipient else "email",
        recipient=recipient,
        subject="期限提醒",
        body="正文不在发送情况页显示",
        status=status,
        next_attempt_at=timezone.now(),
        **extra,
    )


@pytest.fixture
def outbox(agency_a: Any, agency_b: Any) -> dict[str, Notification]:
    return {
        "pending": _message(agency_a, NotifyStatus.PENDING, "waiting@example.com"),
        "sent": _message(agency_a, NotifyStatus.SENT, "13812345678", sent_at=timezone.now()),
        "failed": _message(
            agency_a,
            NotifyStatus.FAILED,
            "broken@example.com",
            attempts=5,
            last_error="SMTPRecipientsRefused: 550 no such user",
        ),
        "b": _message(agency_b, NotifyStatus.FAILED, "archive@example.com", attempts=5),
    }


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_lists_every_message_of_the_agency_with_masked_recipients(
    admin_a: Any, outbox: dict[str, Notification]
) -> None:
    page = _client(admin_a).get(URL).content.decode()
    for full, masked in (
        ("waiting@example.com", "w***@example.com"),
        ("13812345678", "138****5678"),
        ("broken@example.com", "b***@example.com"),
    ):
        assert full not in page and masked in page
    assert "待发送" in page and "已发送" in page and "发送失败（不再重试）" in page
    assert "550 no such user" in page
    assert "archive" not in page and "正文不在发送情况页显示" not in page
    assert page.count("重新发送</button>") == 1


def test_it_filters_by_status(admin_a: Any, outbox: dict[str, Notification]) -> None:
    page = _client(admin_a).get(URL, {"status": "failed"}).content.decode()
    assert "b***@example.com" in page
    assert "w***@example.com" not in page and "138****5678" not in page
    unknown = _client(admin_a).get(URL, {"status": "nonsense"}).content.decode()
    assert "w***@example.com" in unknown  # an unknown status is no filter, not an error


def test_it_pages_through_a_long_outbox(admin_a: Any, agency_a: Any) -> None:
    for i in range(PAGE_SIZE + 3):
        _message(agency_a, NotifyStatus.SENT, f"user{i:03d}@example.com")
    client = _client(admin_a)
    first = client.get(URL).content.decode()
    second = client.get(URL, {"page": 2}).content.decode()
    assert f"共 {PAGE_SIZE + 3} 条" in first and "第 1 / 2 页" in first
    assert "第 2 / 2 页" in second
    assert first.count("@example.com</td>") == PAGE_SIZE
    assert second.count("@example.com</td>") == 3


def test_the_supervisor_sees_each_agency_below_but_cannot_retry(
    supervisor: Any, agency_b: Any, outbox: dict[str, Notification]
) -> None:
    client = _client(supervisor)
    page = client.get(URL, {"agency": agency_b.pk}).content.decode()
    assert "a***@example.com" in page and "重新发送</button>" not in page
    response = client.post(reverse("notifications:retry", args=[outbox["b"].pk]))
    assert response.status_code == 403
    outbox["b"].refresh_from_db()
    assert outbox["b"].status == NotifyStatus.FAILED


def test_the_administrator_sends_a_failed_message_again_audited(
    admin_a: Any, outbox: dict[str, Notification]
) -> None:
    failed = outbox["failed"]
    response = _client(admin_a).post(
        reverse("notifications:retry", args=[failed.pk]), {"reason": "收件人已更正邮箱"}
    )
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == NotifyStatus.PENDING and failed.attempts == 0
    assert failed.next_attempt_at <= timezone.now()
    event = Event.objects.get(action="notification.retry", object_id=str(failed.pk))
    assert event.actor == admin_a and event.agency_id == failed.agency_id
    assert event.changes == {"status": ["failed", "pending"], "attempts": [5, 0]}
    assert "收件人已更正邮箱" in event.reason and "550 no such user" in event.reason
    assert "broken@example.com" not in event.object_repr


def test_it_refuses_to_retry_a_message_that_did_not_fail(
    admin_a: Any, outbox: dict[str, Notification]
) -> None:
    client = _client(admin_a)
    last = Event.objects.order_by("-pk").values_list("pk", flat=True).first()
    for name in ("pending", "sent"):
        response = client.post(reverse("notifications:retry", args=[outbox[name].pk]), follow=True)
        assert "只有发送失败的通知才能重试" in response.content.decode()
        outbox[name].refresh_from_db()
        assert outbox[name].status == name
    assert not Event.objects.filter(pk__gt=last, action="notification.retry").exists()


def test_it_refuses_other_roles_and_other_agencies(
    clerk_a: Any, reviewer_a: Any, admin_b: Any, outbox: dict[str, Notification], agency_a: Any
) -> None:
    for user in (clerk_a, reviewer_a):
        client = _client(user)
        assert client.get(URL).status_code == 403
        assert (
            client.post(reverse("notifications:retry", args=[outbox["failed"].pk])).status_code
            == 403
        )
    client = _client(admin_b)
    assert client.get(URL, {"agency": agency_a.pk}).status_code == 404
    assert (
        client.post(reverse("notifications:retry", args=[outbox["failed"].pk])).status_code == 404
    )
    assert "b***@example.com" not in client.get(URL).content.decode()
    outbox["failed"].refresh_from_db()
    assert outbox["failed"].status == NotifyStatus.FAILED
    assert Client().get(URL).status_code == 302  # anonymous: to the log-in page


def test_the_staff_navigation_links_to_it_for_admins_and_supervisors(
    admin_a: Any, supervisor: Any, clerk_a: Any
) -> None:
    assert f'href="{URL}"' in _client(admin_a).get("/").content.decode()
    assert f'href="{URL}"' in _client(supervisor).get(URL).content.decode()
    assert f'href="{URL}"' not in _client(clerk_a).get("/").content.decode()
