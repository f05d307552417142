"""Who may make a state change, and when: the checks every service function runs first."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from gongkai.accounts.access import Role, can_write
from gongkai.agencies.models import Agency
from gongkai.errors import DomainError
from gongkai.requests.models import Application, Status

REVIEWER_ROLES = frozenset({Role.REVIEWER})


class TransitionError(DomainError):
    status = 409

    """A state change that the rules do not allow now (wrong state, date out of its window).
    The message is Chinese, for the clerk."""


def today() -> date:
    return timezone.localdate()


# 条例 (国务院令第711号) in force: an application received earlier was under the 2008 rules
# (15 working days), which this clock does not model — an earlier date is a typing error.
EARLIEST_RECEIPT = date(2019, 5, 15)


def check_received_on(day: date) -> None:
    """A received date inside the window the platform handles: from the 条例's entry into
    force to today."""
    if day < EARLIEST_RECEIPT:
        raise TransitionError(
            f"收到申请日期（{day}）早于现行《条例》施行之日（2019年5月15日），请核对。"
        )
    if day > today():
        raise TransitionError(f"收到申请日期（{day}）不能晚于今天。")


def require_writer(actor: Any, agency: Agency) -> None:
    if not can_write(actor, agency):
        raise PermissionDenied("只有本机关的经办人、审核人可以办理该申请。")


def require_reviewer(actor: Any, agency: Agency) -> None:
    """Extensions, later deadlines and replies are approved by the head of the disclosure office
    (条例第三十三条第二款) — the reviewer role."""
    require_writer(actor, agency)
    if not (actor.is_superuser or actor.role in REVIEWER_ROLES):
        raise PermissionDenied("此操作须由审核人批准。")


def require_status(application: Application, *allowed: str) -> None:
    if application.status not in allowed:
        names = "、".join(str(Status(s).label) for s in allowed)
        raise TransitionError(
            f"申请 {application.tracking_number} 当前为“{application.get_status_display()}”，"
            f"只有“{names}”状态可以办理此项。"
        )


def not_before(day: date, earliest: date, what: str, earliest_what: str) -> None:
    if day < earliest:
        raise TransitionError(f"{what}（{day}）不能早于{earliest_what}（{earliest}）。")
    if day > today():
        raise TransitionError(f"{what}（{day}）不能晚于今天。")


# 条例第三十一条: channels whose day of receipt is a signature or confirmation, not arrival.
CONFIRMED_CHANNELS = frozenset({"post", "letter", "email", "fax"})


def check_receipt(channel: str, received_on: date, arrived_on: date | None) -> None:
    """The receipt date against the channel's rule (条例第三十一条): never before the day the
    application arrived; the arrival day only for channels received by signature or
    confirmation, and the same day for a hand-delivered one."""
    check_received_on(received_on)
    if arrived_on is None:
        return
    if channel not in CONFIRMED_CHANNELS and arrived_on != received_on:
        raise TransitionError("条例第三十一条：当面提交、在线提交的，提交之日即为收到申请之日。")
    if arrived_on > received_on:
        raise TransitionError(
            f"收到申请日期（签收或确认之日 {received_on}）不能早于到达日期（{arrived_on}）。"
        )
