"""Staff pages of redaction: upload, the page images with their marks, marking, release."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.accounts.access import can_write, get_object_for_user, role_required, staff_required
from gongkai.accounts.staff import WRITERS
from gongkai.redaction import bounded, pdf, services
from gongkai.redaction.forms import AreaForm, PhraseForm, StartForm
from gongkai.redaction.grounds import ground_text
from gongkai.redaction.models import Redaction
from gongkai.redaction.pdf import RedactionError
from gongkai.requests.models import Application
from gongkai.requests.selectors import applications_for


def _application(request: HttpRequest, pk: int) -> Application:
    found: Application = get_object_for_user(request.user, applications_for(request.user), pk=pk)
    return found


def _redaction(request: HttpRequest, pk: int) -> Redaction:
    found: Redaction = get_object_for_user(
        request.user,
        Redaction.objects.select_related("application__agency", "original", "pdf", "released"),
        via="application__agency",
        pk=pk,
    )
    return found


@require_http_methods(["GET", "POST"])
@role_required(*WRITERS)
def redaction_new(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    form = StartForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            redaction = services.redaction_start(
                actor=request.user,
                application=application,
                name=upload.name or "",
                content=upload.read(pdf.MAX_BYTES + 1),
            )
        except RedactionError as error:
            form.add_error("file", str(error))
        else:
            return redirect("redaction:edit", pk=redaction.pk)
    return render(request, "redaction/new.html", {"a": application, "form": form})


def _page(request: HttpRequest, redaction: Redaction) -> int:
    try:
        page = int(request.GET.get("page") or request.POST.get("page") or 1)
    except ValueError:
        page = 1
    return min(max(page, 1), redaction.page_count)


def _edit(
    request: HttpRequest,
    redaction: Redaction,
    *,
    area: AreaForm | None = None,
    phrase: PhraseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    page = _page(request, redaction)
    source = redaction.released if redaction.released_id else redaction.pdf
    width, height = bounded.page_size(services.read(source), page)
    marks = list(redaction.marks.all())
    context: dict[str, Any] = {
        "r": redaction,
        "a": redaction.application,
        "page": page,
        "pages": range(1, redaction.page_count + 1),
        "width": width,
        "height": height,
        "marks": [(m, ground_text(m.ground)) for m in marks],
        "on_page": [m for m in marks if m.page == page],
        "area": area or AreaForm(initial={"page": page}),
        "phrase": phrase or PhraseForm(),
        "editing": redaction.released_id is None
        and can_write(request.user, redaction.application.agency),
        "withheld": services.withheld_parts(redaction),
    }
    return render(request, "redaction/edit.html", context, status=status)


@staff_required
def redaction_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, _redaction(request, pk))


@staff_required
def page_image(request: HttpRequest, pk: int, page: int) -> HttpResponse:
    """A page as PNG, rendered here (never the uploaded bytes): before release the original with
    the marks drawn half-transparent, after it the released file as sent."""
    redaction = _redaction(request, pk)
    if not 1 <= page <= redaction.page_count:
        raise Http404("没有这一页。")
    if redaction.released_id:
        png = bounded.render_page(services.read(redaction.released), page)
    else:
        boxes = [m.rect for m in redaction.marks.filter(page=page)]
        png = bounded.render_page(services.read(redaction.pdf), page, boxes)
    response = HttpResponse(png, content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="page-{page}.png"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _back(redaction: Redaction, page: int) -> HttpResponse:
    return redirect(f"{reverse('redaction:edit', args=[redaction.pk])}?page={page}")


@require_POST
@role_required(*WRITERS)
def mark_area(request: HttpRequest, pk: int) -> HttpResponse:
    redaction = _redaction(request, pk)
    form = AreaForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.mark_area(
                actor=request.user,
                redaction=redaction,
                page=data["page"],
                rect=(data["x0"], data["y0"], data["x1"], data["y1"]),
                ground=data["ground"],
            )
        except RedactionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"已标记第 {data['page']} 页上的区域。")
            return _back(redaction, data["page"])
    return _edit(request, redaction, area=form, status=400)


@require_POST
@role_required(*WRITERS)
def mark_phrase(request: HttpRequest, pk: int) -> HttpResponse:
    redaction = _redaction(request, pk)
    form = PhraseForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            marks = services.mark_phrase(
                actor=request.user,
                redaction=redaction,
                phrase=data["phrase"],
                ground=data["ground"],
            )
        except RedactionError as error:
            form.add_error("phrase", str(error))
        else:
            pages = sorted({m.page for m in marks})
            messages.success(
                request,
                f"已标记“{data['phrase']}”{len(marks)} 处（第{'、'.join(map(str, pages))}页）。",
            )
            return _back(redaction, pages[0])
    return _edit(request, redaction, phrase=form, status=400)


@require_POST
@role_required(*WRITERS)
def mark_remove(request: HttpRequest, pk: int, mark_pk: int) -> HttpResponse:
    redaction = _redaction(request, pk)
    mark = redaction.marks.filter(pk=mark_pk).first()
    if mark is None:
        raise Http404("没有这处标记。")
    try:
        services.mark_remove(actor=request.user, mark=mark)
        messages.success(request, "已取消该标记。")
    except RedactionError as error:
        messages.error(request, str(error))
    return _back(redaction, mark.page)


@require_POST
@role_required(*WRITERS)
def redaction_release(request: HttpRequest, pk: int) -> HttpResponse:
    redaction = _redaction(request, pk)
    try:
        attachment = services.redaction_release(actor=request.user, redaction=redaction)
    except RedactionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已生成“{attachment.original_name}”，作为该申请的附件保存。")
    return redirect("redaction:edit", pk=redaction.pk)
