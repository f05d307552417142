from __future__ import annotations

import unicodedata
from typing import Any

from django import template
from django.template.defaultfilters import truncatechars
from django.utils.safestring import SafeString, mark_safe

from gongkai.accounts.models import display_name
from gongkai.lib.escape import escape as e
from gongkai.lib.web_tags import iso_date, url_kept_now, value_label
from gongkai.requests.models import Application, due_label, mask_name, outcome_label

register = template.Library()


def _truncated(text: Any) -> Any:
    """``|truncatechars:40``: a text of at most 40 characters already in NFC is returned as
    it is (the filter normalises it and counts characters), without the filter's work."""
    if type(text) is str and len(text) <= 40 and unicodedata.is_normalized("NFC", text):
        return text
    return truncatechars(text, 40)


# The fields whose choice labels a row shows.
_STATUS = Application._meta.get_field("status")
_CATEGORY = Application._meta.get_field("category")
_UNASSIGNED = '<span class="muted">未分派</span>'


_NO_ROWS = '<tr><td colspan="10" class="muted">没有符合条件的申请。</td></tr>'


@register.simple_tag
def request_rows(rows: Any, bulk: Any) -> SafeString:
    """The staff request list's rows (requests/dashboard.html), written here rather than by the
    template engine: 50 rows of ten cells were most of the page's time, and the URLs' script
    prefix and URLconf are looked up once a page. It says what the template's ``{% for %}``
    loop said of the cases' model instances, with the empty list's row
    (tests/web/test_page_queries.py compares the two). ``rows`` are ``selectors.Row``s of
    ``selectors.Listed`` (the case's columns as plain values); ``bulk`` the page's bulk-assign
    form (a check box a row when there is one)."""
    if not rows:
        return mark_safe(f"\n  {_NO_ROWS}\n  ")
    url = url_kept_now()

    def link(pk: Any) -> str:
        return str(url("requests:detail", pk))

    return mark_safe("".join(f"\n  {_request_row(r, bulk, link)}\n  " for r in rows))


def _request_row(r: Any, bulk: Any, link: Any) -> SafeString:
    a = r.application
    overdue = r.overdue
    if overdue:
        css = "overdue"
    elif r.due_soon:
        css = "due-soon"
    else:
        css = ""
    select = ""
    if bulk:
        select = "<td>"
        if a.is_open:
            select += (
                f'<input type="checkbox" name="cases" value="{e(a.pk)}" form="bulk-assign"'
                f' aria-label="选择 {e(a.tracking_number)}">'
            )
        select += "</td>"
    status = e(value_label(_STATUS, a.status))
    if a.outcome:
        status += f'<br><span class="muted">{e(outcome_label(a.outcome))}</span>'
    due = e(iso_date(a.due_on))
    if a.due_provisional:
        due += ' <span class="tag warn">临时</span>'
    if r.far:
        days = '<span class="error" title="期限与今天相距过远，请核对收到申请日期">日期异常</span>'
    elif r.days_left is None:
        days = "—"
    elif overdue:
        days = f"超期 {e(r.days_over)} 天"
    else:
        days = e(r.days_left)
    if a.assignee_username is None:
        who = _UNASSIGNED
    else:
        who = e(display_name(a.assignee_first_name, a.assignee_last_name, a.assignee_username))
    return mark_safe(
        f'<tr class="{css}">\n'
        f"    {select}\n"
        f'    <td class="nowrap"><a href="{e(link(a.pk))}">'
        f"{e(a.tracking_number)}</a></td>\n"
        f"    <td>{e(a.agency_name)}</td>\n"
        f'    <td class="nowrap">{e(iso_date(a.received_on))}</td>\n'
        f"    <td>{e(mask_name(a.applicant_name, a.category))}<br>"
        f'<span class="muted">{e(value_label(_CATEGORY, a.category))}</span></td>\n'
        f"    <td>{e(_truncated(a.description))}</td>\n"
        f"    <td>{status}</td>\n"
        f'    <td class="nowrap">{due}<br><span class="muted">{e(due_label(a.status))}</span></td>\n'
        f'    <td class="days">{days}</td>\n'
        f"    <td>{who}</td>\n"
        "  </tr>"
    )


@register.simple_tag
def board_rows(others: Any, today: Any) -> SafeString:
    """The rows of the dashboard's board of other deadlines (requests/_other_deadlines.html),
    written here rather than by the template engine: up to some 150 rows of five cells were a
    quarter of the page's time. It says what the template said (tests/web/test_page_queries.py
    compares the two). ``others`` are ``board.Item``s."""
    rows = []
    for i in others:
        overdue = i.due < today
        due = e(iso_date(i.due))
        if i.provisional:
            due += ' <span class="tag warn">临时</span>'
        if overdue:
            due += ' <strong class="error">已超期</strong>'
        rows.append(
            f'<tr class="{"overdue" if overdue else ""}"><td class="nowrap">{due}</td>'
            f'<td>{e(i.kind)}</td><td><a href="{e(i.url)}">{e(i.what)}</a></td>'
            f"<td>{e(i.agency)}</td><td>{e(i.basis)}</td></tr>"
        )
    return mark_safe("".join(rows))


@register.simple_tag
def select_options(choices: Any, params: Any, key: str) -> SafeString:
    """The options of one of the request list's filter selects (status, category, channel),
    the one ``params[key]`` names selected: what the template's loop said (test_page_queries
    compares the two), without a loop, a comparison and two variables a choice in the engine."""
    chosen = params.get(key)
    return mark_safe(
        "".join(
            f'<option value="{e(v)}"{" selected" if chosen == v else ""}>{e(label)}</option>'
            for v, label in choices
        )
    )
