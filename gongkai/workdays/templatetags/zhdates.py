from datetime import date

from django import template

from gongkai.lib.dates import format_zh, weekday_zh

register = template.Library()


@register.filter
def weekday(value: date) -> str:
    return weekday_zh(value)


@register.filter
def zhdate(value: date) -> str:
    return format_zh(value)
