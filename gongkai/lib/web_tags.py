"""Template tags and filters every area's pages use (``{% load web_tags %}``, registered in
settings.TEMPLATES): the base layout's links, the lists' dates and choice labels. Plain
functions too, for the rows and boards written in Python (catalogue ``document_row``,
requests ``request_row`` and its board of other deadlines)."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.safestring import SafeString, mark_safe

from gongkai.lib.form_html import kept_unless_debug

register = template.Library()


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


@register.simple_tag
def static_kept(path: str) -> str:
    """``{% static path %}`` remembered per process (a staff page asks for three, each a
    look-up in the static files' manifest behind a lazy proxy), keyed on the script prefix
    too, which the static URL may follow (with DEBUG on, as in development, asked each time:
    ``form_html.kept_unless_debug``)."""
    return str(kept_unless_debug(_static)(get_script_prefix(), path))


@lru_cache(maxsize=1000)
def _static(prefix: str, path: str) -> str:
    return str(static(path))


def url_kept_now() -> Any:
    """``url_kept`` with the script prefix and the URLconf looked up once, now (for a list's
    rows written in Python)."""
    prefix, urlconf = get_script_prefix(), get_urlconf()
    return lambda name, *args: _reverse(prefix, urlconf, name, args)


@lru_cache(maxsize=20_000)
def _reverse(prefix: str, urlconf: Any, name: str, args: tuple[Any, ...]) -> str:
    return reverse(name, args=args, urlconf=urlconf)


@register.simple_tag(takes_context=True)
def main_nav(context: Any) -> SafeString:
    """The staff layout's main navigation (``_main_nav.html``, base.html): what it links to
    depends on the user's role alone, so it is rendered once per process for each role (some
    fifteen links and conditions on every staff page), keyed on the script prefix and the
    URLconf too (with DEBUG on rendered each time: ``form_html.kept_unless_debug``)."""
    user = context["user"]
    key = (
        get_script_prefix(),
        get_urlconf(),
        bool(context.get("is_staff_user")),
        bool(user.is_superuser),
        user.role,
        bool(user.is_staff),
    )
    return kept_unless_debug(_main_nav)(*key)


@lru_cache(maxsize=256)
def _main_nav(
    prefix: str, urlconf: Any, staff_user: bool, superuser: bool, role: str, admin_site: bool
) -> SafeString:
    user = SimpleNamespace(is_superuser=superuser, role=role, is_staff=admin_site)
    html = render_to_string("_main_nav.html", {"is_staff_user": staff_user, "user": user})
    return mark_safe(html.removesuffix("\n"))  # the file's last newline is not the page's


@register.filter
def choice_label(instance: Any, field_name: str) -> Any:
    """``instance.get_<field>_display()`` from a table of the field's choices made once per
    process (Django builds that table again on each call; a list shows two a row)."""
    field = instance._meta.get_field(field_name)
    return value_label(field, getattr(instance, field.attname))


def value_label(field: Any, value: Any) -> Any:
    """What ``choice_label`` says of ``value`` as the value of ``field``, for a row read as
    plain values (the request list's ``request_row``)."""
    labels = _choice_labels(field)
    if type(value) is str:  # hashable as it is; a label of text is returned as it is
        label = labels.get(value, value)
        return label if type(label) is str else force_str(label, strings_only=True)
    return force_str(labels.get(make_hashable(value), value), strings_only=True)


@lru_cache(maxsize=64)
def _choice_labels(field: Any) -> dict[Any, Any]:
    return dict(make_hashable(field.flatchoices))
