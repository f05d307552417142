"""The 2019 template (the first under the 2019 条例), for reports on 2019 and 2020."""

from __future__ import annotations

from gongkai.report.formats.base import Column, Kind, Row, Table, Template
from gongkai.report.formats.common import (
    APPEALS,
    OTHER_ONE_ROW,
    PROACTIVE_TITLE,
    REQUEST_HEAD,
    REQUEST_TAIL,
    REQUESTS_TITLE,
)

_DOCS = (
    Column("made", "本年新制作数量", variants=("本年制作数量",)),
    Column("published", "本年新公开数量", variants=("本年公开数量",)),
    Column("total_published", "对外公开总数量"),
)
_ITEMS = (
    Column("previous", "上一年项目数量"),
    Column("change", "本年增/减", Kind.SIGNED, ("本年增减", "本年增／减")),
    Column("decisions", "处理决定数量"),
)
PROACTIVE = Table(
    "proactive",
    "二",
    PROACTIVE_TITLE,
    (
        Row("regulations", "规章", _DOCS, (), "第二十条第（一）项"),
        Row("normative_documents", "规范性文件", _DOCS, ("行政规范性文件",), "第二十条第（一）项"),
        Row("licensing", "行政许可", _ITEMS, (), "第二十条第（五）项"),
        Row("other_services", "其他对外管理服务事项", _ITEMS, (), "第二十条第（五）项"),
        Row("penalty", "行政处罚", _ITEMS, (), "第二十条第（六）项"),
        Row("coercion", "行政强制", _ITEMS, (), "第二十条第（六）项"),
        Row("fees", "行政事业性收费", _ITEMS[:2], (), "第二十条第（八）项"),
        Row(
            "procurement",
            "政府集中采购",
            (Column("projects", "采购项目数量"), Column("amount", "采购总金额", Kind.MONEY)),
            (),
            "第二十条第（九）项",
        ),
    ),
)
REQUESTS = Table("requests", "三", REQUESTS_TITLE, (*REQUEST_HEAD, OTHER_ONE_ROW, *REQUEST_TAIL))

TEMPLATE = Template(
    key="2019",
    name="2019 版",
    basis="国务院办公厅政府信息与政务公开办公室 2019 年印发的年度报告格式",
    first_year=2019,
    last_year=2020,
    tables=(PROACTIVE, REQUESTS, APPEALS),
    result_rows=(*tuple(r.key for r in REQUEST_HEAD[2:]), OTHER_ONE_ROW.key),
    signatures=(
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "采购项目数量",
        "采购总金额",
        "其他对外管理服务事项",
    ),
    # The platform counts the three lapses and withdrawals of （六） apart; this template
    # prints them as one row.
    folds={
        "other.no_correction": OTHER_ONE_ROW.key,
        "other.fee_unpaid": OTHER_ONE_ROW.key,
        "other.other": OTHER_ONE_ROW.key,
    },
    cross_year_rules=frozenset({"R6", "R8"}),
)
