"""The redaction's PDF work run in the bounded worker (``gongkai.report.sandbox``): MuPDF parses
files a clerk uploaded (often received from outside), so a hostile or broken PDF must not take
the web process's memory, CPU or time. Each call forks a child that limits itself, runs one
function of :mod:`gongkai.redaction.pdf` and answers JSON; the answer is checked here before
use (a subverted child could answer anything)."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from typing import Any

import pymupdf

from gongkai.redaction import pdf
from gongkai.redaction.pdf import Rect, RedactionError
from gongkai.report import sandbox
from gongkai.report.errors import ReportParseError

# Under gunicorn's 30 s worker time-out; MuPDF may need more memory than a reader.
LIMITS = sandbox.Limits(memory_mb=1024, cpu_seconds=20, wall_seconds=25.0)
PNG = b"\x89PNG\r\n\x1a\n"

OPS: dict[str, Any] = {
    "page_count": pdf.page_count,
    "page_size": pdf.page_size,
    "check_rect": pdf.check_rect,
    "find": pdf.find,
    "render_page": pdf.render_page,
    "redact": pdf.redact,
}


def job(payload: tuple[str, bytes, tuple[Any, ...]], name: str) -> Any:
    """The child's side: one operation on the document; bytes travel as base64."""
    op, content, args = payload
    try:
        result = OPS[op](content, *args)
    except pymupdf.mupdf.FzErrorSystem:
        # MuPDF's "system" errors: the job works on bytes in memory (no file, no network), so
        # what fails is an allocation refused under the child's address-space limit (by MuPDF
        # or by zlib inside it, whose messages vary).
        raise MemoryError from None
    if isinstance(result, bytes):
        return {"b64": base64.b64encode(result).decode("ascii")}
    return result


def _call(op: str, content: bytes, *args: Any) -> Any:
    try:
        return sandbox.run(job, (op, content, args), "PDF 文件", LIMITS).result
    except ReportParseError as exc:
        raise RedactionError(exc.message) from None


def _refused() -> RedactionError:
    return RedactionError("PDF 处理进程返回了无法识别的结果，已停止处理。")


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _refused()
    return float(value)


def _rect(value: Any) -> Rect:
    if not isinstance(value, list) or len(value) != 4:
        raise _refused()
    x0, y0, x1, y1 = (_number(v) for v in value)
    return (x0, y0, x1, y1)


def _bytes(value: Any, magic: bytes) -> bytes:
    try:
        data = base64.b64decode(value["b64"], validate=True)
    except (TypeError, KeyError, ValueError):
        raise _refused() from None
    if not data.startswith(magic):
        raise _refused()
    return data


def page_count(content: bytes) -> int:
    count = _call("page_count", content)
    if isinstance(count, bool) or not isinstance(count, int) or not 0 < count <= pdf.MAX_PAGES:
        raise _refused()
    return count


def page_size(content: bytes, page: int) -> tuple[float, float]:
    size = _call("page_size", content, page)
    if not isinstance(size, list) or len(size) != 2:
        raise _refused()
    return _number(size[0]), _number(size[1])


def check_rect(content: bytes, page: int, rect: Rect) -> Rect:
    return _rect(_call("check_rect", content, page, rect))


def find(content: bytes, phrase: str) -> list[tuple[int, Rect]]:
    found = _call("find", content, phrase)
    if not isinstance(found, list):
        raise _refused()
    places: list[tuple[int, Rect]] = []
    for item in found:
        if not isinstance(item, list) or len(item) != 2 or not isinstance(item[0], int):
            raise _refused()
        places.append((item[0], _rect(item[1])))
    return places


def render_page(content: bytes, page: int, boxes: Iterable[Rect] = ()) -> bytes:
    return _bytes(_call("render_page", content, page, list(boxes)), PNG)


def redact(content: bytes, marks: Sequence[tuple[int, Rect]]) -> bytes:
    return _bytes(_call("redact", content, list(marks)), b"%PDF-")
