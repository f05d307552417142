"""The fast single-report checks and prose reader give exactly what a plain implementation gives.

``check_report`` and ``stated_figures`` decide the common case with whole-table builtins, cached
labels and one scan per anchor character (bench/bench_check.py). The reference below walks
every cell, every row and every anchor occurrence one at a time, as the spec words the rules;
hypothesis feeds both the same damaged reports (blank, negative, fractional and altered cells)
and overviews assembled from real phrasings, and every finding must match field for field.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.report import canonical, prose
from gongkai.report.checks import check_report
from gongkai.report.findings import (
    APPEAL_COLUMN_LABEL,
    COLUMN_LABELS,
    KINDS,
    MONEY_ROWS,
    NOT_RESULTS,
    REQUEST_COLUMN_LABEL,
    ROW_LABELS,
    SEVERITY,
    TABLE_NUMBER,
    Collector,
    Finding,
    Rule,
    fmt_number,
    fmt_numbers,
    n,
)
from gongkai.report.formats import APPEAL_PARTS, APPLICANT_COLUMNS, Format, Kind, template
from gongkai.report.model import AnnualReport, Cell
from gongkai.report.prose import StatedFigure, parse_chinese_number, stated_figures
from tests.strategies import consistent_reports

DATA = Path(__file__).parent / "data"

# --- The reference: one cell, one row, one anchor at a time ------------------------------------


def reference_check_report(report: AnnualReport) -> list[Finding]:
    if report.format == Format.LEGACY:
        return []
    out: list[Finding] = []

    def add(rule: Rule, message: str, **where: object) -> None:
        out.append(
            Finding(rule, SEVERITY[rule], message, agency=report.agency, year=report.year, **where)  # type: ignore[arg-type]
        )

    def cells_of(table_key: str) -> None:
        at = (report.format, table_key)
        for row_key, cells in getattr(report, table_key).items():
            blank = []
            for column_key, value in cells.items():
                if value is None:
                    blank.append(column_key)
                    continue
                kind = KINDS[at][row_key][column_key]
                integral = isinstance(value, int) or value.is_integer()
                if kind is Kind.MONEY:
                    ok, wanted = value >= 0, "非负数"
                elif kind is Kind.SIGNED:
                    ok, wanted = integral, "整数"
                else:
                    ok, wanted = integral and value >= 0, "非负整数"
                if not ok:
                    row_label = ROW_LABELS[at][row_key]
                    label = COLUMN_LABELS[at][(row_key, column_key)]
                    add(
                        Rule.NON_NEGATIVE,
                        f"表{TABLE_NUMBER[table_key]}「{row_label}」行「{label}」列："
                        f"应为{wanted}，实为 {fmt_number(value)}",
                        table=table_key,
                        row=row_key,
                        row_label=row_label,
                        column=column_key,
                        column_label=label,
                        right=value,
                    )
            if blank:
                row_label = ROW_LABELS[at][row_key]
                labels = [COLUMN_LABELS[at][(row_key, c)] for c in blank]
                add(
                    Rule.BLANK,
                    f"表{TABLE_NUMBER[table_key]}「{row_label}」行 "
                    + "、".join(f"「{label}」" for label in labels)
                    + " 为空白，按 0 计算；请填写数字（没有就填 0）",
                    table=table_key,
                    row=row_key,
                    row_label=row_label,
                    column=",".join(blank),
                    column_label="、".join(labels),
                )

    cells_of("proactive")
    cells_of("requests")
    requests = report.requests
    labels = ROW_LABELS[(report.format, "requests")]
    for row_key, cells in requests.items():
        values = [n(cells[c]) for c in APPLICANT_COLUMNS]
        parts, total = sum(values), n(cells["total"])
        if parts != total:
            add(
                Rule.ROW_TOTAL,
                f"表三「{labels[row_key]}」行：六类申请人之和 "
                + " + ".join(fmt_number(v) for v in values)
                + f" = {fmt_number(parts)}，但总计为 {fmt_number(total)}",
                table="requests",
                row=row_key,
                row_label=labels[row_key],
                column="total",
                column_label="总计",
                left=parts,
                right=total,
            )
    for column, column_label in REQUEST_COLUMN_LABEL.items():
        a, b = n(requests["new"][column]), n(requests["carried_over"][column])
        c, d = n(requests["result_total"][column]), n(requests["carried_forward"][column])
        if a + b != c + d:
            add(
                Rule.COLUMN_BALANCE,
                f"表三「{column_label}」列：本年新收 {fmt_number(a)} + 上年结转 {fmt_number(b)}"
                f" = {fmt_number(a + b)}，但办理结果总计 {fmt_number(c)} + 结转下年度 "
                f"{fmt_number(d)} = {fmt_number(c + d)}",
                table="requests",
                column=column,
                column_label=column_label,
                left=a + b,
                right=c + d,
            )
        results = sum(n(cells[column]) for key, cells in requests.items() if key not in NOT_RESULTS)
        if results != c:
            add(
                Rule.RESULT_TOTAL,
                f"表三「{column_label}」列：各项办理结果（予以公开至其他处理）之和为 "
                f"{fmt_number(results)}，但「（七）总计」为 {fmt_number(c)}",
                table="requests",
                row="result_total",
                row_label=labels["result_total"],
                column=column,
                column_label=column_label,
                left=results,
                right=c,
            )
    cells_of("appeals")
    for row in template(Format.F2021).appeals.rows:
        cells = report.appeals[row.key]
        parts = sum(n(cells[c]) for c in APPEAL_PARTS)
        total = n(cells["total"])
        if parts != total:
            group = f"{row.group}（{row.label}）" if row.group else row.label
            add(
                Rule.APPEAL_TOTAL,
                f"表四「{group}」："
                + " + ".join(
                    f"{APPEAL_COLUMN_LABEL[c]} {fmt_number(n(cells[c]))}" for c in APPEAL_PARTS
                )
                + f" = {fmt_number(parts)}，但总计为 {fmt_number(total)}",
                table="appeals",
                row=row.key,
                row_label=group,
                column="total",
                column_label="总计",
                left=parts,
                right=total,
            )
    for figure in reference_stated_figures(report.sections.get("overview") or ""):
        readings: list[Cell] = []
        for ref in figure.refs:
            cells_total: Cell = 0
            for table_key, row_key in ref:
                value = getattr(report, table_key)[row_key]["total"]
                cells_total = None if value is None or cells_total is None else cells_total + value
            readings.append(cells_total)
        if None in readings or figure.value in readings:
            continue
        printed = n(readings[0])
        add(
            Rule.PROSE,
            f"总体情况写明“{figure.what}” {figure.value} {figure.unit}，但{figure.table_label}为 "
            f"{fmt_number(printed)}：“{figure.sentence}”",
            table=figure.refs[0][0][0],
            row=figure.refs[0][0][1],
            row_label=figure.table_label,
            column="total",
            column_label="总计",
            left=figure.value,
            right=printed,
            sentence=figure.sentence,
        )
    return out


def reference_stated_figures(text: str) -> list[StatedFigure]:
    """Every anchor occurrence found with str.find, anchor by anchor; sentences split by regex."""
    if not any(word in text for word in prose._KEYWORDS):
        return []
    compact = "\n".join("".join(line.split()) for line in text.split("\n"))
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^。！？；;!?\n]*", compact)]

    def sentence(position: int) -> str:
        return next(compact[s:e] for s, e in sentences if s <= position <= e)

    def matches(anchors: tuple[str, ...], regex: re.Pattern[str]) -> list[re.Match[str]]:
        found, ends = [], set()
        for anchor in anchors:
            for position in range(len(compact)):
                if compact.startswith(anchor, position):
                    match = regex.match(compact, position)
                    if match and match.end() not in ends:
                        ends.add(match.end())
                        found.append(match)
        return found

    found: list[tuple[int, StatedFigure]] = []
    for pattern in prose._PATTERNS:
        for match in matches(pattern.anchors, pattern.regex):
            value = parse_chinese_number(match.group(1))
            if value is None or any(word in match.group(0) for word in pattern.excluded):
                continue
            figure = StatedFigure(
                pattern.what,
                value,
                match.group(2),
                sentence(match.start()),
                pattern.refs,
                pattern.table_label,
            )
            found.append((match.start(), figure))
    for match in matches(prose._NONE_ANCHORS, prose._NONE_STATED):
        for kind in filter(None, match.groups()):
            refs = (prose._REVIEW,) if kind == "行政复议" else (prose._LITIGATION,)
            label = "表四「行政复议」总计" if kind == "行政复议" else prose._LITIGATION_LABEL
            figure = StatedFigure("未发生" + kind, 0, "件", sentence(match.start()), refs, label)
            found.append((match.start(), figure))
    found.sort(key=lambda item: item[0])
    return [figure for _, figure in found]


# --- Generated input ---------------------------------------------------------------------------

_REAL = [canonical.load(p) for p in sorted(DATA.glob("*.json"))]
_PHRASES = [
    "全年共收到政府信息公开申请25件，已全部办结。",
    "共受理政府信息公开申请5件（含上年结转2件）。",
    "本年度发生政府信息公开行政复议2件，行政诉讼一件。",
    "未发生政府信息公开行政复议、行政诉讼案件。",
    "未发生因政府信息公开行政复议被纠错的情况。",
    "结转下年度办理3件",
    "上年度结转申请34件",
    "上一年转来 1 件",
    "答复3050件（含上年度结转申请34件，另有103件顺延到下年度答复）",
    "办理完毕 二十一 件",
    "没有收到行政诉讼",
    "行政复议案件１２起",
    "新收申请一百零五份",
    "接收到申请\u30007 个",
    "共收到申请２５件！",
    "各类申请12件",
    "其中结转下一年度2件",
    "没有发生行政诉讼和行政复议情况",
    *"\n \u3000\r。；，!?3０两百十件申请上年结转受理答复办结未",
    "到下年度",
    "行政复议",
    "行政诉讼",
    *(r.sections.get("overview", "")[:300] for r in _REAL),
]
overviews = st.lists(st.sampled_from(_PHRASES), max_size=25).map("".join)


_ANY_DAMAGE = st.one_of(
    st.just(None),
    st.integers(-5, -1),
    st.sampled_from([0.5, 2.0, 3.25, -1.5, 0.0]),
    st.integers(-3, 3),
)
# Blanks and counts made larger only: every cell stays blank or a non-negative int (a table
# decided as a whole, then per row only for its blanks), yet sums go wrong.
_BLANKS_AND_COUNTS = st.one_of(st.just(None), st.integers(0, 3))


@st.composite
def damaged_reports(draw: st.DrawFn, damage: st.SearchStrategy[Cell] = _ANY_DAMAGE) -> AnnualReport:
    """A consistent generated report or a real one, with some cells blank, negative, fractional
    or off by a little (``damage``), and an overview assembled from real phrasings."""
    real = [r for r in _REAL if r.format != Format.LEGACY]
    report = copy.deepcopy(draw(st.one_of(consistent_reports(), st.sampled_from(real))))
    for table_key in ("proactive", "requests", "appeals"):
        for cells in getattr(report, table_key).values():
            for column in cells:
                if draw(st.integers(0, 9)) == 0:
                    change = draw(damage)
                    if isinstance(change, int) and -3 <= change <= 3:
                        change = (cells[column] or 0) + change
                    cells[column] = change
    if draw(st.booleans()):
        report.sections = {**report.sections, "overview": draw(overviews)}
    return report


# Fees with and without a fraction, whole numbers held as floats (in any column), and the
# values a fast path over the whole of table 二 must not let through: NaN, infinities, -0.0.
_NUMBER_DAMAGE = st.sampled_from(
    [0.5, 2.0, 4068.208, 0.0, -0.0, 3, 7.0, float("nan"), float("inf"), -float("inf"), 1e300]
)


def assert_same_findings(found: list[Finding], expected: list[Finding]) -> None:
    """Equal field for field by repr: Finding's == takes 3 for 3.0 (a clerk's message and the
    JSON do not) and a computed NaN for unequal to itself."""
    assert [repr(f) for f in found] == [repr(f) for f in expected]
    assert all(type(f) is Finding for f in found)


@settings(max_examples=400, deadline=None)
@given(damaged_reports())
def test_check_report_gives_the_reference_findings(report: AnnualReport) -> None:
    assert_same_findings(check_report(report), reference_check_report(report))


@settings(max_examples=300, deadline=None)
@given(damaged_reports(_BLANKS_AND_COUNTS))
def test_blank_cells_and_wrong_sums_give_the_reference_findings(report: AnnualReport) -> None:
    assert_same_findings(check_report(report), reference_check_report(report))


@settings(max_examples=200, deadline=None)
@given(damaged_reports(_NUMBER_DAMAGE))
def test_fractional_and_non_finite_numbers_give_the_reference_findings(
    report: AnnualReport,
) -> None:
    assert_same_findings(check_report(report), reference_check_report(report))


@st.composite
def fractional_fee_reports(draw: st.DrawFn) -> AnnualReport:
    """A consistent or real report whose table 二 has many cells replaced: table 二 is decided as
    a whole when every cell is a non-negative number and only the money rows hold fractions."""
    real = [r for r in _REAL if r.format != Format.LEGACY]
    report = copy.deepcopy(draw(st.one_of(consistent_reports(), st.sampled_from(real))))
    money = MONEY_ROWS[(report.format, "proactive")]
    for row_key, cells in report.proactive.items():
        for column in cells:
            # The money rows often, the other rows seldom (one fraction there is enough).
            if draw(st.integers(0, 1 if row_key in money else 15)) == 0:
                cells[column] = draw(_NUMBER_DAMAGE)
    return report


@settings(max_examples=300, deadline=None)
@given(fractional_fee_reports())
def test_table_two_with_fractions_gives_the_reference_findings(report: AnnualReport) -> None:
    assert_same_findings(check_report(report), reference_check_report(report))


_NUMBERS = st.one_of(
    st.integers(-30, 2100),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, -0.0, 1.0, 2047.0, 2048.0, -16.0, -17.0, 0.5]),
)


@given(st.lists(_NUMBERS, max_size=8))
def test_numbers_are_written_as_a_plain_str_or_int_writes_them(values: list[int | float]) -> None:
    plain = [str(v) if isinstance(v, int) or not v.is_integer() else str(int(v)) for v in values]
    assert [fmt_number(v) for v in values] == plain
    assert fmt_numbers(values) == plain


@settings(max_examples=400, deadline=None)
@given(overviews)
def test_stated_figures_are_the_reference_figures(text: str) -> None:
    assert stated_figures(text) == reference_stated_figures(text)


def test_the_real_reports_give_the_reference_findings() -> None:
    for report in _REAL:
        assert_same_findings(check_report(report), reference_check_report(report))
        overview = report.sections.get("overview", "")
        assert stated_figures(overview) == reference_stated_figures(overview)


def test_row_total_messages_write_each_number_as_the_reference_does() -> None:
    """A wrong row total's message is formatted in one step when its numbers are ints: a bool
    among them (an int that writes as "True"), a huge int, a float or a blank must still read
    as the reference writes them."""
    for report in _REAL:
        if report.format == Format.LEGACY:
            continue
        for values in ([True, 3, False], [2**70, 1, 0], [2.0, 1, 0], [None, 1, 4], [7, 8, 9]):
            damaged = copy.deepcopy(report)
            for row, value in zip(("new", "disclosed", "carried_forward"), values, strict=True):
                damaged.requests[row]["natural_person"] = value
            assert_same_findings(check_report(damaged), reference_check_report(damaged))
            assert any(f.rule is Rule.ROW_TOTAL for f in check_report(damaged))


def test_a_fast_built_finding_equals_the_dataclass_one() -> None:
    collector = Collector(AnnualReport(Format.F2021, agency="局", year=2024))
    collector.put(Rule.BLANK, "消息", "requests", "new", "一", "total", "总计", 1, 2)
    fast = collector.findings[0]
    slow = Finding(
        Rule.BLANK,
        SEVERITY[Rule.BLANK],
        "消息",
        table="requests",
        row="new",
        row_label="一",
        column="total",
        column_label="总计",
        left=1,
        right=2,
        agency="局",
        year=2024,
    )
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)


# --- The prose reader's parts against plain readings --------------------------------------------

# Anchors, their key characters and neighbours, line breaks and the whitespace PDF extraction
# leaves, so that generated texts put anchors at a text's or a line's very start and end, key
# characters without their neighbours, neighbours without their key characters, and blank lines.
_ANCHOR_TEXT = st.lists(
    st.sampled_from(
        [
            *(anchor for anchors in prose._ALL_ANCHORS for anchor in anchors),
            *"收受答办毕转上议讼未没新接共到理复结完年一诉有行政",
            "\n",
            "\n\n",
            " ",
            "\u3000",
            "\t",
            "申请3件",
            "。",
        ]
    ),
    max_size=30,
).map("".join)


def reference_anchor_starts(text: str) -> list[list[tuple[int, int]]]:
    """Every (anchor index, start) of every pattern's anchors, by str.startswith at every position."""
    return [
        sorted(
            (index, position)
            for index, anchor in enumerate(anchors)
            for position in range(len(text))
            if text.startswith(anchor, position)
        )
        for anchors in prose._ALL_ANCHORS
    ]


@settings(max_examples=500, deadline=None)
@given(_ANCHOR_TEXT)
def test_anchor_starts_found_by_neighbours_are_every_anchor_occurrence(text: str) -> None:
    assert prose._anchor_starts(text) == reference_anchor_starts(text)


@settings(max_examples=300, deadline=None)
@given(_ANCHOR_TEXT)
def test_compact_text_removes_every_whitespace_but_line_breaks(text: str) -> None:
    assert prose.compact_text(text) == "\n".join("".join(line.split()) for line in text.split("\n"))


@settings(max_examples=300, deadline=None)
@given(_ANCHOR_TEXT)
def test_generated_anchor_texts_give_the_reference_figures(text: str) -> None:
    assert stated_figures(text) == reference_stated_figures(text)
