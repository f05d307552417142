"""Show an event's ``changes`` with the fields' Chinese names and choice labels."""

from __future__ import annotations

from typing import Any

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from gongkai.audit.labels import CHANGE_LABELS
from gongkai.audit.labels import action_label as _action_label
from gongkai.audit.models import Event

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return _action_label(action)


@register.filter
def change_rows(event: Event) -> list[tuple[str, Any, Any]]:
    model = _model(event.object_type)
    rows = []
    for name, pair in (event.changes or {}).items():
        old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        label, choices = CHANGE_LABELS.get(name, name), {}
        if model is not None:
            try:
                field = model._meta.get_field(name)
                label = str(getattr(field, "verbose_name", name))
                choices = {str(k): str(v) for k, v in (getattr(field, "choices", None) or [])}
            except FieldDoesNotExist:
                pass
        rows.append((label, _show(old, choices), _show(new, choices)))
    return rows


@register.simple_tag
def event_row(e: Event, compact: Any = False) -> str:
    """An event's row of audit/_events.html, written here rather than by the template engine
    (a page of fifty events was a thousand template nodes). It says what the template said
    (tests/web/test_page_queries.py compares the two); ``compact`` shows three changes."""
    from django.template.defaultfilters import date as date_filter
    from django.template.defaultfilters import length
    from django.utils.safestring import mark_safe
    from django.utils.timezone import template_localtime

    from gongkai.lib.escape import escape as esc

    rows = change_rows(e)
    cells = "".join(
        f"<div><b>{esc(label)}</b>：{f'{esc(old)} → ' if old != '（空）' else ''}{esc(new)}</div>"
        for label, old, new in (rows[:3] if compact else rows)
    )
    if compact:
        count = length(e.changes)
        if count > 3:
            cells += f"<div>……共 {count} 项</div>"
    agency = e.agency.name if e.agency is not None else ""
    return mark_safe(
        "<tr>\n"
        f'      <td class="nowrap">{esc(date_filter(template_localtime(e.at), "Y-m-d H:i"))}</td>\n'
        f"      <td>{esc(e.actor_name or '系统')}</td>\n"
        f"      <td>{esc(agency or '—')}</td>\n"
        f"      <td>{esc(action_label(e.action))} <code>{esc(e.action)}</code></td>\n"
        f"      <td>{esc(e.object_repr)}</td>\n"
        f'      <td class="changes">{cells}</td>\n'
        f"      <td>{esc(e.reason)}</td>\n"
        "    </tr>"
    )


def _show(value: Any, choices: dict[str, str]) -> str:
    if value is None or value == "":
        return "（空）"
    if value is True:
        return "是"
    if value is False:
        return "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "（空）"
    return choices.get(str(value), str(value))


# Events are never rewritten: those recorded before a model was renamed keep its old label.
RENAMED_MODELS = {"annual_reports.reportdraft": "annual_reports.reportversion"}


def _model(label: str) -> Any:
    label = RENAMED_MODELS.get(label, label)
    try:
        return apps.get_model(label) if label else None
    except (LookupError, ValueError):
        return None
