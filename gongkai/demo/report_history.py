"""Demo reports on the years before the platform: what the departments published on their own
sites, imported (as the supervising office would for an agency not on the platform) so the
trend chart and the cross-year checks have a history. Deterministic, and consistent by
construction: every table 三 column balances, table 二's 现行有效 follows year to year."""

from __future__ import annotations

import random
from typing import Any

from gongkai.agencies.models import Agency
from gongkai.report.formats import APPLICANT_COLUMNS, Format, template
from gongkai.report.model import AnnualReport, TableData, empty_report
from gongkai.reports.services import report_import

# Outcome rows with their weights: most requests are disclosed; a few of each other kind.
OUTCOMES = (
    ("disclosed", 12),
    ("partially_disclosed", 4),
    ("withheld.third_party_rights", 1),
    ("withheld.process_information", 1),
    ("unavailable.not_held", 5),
    ("not_processed.petition", 1),
    ("other.no_correction", 1),
)
# How often each applicant category asks, relative to private persons.
CATEGORY_SHARE = {"natural_person": 1.0, "commercial": 0.25, "legal_service": 0.1}


def load_history_demo(operator: Any, departments: list[Agency], first: int, last: int) -> None:
    """Reports on ``first``..``last`` for each department, imported as published."""
    rng = random.Random(2021)
    for agency in departments:
        carried = dict.fromkeys(APPLICANT_COLUMNS, 0)
        in_force = {"regulations": rng.randint(0, 3), "normative_documents": rng.randint(8, 30)}
        for year in range(first, last + 1):
            report = _report(agency, year, rng, carried, in_force, closing=year == last)
            report_import(
                actor=operator,
                agency=agency,
                year=year,
                report=report,
                source_name=f"{agency.short_code}-{year}（本单位网站公开）",
            )
            carried = {c: int(report.requests["carried_forward"][c] or 0) for c in carried}


def _report(
    agency: Agency,
    year: int,
    rng: random.Random,
    carried: dict[str, int],
    in_force: dict[str, int],
    *,
    closing: bool,
) -> AnnualReport:
    report = empty_report(Format.F2021, agency=agency.name, year=year)
    report.title = f"{agency.name}{year}年政府信息公开工作年度报告"
    report.published = f"{year + 1}-01-25"
    scale = rng.randint(8, 30)
    results = {row: _row(rng, scale * weight // 12) for row, weight in OUTCOMES}
    # The platform starts with nothing open: the last imported year carries nothing forward.
    forward = dict.fromkeys(APPLICANT_COLUMNS, 0) if closing else _row(rng, 2)
    # Everything carried over from last year is closed this year (under 予以公开 at least).
    for column, count in carried.items():
        results["disclosed"][column] += count
    report.requests = _requests(results, carried, forward)
    report.proactive = _proactive(rng, in_force)
    report.appeals = _appeals(rng)
    new, done = report.requests["new"]["total"], report.requests["result_total"]["total"]
    report.sections = {
        "overview": f"{year}年，{agency.name}共收到政府信息公开申请{new}件，已办结{done}件。",
        "problems": f"{year}年度政策解读的针对性还需加强。",
        "other": "本年度未收取信息处理费。",
    }
    return report


def _row(rng: random.Random, scale: int) -> dict[str, int]:
    row = dict.fromkeys(APPLICANT_COLUMNS, 0)
    for column, share in CATEGORY_SHARE.items():
        row[column] = rng.randint(0, max(0, round(scale * share)))
    return row


def _requests(
    results: dict[str, dict[str, int]], carried: dict[str, int], forward: dict[str, int]
) -> TableData:
    table: TableData = {
        row.key: dict.fromkeys((c.key for c in row.columns), 0)
        for row in template(Format.F2021).requests.rows
    }
    for row, counts in results.items():
        table[row].update(counts)
    for column in APPLICANT_COLUMNS:
        closed = sum(counts[column] for counts in results.values())
        table["result_total"][column] = closed
        table["carried_over"][column] = carried[column]
        table["carried_forward"][column] = forward[column]
        table["new"][column] = closed + forward[column] - carried[column]
    for cells in table.values():
        cells["total"] = sum(int(cells[c] or 0) for c in APPLICANT_COLUMNS)
    return table


def _proactive(rng: random.Random, in_force: dict[str, int]) -> TableData:
    table: TableData = {}
    for row in template(Format.F2021).proactive.rows:
        if row.key in in_force:
            issued, repealed = rng.randint(0, 4), rng.randint(0, 2)
            repealed = min(repealed, in_force[row.key] + issued)
            in_force[row.key] += issued - repealed
            table[row.key] = {"issued": issued, "repealed": repealed, "in_force": in_force[row.key]}
        elif row.key == "fees":
            table[row.key] = {"amount": 0}
        else:
            table[row.key] = {"decisions": rng.randint(0, 400)}
    return table


def _appeals(rng: random.Random) -> TableData:
    table: TableData = {}
    for row in template(Format.F2021).appeals.rows:
        upheld = rng.randint(0, 2) if row.key != "litigation_after_review" else 0
        table[row.key] = {"upheld": upheld, "corrected": 0, "other": 0, "pending": 0}
        table[row.key]["total"] = upheld
    return table
