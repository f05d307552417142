"""The outbox page: an agency's queued, sent and failed messages, for its administrator and the
supervising office, with the recipients masked as on the case page; a failed message can be
sent again (``services.notification_retry``, audited) by whoever may write the agency's
records (a supervisor only reads)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.accounts.access import get_object_for_user, role_required
from gongkai.accounts.models import User
from gongkai.accounts.staff import agency_context, chosen_agency, require_write
from gongkai.errors import DomainError, one_line
from gongkai.notifications.models import Notification, NotifyStatus
from gongkai.notifications.selectors import agency_outbox
from gongkai.notifications.services import notification_retry

PAGE_SIZE = 50
OUTBOX_ROLES = (User.Role.ADMIN, User.Role.SUPERVISOR)


@role_required(*OUTBOX_ROLES)
def outbox(request: HttpRequest) -> HttpResponse:
    agency = chosen_agency(request)
    status = request.GET.get("status", "")
    if status not in NotifyStatus.values:
        status = ""
    page = Paginator(agency_outbox(agency.pk, status), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/outbox.html",
        {
            **agency_context(request, agency),
            "page": page,
            "status": status,
            "statuses": NotifyStatus.choices,
            "query": f"agency={agency.pk}&status={status}",
        },
    )


@require_POST
@role_required(*OUTBOX_ROLES)
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    notification: Notification = get_object_for_user(request.user, Notification, pk=pk)
    require_write(request.user, notification.agency)
    try:
        notification_retry(
            actor=request.user,
            notification=notification,
            reason=request.POST.get("reason", "")[:500],
        )
    except DomainError as error:
        messages.error(request, one_line(error))
    else:
        messages.success(request, "已重新排入发送队列，将由下一次发送任务发出。")
    return redirect(
        f"{reverse('notifications:outbox')}?agency={notification.agency_id}&status=failed"
    )
