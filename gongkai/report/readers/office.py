"""Old Office files (Word 97–2003 .doc, WPS 文字 .wps, Excel 97–2003 .xls, WPS 表格 .et):
converted by LibreOffice headless to DOCX/XLSX, then read by the DOCX/XLSX readers.

Agencies publish reports as these attachments. Kingsoft's .wps and .et are the Word 97 and
BIFF8 formats under another name, so one conversion serves both. The conversion runs as a
bounded subprocess (``sandbox.convert_office``: no network, own profile, time and memory
limits), from inside the bounded worker when the caller uses one.

antiword/catdoc were measured as a lighter path (14 ms against LibreOffice's 3 s for a report)
and not used: their text drops the cells of table 三's merged header rows, so a report read
through them would lose its table; LibreOffice keeps the merged cells.
"""

from __future__ import annotations

from gongkai.report.model import AnnualReport
from gongkai.report.readers.detect import office_kind


def read_office(data: bytes, name: str) -> AnnualReport:
    """The report in an old Office/WPS file (the dispatcher saw the OLE2 magic)."""
    from gongkai.report.readers import refuse_zip_bomb
    from gongkai.report.readers.docx import read_docx
    from gongkai.report.readers.xlsx import read_xlsx
    from gongkai.report.sandbox import convert_office

    kind = office_kind(data, name)
    converted = convert_office(data, name, kind.suffix, kind.target)
    # LibreOffice writes whatever the hostile file describes: the same bounds as an upload.
    refuse_zip_bomb(converted, name)
    report = (read_docx if kind.target == "docx" else read_xlsx)(converted, name)
    report.warnings.insert(0, f"{kind.label}，经 LibreOffice 转换为 {kind.target.upper()} 后读取")
    return report
