"""Bounds on what a PDF may make pdfminer do: decoded stream bytes and pages.

pdfminer decodes a stream whole with no limit, through any chain of filters (two Flate filters,
hex then Flate, RunLength...), wherever the stream sits (object streams, encrypted files,
indirect ``/Filter`` entries), so a scan of the file's bytes cannot see every bomb. Here
pdfminer's decoders themselves are replaced by bounded ones: Flate inflates in steps, LZW and
RunLength count their output, and a read stops as soon as one stream decodes past
MAX_STREAM_BYTES or all of them together past MAX_DECODED_BYTES — in bounded memory and time.
(ASCIIHex and ASCII85 only shrink their input.)

The page count is read from the page tree (its leaves counted, at most ``limit`` + 1 of them)
before pdfplumber builds a page object for every page.
"""

from __future__ import annotations

import re
import threading
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from gongkai.report.errors import ReportParseError

MB = 1024 * 1024
# One content stream of a report page is tens of KB; an embedded CJK font some MB.
MAX_STREAM_BYTES = 64 * MB
# All streams decoded in one read (pdfminer keeps them); a report's are a few MB.
MAX_DECODED_BYTES = 256 * MB
_STEP = 4 * MB

_state = threading.local()


def _file() -> str:
    return str(getattr(_state, "file", "") or "PDF")


def _count(size: int) -> None:
    """Count ``size`` decoded bytes of one stream against the bounds of the current read."""
    if size > MAX_STREAM_BYTES:
        raise ReportParseError(
            f"PDF 的一个压缩流解压后超过 {MAX_STREAM_BYTES // MB} MB（疑为压缩炸弹），不予读取",
            file=_file(),
        )
    total = getattr(_state, "total", 0) + size
    _state.total = total
    if total > MAX_DECODED_BYTES:
        raise ReportParseError(
            f"PDF 的压缩内容解压后超过 {MAX_DECODED_BYTES // MB} MB（疑为压缩炸弹），不予读取",
            file=_file(),
        )


def inflate(data: bytes, wbits: int = zlib.MAX_WBITS, bufsize: int = 0) -> bytes:
    """``zlib.decompress`` that stops past MAX_STREAM_BYTES."""
    inflater = zlib.decompressobj(wbits)
    out = bytearray()
    piece = data
    while piece:
        out += inflater.decompress(piece, _STEP)
        if len(out) > MAX_STREAM_BYTES:
            _count(len(out))
        piece = inflater.unconsumed_tail
    if not inflater.eof:
        raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    _count(len(out))
    return bytes(out)


class _Inflater:
    """``zlib.decompressobj`` that counts its output (pdfminer salvages damaged streams
    with one, a byte at a time)."""

    def __init__(self, *args: Any) -> None:
        self._inflater = zlib.decompressobj(*args)
        self._out = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        out = self._inflater.decompress(data, max_length)
        self._out += len(out)
        if self._out > MAX_STREAM_BYTES:
            _count(self._out)
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inflater, name)


class _Zlib:
    """What pdfminer's stream module sees as ``zlib``."""

    error = zlib.error
    decompress = staticmethod(inflate)
    decompressobj = _Inflater

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


def _runlength_size(data: bytes) -> int:
    size = at = 0
    while at < len(data):
        length = data[at]
        if length == 128:
            break
        if length < 128:
            size, at = size + length + 1, at + length + 2
        else:
            size, at = size + 257 - length, at + 2
        if size > MAX_STREAM_BYTES:
            break
    return size


def _bounded_runlength(original: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    def rldecode(data: bytes) -> bytes:
        _count(_runlength_size(data))  # 64:1 at most, but pdfminer's list of ints is 8x that
        return original(data)

    return rldecode


def _bounded_lzw(decoder: Any, corrupt: type[Exception]) -> Callable[[bytes], bytes]:
    """pdfminer's LZW decoding, counted (its table, which keeps growing past 4,096 entries when
    no reset comes, is as large as the output), without its per-code debug call, which copies
    the whole table each time: quadratic."""

    def lzwdecode(data: bytes) -> bytes:
        import io

        state = decoder(io.BytesIO(data))
        out = bytearray()
        while True:
            try:
                piece = state.feed(state.readbits(state.nbits))
            except (EOFError, corrupt):
                break
            out += piece
            if len(out) > MAX_STREAM_BYTES:
                _count(len(out))
        _count(len(out))
        return bytes(out)

    return lzwdecode


_installed = threading.Lock()


def install() -> None:
    """Replace pdfminer's decoders by the bounded ones (once per process)."""
    from pdfminer import pdftypes
    from pdfminer.lzw import CorruptDataError, LZWDecoder

    module: Any = pdftypes  # its names, not its interface: pdftypes' own globals are replaced
    with _installed:
        if isinstance(module.zlib, _Zlib):
            return
        module.zlib = _Zlib()
        module.rldecode = _bounded_runlength(module.rldecode)
        module.lzwdecode = _bounded_lzw(LZWDecoder, CorruptDataError)


@contextmanager
def bounded(file: str) -> Iterator[None]:
    """One read's budget: the decoded bytes of every stream count, and refusals name ``file``."""
    install()
    _state.file, _state.total = file, 0
    try:
        yield
    finally:
        _state.file, _state.total = None, 0


def reraise_refusal(exc: BaseException) -> None:
    """Raise the bound's own refusal when pdfplumber wrapped it (PdfminerException)."""
    for inner in (*exc.args, exc.__cause__, exc.__context__):
        if isinstance(inner, ReportParseError):
            raise inner from None


def check_page_count(data: bytes, limit: int, file: str) -> None:
    """Refuse a PDF of more than ``limit`` pages from its page tree, before pdfplumber builds
    every page (which it also does on closing the file)."""
    import io

    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    declared = _declared_pages(data)
    if declared > limit:
        _too_many(declared, limit, file)
    with bounded(file):
        try:
            document = PDFDocument(PDFParser(io.BytesIO(data)))
            check_page_tree(document, limit, file)
        except ReportParseError:
            raise
        except Exception:
            return  # damaged: the reader's own opening says what is wrong


def content_bytes(page: Any) -> int:
    """The decoded size of a pdfplumber page's content streams (decoded within the bounds)."""
    from pdfminer.pdftypes import resolve1

    total = 0
    for stream in getattr(page.page_obj, "contents", None) or []:
        data = resolve1(stream).get_data() if hasattr(resolve1(stream), "get_data") else b""
        total += len(data or b"")
    return total


_COUNT = re.compile(rb"/Count\s+(\d{1,12})\b")
_PAGES_TYPE = re.compile(rb"/Type\s*/Pages\b")


def _declared_pages(data: bytes) -> int:
    """The largest /Count of a page-tree node written plainly in the file: found in the bytes
    in a blink, where pdfminer takes seconds to parse a root whose Kids list 100,000 pages."""
    most = 0
    for match in _COUNT.finditer(data):
        start = data.rfind(b" obj", 0, match.start())
        end = data.find(b"endobj", match.end())
        if _PAGES_TYPE.search(data, max(start, 0), end if end >= 0 else len(data)):
            most = max(most, int(match.group(1)))
    return most


def check_page_tree(document: Any, limit: int, file: str) -> None:
    """Refuse a PDF whose page tree holds more than ``limit`` pages, counting its leaves (the
    /Count entry may lie) and stopping at ``limit`` + 1."""
    from pdfminer.pdftypes import resolve1

    root = resolve1(document.catalog.get("Pages"))
    if not isinstance(root, dict):
        return  # no page tree: pdfminer looks for page objects, bounded by the CPU limit
    count = resolve1(root.get("Count"))
    if isinstance(count, int) and count > limit:
        _too_many(count, limit, file)
    leaves, nodes, seen = 0, 0, set()
    stack: list[Any] = [root]
    while stack:
        node = stack.pop()
        nodes += 1
        if nodes > 20 * limit + 100:
            _too_many(None, limit, file)
        kids = resolve1(node.get("Kids"))
        if not isinstance(kids, list):
            leaves += 1
        else:
            for kid in kids:
                key = getattr(kid, "objid", None)
                if key is not None and key in seen:
                    continue
                seen.add(key)
                child = resolve1(kid)
                if isinstance(child, dict):
                    stack.append(child)
        if leaves > limit:
            _too_many(None, limit, file)


def _too_many(count: int | None, limit: int, file: str) -> None:
    what = f"有 {count} 页" if count is not None else f"的页数超过 {limit} 页"
    raise ReportParseError(
        f"PDF {what}，超过上限 {limit} 页，不像年度报告，不予读取（未读取任何页面）", file=file
    )
