"""Text that users entered, made safe for the files we export: spreadsheets and XML documents.

Spreadsheets (OWASP "CSV injection"): a cell whose text begins with ``= + - @``, a tab or a
carriage return is a formula to Excel and LibreOffice when it arrives through CSV, and an XLSX
cell that openpyxl is handed such a string is written as a formula. So:

- XLSX: every text cell is written with the string type (``data_type = "s"``) and, when it
  starts like a formula, the ``quotePrefix`` style — what Excel itself sets when one types
  ``'=…``: the cell shows the text unchanged and stays text when edited. Nothing is added to
  the value, so the exported text is exactly what the user entered.
- CSV has no types: a formula-like value is prefixed with an apostrophe, which both Excel and
  LibreOffice read as "this is text" (OWASP's recommendation).

XML (XLSX, DOCX and the HTML behind PDFs) cannot hold most control characters (XML 1.0 §2.2:
below U+0020 only tab, line feed and carriage return), nor U+FFFE/U+FFFF or lone surrogates;
openpyxl and python-docx raise on them, which made an export answer HTTP 500. They are removed
(they carry no visible text).

Plain Python, no Django: the report engine's writers use it too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def xml_text(text: str) -> str:
    """``text`` without the characters an XML document cannot hold."""
    return _XML_ILLEGAL.sub("", text)


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def csv_value(value: object) -> str:
    """One CSV field: control characters removed, a formula-like text made text."""
    text = xml_text("" if value is None else str(value))
    return "'" + text if looks_like_formula(text) else text


def csv_row(values: Iterable[object]) -> list[str]:
    return [csv_value(v) for v in values]


def set_cell(cell: Any, value: object) -> None:
    """Write ``value`` into an openpyxl cell; text is always text, never a formula."""
    if isinstance(value, str):
        text = xml_text(value)
        cell.value = text
        cell.data_type = "s"
        if looks_like_formula(text):
            cell.quotePrefix = True
    else:
        cell.value = value


def append_row(sheet: Any, values: Iterable[object]) -> None:
    """``sheet.append(values)`` with every value written by :func:`set_cell`."""
    row = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, start=1):
        set_cell(sheet.cell(row, column), value)
