"""The request list's saved filters: a staff user names the current search and finds it again
in one click (``gongkai.accounts.saved_filters``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.accounts.access import staff_required
from gongkai.accounts.models import SavedFilter
from gongkai.accounts.saved_filters import REQUESTS, saved_filter_delete, saved_filter_save

PAGE = REQUESTS


@staff_required
@require_POST
def filter_save(request: HttpRequest) -> HttpResponse:
    params = QueryDict(request.POST.get("params", "")[:2000])
    try:
        saved = saved_filter_save(
            user=request.user, page=PAGE, name=request.POST.get("name", "")[:100], params=params
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(f"{reverse('requests:dashboard')}?{params.urlencode()}")
    messages.success(request, f"已保存筛选条件“{saved.name}”。")
    return redirect(f"{reverse('requests:dashboard')}?{saved.query}")


@staff_required
@require_POST
def filter_delete(request: HttpRequest, pk: int) -> HttpResponse:
    saved = get_object_or_404(SavedFilter, pk=pk, user=request.user, page=PAGE)
    saved_filter_delete(user=request.user, saved=saved)
    messages.success(request, f"已删除筛选条件“{saved.name}”。")
    return redirect("requests:dashboard")
