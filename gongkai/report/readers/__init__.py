"""Readers: any published report (PDF, OFD, DOCX, XLSX, Word/Excel 97 and WPS files, HTML,
scraped text, canonical JSON) → report.

``read_path`` chooses the reader by the file's content, not its extension, and raises
:class:`ReportParseError` (one clear line: which file, what was expected, what was found). Files
too large to be a report, and ZIP containers that would inflate beyond a bound (decompression
bombs), are refused before anything is decompressed.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from gongkai.report import canonical
from gongkai.report.errors import ReportDataError, ReportParseError
from gongkai.report.model import AnnualReport
from gongkai.report.readers.detect import OLE2_MAGIC

# Refuse anything larger before reading it: real reports are a few MB at most.
MAX_FILE_BYTES = 64 * 1024 * 1024
# Text and web pages: a report is a few hundred KB of text (pages carry markup and styles too).
MAX_TEXT_BYTES = 4 * 1024 * 1024
# Parsing a page costs about 70 bytes of memory per byte of markup (a 16 MB page of table rows
# peaked at 1.1 GB): 6 MB stays under 512 MB, and real report pages are well under 1 MB.
MAX_HTML_BYTES = 6 * 1024 * 1024
# The parts that hold a DOCX/XLSX report's text and cells: a report's are tens of KB. openpyxl
# and python-docx build a tree of them many times their size (a 40 MB sheet: over 500 MB and
# a minute), so a larger total is refused before anything is inflated.
MAX_CONTENT_PART_BYTES = 8 * 1024 * 1024
_CONTENT_PART = re.compile(r"^(xl/worksheets/[^/]+\.xml|xl/sharedStrings\.xml|word/document\.xml)$")
# A DOCX/XLSX report inflates to a few MB; a member that claims more, or that inflates more than
# this ratio, is a bomb (real XML compresses about 10:1).
MAX_UNZIPPED_BYTES = 256 * 1024 * 1024
MAX_ZIP_RATIO = 200
MAX_ZIP_MEMBERS = 2000
# Every other part is parsed as XML too (styles.xml, numbering, themes, headers...): together
# they count toward this bound; only pictures and embedded files (media/, embeddings/) do not.
MAX_XML_PARTS_BYTES = 32 * 1024 * 1024
_BINARY_PART = re.compile(r"(^|/)(media|embeddings)/")
# Office files use Deflate (or none). zipfile inflates bzip2 and LZMA members whole before it
# cuts them to their declared size: a 600-byte member can take gigabytes.
_ZIP_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
EXPECTED = "应为 PDF、OFD、DOCX、DOC、WPS、XLSX、XLS、ET、HTML、文本或规范 JSON"


def refuse_zip_bomb(data: bytes, name: str) -> set[str]:
    """The member names of a ZIP, after refusing one that would inflate past the bounds."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ReportParseError(f"ZIP 文件已损坏，无法读取（{EXPECTED}）", file=name) from None
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ReportParseError(f"ZIP 内有 {len(infos)} 个文件，超过上限，不予读取", file=name)
    for info in infos:
        if info.compress_type not in _ZIP_METHODS:
            raise ReportParseError(
                f"ZIP 成员 {info.filename} 的压缩方式（{info.compress_type}）不是 Office 文件所用的"
                "（疑为压缩炸弹），不予读取",
                file=name,
            )
    total = sum(info.file_size for info in infos)
    if total > MAX_UNZIPPED_BYTES:
        raise ReportParseError(
            f"解压后达 {total / 1024 / 1024:.0f} MB，超过上限 {MAX_UNZIPPED_BYTES // 1024 // 1024} MB"
            "（疑为压缩炸弹），不予读取",
            file=name,
        )
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > MAX_ZIP_RATIO * max(
            info.compress_size, 1
        ):
            raise ReportParseError(
                f"ZIP 成员 {info.filename} 压缩比超过 {MAX_ZIP_RATIO}:1（疑为压缩炸弹），不予读取",
                file=name,
            )
    content = sum(info.file_size for info in infos if _CONTENT_PART.match(info.filename))
    if content > MAX_CONTENT_PART_BYTES:
        raise ReportParseError(
            f"文档正文或工作表解压后达 {content / 1024 / 1024:.0f} MB，"
            f"超过上限 {MAX_CONTENT_PART_BYTES // 1024 // 1024} MB，不像一份年度报告，不予读取",
            file=name,
        )
    xml = sum(info.file_size for info in infos if not _BINARY_PART.search(info.filename))
    if xml > MAX_XML_PARTS_BYTES:
        raise ReportParseError(
            f"文档各部分（样式、编号等）解压后共 {xml / 1024 / 1024:.0f} MB，"
            f"超过上限 {MAX_XML_PARTS_BYTES // 1024 // 1024} MB，不像一份年度报告，不予读取",
            file=name,
        )
    return {info.filename for info in infos}


def _zip_reader(data: bytes, name: str) -> Callable[[bytes, str], AnnualReport]:
    members = refuse_zip_bomb(data, name)
    if "word/document.xml" in members:
        from gongkai.report.readers.docx import read_docx

        return read_docx
    if "OFD.xml" in members:
        from gongkai.report.readers.ofd import read_ofd

        return read_ofd
    if "xl/workbook.xml" in members:
        from gongkai.report.readers.xlsx import read_xlsx

        return read_xlsx
    raise ReportParseError(
        f"不是年度报告：ZIP 文件里既没有 Word 文档、Excel 工作簿，也没有 OFD 文档（{EXPECTED}）",
        file=name,
    )


def _looks_like_html(head: bytes) -> bool:
    lowered = head.lower()
    tags = (b"<html", b"<!doctype html", b"<body", b"<table", b"<div", b"<p>", b"<p ")
    return any(tag in lowered for tag in tags)


def _reader_for(data: bytes, name: str) -> Callable[[bytes, str], AnnualReport]:
    """Choose a reader by content: magic numbers first, then markup, then text."""
    head = data[:2048]
    if b"%PDF-" in head[:1024]:
        from gongkai.report.readers.pdf import read_pdf

        return read_pdf
    if head.startswith(b"PK\x03\x04"):
        return _zip_reader(data, name)
    if head.startswith(OLE2_MAGIC):
        # Word/Excel 97–2003 and WPS 文字/表格 (.doc .wps .xls .et): converted, then read.
        from gongkai.report.readers.office import read_office

        return read_office
    if _looks_like_html(head):
        _refuse_long(data, MAX_HTML_BYTES, "网页", name)
        from gongkai.report.readers.html import read_html

        return read_html
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReportParseError(f"不是年度报告：二进制文件，无法识别（{EXPECTED}）", file=name)
    _refuse_long(data, MAX_TEXT_BYTES, "文本", name)
    from gongkai.report.readers.text import read_text

    return read_text


def _refuse_long(data: bytes, limit: int, kind: str, name: str) -> None:
    # A report's text is a few hundred KB; reading text costs time per line, so a text far
    # longer than any report is refused up front rather than read for minutes.
    if len(data) > limit:
        raise ReportParseError(
            f"{kind}过长（{len(data) / 1024 / 1024:.1f} MB，上限 {limit // 1024 // 1024} MB），"
            "不像一份年度报告，不予读取",
            file=name,
        )


def read_bytes(data: bytes, name: str) -> AnnualReport:
    """Read a report from its bytes; ``name`` names it in errors."""
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        try:
            return canonical.loads(data, source=name)
        except ReportDataError as exc:
            raise ReportParseError(f"规范 JSON 有误：{exc}", file=name) from None
        except UnicodeDecodeError as exc:
            raise ReportParseError(
                f"规范 JSON 不是 UTF-8 编码（第 {exc.start + 1} 字节起无法解码）", file=name
            ) from None
        except RecursionError:
            raise ReportParseError("规范 JSON 嵌套过深，不像一份年度报告", file=name) from None
        except ValueError as exc:
            # json refuses integers of more than 4300 digits with a bare ValueError.
            raise ReportParseError(
                f"规范 JSON 有误：{str(exc).splitlines()[0]}", file=name
            ) from None
    if not data.strip():
        raise ReportParseError(f"不是年度报告：文件是空的（{EXPECTED}）", file=name)
    return _reader_for(data, name)(data, name)


def read_path(path: str | Path) -> AnnualReport:
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReportParseError(f"无法打开文件（{exc.strerror}）", file=name) from None
    if path.is_dir():
        raise ReportParseError("是目录，不是报告文件", file=name)
    if size > MAX_FILE_BYTES:
        raise ReportParseError(
            f"文件过大（{size / 1024 / 1024:.0f} MB，上限 {MAX_FILE_BYTES // 1024 // 1024} MB），不予读取",
            file=name,
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReportParseError(f"无法读取文件（{exc.strerror}）", file=name) from None
    return read_bytes(data, name)
