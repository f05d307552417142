"""Unbound forms rendered once per server process for everything they show.

Django renders a form through a template per field, label and widget: the staff document page's
forms cost more than the rest of its template (status, 保密审查, publication, attachment). An
unbound form's ``as_div`` depends only on its class, its fields (label, help text, widget and
its attributes, choices, required) and the values it shows (the initial ones), and the active
language (the label suffix). ``as_div_kept`` keys the HTML on all of those, so a fragment is
reused only for a form that would render to the same bytes: a change of the data changes the
key (the document's status, its successor's 索引号, today's date), and nothing of one agency's
document can appear on another's page unless that page would show the very same values.

Not kept: bound forms (they show the submitted data and its errors), forms with a field whose
choices come from the database (``ModelChoiceField``: its options are read at render time),
and forms with any field of a kind not listed in ``_KEYED_FIELDS`` (what else such a field
renders is not known here). The fragments stay in this process's memory (no shared cache: the
key is the content, so nothing needs invalidating), at most ``MAX_FRAGMENTS``, the least
recently used going first; a deployment restarts the processes, so changed templates are
never served from an older fragment (with DEBUG on, as in development, nothing is kept).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Any

from django import forms
from django.conf import settings
from django.utils.choices import BaseChoiceIterator as ChoiceIterator
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import get_language

MAX_FRAGMENTS = 2000

# Field kinds whose whole rendering follows from what ``_field_parts`` puts in the key.
_KEYED_FIELDS: tuple[type[forms.Field], ...] = (
    forms.CharField,
    forms.DateField,
    forms.ChoiceField,  # and TypedChoiceField; ModelChoiceField is refused before this
    forms.FileField,
    forms.BooleanField,
    forms.IntegerField,
)

_lock = threading.Lock()
_fragments: OrderedDict[str, SafeString] = OrderedDict()


def kept_unless_debug(rendering: Any) -> Any:
    """An HTML fragment's function cached per process (``functools.lru_cache``) as it is, or its
    uncached function with DEBUG on (development: templates change while the process runs, so
    it renders each time, as ``as_div_kept`` does)."""
    return rendering.__wrapped__ if settings.DEBUG else rendering


def as_div_kept(form: forms.BaseForm) -> SafeString:
    """``form.as_div()``, rendered once per process for the same form, fields and values."""
    # DEBUG (development): templates change while the process runs, so render each time.
    key = None if settings.DEBUG else fragment_key(form)
    if key is None:
        return form.as_div()
    with _lock:
        found = _fragments.get(key)
        if found is not None:
            _fragments.move_to_end(key)
            return found
    html = form.as_div()
    with _lock:
        _fragments[key] = html
        while len(_fragments) > MAX_FRAGMENTS:
            _fragments.popitem(last=False)
    return html


def fragment_key(form: forms.BaseForm) -> str | None:
    """What the unbound ``form`` renders from, as a digest; None when it cannot be kept."""
    if form.is_bound:
        return None
    parts: list[Any] = [
        type(form).__module__,
        type(form).__qualname__,
        get_language(),
        form.prefix,
        form.auto_id,
        form.label_suffix,
        form.use_required_attribute,
        form.template_name_div,
        type(form.renderer).__qualname__ if form.renderer else None,
    ]
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField) or not isinstance(field, _KEYED_FIELDS):
            return None
        parts.append(_field_parts(form, name, field))
    return hashlib.sha256(repr(_plain(parts)).encode()).hexdigest()


def clear() -> None:
    with _lock:
        _fragments.clear()


def _field_parts(form: forms.BaseForm, name: str, field: forms.Field) -> tuple[Any, ...]:
    # The widget whole (its attributes, choices, date format, template); of the field what the
    # widget does not hold (length limits and the like are in the widget's attributes).
    return (
        name,
        type(field).__qualname__,
        field.label,
        field.help_text,
        field.required,
        field.disabled,
        field.show_hidden_initial,
        field.label_suffix,
        field.localize,
        getattr(field, "template_name", None),
        getattr(field, "choices", None),
        field.widget,
        form[name].value(),
    )


def _plain(value: Any) -> Any:
    """``value`` with lazy translations turned into their text, containers walked, so that its
    ``repr`` is the content (a lazy string's ``repr`` names only the object)."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return sorted((str(k), _plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, forms.Widget):
        return (type(value).__qualname__, _plain(vars(value)))
    if isinstance(value, ChoiceIterator):  # choices given as a callable
        return [_plain(item) for item in value]
    if isinstance(value, str | int | float | bool | None):
        return value
    return (type(value).__qualname__, repr(value))
