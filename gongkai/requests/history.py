"""Import of past requests from an agency's old ledger (CSV or XLSX), registered as history.

One request a line under the header row (columns in any order; the first five required)::

    收到日期, 申请人, 申请人类别, 申请内容, 申请渠道, 办理结果, 办结日期, 原编号,
    获取信息的方式, 提供方式

Every row is checked first; each problem names its row (as numbered in the spreadsheet: the
header is row 1) and column. Nothing is saved while any row is refused, so a file is imported
whole or not at all; ``commit=False`` only checks (the preview). Each request is registered as
history: its events say so, no notice or notification is sent, its 答复期限 (条例第三十三条) is
computed from the date received, and a request with 办理结果 and 办结日期 is closed with that
outcome (a table 三 row, matched through ``gongkai.requests.outcomes``). A cell that is a
formula (``=…``) is refused rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.audit.services import event_record
from gongkai.errors import DomainError
from gongkai.lib.safe_cells import xml_text
from gongkai.requests import guards, outcomes, record
from gongkai.requests.codes import next_serial, query_code_hash, query_code_new
from gongkai.requests.models import (
    Application,
    Category,
    Channel,
    Delivery,
    FormWanted,
    Status,
)

RECEIVED, APPLICANT, CATEGORY, DESCRIPTION, CHANNEL = (
    "收到日期",
    "申请人",
    "申请人类别",
    "申请内容",
    "申请渠道",
)
OUTCOME, CLOSED, OLD_NUMBER, FORM, DELIVERY = (
    "办理结果",
    "办结日期",
    "原编号",
    "获取信息的方式",
    "提供方式",
)
REQUIRED = (RECEIVED, APPLICANT, CATEGORY, DESCRIPTION, CHANNEL)
OPTIONAL = (OUTCOME, CLOSED, OLD_NUMBER, FORM, DELIVERY)
MAX_ROWS = 5_000
MAX_BYTES = 5 * 1024 * 1024
MAX_TEXT = 5_000
FIRST_DAY = date(2008, 5, 1)  # 条例 (2007) in force
HISTORY_NOTE = "历史申请补录（原台账导入）：办理时未在本系统登记，导入时未发送任何通知"


class HistoryImportError(DomainError, ValueError):
    """The file as a whole cannot be read (kind, size, header); nothing was imported."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"第 {self.row} 行「{self.column}」：{self.message}"


@dataclass(frozen=True)
class PastRequest:
    row: int
    received_on: date
    applicant_name: str
    category: str
    description: str
    channel: str
    outcome: str
    closed_on: date | None
    old_number: str
    form_wanted: str
    delivery: str

    @property
    def outcome_label(self) -> str:
        return outcomes.get(self.outcome).label if self.outcome else ""


@dataclass
class HistoryImport:
    filename: str
    requests: list[PastRequest] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    created: list[Application] = field(default_factory=list)

    @property
    def summary(self) -> str:
        if self.errors:
            rows = len({e.row for e in self.errors})
            return f"{self.filename}：{rows} 行有误，未导入任何申请；请改正后重新上传。"
        if self.created:
            return f"{self.filename}：已导入 {len(self.created)} 件历史申请。"
        return f"{self.filename}：{len(self.requests)} 件申请均可导入（预览，尚未保存）。"


def _choices(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Key, label, and the label before its first "（" each name the choice."""
    found: dict[str, str] = {}
    for key, label in pairs:
        for name in (key, label, label.split("（")[0]):
            found.setdefault(name.strip(), key)
    return found


def _outcome_names() -> dict[str, str]:
    """Each outcome by key, table 三 label, the label without its group ("1.属于国家秘密"),
    and without its number ("属于国家秘密"); a short name two outcomes share is dropped."""
    names: dict[str, set[str]] = {}
    for outcome in outcomes.OUTCOMES:
        label = outcome.label
        short = label.split(" ", 1)[-1]
        bare = re.sub(r"^\d+\.", "", short)
        group_only = re.sub(r"^（.）", "", label).split("（")[0]
        for name in {outcome.key, label, short, bare, group_only}:
            names.setdefault(name.strip(), set()).add(outcome.key)
    return {name: next(iter(keys)) for name, keys in names.items() if len(keys) == 1}


CATEGORIES = _choices(list(Category.choices))
CHANNELS = _choices(list(Channel.choices))
FORMS = _choices(list(FormWanted.choices))
DELIVERIES = _choices(list(Delivery.choices))
DATE_TEXT = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]00:00(?::00)?)?$")


def history_read(filename: str, content: bytes) -> HistoryImport:
    """Parse and check every row; saves nothing."""
    from gongkai.catalogue.imports import FigureImportError, read_rows

    if len(content) > MAX_BYTES:
        raise HistoryImportError(f"{filename}：文件超过 {MAX_BYTES // 1024 // 1024} MB。")
    try:
        rows = read_rows(filename, content)
    except FigureImportError as exc:
        raise HistoryImportError(str(exc)) from None
    if not rows:
        raise HistoryImportError(f"{filename}：文件是空的。")
    header = [str(c or "").strip() for c in rows[0]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise HistoryImportError(
            f"{filename}：第 1 行表头缺少“{'、'.join(missing)}”（应有："
            f"{'、'.join(REQUIRED)}，可选：{'、'.join(OPTIONAL)}）。"
        )
    if len(rows) - 1 > MAX_ROWS:
        raise HistoryImportError(f"{filename}：行数超过 {MAX_ROWS}，请分批导入。")
    where = {name: header.index(name) for name in (*REQUIRED, *OPTIONAL) if name in header}
    result = HistoryImport(filename)
    today = timezone.localdate()
    for number, cells in enumerate(rows[1:], start=2):
        values = {name: _cell(cells, index) for name, index in where.items()}
        if not any(values.values()):
            continue
        parsed = _parse(number, values, today, result.errors)
        if parsed is not None:
            result.requests.append(parsed)
    if not result.requests and not result.errors:
        raise HistoryImportError(f"{filename}：表头以下没有任何申请。")
    return result


def _cell(cells: list[Any], index: int) -> str:
    value = cells[index] if index < len(cells) else None
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return xml_text(str(value)).strip()


def _parse(
    number: int, values: dict[str, str], today: date, errors: list[RowError]
) -> PastRequest | None:
    found: list[RowError] = []

    def refuse(column: str, message: str) -> None:
        found.append(RowError(number, column, message))

    for column, text in values.items():
        if text.startswith("="):
            refuse(column, "单元格是公式，请改为公式的计算结果（粘贴为数值）")
            values[column] = ""
        elif len(text) > MAX_TEXT:
            refuse(column, f"超过 {MAX_TEXT} 字")
            values[column] = ""
    for column in REQUIRED:
        if not values.get(column) and not any(e.column == column for e in found):
            refuse(column, "不能为空")
    received = _date(values.get(RECEIVED, ""), RECEIVED, today, refuse)
    closed = _date(values.get(CLOSED, ""), CLOSED, today, refuse)
    category = _choice(values.get(CATEGORY, ""), CATEGORIES, CATEGORY, refuse)
    channel = _choice(values.get(CHANNEL, ""), CHANNELS, CHANNEL, refuse)
    form_wanted = _choice(values.get(FORM, ""), FORMS, FORM, refuse, FormWanted.PAPER)
    delivery = _choice(values.get(DELIVERY, ""), DELIVERIES, DELIVERY, refuse, Delivery.POST)
    outcome = ""
    if values.get(OUTCOME):
        outcome = _outcome_names().get(values[OUTCOME], "")
        if not outcome:
            refuse(OUTCOME, f"“{values[OUTCOME]}”不是表三的办理结果（可写如“予以公开”“部分公开”）")
    if values.get(OUTCOME) and not values.get(CLOSED):
        refuse(CLOSED, "有办理结果的申请须填写办结日期")
    if values.get(CLOSED) and not values.get(OUTCOME):
        refuse(OUTCOME, "有办结日期的申请须填写办理结果")
    if received and closed and closed < received:
        refuse(CLOSED, f"办结日期 {closed} 早于收到日期 {received}")
    if len(values.get(APPLICANT, "")) > 100:
        refuse(APPLICANT, "超过 100 字")
    errors.extend(found)
    if found or received is None:
        return None
    return PastRequest(
        row=number,
        received_on=received,
        applicant_name=values[APPLICANT],
        category=category,
        description=values[DESCRIPTION],
        channel=channel,
        outcome=outcome,
        closed_on=closed,
        old_number=values.get(OLD_NUMBER, "")[:60],
        form_wanted=form_wanted,
        delivery=delivery,
    )


def _date(text: str, column: str, today: date, refuse: Any) -> date | None:
    if not text:
        return None
    match = DATE_TEXT.match(text)
    try:
        day = date(*(int(g) for g in match.groups())) if match else None
    except ValueError:
        day = None
    if day is None:
        refuse(column, f"“{text}”不是日期（应如 2024-03-05）")
        return None
    if not FIRST_DAY <= day <= today:
        refuse(column, f"{day} 不在 {FIRST_DAY} 至今天之间")
        return None
    return day


def _choice(text: str, names: dict[str, str], column: str, refuse: Any, default: str = "") -> str:
    if not text:
        return default
    key = names.get(text)
    if key is None:
        allowed = "、".join(sorted({n for n in names if not n.isascii()}))
        refuse(column, f"“{text}”无法识别（可用：{allowed}）")
        return default
    return key


def history_import(
    *, actor: Any, agency: Agency, filename: str, content: bytes, commit: bool
) -> HistoryImport:
    """Check the file; with ``commit`` and no error, register every request in it."""
    guards.require_writer(actor, agency)
    result = history_read(filename, content)
    _refuse_duplicates(agency, result)
    if commit and not result.errors:
        with transaction.atomic():
            result.created = [
                _register(actor, agency, filename, request) for request in result.requests
            ]
    return result


def _refuse_duplicates(agency: Agency, result: HistoryImport) -> None:
    """A request already registered (same day, applicant and content) or twice in the file: a
    ledger imported again, or a line copied, would otherwise count twice in table 三."""
    seen: dict[tuple[date, str, str], int] = {}
    for past in result.requests:
        key = (past.received_on, past.applicant_name, past.description)
        if key in seen:
            result.errors.append(RowError(past.row, APPLICANT, f"与第 {seen[key]} 行是同一申请"))
            continue
        seen[key] = past.row
        found = (
            Application.objects.filter(
                agency=agency,
                received_on=past.received_on,
                applicant_name=past.applicant_name,
                description=past.description,
            )
            .values_list("tracking_number", flat=True)
            .first()
        )
        if found:
            result.errors.append(RowError(past.row, APPLICANT, f"已登记为 {found}，不再导入"))
    result.errors.sort(key=lambda e: e.row)


def _register(actor: Any, agency: Agency, filename: str, past: PastRequest) -> Application:
    application = Application(
        agency=agency,
        year=past.received_on.year,
        query_code_hash=query_code_hash(query_code_new()),  # never shown: no receipt is issued
        channel=past.channel,
        received_on=past.received_on,
        arrived_on=past.received_on,
        category=past.category,
        applicant_name=past.applicant_name,
        description=past.description,
        form_wanted=past.form_wanted,
        delivery=past.delivery,
        status=Status.OPEN,
        period_start=past.received_on,  # 条例第三十三条
        due_on=past.received_on,
    )
    record.recompute_due(application)  # while open: the 答复期限 from the day received
    if past.outcome:
        application.status = Status.CLOSED
        application.outcome = application.draft_outcome = past.outcome
        application.closed_on = past.closed_on
    application.full_clean(exclude=["serial", "tracking_number"])
    application.serial = next_serial(agency, past.received_on.year)
    application.tracking_number = (
        f"{agency.short_code}-{past.received_on.year}-{application.serial:05d}"
    )
    application.save()
    changes: dict[str, list[Any]] = {
        "channel": [None, past.channel],
        "received_on": [None, past.received_on.isoformat()],
        "due_on": [None, application.due_on.isoformat()],
    }
    if past.outcome:
        changes["outcome"] = [None, past.outcome]
        changes["closed_on"] = [None, past.closed_on.isoformat() if past.closed_on else None]
    if past.old_number:
        changes["old_number"] = [None, past.old_number]
    event_record(
        actor=actor,
        action="application.import_history",
        obj=application,
        agency=agency,
        changes=changes,
        reason=f"{HISTORY_NOTE}（{filename} 第 {past.row} 行）。",
    )
    return application
