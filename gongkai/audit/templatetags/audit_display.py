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
