"""Rows and columns that the 2019 and 2021 templates print alike (tables 三 and 四)."""

from __future__ import annotations

from gongkai.report.formats.base import Column, Row, Table

REQUEST_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业", variants=("商业", "企业")),
    Column("research", "科研机构", variants=("科研",)),
    Column("social_welfare", "社会公益组织", variants=("社会公益", "公益组织")),
    Column("legal_service", "法律服务机构", variants=("法律服务",)),
    Column("other_org", "其他"),
    Column("total", "总计", variants=("合计",)),
)
APPLICANT_COLUMNS: tuple[str, ...] = tuple(c.key for c in REQUEST_COLUMNS[:-1])
REQUESTS_TITLE = "三、收到和处理政府信息公开申请情况"
RESULTS_GROUP = "三、本年度办理结果"


def request_row(key: str, label: str, group: str = "", *variants: str) -> Row:
    return Row(key, label, REQUEST_COLUMNS, variants, group)


_WITHHELD = "（三）不予公开"
_UNAVAILABLE = "（四）无法提供"
_NOT_PROCESSED = "（五）不予处理"
OTHER_GROUP = "（六）其他处理"

# 一、二 and （一）–（五）, the same in both templates.
REQUEST_HEAD: tuple[Row, ...] = (
    request_row("new", "一、本年新收政府信息公开申请数量", "", "本年新收政府信息公开申请数量"),
    request_row(
        "carried_over", "二、上年结转政府信息公开申请数量", "", "上年结转政府信息公开申请数量"
    ),
    request_row("disclosed", "（一）予以公开", RESULTS_GROUP, "予以公开"),
    request_row(
        "partially_disclosed",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        RESULTS_GROUP,
        "（二）部分公开",
        "部分公开",
    ),
    request_row("withheld.state_secret", "1.属于国家秘密", _WITHHELD),
    request_row("withheld.prohibited_by_law", "2.其他法律行政法规禁止公开", _WITHHELD),
    request_row("withheld.security_stability", "3.危及“三安全一稳定”", _WITHHELD),
    request_row("withheld.third_party_rights", "4.保护第三方合法权益", _WITHHELD),
    request_row("withheld.internal_affairs", "5.属于三类内部事务信息", _WITHHELD),
    request_row("withheld.process_information", "6.属于四类过程性信息", _WITHHELD),
    request_row("withheld.enforcement_files", "7.属于行政执法案卷", _WITHHELD),
    request_row("withheld.administrative_inquiry", "8.属于行政查询事项", _WITHHELD),
    request_row("unavailable.not_held", "1.本机关不掌握相关政府信息", _UNAVAILABLE),
    request_row("unavailable.needs_creation", "2.没有现成信息需要另行制作", _UNAVAILABLE),
    request_row("unavailable.still_unclear", "3.补正后申请内容仍不明确", _UNAVAILABLE),
    request_row("not_processed.petition", "1.信访举报投诉类申请", _NOT_PROCESSED),
    request_row("not_processed.duplicate", "2.重复申请", _NOT_PROCESSED),
    request_row("not_processed.publication", "3.要求提供公开出版物", _NOT_PROCESSED),
    request_row("not_processed.excessive", "4.无正当理由大量反复申请", _NOT_PROCESSED),
    request_row(
        "not_processed.confirm_or_reissue", "5.要求行政机关确认或重新出具已获取信息", _NOT_PROCESSED
    ),
)
# （六）其他处理 printed as one row: the 2019 template's own row, a 2021 report's variant.
OTHER_ONE_ROW = request_row("other", OTHER_GROUP, RESULTS_GROUP, "其他处理")
REQUEST_TAIL: tuple[Row, ...] = (
    request_row("result_total", "（七）总计", RESULTS_GROUP),
    request_row("carried_forward", "四、结转下年度继续办理", "", "结转下年度继续办理"),
)

APPEAL_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持", variants=("维持",)),
    Column("corrected", "结果纠正", variants=("纠正",)),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计", variants=("合计",)),
)
APPEAL_PARTS: tuple[str, ...] = tuple(c.key for c in APPEAL_COLUMNS[:-1])
APPEALS = Table(
    "appeals",
    "四",
    "四、政府信息公开行政复议、行政诉讼情况",
    (
        Row("review", "行政复议", APPEAL_COLUMNS),
        Row("litigation_direct", "未经复议直接起诉", APPEAL_COLUMNS, ("直接起诉",), "行政诉讼"),
        Row("litigation_after_review", "复议后起诉", APPEAL_COLUMNS, (), "行政诉讼"),
    ),
)
PROACTIVE_TITLE = "二、主动公开政府信息情况"
