"""The PDF work, with PyMuPDF: open within bounds, render a page, find a phrase, remove the marked
content. Plain functions on bytes; the services store and audit."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence

import pymupdf

from gongkai.errors import DomainError
from gongkai.report import sandbox

MAX_BYTES = 50 * 1024 * 1024
MAX_PAGES = 500
ZOOM = 1.5  # page images at 108 dpi: legible, and a page of A4 stays under ~300 KB
CONVERT_SECONDS = 25.0  # in the web request: under gunicorn's 30 s worker time-out

Rect = tuple[float, float, float, float]

# apply_redactions: blank the image pixels under a mark, drop drawings it covers wholly, delete
# the characters it touches (PyMuPDF's PDF_REDACT_* constants, not in its type information).
IMAGE_PIXELS: int = getattr(pymupdf, "PDF_REDACT_IMAGE_PIXELS", 2)
LINE_ART_IF_COVERED: int = getattr(pymupdf, "PDF_REDACT_LINE_ART_REMOVE_IF_COVERED", 1)
TEXT_REMOVE: int = getattr(pymupdf, "PDF_REDACT_TEXT_REMOVE", 0)


class RedactionError(DomainError):
    """A file or a mark the redaction cannot take; the message says what and where."""


def kind_of(content: bytes) -> str:
    """ "pdf", "docx", "xlsx" by content (never by the file's name); anything else is refused."""
    if b"%PDF-" in content[:1024]:
        return "pdf"
    if content.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(content)).namelist())
        except zipfile.BadZipFile:
            names = set()
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    raise RedactionError("只能对 PDF 文件作区分处理（DOCX、XLSX 须先转换为 PDF）。")


def office() -> str | None:
    """LibreOffice's command, if it is installed."""
    return sandbox.soffice()


def to_pdf(content: bytes, kind: str) -> bytes:
    """A DOCX or XLSX converted to PDF by LibreOffice, headless, isolated as the report readers'
    conversions are (no network, its own profile, memory and CPU bounded, the whole process
    group killed past the time limit: ``sandbox.convert_office``)."""
    if office() is None:
        raise RedactionError(
            f"本服务器未安装 LibreOffice，无法将 {kind.upper()} 转换为 PDF；"
            "请在办公软件中另存为 PDF 后上传。"
        )
    try:
        return sandbox.convert_office(content, f"文件.{kind}", kind, "pdf", timeout=CONVERT_SECONDS)
    except sandbox.ConversionRefused as exc:
        raise RedactionError(
            f"{kind.upper()} 转换为 PDF 失败（{exc.message}），请另存为 PDF 后上传。"
        ) from None


def _open(content: bytes) -> pymupdf.Document:
    if len(content) > MAX_BYTES:
        raise RedactionError(f"文件超过 {MAX_BYTES // 1024 // 1024} MB，不予处理。")
    try:
        document = pymupdf.open(stream=content, filetype="pdf")
    except (pymupdf.FileDataError, RuntimeError, ValueError):
        raise RedactionError("PDF 文件已损坏，无法打开。") from None
    if document.needs_pass:
        raise RedactionError("PDF 文件设有密码，请先解除密码后上传。")
    if not 0 < document.page_count <= MAX_PAGES:
        raise RedactionError(f"PDF 有 {document.page_count} 页，应为 1 至 {MAX_PAGES} 页。")
    return document


def page_count(content: bytes) -> int:
    with _open(content) as document:
        return int(document.page_count)


def page_size(content: bytes, page: int) -> tuple[float, float]:
    with _open(content) as document:
        rect = document[_index(document, page)].rect
        return float(rect.width), float(rect.height)


def _index(document: pymupdf.Document, page: int) -> int:
    if not 1 <= page <= document.page_count:
        raise RedactionError(f"没有第 {page} 页（共 {document.page_count} 页）。")
    return page - 1


def check_rect(content: bytes, page: int, rect: Rect) -> Rect:
    """The rectangle clipped to the page; refused when it lies outside or is empty."""
    with _open(content) as document:
        bounds = document[_index(document, page)].rect
        clipped = pymupdf.Rect(rect) & bounds
        if clipped.is_empty or clipped.width < 1 or clipped.height < 1:
            raise RedactionError(f"第 {page} 页上的标记区域为空或在页面之外。")
        return (clipped.x0, clipped.y0, clipped.x1, clipped.y1)


def find(content: bytes, phrase: str) -> list[tuple[int, Rect]]:
    """Every place the phrase appears, page by page (a phrase broken over two lines is found
    as its two pieces)."""
    found: list[tuple[int, Rect]] = []
    with _open(content) as document:
        for index, page in enumerate(document):
            for quad in page.search_for(phrase, quads=True):
                r = quad.rect
                found.append((index + 1, (r.x0, r.y0, r.x1, r.y1)))
    return found


def render_page(content: bytes, page: int, boxes: Iterable[Rect] = ()) -> bytes:
    """The page as PNG, each box drawn over it half-transparent (the clerk sees what is under)."""
    with _open(content) as document:
        target = document[_index(document, page)]
        for box in boxes:
            target.draw_rect(
                pymupdf.Rect(box), color=(0.8, 0, 0), fill=(0, 0, 0), fill_opacity=0.45, width=1
            )
        pixmap = target.get_pixmap(matrix=pymupdf.Matrix(ZOOM, ZOOM), alpha=False)
        return bytes(pixmap.tobytes("png"))


def redact(content: bytes, marks: Sequence[tuple[int, Rect]]) -> bytes:
    """A copy with the content under every mark deleted (text, image pixels, vector drawings)
    and a black box in its place; metadata, annotations, attachments and scripts stripped."""
    with _open(content) as document:
        for index, page in enumerate(document):
            boxes = [rect for number, rect in marks if number == index + 1]
            for box in boxes:
                page.add_redact_annot(pymupdf.Rect(box), fill=(0, 0, 0))
            if boxes:
                page.apply_redactions(
                    images=IMAGE_PIXELS,
                    graphics=LINE_ART_IF_COVERED,
                    text=TEXT_REMOVE,
                )
            for annotation in list(page.annots() or ()):
                page.delete_annot(annotation)
        document.set_metadata({})
        document.del_xml_metadata()
        for name in document.embfile_names():
            document.embfile_del(name)
        document.scrub(
            attached_files=True,
            clean_pages=True,
            embedded_files=True,
            hidden_text=False,
            javascript=True,
            metadata=True,
            redactions=False,
            redact_images=0,
            remove_links=False,
            reset_fields=True,
            reset_responses=True,
            thumbnails=True,
            xml_metadata=True,
        )
        return bytes(document.tobytes(garbage=4, deflate=True, clean=True))


def text_of(content: bytes) -> str:
    with _open(content) as document:
        return "\n".join(page.get_text() for page in document)
