"""Reading-room totals for the annual report."""

from __future__ import annotations

from django.db.models import Count, Sum

from gongkai.agencies.models import Agency
from gongkai.readingroom.models import COUNTER_FIELDS, COUNTERS, RegisterDay


def year_totals(agency: Agency, year: int) -> dict[str, int]:
    """Each counter summed over the year, plus ``days`` (days with a register entry)."""
    sums = RegisterDay.objects.filter(agency=agency, day__year=year).aggregate(
        days=Count("id"), **{name: Sum(name) for name in COUNTER_FIELDS}
    )
    return {name: int(value or 0) for name, value in sums.items()}


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
