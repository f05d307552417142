"""The 2021 template (国办公开办函〔2021〕30号), for reports on 2021 and later."""

from __future__ import annotations

from gongkai.report.formats.base import Collapse, Column, Kind, Row, Table, Template
from gongkai.report.formats.common import (
    APPEALS,
    OTHER_GROUP,
    OTHER_ONE_ROW,
    PROACTIVE_TITLE,
    REQUEST_HEAD,
    REQUEST_TAIL,
    REQUESTS_TITLE,
    request_row,
)

_DOCS = (
    Column("issued", "本年制发件数", variants=("本年新制发件数",)),
    Column("repealed", "本年废止件数"),
    Column("in_force", "现行有效件数"),
)
_DECISIONS = (Column("decisions", "本年处理决定数量", variants=("处理决定数量",)),)
PROACTIVE = Table(
    "proactive",
    "二",
    PROACTIVE_TITLE,
    (
        Row("regulations", "规章", _DOCS, (), "第二十条第（一）项"),
        Row("normative_documents", "行政规范性文件", _DOCS, ("规范性文件",), "第二十条第（一）项"),
        Row("licensing", "行政许可", _DECISIONS, (), "第二十条第（五）项"),
        Row("penalty", "行政处罚", _DECISIONS, (), "第二十条第（六）项"),
        Row("coercion", "行政强制", _DECISIONS, (), "第二十条第（六）项"),
        Row(
            "fees",
            "行政事业性收费",
            (
                Column(
                    "amount",
                    "本年收费金额（单位：万元）",
                    Kind.MONEY,
                    ("本年收费金额", "收费金额（万元）", "本年收费金额（万元）"),
                ),
            ),
            (),
            "第二十条第（八）项",
        ),
    ),
)
OTHER_ROWS: tuple[Row, ...] = (
    request_row(
        "other.no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        OTHER_GROUP,
    ),
    request_row(
        "other.fee_unpaid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        OTHER_GROUP,
    ),
    request_row("other.other", "3.其他", OTHER_GROUP),
)
REQUESTS = Table("requests", "三", REQUESTS_TITLE, REQUEST_HEAD + OTHER_ROWS + REQUEST_TAIL)

TEMPLATE = Template(
    key="2021",
    name="2021 版",
    basis="国办公开办函〔2021〕30号",
    first_year=2021,
    last_year=None,
    tables=(PROACTIVE, REQUESTS, APPEALS),
    result_rows=tuple(r.key for r in REQUEST_HEAD[2:] + OTHER_ROWS),
    signatures=(
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年收费金额",
        "申请人无正当理由逾期不补正",
        "申请人逾期未按收费通知要求缴纳费用",
    ),
    # Seen in real reports: （六）其他处理 printed as one row, as the 2019 template had it.
    collapses=(
        Collapse(
            "requests",
            tuple(r.key for r in OTHER_ROWS),
            OTHER_ONE_ROW,
            "表三「（六）其他处理」印成一行（2021 版应分三行），数字记在 other 一行",
        ),
    ),
    cross_year_rules=frozenset({"R6", "R7"}),
)
