"""Scraped text: one cell per line with ``|`` markers, or one row per line — and rows whose
numbers ran together, recovered by the consistency rules or reported as ambiguous."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.report.errors import ReportParseError
from gongkai.report.formats import Format
from gongkai.report.readers import read_bytes
from gongkai.report.readers.splitting import candidate_splits, request_row_consistent
from tests.layouts import row_per_line
from tests.strategies import consistent_report

DATA = Path(__file__).parent / "data"

HEAD = """淮安市某某局2024年政府信息公开工作年度报告
一、总体情况
2024年，我局认真落实《条例》。
二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年制发件数 本年废止件数 现行有效件数
规章 0 0 0
行政规范性文件 1 0 3
行政许可 12
行政处罚 3
行政强制 0
行政事业性收费 0
三、收到和处理政府信息公开申请情况
"""
ROWS = [
    ("一、本年新收政府信息公开申请数量", "{new}"),
    ("二、上年结转政府信息公开申请数量", "1 0 0 0 0 0 1"),
    ("（一）予以公开", "10 0 0 0 0 0 10"),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "2 0 0 0 0 0 2"),
    ("1.属于国家秘密", "0 0 0 0 0 0 0"),
    ("2.其他法律行政法规禁止公开", "0 0 0 0 0 0 0"),
    ("3.危及“三安全一稳定”", "0 0 0 0 0 0 0"),
    ("4.保护第三方合法权益", "0 0 0 0 0 0 0"),
    ("5.属于三类内部事务信息", "0 0 0 0 0 0 0"),
    ("6.属于四类过程性信息", "0 0 0 0 0 0 0"),
    ("7.属于行政执法案卷", "0 0 0 0 0 0 0"),
    ("8.属于行政查询事项", "0 0 0 0 0 0 0"),
    ("1.本机关不掌握相关政府信息", "11 0 0 0 0 0 11"),
    ("2.没有现成信息需要另行制作", "0 0 0 0 0 0 0"),
    ("3.补正后申请内容仍不明确", "0 0 0 0 0 0 0"),
    ("1.信访举报投诉类申请", "0 0 0 0 0 0 0"),
    ("2.重复申请", "0 0 0 0 0 0 0"),
    ("3.要求提供公开出版物", "0 0 0 0 0 0 0"),
    ("4.无正当理由大量反复申请", "0 0 0 0 0 0 0"),
    ("5.要求行政机关确认或重新出具已获取信息", "0 0 0 0 0 0 0"),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "0 0 0 0 0 0 0"),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "0 0 0 0 0 0 0"),
    ("3.其他", "0 0 0 0 0 0 0"),
    ("（七）总计", "23 0 0 0 0 0 23"),
    ("四、结转下年度继续办理", "1 0 0 0 0 0 1"),
]
TAIL = """四、政府信息公开行政复议、行政诉讼情况
{appeals}
五、存在的主要问题及改进情况
人手不足。
六、其他需要报告的事项
无。
"""
APPEALS = "1 0 0 0 1 0 0 0 0 0 0 0 0 0 0"


def report_text(new: str, appeals: str = APPEALS) -> bytes:
    rows = "\n".join(f"{label}{' ' if new != '' else ''}{values}" for label, values in ROWS)
    text = HEAD + rows.format(new=new) + "\n" + TAIL.format(appeals=appeals)
    return text.encode("utf-8")


def test_it_reads_one_row_per_line() -> None:
    report = read_bytes(report_text("23 0 0 0 0 0 23"), "rows.txt")
    assert report.requests["new"]["total"] == 23
    assert report.requests["other.other"] == dict.fromkeys(report.requests["other.other"], 0)
    assert report.proactive["licensing"] == {"decisions": 12}
    assert report.appeals["review"] == {
        "upheld": 1,
        "corrected": 0,
        "other": 0,
        "pending": 0,
        "total": 1,
    }
    assert (report.agency, report.year, report.format) == ("淮安市某某局", 2024, "2021")
    assert report.sections["problems"] == "人手不足。"


@pytest.mark.parametrize(
    ("title", "agency"),
    [
        (
            "淮安市12345政务服务便民热线管理中心2024年政府信息公开工作年度报告",
            "淮安市12345政务服务便民热线管理中心",
        ),
        ("上海市第1中级人民法院2024年政府信息公开工作年度报告", "上海市第1中级人民法院"),
        ("2024年淮安市某某局政府信息公开工作年度报告", "淮安市某某局"),
        # A year, a date or a count before the year is not a name: no agency rather than a guess.
        ("2023年12月2024年政府信息公开工作年度报告", None),
    ],
)
def test_an_agency_keeps_the_arabic_digits_of_its_name(title: str, agency: str | None) -> None:
    data = report_text("23 0 0 0 0 0 23").replace(
        "淮安市某某局2024年政府信息公开工作年度报告".encode(), title.encode()
    )
    assert read_bytes(data, "digits.txt").agency == agency


def test_it_recovers_numbers_that_ran_together_by_the_row_total() -> None:
    data = report_text("23 0 0 0 0 0 23").replace(
        b"\xe6\x95\xb0\xe9\x87\x8f 23 0 0 0 0 0 23", "数量230 000023".encode()
    )
    report = read_bytes(data, "together.txt")
    assert report.requests["new"] == {
        "natural_person": 23,
        "commercial": 0,
        "research": 0,
        "social_welfare": 0,
        "legal_service": 0,
        "other_org": 0,
        "total": 23,
    }
    assert any("230 000023" in w and "拆分为 23、0、0、0、0、0、23" in w for w in report.warnings)


def test_it_reports_an_ambiguous_split_instead_of_picking_one() -> None:
    # "110" is 11 + 0 or 1 + 10: both give a row total of 11, so neither may be picked.
    data = report_text("23 0 0 0 0 0 23").replace(
        "数量 23 0 0 0 0 0 23".encode(), "数量110 0 0 0 0 11".encode()
    )
    report = read_bytes(data, "ambiguous.txt")
    assert set(report.requests["new"].values()) == {None}
    warning = next(w for w in report.warnings if "110 0 0 0 0 11" in w)
    assert "无法确定" in warning
    assert "11、0、0、0、0、0、11" in warning and "1、10、0、0、0、0、11" in warning


def test_it_lists_every_consistent_split() -> None:
    found = candidate_splits(["110", "0", "0", "0", "0", "11"], 7, request_row_consistent)
    assert sorted(found) == [[1, 10, 0, 0, 0, 0, 11], [11, 0, 0, 0, 0, 0, 11]]
    # A leading zero is never the start of a longer number.
    assert candidate_splits(["0023"], 3, lambda v: True) == [[0, 0, 23]]
    assert candidate_splits(["023"], 2, lambda v: True) == [[0, 23]]


def test_it_reads_gb18030_text() -> None:
    data = report_text("23 0 0 0 0 0 23").decode().encode("gb18030")
    assert read_bytes(data, "gbk.txt").requests["new"]["total"] == 23


def test_it_reads_the_pipe_format_with_blank_cells_as_null() -> None:
    text = (DATA / "yingkou-archives-2020.txt").read_text(encoding="utf-8")
    text = text.replace("规范性文件 |\n1 |\n1 |\n1 |", "规范性文件 |\n1 |\n |\n1 |", 1)
    report = read_bytes(text.encode(), "blank.txt")
    assert report.proactive["normative_documents"] == {
        "made": 1,
        "published": None,
        "total_published": 1,
    }
    assert any("本年新公开数量" in w and "留空" in w for w in report.warnings)


def test_it_keeps_a_figure_printed_in_yuan_where_the_template_wants_wan_yuan() -> None:
    data = report_text("23 0 0 0 0 0 23").replace(
        "行政事业性收费 0".encode(), "行政事业性收费 251000元".encode()
    )
    report = read_bytes(data, "yuan.txt")
    assert report.proactive["fees"] == {"amount": 251000}
    assert any("251000元" in w and "未换算" in w for w in report.warnings)


def test_it_puts_a_label_wrapped_around_its_numbers_back_together() -> None:
    wrapped = "（二）部分公开（区分处理的，只计\n本\n2 0 0 0 0 0 2\n年\n这一情形，不计其他情形）"
    data = report_text("23 0 0 0 0 0 23").replace(
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形） 2 0 0 0 0 0 2".encode(),
        wrapped.encode(),
    )
    report = read_bytes(data, "wrapped.txt")
    assert report.requests["partially_disclosed"]["total"] == 2
    assert not any("部分公开" in w for w in report.warnings)


def test_it_refuses_damaged_utf16_text_in_one_line_naming_the_file() -> None:
    # Fuzz finding: an odd byte count after the BOM raised a bare UnicodeDecodeError.
    data = report_text("23 0 0 0 0 0 23").decode().encode("utf-16") + b"\x00"
    with pytest.raises(ReportParseError, match=r"^odd\.txt: UTF-16 文本已损坏"):
        read_bytes(data, "odd.txt")


def test_it_places_a_missing_cell_by_what_the_columns_mean() -> None:
    # 2019 table 二: 政府集中采购 printed with its amount only. A decimal can only be money.
    report = consistent_report(Format.F2019)
    report.proactive["procurement"] = {"projects": 0, "amount": 3.5}
    text = row_per_line(report).replace("政府集中采购 0 3.5", "政府集中采购 3.5")
    read = read_bytes(text.encode(), "missing.txt")
    assert read.proactive["procurement"] == {"projects": None, "amount": 3.5}
    assert any("采购项目数量" in w and "留空" in w for w in read.warnings)
    # A number that may hold the missing one run together is not placed at all.
    text = text.replace("政府集中采购 3.5", "政府集中采购 13.5")
    read = read_bytes(text.encode(), "missing.txt")
    assert read.proactive["procurement"] == {"projects": None, "amount": None}
    assert any("政府集中采购" in w and "连在一起" in w for w in read.warnings)
