"""The dashboard's bulk reminder (``gongkai.requests.bulk_remind``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from gongkai.accounts.access import role_required
from gongkai.accounts.models import User
from gongkai.requests.bulk_remind import BulkRemindForm, applications_remind
from gongkai.requests.guards import TransitionError

Role = User.Role


@role_required(Role.REVIEWER, Role.ADMIN)
@require_POST
def bulk_remind(request: HttpRequest) -> HttpResponse:
    """Send now, for the checked cases, the reminders ``gongkai remind`` sends each morning."""
    form = BulkRemindForm(request.POST, user=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("requests:dashboard")
    try:
        sent = applications_remind(actor=request.user, cases=form.cleaned_data["cases"])
    except (TransitionError, PermissionDenied) as error:
        messages.error(request, str(error))
        return redirect("requests:dashboard")
    mailed = [r for r in sent if r.recipients]
    unreachable = len(sent) - len(mailed)
    text = f"已排队发送提醒 {len(mailed)} 封（{len(form.cleaned_data['cases'])} 件）。"
    if unreachable:
        text += f" {unreachable} 组案件的机关无人登记电子邮箱，未能提醒。"
    messages.success(request, text)
    return redirect("requests:dashboard")
