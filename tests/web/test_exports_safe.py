"""Every export of text a user entered: a formula stays text, a control character never makes
the file fail (it used to answer HTTP 500, and since events cannot be edited, for good)."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from typing import Any

import docx
import openpyxl
import pytest
from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.agencies.services import agency_update
from gongkai.audit.services import event_record
from gongkai.lib.safe_cells import csv_value, xml_text
from tests.web.requests_fixtures import register

FORMULA = '=HYPERLINK("http://x","y")'
HOSTILE = FORMULA + "\x01"  # what an applicant or a clerk may type, control character and all


def _cells(content: bytes) -> list[Any]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_text_not_formula(content: bytes, expected: int) -> None:
    hostile = [
        c
        for c in _cells(content)
        if isinstance(c.value, str) and ("HYPERLINK" in c.value or c.value.startswith("="))
    ]
    assert len(hostile) >= expected
    for cell in hostile:
        assert cell.data_type == "s", cell.coordinate
        assert "\x01" not in cell.value
        if cell.value.startswith("="):
            assert cell.quotePrefix  # stays text when edited in Excel
    # no formula anywhere in the file, as Excel would read it
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)


def test_the_helper_makes_formulas_text_and_drops_control_characters() -> None:
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert csv_value(start + "1+1") == "'" + start + "1+1"
    assert csv_value("普通文字") == "普通文字" and csv_value(None) == ""
    assert csv_value("a\x00b\x1fc\x7f") == "abc"
    assert xml_text("a\x01\x0b\x0c\ufffe\ud800b\tc\nd") == "ab\tc\nd"


def test_the_ledger_keeps_formulas_as_text(client: Any, clerk_a: Any, agency_a: Agency) -> None:
    register(clerk_a, agency_a, date(2025, 3, 3), name=HOSTILE, description=HOSTILE)
    register(clerk_a, agency_a, date(2025, 3, 4), category="commercial", name=HOSTILE)
    client.force_login(clerk_a)
    response = client.get(reverse("requests:ledger"), {"year": 2025})
    assert response.status_code == 200
    _assert_text_not_formula(response.content, expected=3)


def test_the_audit_exports_keep_formulas_as_text(client: Any, clerk_a: Any, agency_a: Any) -> None:
    event_record(actor=clerk_a, action=HOSTILE[:60], obj=agency_a, agency=agency_a, reason=HOSTILE)
    client.force_login(clerk_a)
    xlsx = client.get(reverse("audit:export_xlsx"))
    assert xlsx.status_code == 200
    _assert_text_not_formula(xlsx.content, expected=2)
    response = client.get(reverse("audit:export_csv"))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    fields = [f for row in rows for f in row if "HYPERLINK" in f]
    assert len(fields) >= 2
    assert all(f.startswith("'=") and "\x01" not in f for f in fields)


def test_the_reply_letter_opens_with_control_characters(
    client: Any, clerk_a: Any, agency_a: Agency
) -> None:
    from gongkai.requests.services import application_draft_reply

    application, _ = register(
        clerk_a, agency_a, date(2025, 3, 3), name=HOSTILE, description=HOSTILE
    )
    application_draft_reply(
        actor=clerk_a,
        application=application,
        outcome="disclosed",
        letter_text=HOSTILE + "：\n经审查，予以公开。\x0c\n江临市教育局\n2025年3月10日",
    )
    client.force_login(clerk_a)
    for kind in ("pdf", "docx"):
        response = client.get(reverse("requests:letter", args=[application.pk, kind]))
        assert response.status_code == 200, kind
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "\x01" not in text


def test_the_supervisors_summary_workbook_keeps_formulas_as_text(
    client: Any, supervisor: Any, operator: Any, agency_a: Agency
) -> None:
    agency_update(actor=operator, agency=agency_a, name=HOSTILE, reason="测试")
    client.force_login(supervisor)
    response = client.get(reverse("reports:export"), {"year": 2025})
    assert response.status_code == 200
    _assert_text_not_formula(response.content, expected=1)


@pytest.mark.parametrize("to", ["xlsx", "docx", "pdf", "html"])
def test_the_report_writers_keep_formulas_as_text(to: str) -> None:
    from pathlib import Path

    from gongkai.report.canonical import load
    from gongkai.report.writers import render

    report = load(Path(__file__).parents[1] / "data" / "huaian-city-2024.json")
    report.sections = {key: HOSTILE + "\x0b" + text for key, text in report.sections.items()}
    report.title = HOSTILE
    content = render(report, to).content
    if to == "xlsx":
        _assert_text_not_formula(content, expected=2)
    elif to == "docx":
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
        assert FORMULA in text and "\x01" not in text
