from __future__ import annotations

from datetime import date
from typing import Any

from django import template

from gongkai.lib import form_html
from gongkai.lib.web_tags import choice_label, cn_date, iso_date, url_kept, url_kept_now

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


@register.simple_tag
def document_rows(documents: Any, today: date) -> str:
    """The staff list's rows (catalogue/document_list.html), written here rather than by the
    template engine: 30 rows of eight cells were most of the page's time, and the URLs' script
    prefix and URLconf are looked up once a page. It says what the template's ``{% for %}``
    loop said, with the empty list's row (tests/web/test_page_queries.py compares the two)."""
    from django.utils.safestring import mark_safe

    found = list(documents)
    if not found:
        return mark_safe('<tr><td colspan="8" class="muted">没有符合条件的文件。</td></tr>')
    url = url_kept_now()

    def link(pk: Any) -> str:
        return str(url("catalogue:detail", pk))

    return mark_safe("".join(f"\n    {_document_row(d, today, link)}\n  " for d in found))


def _document_row(d: Any, today: date, link: Any) -> str:
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
        f'      <td><a href="{e(link(d.pk))}">{e(d.title)}</a></td>\n'
        f"      <td>{e(d.doc_number or '—')}</td>\n"
        f"      <td>{e(choice_label(d, 'doc_type'))}</td>\n"
        f"      <td>{status}</td>\n"
        f'      <td class="nowrap">{e(iso_date(d.written_on))}</td>\n'
        f'      <td class="nowrap">{e(iso_date(d.published_on) or "草稿，待审查发布")}</td>\n'
        f'      <td class="nowrap">{due}</td>\n'
        "    </tr>"
    )


@register.simple_tag
def document_facts(d: Any, replaces: Any, today: date) -> str:
    """The facts of the staff document page (the ``<dl class="facts">`` of
    catalogue/document_detail.html), written here rather than by the template engine: some
    forty variables, filters and conditions, some 530 Python calls a page (3 %). It says
    what the template said (tests/web/test_page_queries.py compares the two); ``replaces`` are
    the (pk, title) pairs of what the document replaced."""
    from django.utils.safestring import mark_safe

    from gongkai.lib.escape import escape as e

    status = e(choice_label(d, "status"))
    changed = f"（{e(cn_date(d.status_changed_on))}）" if d.status_changed_on else ""
    changed += "\n      "
    successor = d.replaced_by
    if successor:
        changed += (
            f' · 修改/替代文件：<a href="{e(url_kept("catalogue:detail", successor.pk))}">'
            f"{e(successor.title)}</a>"
        )
    change = ""
    if d.change_publication_due:
        change = (
            f'<dt>变更应公开日期</dt><dd id="change-due">{e(cn_date(d.change_publication_due))}'
            f"（条例第二十六条：{status}之日起 20 个工作日）\n      "
            + (
                '<span class="tag warn">暂定：工作日历未覆盖该年度</span>'
                if d.change_due_provisional
                else ""
            )
            + "\n      "
            + (f"，{e(cn_date(d.change_published_on))} 已公开" if d.change_published_on else "")
            + "\n      "
            + ('<span class="tag late">变更逾期公开</span>' if is_change_late(d, today) else "")
            + "</dd>"
        )
    replaced = list(replaces)
    if replaced:
        links = "；".join(
            f'<a href="{e(url_kept("catalogue:detail", pk))}">{e(title)}</a>'
            for pk, title in replaced
        )
        replaced_html = f"<dt>修改/替代了</dt><dd>{links}</dd>"
    else:
        replaced_html = ""
    return mark_safe(
        f"    <dt>索引号</dt><dd><code>{e(d.index_number)}</code></dd>\n"
        f"    <dt>文号</dt><dd>{e(d.doc_number or '—')}</dd>\n"
        f"    <dt>发布机构</dt><dd>{e(d.issuer)}</dd>\n"
        f"    <dt>主题分类</dt><dd>{e(choice_label(d, 'category'))}</dd>\n"
        f"    <dt>文件类型</dt><dd>{e(choice_label(d, 'doc_type'))}</dd>\n"
        f"    <dt>成文日期</dt><dd>{e(cn_date(d.written_on))}</dd>\n"
        f"    <dt>发布日期</dt><dd>{e(cn_date(d.published_on) or '尚未发布')}</dd>\n"
        f"    <dt>应公开日期</dt><dd>{e(cn_date(d.publication_due))}（条例第二十六条：成文之日起 20 个工作日）\n"
        "      "
        + ('<span class="tag warn">暂定：工作日历未覆盖该年度</span>' if d.due_provisional else "")
        + "\n      "
        + ('<span class="tag late">逾期公开</span>' if is_late(d, today) else "")
        + f"</dd>\n    <dt>效力状态</dt><dd>{status}{changed}</dd>\n"
        f"    {change}\n"
        f"    {replaced_html}"
    )
