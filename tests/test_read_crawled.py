"""Reports as crawlers save them: a header of 标题:/发布时间: lines, then the whole body on one line.

``pingtan-2022.txt`` (2021 format, every table cell run together) and ``pingtan-2016.txt``
(legacy, with a run-together statistics table) are read and compared with the values checked by
hand in ``data/expected/`` (each file names its source). Table cells are compared cell for cell;
legacy figures by the hand list, which names the key figures only (its ``figures_selection``):
each must be read with its value, unit, what it counts and its sentence.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from gongkai.report.checks import check_report
from gongkai.report.model import AnnualReport
from gongkai.report.readers import read_bytes, read_path

DATA = Path(__file__).parent / "data"


def expected(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "expected" / f"{name}.json").read_text("utf-8"))
    return data


def metadata(report: AnnualReport | dict[str, Any]) -> tuple[object, ...]:
    keys = ("format", "agency", "year", "title", "published")
    if isinstance(report, dict):
        return tuple(report[key] for key in keys)
    return tuple(getattr(report, key) for key in keys)


@pytest.fixture(scope="module")
def pingtan_2022() -> AnnualReport:
    return read_path(DATA / "pingtan-2022.txt")


@pytest.fixture(scope="module")
def pingtan_2016() -> AnnualReport:
    return read_path(DATA / "pingtan-2016.txt")


def test_it_reads_the_one_line_2022_report_cell_for_cell(pingtan_2022: AnnualReport) -> None:
    want = expected("pingtan-2022")
    got = pingtan_2022
    assert metadata(got) == metadata(want)
    for table in ("proactive", "requests", "appeals"):
        assert getattr(got, table) == want[table], table


def test_it_finds_no_rule_broken_in_the_2022_report(pingtan_2022: AnnualReport) -> None:
    assert check_report(pingtan_2022) == []
    assert expected("pingtan-2022")["expected_findings"] == []


def test_it_says_how_each_run_together_row_was_cut(pingtan_2022: AnnualReport) -> None:
    warnings = "\n".join(pingtan_2022.warnings)
    # Table 二: no rule within the row; the prose (现行有效…698件, 制发…88件) decides.
    assert "8855698" in warnings and "按正文中的数字 88、698" in warnings
    assert "拆分为 88、55、698" in warnings
    # Table 三: rule 1 (the row total) decides; the next row's 2. is not part of the number.
    assert "拆分为 71、3、0、0、0、0、74" in warnings
    assert "（370000037）" in warnings


def test_it_keeps_the_narrative_sections_of_a_one_line_body(pingtan_2022: AnnualReport) -> None:
    assert pingtan_2022.sections["overview"].startswith("2022年，平潭综合实验区坚持")
    assert pingtan_2022.sections["other"] == "2022年，无收取信息处理费情况。"
    assert "主动公开" not in pingtan_2022.sections["problems"][:5]


def test_it_reads_the_legacy_report_metadata(pingtan_2016: AnnualReport) -> None:
    assert metadata(pingtan_2016) == metadata(expected("pingtan-2016"))


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("index", range(len(expected("pingtan-2016")["figures"])))
def test_it_reads_each_key_legacy_figure_with_its_sentence(
    pingtan_2016: AnnualReport, index: int
) -> None:
    want = expected("pingtan-2016")["figures"][index]
    matches = [
        f
        for f in pingtan_2016.legacy_figures
        if f.what == want["what"] and f.value == want["value"] and f.unit == want["unit"]
    ]
    assert matches, want
    assert any(_compact(want["sentence"]) in _compact(f.sentence) for f in matches), want


def test_it_keeps_the_legacy_sections_headed_inline(pingtan_2016: AnnualReport) -> None:
    keys = list(pingtan_2016.sections)
    assert keys[:2] == ["preamble", "一、 概述"]
    assert "六、主要问题和改进措施" in keys
    assert pingtan_2016.sections["四、政府信息公开的收费及减免情况"].startswith("2016年我区")


def test_it_says_how_the_statistics_table_was_cut(pingtan_2016: AnnualReport) -> None:
    assert any(
        "主动公开文件数" in w and "按正文中的数字 3460 拆分为 3460、85376" in w
        for w in pingtan_2016.warnings
    )


LEGACY_PHRASINGS = """标题: 某县档案局2015年度政府信息公开工作年度报告
发布时间: 2016-03-01
==================== 正文 ====================
某县档案局2015年度政府信息公开工作年度报告
一、概述
2015年，我局共受理依申请公开信息25件。其中当面申请数18条，网上申请数7条。接待查档群众约4900人次。全年收到信访转来的申请1份并已按期答复。
二、政府信息公开情况统计表
指标名称 计量单位 2015年度 历年累计
主动公开信息数 条 425 1516
依申请公开信息数 条 25 60
"""


def test_it_reads_breakdowns_approximations_and_a_spaced_statistics_table() -> None:
    report = read_bytes(LEGACY_PHRASINGS.encode(), "legacy.txt")
    figures = {(f.what, f.value, f.unit) for f in report.legacy_figures}
    assert ("当面申请数", 18, "条") in figures
    assert ("网上申请数", 7, "条") in figures
    assert ("接待查档群众（约数）", 4900, "人次") in figures
    assert ("信访转来的申请", 1, "份") in figures  # mid-clause: …申请1份并已按期答复
    assert ("统计表：主动公开信息数 2015年度", 425, "条") in figures
    assert ("统计表：主动公开信息数 历年累计", 1516, "条") in figures
    assert ("统计表：依申请公开信息数 历年累计", 60, "条") in figures
    assert (report.agency, report.year, report.published) == ("某县档案局", 2015, "2016-03-01")


def test_it_lists_an_ambiguous_statistics_row_instead_of_guessing() -> None:
    text = LEGACY_PHRASINGS.replace("依申请公开信息数 条 25 60", "依申请公开信息数 条 3570")
    report = read_bytes(text.encode(), "legacy.txt")
    assert not any("依申请公开信息数" in f.what for f in report.legacy_figures)
    warning = next(w for w in report.warnings if "依申请公开信息数" in w)
    # A cumulative column is never below the year's: 357|0 is out; 3|570 and 35|70 remain.
    assert "3、570；35、70" in warning and "无法确定" in warning


def test_it_cuts_a_statistics_row_by_the_figure_the_prose_states() -> None:
    text = LEGACY_PHRASINGS.replace("依申请公开信息数 条 25 60", "依申请公开信息数 条 2560")
    report = read_bytes(text.encode(), "legacy.txt")
    figures = {(f.what, f.value) for f in report.legacy_figures}
    assert {
        ("统计表：依申请公开信息数 2015年度", 25),
        ("统计表：依申请公开信息数 历年累计", 60),
    } <= figures


def test_it_never_takes_a_label_or_a_sentence_for_the_agency() -> None:
    body = LEGACY_PHRASINGS.replace("标题: 某县档案局", "标题: ").replace(
        "某县档案局2015年度政府信息公开工作年度报告\n", "2015年度政府信息公开工作年度报告\n"
    )
    report = read_bytes(body.encode(), "legacy.txt")
    assert report.agency is None
    with_publisher = body.replace(
        "发布时间: 2016-03-01", "发布时间: 2016-03-01\n发布机构: 某县档案局"
    )
    assert read_bytes(with_publisher.encode(), "legacy.txt").agency == "某县档案局"


# pingtan-2019.txt: the same crawler's text of the 2019-format report (data/README.md). Every
# value below was read by hand from the page's own table (page.html of the same crawl), not
# from this text: the text runs table 二's cells together, and several rows have more than one
# reading there, which the reader must list (true values among them) and leave blank.
PINGTAN_2019_PROACTIVE = {
    "regulations": [0, 0, 0],
    "normative_documents": [89, 89, 89],
    "licensing": [396, 0, 181],
    "other_services": [10, 0, 153],
    "penalty": [2648, 0, 430],
    "coercion": [126, 0, 25],
    "fees": [35, 0],
    "procurement": [135, 75394432.52],  # printed 75394432.52元 (the template says 万元)
}
PINGTAN_2019_REQUESTS = {
    "new": 23,
    "disclosed": 7,
    "partially_disclosed": 1,
    "unavailable.not_held": 7,
    "unavailable.still_unclear": 5,
    "not_processed.duplicate": 3,
    "result_total": 23,
}


@pytest.fixture(scope="module")
def pingtan_2019() -> AnnualReport:
    return read_path(DATA / "pingtan-2019.txt")


def test_it_reads_the_2019_format_one_line_report(pingtan_2019: AnnualReport) -> None:
    got = pingtan_2019
    assert (got.format, got.agency, got.year, got.published) == (
        "2019",
        "平潭综合实验区",
        2019,
        "2020-01-20",
    )
    for row, cells in got.requests.items():
        total = PINGTAN_2019_REQUESTS.get(row, 0)  # natural persons only, every other cell 0
        assert cells == {**dict.fromkeys(cells, 0), "natural_person": total, "total": total}
    assert all(v == 0 for cells in got.appeals.values() for v in cells.values())
    # The rows left blank are findings to look at (warnings), never broken rules (errors).
    assert [f for f in check_report(got) if f.severity.value == "error"] == []


@pytest.mark.parametrize("row", sorted(PINGTAN_2019_PROACTIVE))
def test_it_never_fills_a_2019_table_two_row_with_a_wrong_cut(
    pingtan_2019: AnnualReport, row: str
) -> None:
    got = list(pingtan_2019.proactive[row].values())
    truth = PINGTAN_2019_PROACTIVE[row]
    if got == truth:
        return
    assert got == [None] * len(truth)
    shown = "、".join(str(v) for v in truth)
    assert any(shown in w and "无法确定" in w for w in pingtan_2019.warnings) or (
        row == "procurement"
        and any("政府集中采购" in w and "连在一起" in w for w in pingtan_2019.warnings)
    )


def _with_head(head: str) -> bytes:
    """pingtan-2022's body (its tables and sections) under another head than the crawler's."""
    body = (DATA / "pingtan-2022.txt").read_text("utf-8").split("正文 ====================\n")[1]
    return (head + body).encode()


@pytest.mark.parametrize(
    ("head", "agency", "published"),
    [
        # A title wrapped over two lines, the date after 公开日期 and a run of spaces.
        (
            "某市交通运输局2022年度政府信息公开\n工作年度报告\n公开日期：                2023-01-16\n",
            "某市交通运输局",
            "2023-01-16",
        ),
        # A title without 政府 or 工作, a date after 成文日期 in 年月日.
        (
            "某县统计局2022年信息公开年度报告\n成文日期： 2023 年 1 月 9 日\n",
            "某县统计局",
            "2023-01-09",
        ),
        # No title at all, and a label where a name should be: no agency, never the label.
        ("标题:\n发布时间: 2023-02-20 15:07\n发布机构: 栏目:\n", None, "2023-02-20"),
    ],
)
def test_it_reads_the_title_and_date_however_the_page_prints_them(
    head: str, agency: str | None, published: str
) -> None:
    report = read_bytes(_with_head(head), "head.txt")
    assert (report.agency, report.year, report.published) == (agency, 2022, published)
    assert report.requests["new"]["total"] == 74


def test_it_says_which_paragraph_it_could_not_search_for_figures() -> None:
    long_sentence = "全年主动公开信息12条，" + "并持续推进政务公开工作" * 250 + "。"
    text = LEGACY_PHRASINGS.replace("接待查档群众约4900人次。", long_sentence)
    report = read_bytes(text.encode(), "legacy.txt")
    assert not any(f.value == 12 for f in report.legacy_figures)
    assert any("字的一句" in w and "未读取" in w for w in report.warnings)


# pingtan-2021.txt and pingtan-2024.txt: the same crawl (data/README.md). Their table 三 values
# were read by eye from the text, where each row's total and the prose (2021: 共收到70件申请,
# 1件结转下年度; 2024: 全年办理政府信息公开申请218件) pin them down.
PINGTAN_LATER = {
    "pingtan-2021.txt": {
        "new": [64, 0, 0, 2, 0, 4, 70],
        "disclosed": [27, 0, 0, 2, 0, 1, 30],  # 270020130: rule 1 allows two cuts, rule 3 one
        "unavailable.not_held": [22, 0, 0, 0, 0, 3, 25],  # 220000325: likewise
        "result_total": [63, 0, 0, 2, 0, 4, 69],
        "carried_forward": [1, 0, 0, 0, 0, 0, 1],
    },
    "pingtan-2024.txt": {
        "new": [217, 1, 0, 0, 0, 0, 218],
        "withheld.internal_affairs": [32, 0, 0, 0, 0, 0, 32],
        "unavailable.not_held": [75, 0, 0, 0, 0, 0, 75],
        "other.other": [1, 1, 0, 0, 0, 0, 2],
        "result_total": [217, 1, 0, 0, 0, 0, 218],
    },
}


@pytest.mark.parametrize("name", sorted(PINGTAN_LATER))
def test_it_reads_the_later_one_line_reports(name: str) -> None:
    report = read_path(DATA / name)
    year = int(name[8:12])
    assert (report.format, report.agency, report.year) == ("2021", "平潭综合实验区", year)
    for row, values in PINGTAN_LATER[name].items():
        assert list(report.requests[row].values()) == values, row
    assert all(v is not None for cells in report.requests.values() for v in cells.values())
    # Every rule within the report holds (table 二's undecided row is a blank, not an error).
    assert [f for f in check_report(report) if f.severity.value == "error"] == []
    # Table 四 sits glued between its header and section 五; rule 4 cuts it.
    assert all(v is not None for cells in report.appeals.values() for v in cells.values())
    assert "problems" in report.sections
