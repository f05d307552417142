"""The report on a year, built from the platform's records: tables 二/三/四 in the format in
force for the year, and the narrative drafted with the year's figures."""

from __future__ import annotations

from gongkai.agencies.models import Agency
from gongkai.appeals.tables import appeals_table
from gongkai.catalogue.tables import proactive_table
from gongkai.errors import DomainError
from gongkai.readingroom.selectors import overview_sentence
from gongkai.report.formats import NARRATIVE_SECTIONS, format_for_year
from gongkai.report.model import AnnualReport, empty_report
from gongkai.requests.selectors import table_three


class NoTablesError(DomainError, ValueError):
    """The year's format has no tables (reports on 2018 and earlier are free text)."""


def report_from_platform(agency: Agency, year: int) -> AnnualReport:
    fmt = format_for_year(year)
    if not fmt.has_tables:
        raise NoTablesError(f"{year}年度报告为旧版自由文本格式，没有可从数据生成的表格。")
    report = empty_report(fmt, agency=agency.name, year=year)
    report.title = f"{agency.name}{year}年政府信息公开工作年度报告"
    report.proactive = proactive_table(agency, year)
    report.requests = table_three(agency, year)  # in the year's template
    report.appeals = appeals_table(agency, year)
    report.sections = draft_sections(agency, report)
    return report


def overview_text(agency: Agency, report: AnnualReport) -> str:
    """The 总体情况 paragraph with the figures of table 三/四, phrased so that rule 9 reads
    them back (共收到…申请…件、已办结…件、结转下年度…件)."""
    requests = report.requests
    new = int(requests["new"]["total"] or 0)
    carried = int(requests["carried_over"]["total"] or 0)
    answered = int(requests["result_total"]["total"] or 0)
    forward = int(requests["carried_forward"]["total"] or 0)
    reviews = int(report.appeals["review"]["total"] or 0)
    suits = int(report.appeals["litigation_direct"]["total"] or 0) + int(
        report.appeals["litigation_after_review"]["total"] or 0
    )
    lines = [
        f"{report.year}年，{agency.name}认真贯彻落实《中华人民共和国政府信息公开条例》，"
        f"由{agency.disclosure_unit}负责本机关政府信息公开日常工作。",
        f"本年度新收政府信息公开申请{new}件，上年结转{carried}件，"
        f"已办结{answered}件，结转下年度继续办理{forward}件。",
        f"因政府信息公开被申请行政复议{reviews}件，被提起行政诉讼{suits}件。",
    ]
    reading_room = overview_sentence(agency, report.year or 0)
    if reading_room:
        lines.append(reading_room)
    return "\n".join(lines)


def draft_sections(agency: Agency, report: AnnualReport) -> dict[str, str]:
    sections = dict.fromkeys(NARRATIVE_SECTIONS, "")
    sections["overview"] = overview_text(agency, report)
    return sections
