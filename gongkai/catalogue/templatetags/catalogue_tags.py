from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Any

from django import template
from django.template.defaultfilters import date as date_filter
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

from gongkai.lib import form_html

register = template.Library()


@register.filter
def is_late(document: Any, today: date) -> bool:
    """条例第二十六条 flag for a list row (see ``Document.is_late``)."""
    return bool(document.is_late(today))


@register.filter(needs_autoescape=True)
def paragraphs(text: str, autoescape: bool = True) -> str:
    """Each non-empty line of a document body as its own paragraph (official documents put
    one paragraph per line, indented by the stylesheet)."""
    from django.utils.html import conditional_escape, format_html_join
    from django.utils.safestring import mark_safe

    escape = conditional_escape if autoescape else (lambda s: s)
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return mark_safe(format_html_join("\n", "<p>{}</p>", ((escape(line),) for line in lines)))


@register.filter
def is_change_late(document: Any, today: date) -> bool:
    """条例第二十六条 flag for an amendment or repeal (see ``Document.is_change_late``)."""
    return bool(document.is_change_late(today))


@register.filter
def as_div_kept(form: Any) -> str:
    """``form.as_div``, rendered once per process for the same fields and values
    (gongkai.lib.form_html); a bound form is rendered each time."""
    return form_html.as_div_kept(form)


@register.filter(expects_localtime=True)
def iso_date(value: Any) -> str:
    """``|date:"Y-m-d"`` for a date (a list shows three a row: Django's formatter is some 30
    times slower than ``isoformat``); a date and time goes through Django's filter, which
    formats it in the local time zone."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    return str(date_filter(value, "Y-m-d"))


@register.filter(expects_localtime=True)
def cn_date(value: Any) -> str:
    """``|date:"Y年n月j日"`` for a date (a document's page shows up to seven), written here
    instead of by Django's formatter; a date and time, or anything else, goes through Django's
    filter (None and "" give "", as there)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return f"{value.year:04d}年{value.month}月{value.day}日"
    return str(date_filter(value, "Y年n月j日"))


@register.simple_tag
def url_kept(name: str, *args: Any) -> str:
    """``{% url name args %}`` remembered per process (a list reverses a URL a row, each a walk
    of the URL patterns); keyed on the script prefix and the URLconf too, whatever they are
    for the request."""
    return _reverse(get_script_prefix(), get_urlconf(), name, args)


@lru_cache(maxsize=20_000)
def _reverse(prefix: str, urlconf: Any, name: str, args: tuple[Any, ...]) -> str:
    return reverse(name, args=args, urlconf=urlconf)


@register.filter
def choice_label(instance: Any, field_name: str) -> Any:
    """``instance.get_<field>_display()`` from a table of the field's choices made once per
    process (Django builds that table again on each call; a list shows two a row)."""
    field = instance._meta.get_field(field_name)
    value = getattr(instance, field.attname)
    return force_str(_choice_labels(field).get(make_hashable(value), value), strings_only=True)


@lru_cache(maxsize=64)
def _choice_labels(field: Any) -> dict[Any, Any]:
    return dict(make_hashable(field.flatchoices))


@register.simple_tag
def document_row(d: Any, today: date) -> str:
    """A row of the staff list (catalogue/document_list.html), written here rather than by the
    template engine: 30 rows of eight cells were most of the page's time. It says what the
    template said (tests/web/test_page_queries.py compares the two)."""
    from django.utils.safestring import mark_safe

    from gongkai.lib.escape import escape as e

    status = e(choice_label(d, "status"))
    if d.corrected_on:
        status += f'<br><span class="tag">已更正 {e(iso_date(d.corrected_on))}</span>'
    due = e(iso_date(d.publication_due))
    if d.due_provisional:
        due += '<span class="tag warn">暂定</span>'
    if is_late(d, today):
        due += ' <span class="tag late">逾期</span>'
    if d.change_publication_due:
        due += f'<br><span class="muted">变更 {e(iso_date(d.change_publication_due))}</span>'
        if is_change_late(d, today):
            due += ' <span class="tag late">变更逾期</span>'
    return mark_safe(
        "<tr>\n"
        f'      <td class="nowrap"><code>{e(d.index_number)}</code></td>\n'
        f'      <td><a href="{e(url_kept("catalogue:detail", d.pk))}">{e(d.title)}</a></td>\n'
        f"      <td>{e(d.doc_number or '—')}</td>\n"
        f"      <td>{e(choice_label(d, 'doc_type'))}</td>\n"
        f"      <td>{status}</td>\n"
        f'      <td class="nowrap">{e(iso_date(d.written_on))}</td>\n'
        f'      <td class="nowrap">{e(iso_date(d.published_on) or "草稿，待审查发布")}</td>\n'
        f'      <td class="nowrap">{due}</td>\n'
        "    </tr>"
    )
