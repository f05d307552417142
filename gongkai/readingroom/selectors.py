"""Reading-room totals: per day and per year, computed from the visits and from the day totals
entered before visits were registered (both count; neither replaces the other)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, Sum

from gongkai.agencies.models import Agency
from gongkai.readingroom.models import COUNTER_FIELDS, COUNTERS, VISIT_COUNTS, RegisterDay, Visit


@dataclass
class DayTotals:
    day: date
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTER_FIELDS, 0))
    visits: int = 0  # visits registered one by one
    legacy: RegisterDay | None = None  # the day's totals as entered before visits

    @property
    def row(self) -> list[int]:
        return [self.counts[name] for name in COUNTER_FIELDS]


def _visit_sums(agency: Agency, **lookup: Any) -> list[dict[str, Any]]:
    return list(
        Visit.objects.filter(agency=agency, **lookup)
        .values("day")
        .annotate(
            visitors=Count("id"),
            current_doc_visits=Count("id", filter=Q(current_docs__gt=0)),
            **{name: Sum(name) for name in VISIT_COUNTS},
        )
        .order_by("day")
    )


def day_totals(agency: Agency, year: int) -> list[DayTotals]:
    """Every day of the year with a visit or a day total, newest first."""
    days: dict[date, DayTotals] = {}
    for sums in _visit_sums(agency, day__year=year):
        day: date = sums["day"]
        entry = days.setdefault(day, DayTotals(day))
        entry.visits = int(sums["visitors"] or 0)
        for name in COUNTER_FIELDS:
            entry.counts[name] += int(sums[name] or 0)
    for legacy in RegisterDay.objects.filter(agency=agency, day__year=year):
        entry = days.setdefault(legacy.day, DayTotals(legacy.day))
        entry.legacy = legacy
        for name in COUNTER_FIELDS:
            entry.counts[name] += getattr(legacy, name)
    return sorted(days.values(), key=lambda d: d.day, reverse=True)


def year_totals(agency: Agency, year: int) -> dict[str, int]:
    """Each counter summed over the year, plus ``days`` (days with a visit or a day total)."""
    totals = dict.fromkeys(COUNTER_FIELDS, 0)
    days = day_totals(agency, year)
    for entry in days:
        for name in COUNTER_FIELDS:
            totals[name] += entry.counts[name]
    return {**totals, "days": len(days)}


def overview_sentence(agency: Agency, year: int) -> str:
    """The reading-room sentence of 一、总体情况, from the register; empty when nothing was
    registered (the report then says nothing rather than a row of zeros)."""
    totals = year_totals(agency, year)
    if not totals["days"]:
        return ""
    t = totals
    files = t["files_physical"] + t["files_electronic"]
    labels = {name: (label, unit) for name, label, unit in COUNTERS}
    return (
        f"{year}年，政府信息查阅场所接待查阅{t['visitors']}人次，"
        f"利用档案资料{files}卷（册）（其中实体档案{t['files_physical']}卷（册），"
        f"电子全文{t['files_electronic']}件），"
        f"{labels['current_docs'][0]}{t['current_doc_visits']}人次、{t['current_docs']}件，"
        f"复印{t['copies']}张，出具证明{t['certificates']}份。"
    )
