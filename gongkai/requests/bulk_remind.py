"""Reminders sent from the dashboard for the cases a reviewer checked: the same e-mails as
``gongkai remind`` (``requests.reminders``) — the agency's clerks for cases not yet overdue, its
reviewers for overdue ones (条例第三十三条) — put in the outbox now, with one event per case."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.access import writable_agency_ids
from gongkai.accounts.models import User
from gongkai.audit.services import event_record
from gongkai.lib.reminders import send_reminders
from gongkai.requests import casework, guards
from gongkai.requests.models import FINISHED, Application
from gongkai.requests.reminders import Reminder, agency_emails, build_reminder, reminder_line
from gongkai.requests.selectors import days_left
from gongkai.workdays.selectors import platform_calendar

MAX_CASES = 200


class BulkRemindForm(forms.Form):
    """The dashboard's checkboxes: the open cases of the agencies the user hands cases out in."""

    cases = forms.ModelMultipleChoiceField(
        label="案件",
        queryset=Application.objects.none(),
        error_messages={"required": "请勾选案件。"},
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = Application.objects.filter(
            agency_id__in=_assigner_agency_ids(user)
        ).exclude(status__in=FINISHED)

    def clean_cases(self) -> Any:
        cases = self.cleaned_data["cases"]
        if len(cases) > MAX_CASES:
            raise forms.ValidationError(f"一次最多提醒 {MAX_CASES} 件。")
        return cases


def _assigner_agency_ids(user: Any) -> set[int]:
    if not (user.is_superuser or user.role in casework.ASSIGNER_ROLES):
        return set()
    return writable_agency_ids(user)


def applications_remind(
    *, actor: Any, cases: Iterable[Application], today: date | None = None
) -> list[Reminder]:
    """Send the reminders for ``cases`` (all of them open, of agencies where ``actor`` hands
    out cases); returns the reminders built, those without a recipient included."""
    day = today or timezone.localdate()
    calendar = platform_calendar()
    groups: dict[tuple[int, bool], list[Application]] = defaultdict(list)
    for application in cases:
        if not casework.may_assign(actor, application):
            raise PermissionDenied("只有本机关的审核人或管理员可以发送提醒。")
        if application.status in FINISHED:
            raise guards.TransitionError(f"{application.tracking_number} 已办结或作废，无需提醒。")
        groups[(application.agency_id, application.due_on < day)].append(application)
    found: list[tuple[Reminder, list[Application]]] = []
    for (agency_id, overdue), group in groups.items():
        role = str(User.Role.REVIEWER if overdue else User.Role.CLERK)
        left = [days_left(calendar, day, a.due_on) or 0 for a in group]
        reminder = build_reminder(
            "overdue" if overdue else "soon",
            group[0].agency.name,
            role,
            agency_emails(agency_id, role),
            [reminder_line(a, day, calendar) for a in group],
            max(max(left), 0),
            agency_id,
        )
        found.append((reminder, group))
    # Into the outbox with their events, in one transaction (sent by ``gongkai notify``).
    with transaction.atomic():
        send_reminders(r for r, _ in found)
        for reminder, group in found:
            recipients = reminder.recipients
            for application in group:
                event_record(
                    actor=actor,
                    action="application.remind",
                    obj=application,
                    agency=application.agency,
                    changes={"recipients": [None, len(recipients)], "role": [None, reminder.role]},
                    reason="工作台批量提醒"
                    if recipients
                    else "工作台批量提醒：无人登记电子邮箱，未发出",
                )
    return [r for r, _ in found]
