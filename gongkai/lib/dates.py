"""Date helpers for Chinese-language output."""

from __future__ import annotations

from datetime import date

from gongkai.errors import DomainError

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


class DateFormatError(DomainError, ValueError):
    """A date that is not written YYYY-MM-DD (or is not a real day)."""


def weekday_zh(day: date) -> str:
    return WEEKDAYS[day.weekday()]


def format_zh(day: date) -> str:
    """``2026年9月28日（星期一）`` — the form used in reply letters."""
    return f"{day.year}年{day.month}月{day.day}日（{weekday_zh(day)}）"


def parse_iso_date(text: str) -> date:
    """``YYYY-MM-DD`` only; anything else is a clear error rather than a guess."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise DateFormatError(f"日期格式错误：{text!r}，应为 YYYY-MM-DD，如 2026-09-28") from None
