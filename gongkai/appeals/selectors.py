"""Reads of the agency's answer deadlines in reviews and suits (dashboard, ``gongkai remind``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet

from gongkai.accounts.access import scope_to_user
from gongkai.appeals.models import Case


def answers_open() -> QuerySet[Case]:
    """Cases whose written answer or defence is due and not yet filed (indexed column)."""
    return (
        Case.objects.filter(answer_due_on__isnull=False, answered_on__isnull=True)
        .select_related("agency")
        .order_by("answer_due_on", "pk")
    )


def answers_open_for(user: Any) -> QuerySet[Case]:
    return scope_to_user(answers_open(), user)


def answers_due_by(last: date) -> QuerySet[Case]:
    """Open answers due on or before ``last`` — the overdue ones included."""
    return answers_open().filter(answer_due_on__lte=last)
