"""The official report formats as data: every table, row and column key with its Chinese label.

One table of keys → labels per format (spec: ``shared/spec/annual-report.md``). Readers, writers
and checks all look labels up here; nothing else in the code spells a label.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache


class Format(StrEnum):
    F2021 = "2021"  # reports on 2021 and later, 国办公开办函〔2021〕30号
    F2019 = "2019"  # reports on 2019 and 2020
    LEGACY = "legacy"  # reports on 2018 and earlier: free text, no tables


class Kind(StrEnum):
    COUNT = "count"  # a non-negative integer (rule 5)
    SIGNED = "signed"  # an integer that may be negative: 本年增/减
    MONEY = "money"  # any non-negative number


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    kind: Kind = Kind.COUNT
    variants: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Row:
    key: str
    label: str
    columns: tuple[Column, ...]
    variants: tuple[str, ...] = ()
    # The heading printed above the row in the official layout (e.g. "第二十条第（一）项",
    # "（三）不予公开"); writers print it, readers accept it.
    group: str = ""

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)


@dataclass(frozen=True, slots=True)
class Table:
    key: str  # the canonical JSON key: proactive / requests / appeals
    number: str  # 二 / 三 / 四
    title: str
    rows: tuple[Row, ...]

    def row(self, key: str) -> Row:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(key)

    @property
    def row_keys(self) -> tuple[str, ...]:
        return tuple(row.key for row in self.rows)


SECTIONS: tuple[tuple[str, str], ...] = (
    ("overview", "一、总体情况"),
    ("proactive", "二、主动公开政府信息情况"),
    ("requests", "三、收到和处理政府信息公开申请情况"),
    ("appeals", "四、政府信息公开行政复议、行政诉讼情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other", "六、其他需要报告的事项"),
)
# The narrative sections kept as text in ``AnnualReport.sections``; 二–四 are the tables.
NARRATIVE_SECTIONS: tuple[str, ...] = ("overview", "problems", "other")

# --- Table 三 -------------------------------------------------------------------------------

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


def _request_row(key: str, label: str, group: str = "", *variants: str) -> Row:
    return Row(key, label, REQUEST_COLUMNS, variants, group)


_WITHHELD = "（三）不予公开"
_UNAVAILABLE = "（四）无法提供"
_NOT_PROCESSED = "（五）不予处理"
_OTHER = "（六）其他处理"

_REQUEST_HEAD: tuple[Row, ...] = (
    _request_row("new", "一、本年新收政府信息公开申请数量", "", "本年新收政府信息公开申请数量"),
    _request_row(
        "carried_over", "二、上年结转政府信息公开申请数量", "", "上年结转政府信息公开申请数量"
    ),
    _request_row("disclosed", "（一）予以公开", "三、本年度办理结果", "予以公开"),
    _request_row(
        "partially_disclosed",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "三、本年度办理结果",
        "（二）部分公开",
        "部分公开",
    ),
    _request_row("withheld.state_secret", "1.属于国家秘密", _WITHHELD),
    _request_row("withheld.prohibited_by_law", "2.其他法律行政法规禁止公开", _WITHHELD),
    _request_row("withheld.security_stability", "3.危及“三安全一稳定”", _WITHHELD),
    _request_row("withheld.third_party_rights", "4.保护第三方合法权益", _WITHHELD),
    _request_row("withheld.internal_affairs", "5.属于三类内部事务信息", _WITHHELD),
    _request_row("withheld.process_information", "6.属于四类过程性信息", _WITHHELD),
    _request_row("withheld.enforcement_files", "7.属于行政执法案卷", _WITHHELD),
    _request_row("withheld.administrative_inquiry", "8.属于行政查询事项", _WITHHELD),
    _request_row("unavailable.not_held", "1.本机关不掌握相关政府信息", _UNAVAILABLE),
    _request_row("unavailable.needs_creation", "2.没有现成信息需要另行制作", _UNAVAILABLE),
    _request_row("unavailable.still_unclear", "3.补正后申请内容仍不明确", _UNAVAILABLE),
    _request_row("not_processed.petition", "1.信访举报投诉类申请", _NOT_PROCESSED),
    _request_row("not_processed.duplicate", "2.重复申请", _NOT_PROCESSED),
    _request_row("not_processed.publication", "3.要求提供公开出版物", _NOT_PROCESSED),
    _request_row("not_processed.excessive", "4.无正当理由大量反复申请", _NOT_PROCESSED),
    _request_row(
        "not_processed.confirm_or_reissue", "5.要求行政机关确认或重新出具已获取信息", _NOT_PROCESSED
    ),
)
_OTHER_2021: tuple[Row, ...] = (
    _request_row(
        "other.no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        _OTHER,
    ),
    _request_row(
        "other.fee_unpaid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        _OTHER,
    ),
    _request_row("other.other", "3.其他", _OTHER),
)
_OTHER_ONE_ROW = _request_row("other", "（六）其他处理", "三、本年度办理结果", "其他处理")
_REQUEST_TAIL: tuple[Row, ...] = (
    _request_row("result_total", "（七）总计", "三、本年度办理结果"),
    _request_row("carried_forward", "四、结转下年度继续办理", "", "结转下年度继续办理"),
)

# The rows that add up to result_total (rule 3), in printed order.
RESULT_ROWS_2021: tuple[str, ...] = tuple(r.key for r in _REQUEST_HEAD[2:] + _OTHER_2021)
RESULT_ROWS_2019: tuple[str, ...] = (*tuple(r.key for r in _REQUEST_HEAD[2:]), "other")

_REQUESTS_TITLE = "三、收到和处理政府信息公开申请情况"
REQUESTS_2021 = Table(
    "requests", "三", _REQUESTS_TITLE, _REQUEST_HEAD + _OTHER_2021 + _REQUEST_TAIL
)
REQUESTS_2019 = Table(
    "requests", "三", _REQUESTS_TITLE, (*_REQUEST_HEAD, _OTHER_ONE_ROW, *_REQUEST_TAIL)
)
# A 2021-format report that prints (六) as one row keeps it under ``other`` (spec): the row
# that exists only for that deviation.
OTHER_ONE_ROW = _OTHER_ONE_ROW

# --- Table 四 -------------------------------------------------------------------------------

APPEAL_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持", variants=("维持",)),
    Column("corrected", "结果纠正", variants=("纠正",)),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计", variants=("合计",)),
)
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

# --- Table 二 -------------------------------------------------------------------------------

_DOCS_2021 = (
    Column("issued", "本年制发件数", variants=("本年新制发件数",)),
    Column("repealed", "本年废止件数"),
    Column("in_force", "现行有效件数"),
)
_DECISIONS_2021 = (Column("decisions", "本年处理决定数量", variants=("处理决定数量",)),)
PROACTIVE_2021 = Table(
    "proactive",
    "二",
    "二、主动公开政府信息情况",
    (
        Row("regulations", "规章", _DOCS_2021, (), "第二十条第（一）项"),
        Row(
            "normative_documents",
            "行政规范性文件",
            _DOCS_2021,
            ("规范性文件",),
            "第二十条第（一）项",
        ),
        Row("licensing", "行政许可", _DECISIONS_2021, (), "第二十条第（五）项"),
        Row("penalty", "行政处罚", _DECISIONS_2021, (), "第二十条第（六）项"),
        Row("coercion", "行政强制", _DECISIONS_2021, (), "第二十条第（六）项"),
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
_DOCS_2019 = (
    Column("made", "本年新制作数量", variants=("本年制作数量",)),
    Column("published", "本年新公开数量", variants=("本年公开数量",)),
    Column("total_published", "对外公开总数量"),
)
_ITEMS_2019 = (
    Column("previous", "上一年项目数量"),
    Column("change", "本年增/减", Kind.SIGNED, ("本年增减", "本年增／减")),
    Column("decisions", "处理决定数量"),
)
PROACTIVE_2019 = Table(
    "proactive",
    "二",
    "二、主动公开政府信息情况",
    (
        Row("regulations", "规章", _DOCS_2019, (), "第二十条第（一）项"),
        Row(
            "normative_documents",
            "规范性文件",
            _DOCS_2019,
            ("行政规范性文件",),
            "第二十条第（一）项",
        ),
        Row("licensing", "行政许可", _ITEMS_2019, (), "第二十条第（五）项"),
        Row("other_services", "其他对外管理服务事项", _ITEMS_2019, (), "第二十条第（五）项"),
        Row("penalty", "行政处罚", _ITEMS_2019, (), "第二十条第（六）项"),
        Row("coercion", "行政强制", _ITEMS_2019, (), "第二十条第（六）项"),
        Row("fees", "行政事业性收费", _ITEMS_2019[:2], (), "第二十条第（八）项"),
        Row(
            "procurement",
            "政府集中采购",
            (
                Column("projects", "采购项目数量"),
                Column("amount", "采购总金额", Kind.MONEY),
            ),
            (),
            "第二十条第（九）项",
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class ReportFormat:
    key: Format
    proactive: Table
    requests: Table
    appeals: Table
    result_rows: tuple[str, ...]

    @property
    def tables(self) -> tuple[Table, Table, Table]:
        return (self.proactive, self.requests, self.appeals)

    def table(self, key: str) -> Table:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)


FORMATS: dict[Format, ReportFormat] = {
    Format.F2021: ReportFormat(
        Format.F2021, PROACTIVE_2021, REQUESTS_2021, APPEALS, RESULT_ROWS_2021
    ),
    Format.F2019: ReportFormat(
        Format.F2019, PROACTIVE_2019, REQUESTS_2019, APPEALS, RESULT_ROWS_2019
    ),
}


def format_for_year(year: int) -> Format:
    """The template in force for a report on ``year`` (spec: formats table)."""
    if year >= 2021:
        return Format.F2021
    if year >= 2019:
        return Format.F2019
    return Format.LEGACY


# --- Label matching -----------------------------------------------------------------------

_QUOTES = str.maketrans(
    {"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"', "、": ",", "，": ","}
)
_SPACE = re.compile(r"\s+")
_ENUM_PREFIX = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．,]|\(?[一二三四五六七八九十]+\)|\d+[.．、,])"
)


def normalize_label(text: str) -> str:
    """Fold the variants real reports print into one form for comparison.

    Full/half-width brackets, digits and punctuation (NFKC), 、 versus ，, curly versus straight
    quotes, and any whitespace (PDF extraction splits labels over lines and inside words).
    """
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACE.sub("", folded)


def strip_enumeration(label: str) -> str:
    """``(三)不予公开`` → ``不予公开``; ``2.重复申请`` → ``重复申请`` (on a normalized label)."""
    return _ENUM_PREFIX.sub("", label, count=1)


@cache
def _row_index(table: Table) -> dict[str, str]:
    index: dict[str, str] = {}
    for row in table.rows:
        for text in (row.label, *row.variants):
            normal = normalize_label(text)
            index.setdefault(normal, row.key)
            index.setdefault(strip_enumeration(normal), row.key)
    return index


def match_row(table: Table, label: str, group: str = "") -> str | None:
    """The key of the row whose label (or an accepted variant) ``label`` is, else ``None``.

    Numbered sub-rows (``1.属于国家秘密``) are unique by their text, so ``group`` is only needed
    to tell apart the rows whose label repeats across groups, such as table 三's ``3.其他``.
    """
    normal = normalize_label(label)
    if group:
        wanted = normalize_label(group)
        for row in table.rows:
            if normalize_label(row.group) == wanted and normal in (
                normalize_label(row.label),
                strip_enumeration(normalize_label(row.label)),
            ):
                return row.key
    index = _row_index(table)
    return index.get(normal) or index.get(strip_enumeration(normal))


def match_column(row: Row, label: str) -> str | None:
    normal = normalize_label(label)
    for column in row.columns:
        if normal in {normalize_label(t) for t in (column.label, *column.variants)}:
            return column.key
    return None
