"""Import of past requests from an old ledger: every row checked, nothing saved while a row is
wrong, each request registered as history (its event says so, nothing sent)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from gongkai.audit.models import Event
from gongkai.requests import outcomes
from gongkai.requests.history import HISTORY_NOTE, HistoryImportError, history_import
from gongkai.requests.models import Application, Status

pytestmark = pytest.mark.django_db

HEADER = "收到日期,申请人,申请人类别,申请内容,申请渠道,办理结果,办结日期,原编号\n"
GOOD = (
    HEADER + "2024-03-04,张三,自然人,2023年校车采购合同,当面提交,予以公开,2024-03-20,教2024-7\n"
    "2024/3/5,江临某某科技有限公司,商业企业,学校食堂招标文件,邮寄,属于国家秘密,2024年4月1日,\n"
    "2024-03-06,李四,自然人,课后服务收费标准,电子邮件,,,\n"
)


def run(actor: Any, agency: Any, text: str, *, commit: bool = True, name: str = "台账.csv"):
    return history_import(
        actor=actor, agency=agency, filename=name, content=text.encode(), commit=commit
    )


def test_it_registers_each_past_request_as_history_without_sending_anything(
    clerk_a: Any, agency_a: Any
) -> None:
    result = run(clerk_a, agency_a, GOOD)
    assert not result.errors and len(result.created) == 3
    done, secret, pending = (Application.objects.get(pk=a.pk) for a in result.created)
    assert (done.status, done.outcome, done.closed_on) == (
        Status.CLOSED,
        outcomes.DISCLOSED,
        date(2024, 3, 20),
    )
    assert outcomes.get(secret.outcome).label.endswith("属于国家秘密")
    assert pending.status == Status.OPEN and pending.due_on > pending.received_on  # 第三十三条
    assert done.tracking_number == "JL-JYJ-2024-00001"
    events = Event.objects.filter(action="application.import_history")
    assert events.count() == 3
    first = events.get(object_id=str(done.pk))
    assert HISTORY_NOTE in first.reason and "第 2 行" in first.reason
    assert first.changes["old_number"] == [None, "教2024-7"]
    assert not Event.objects.filter(action="application.register").exists()
    assert mail.outbox == []


def test_a_wrong_row_stops_the_whole_file_and_is_named_by_row_and_column(
    clerk_a: Any, agency_a: Any
) -> None:
    text = GOOD + (
        "2024-02-30,王五,自然人,x,当面提交,,,\n"
        '2024-03-07,=HYPERLINK("http://x"),自然人,y,飞鸽,,,\n'
        "2024-03-08,赵六,外星人,z,当面提交,批准了,2024-03-01,\n"
    )
    result = run(clerk_a, agency_a, text)
    assert result.created == [] and not Application.objects.exists()
    found = {(e.row, e.column) for e in result.errors}
    assert (5, "收到日期") in found
    assert {(6, "申请人"), (6, "申请渠道")} <= found
    assert {(7, "申请人类别"), (7, "办理结果"), (7, "办结日期")} <= found
    assert "单元格是公式" in next(str(e) for e in result.errors if e.row == 6)
    assert "未导入任何申请" in result.summary


def test_the_preview_saves_nothing(clerk_a: Any, agency_a: Any) -> None:
    result = run(clerk_a, agency_a, GOOD, commit=False)
    assert len(result.requests) == 3 and result.created == []
    assert not Application.objects.exists()
    assert "预览" in result.summary


def test_it_reads_xlsx_dates_and_refuses_what_it_cannot_read(clerk_a: Any, agency_a: Any) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["申请人", "收到日期", "申请人类别", "申请内容", "申请渠道"])
    sheet.append(["张三", date(2025, 1, 6), "natural_person", "校车线路", "in_person"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = history_import(
        actor=clerk_a,
        agency=agency_a,
        filename="old.xlsx",
        content=buffer.getvalue(),
        commit=True,
    )
    assert result.created[0].received_on == date(2025, 1, 6)
    with pytest.raises(HistoryImportError, match="表头缺少"):
        run(clerk_a, agency_a, "日期,人\n2024-01-01,张三\n")
    with pytest.raises(HistoryImportError, match="不是有效的 XLSX"):
        run(clerk_a, agency_a, "not a zip", name="x.xlsx")
    with pytest.raises(HistoryImportError, match="只支持"):
        run(clerk_a, agency_a, GOOD, name="x.doc")


def test_only_the_agencys_own_staff_import(clerk_b: Any, supervisor: Any, agency_a: Any) -> None:
    for outsider in (clerk_b, supervisor):
        with pytest.raises(PermissionDenied):
            run(outsider, agency_a, GOOD)
    assert not Application.objects.exists()


def test_the_page_checks_then_imports(client: Any, clerk_a: Any, agency_a: Any) -> None:
    client.force_login(clerk_a)
    url = reverse("requests:history_import") + f"?agency={agency_a.pk}"
    assert "导入历史申请" in client.get(url).content.decode()

    def post(commit: str) -> str:
        upload = SimpleUploadedFile("台账.csv", GOOD.encode())
        return client.post(url, {"file": upload, "commit": commit}).content.decode()

    preview = post("0")
    assert 'id="history-preview"' in preview and not Application.objects.exists()
    done = post("1")
    assert 'id="history-created"' in done and Application.objects.count() == 3
    bad = client.post(
        url, {"file": SimpleUploadedFile("bad.csv", (HEADER + "x,,,,\n").encode()), "commit": "1"}
    ).content.decode()
    assert "第 2 行" in bad and 'id="history-errors"' in bad and Application.objects.count() == 3


def test_a_ledger_imported_again_or_a_copied_line_is_refused(clerk_a: Any, agency_a: Any) -> None:
    run(clerk_a, agency_a, GOOD)
    again = run(clerk_a, agency_a, GOOD)
    assert again.created == [] and Application.objects.count() == 3
    assert [(e.row, e.column) for e in again.errors] == [
        (2, "申请人"),
        (3, "申请人"),
        (4, "申请人"),
    ]
    assert "已登记为 JL-JYJ-2024-00001" in str(again.errors[0])
    line = "2025-01-06,王五,自然人,校车线路,当面提交,,,\n"
    twice = run(clerk_a, agency_a, HEADER + line + line)
    assert [str(e) for e in twice.errors] == ["第 3 行「申请人」：与第 2 行是同一申请"]
