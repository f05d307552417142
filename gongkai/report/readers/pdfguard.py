"""Bounds on what a PDF may make MuPDF do: decoded stream bytes and pages.

MuPDF decodes a stream whole with no limit, through any chain of filters (two Flate filters,
hex then Flate, RunLength...), wherever the stream sits (object streams, encrypted files,
indirect ``/Filter`` entries). A scan of the file's bytes (``pdf.check_streams``) bounds every
stream written as plain Flate; every other stream — a chain of filters, LZW, RunLength, or any
stream of an encrypted file, whose bytes the scan cannot inflate — is decoded here first, by
bounded decoders: Flate inflates in steps, LZW and RunLength count their output, and the check
stops as soon as one stream decodes past MAX_STREAM_BYTES or all of them together past
MAX_DECODED_BYTES — in bounded memory and time, before MuPDF decodes anything. (ASCIIHex and
ASCII85 only shrink their input; image filters are not decoded to read text.)

The page count is read from the page tree (its leaves counted, at most ``limit`` + 1 of them)
before any page is loaded.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Mapping
from typing import Any, cast

from isal import isal_zlib

from gongkai.report.errors import ReportParseError

MB = 1024 * 1024
# Flate streams are inflated by ISA-L (isal_zlib: zlib's API, 2.5× as fast on a report's fonts).
# Its type stub declares its error an instance, not a class.
INFLATE_ERROR = cast(type[Exception], isal_zlib.error)
# A typeset report's streams decode to a few MB (fonts included). A scanned one holds a picture
# a page, often Flate: an A4 page at 300 dpi in RGB is 26 MB, an A3 one 52 MB — under a chain of
# filters too, and in an encrypted file (many agencies' PDFs forbid copying with an owner
# password) every stream is decoded here. One stream past 64 MB, or all together past what 30
# such A4 pages (OCR's limit) and their fonts come to, is a PDF bomb. Decoding keeps one stream
# at a time: the total bounds time (1 GB of picture inflates in about 2–3 s), one stream's bound
# is what MuPDF will hold of it. ``pdf.check_streams``, the scan of plain Flate streams, applies
# the same two bounds.
MAX_STREAM_BYTES = 64 * MB
MAX_DECODED_BYTES = 1024 * MB
_STEP = 4 * MB

_NAME = re.compile(rb"/([^\s/\[\]<>()]+)")
_REF = re.compile(r"(\d+)\s+\d+\s+R")
# Filters that only shrink or that a text read never decodes (pictures): not counted.
_IMAGE_FILTERS = {"DCTDecode", "DCT", "JPXDecode", "CCITTFaxDecode", "CCF", "JBIG2Decode"}


class _Budget:
    """The decoded bytes of one read, against the bounds; refusals name ``file``."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.total = 0

    def stream(self, size: int) -> None:
        """Refuse one stream decoding past MAX_STREAM_BYTES (before it is whole)."""
        if size > MAX_STREAM_BYTES:
            raise ReportParseError(
                f"PDF 的一个压缩流解压后超过 {MAX_STREAM_BYTES // MB} MB（疑为压缩炸弹），不予读取",
                file=self.file,
            )

    def count(self, size: int) -> None:
        self.stream(size)
        self.total += size
        if self.total > MAX_DECODED_BYTES:
            raise ReportParseError(
                f"PDF 的压缩内容解压后超过 {MAX_DECODED_BYTES // MB} MB（疑为压缩炸弹），不予读取",
                file=self.file,
            )


def inflate(data: bytes, budget: _Budget, cap: int = MAX_STREAM_BYTES) -> bytes:
    """Inflate ``data`` in steps, refusing past MAX_STREAM_BYTES; a damaged stream gives what
    inflates before the damage (as MuPDF salvages it). Stops after ``cap`` bytes."""
    inflater = isal_zlib.decompressobj()
    out = bytearray()
    piece = data
    try:
        while piece and len(out) <= cap:
            out += inflater.decompress(piece, _STEP)
            budget.stream(len(out))
            piece = inflater.unconsumed_tail
    except INFLATE_ERROR:
        pass
    return bytes(out)


def _ascii_hex(data: bytes) -> bytes:
    hexed = bytes(data.split(b">", 1)[0].translate(None, b" \t\r\n\f\x00"))
    return binascii.unhexlify(hexed + b"0" * (len(hexed) % 2))


def _ascii85(data: bytes) -> bytes:
    body = data.split(b"~>", 1)[0].translate(None, b" \t\r\n\f\x00")
    return base64.a85decode(body.removeprefix(b"<~"))


def runlength_size(data: bytes) -> int:
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


def _runlength(data: bytes) -> bytes:
    out = bytearray()
    at = 0
    while at < len(data):
        length = data[at]
        if length == 128:
            break
        if length < 128:
            out += data[at + 1 : at + length + 2]
            at += length + 2
        else:
            out += data[at + 1 : at + 2] * (257 - length)
            at += 2
    return bytes(out)


def _lzw(data: bytes, budget: _Budget) -> bytes:
    """LZW decoding (pdfminer's decoder, which grows its table past 4,096 entries when no reset
    comes: as large as the output), counted as it goes."""
    import io

    from pdfminer.lzw import CorruptDataError, LZWDecoder

    state = LZWDecoder(io.BytesIO(data))
    out = bytearray()
    while True:
        try:
            piece = state.feed(state.readbits(state.nbits))
        except (EOFError, CorruptDataError):
            break
        out += piece
        budget.stream(len(out))
    return bytes(out)


def decoded(data: bytes, filters: list[str], budget: _Budget, cap: int = MAX_STREAM_BYTES) -> int:
    """The size ``data`` decodes to through ``filters`` (stopping early past ``cap``), refused
    past MAX_STREAM_BYTES; filters not decoded to read text end the chain."""
    steps: dict[str, Callable[[bytes], bytes]] = {
        "FlateDecode": lambda d: inflate(d, budget, cap),
        "Fl": lambda d: inflate(d, budget, cap),
        "ASCIIHexDecode": _ascii_hex,
        "AHx": _ascii_hex,
        "ASCII85Decode": _ascii85,
        "A85": _ascii85,
        "LZWDecode": lambda d: _lzw(d, budget),
        "LZW": lambda d: _lzw(d, budget),
        "RunLengthDecode": _runlength,
        "RL": _runlength,
    }
    for name in filters:
        if name in ("RunLengthDecode", "RL"):
            budget.stream(runlength_size(data))  # counted before it is decoded
        step = steps.get(name)
        if step is None:
            break  # pictures, or a filter MuPDF does not know either
        try:
            data = step(data)
        except (ValueError, binascii.Error):
            break  # damaged: MuPDF stops there too
    return len(data)


def filters(doc: Any, xref: int) -> list[str]:
    """The names of a stream's filters, in order (an indirect entry resolved)."""
    kind, value = doc.xref_get_key(xref, "Filter")
    if kind == "xref":
        match = _REF.match(value)
        value = doc.xref_object(int(match.group(1)), compressed=True) if match else ""
    elif kind not in ("name", "array"):
        return []
    return [name.decode("latin-1") for name in _NAME.findall(value.encode("latin-1"))]


class Objects:
    """A document's objects for the guard's many look-ups: ``xref_get_key`` and
    ``xref_is_stream`` as PyMuPDF's own methods give them, without fetching the document's
    MuPDF handle and its size again at every call (that was most of the guard's time over a
    report's hundred objects). An entry that is a reference, an integer, a name or null is
    read as PyMuPDF's code reads it; any other entry, and an object outside the table (the
    trailer's -1), through PyMuPDF's method itself. Everything else is the document's."""

    def __init__(self, doc: Any) -> None:
        import pymupdf

        self.doc = doc
        self.mupdf = pymupdf.mupdf
        self.pdf = pymupdf._as_pdf_document(doc)  # type: ignore[no-untyped-call]
        self.length = self.mupdf.pdf_xref_len(self.pdf)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.doc, name)

    def xref_is_stream(self, xref: int) -> bool:
        return bool(self.mupdf.pdf_obj_num_is_stream(self.pdf, xref))

    def xref_get_key(self, xref: int, key: str) -> tuple[str, str]:
        if not 1 <= xref < self.length:
            return self.doc.xref_get_key(xref, key)  # type: ignore[no-any-return]
        mupdf = self.mupdf
        obj = mupdf.pdf_load_object(self.pdf, xref)
        if not obj.m_internal:
            return ("null", "null")
        sub = mupdf.pdf_dict_getp(obj, key)
        if not sub.m_internal:
            return ("null", "null")
        if mupdf.pdf_is_indirect(sub):
            return ("xref", f"{mupdf.pdf_to_num(sub):d} 0 R")
        if mupdf.pdf_is_array(sub) or mupdf.pdf_is_dict(sub):
            return self.doc.xref_get_key(xref, key)  # type: ignore[no-any-return]
        if mupdf.pdf_is_int(sub):
            return ("int", f"{mupdf.pdf_to_int(sub):d}")
        if mupdf.pdf_is_real(sub):
            return self.doc.xref_get_key(xref, key)  # type: ignore[no-any-return]
        if mupdf.pdf_is_null(sub):
            return ("null", "null")
        if mupdf.pdf_is_bool(sub):
            return self.doc.xref_get_key(xref, key)  # type: ignore[no-any-return]
        if mupdf.pdf_is_name(sub):
            return ("name", f"/{mupdf.pdf_to_name(sub)}")
        return self.doc.xref_get_key(xref, key)  # type: ignore[no-any-return]


def check_streams(
    doc: Any,
    file: str,
    *,
    plain_flate_checked: bool,
    inflated: Mapping[bytes, bytes] | None = None,
) -> None:
    """Decode, bounded, every stream that MuPDF would decode unbounded and that the scan of the
    file's bytes did not bound: all of them in an encrypted file, else those not plain Flate.
    A plain Flate stream that the scan inflated (``inflated``: the inflated bytes by the
    stream's bytes) is handed to MuPDF inflated (:func:`hand_over`)."""
    budget = _Budget(file)
    doc = Objects(doc)
    encrypted = doc.xref_get_key(-1, "Encrypt")[0] != "null"
    lengths = {len(raw) for raw in inflated} if inflated and not encrypted else set()
    for xref in range(1, doc.xref_length()):
        if not doc.xref_is_stream(xref):
            continue
        chain = filters(doc, xref)
        if not chain or set(chain) <= _IMAGE_FILTERS:
            continue  # stored as is (its size is its length in the file), or a picture
        if chain in (["FlateDecode"], ["Fl"]) and plain_flate_checked and not encrypted:
            if lengths:
                assert inflated is not None
                hand_over(doc, xref, inflated, lengths)
            continue
        budget.count(decoded(doc.xref_stream_raw(xref), chain, budget))


def hand_over(doc: Any, xref: int, inflated: Mapping[bytes, bytes], lengths: set[int]) -> None:
    """Give MuPDF a plain Flate stream already inflated (and bounded) by the scan of the
    file's bytes, so that it does not inflate it again: when its bytes are those the scan
    inflated (compared whole), without parameters (a predictor) to apply after inflating; not
    an object or cross-reference stream (read when the file was opened)."""
    kind, length = doc.xref_get_key(xref, "Length")
    if kind != "int" or int(length) not in lengths:
        return
    if doc.xref_get_key(xref, "DecodeParms")[0] != "null":
        return
    if doc.xref_get_key(xref, "Type")[1] in ("/ObjStm", "/XRef"):
        return
    out = inflated.get(doc.xref_stream_raw(xref))
    if out is not None:
        doc.update_stream(xref, out, compress=False)


def content_bytes(doc: Any, page: Any, cap: int) -> int:
    """The decoded size of a page's content streams (decoded within the bounds, and only as far
    as ``cap`` + 1 bytes)."""
    budget = _Budget("")
    total = 0
    for xref in page.get_contents():
        total += decoded(doc.xref_stream_raw(xref), filters(doc, xref), budget, cap + 1)
        if total > cap:
            break
    return total


def check_page_count(data: bytes, doc: Any, limit: int, file: str) -> None:
    """Refuse a PDF of more than ``limit`` pages: from the counts written in the file's bytes,
    then from its page tree, before any page is loaded."""
    declared = _declared_pages(data)
    if declared > limit:
        _too_many(declared, limit, file)
    check_page_tree(doc, limit, file)


_COUNT = re.compile(rb"/Count\s+(\d{1,12})\b")
_PAGES_TYPE = re.compile(rb"/Type\s*/Pages\b")


def _declared_pages(data: bytes) -> int:
    """The largest /Count of a page-tree node written plainly in the file: found in the bytes
    in a blink, before the page tree is parsed."""
    most = 0
    for match in _COUNT.finditer(data):
        start = data.rfind(b" obj", 0, match.start())
        end = data.find(b"endobj", match.end())
        if _PAGES_TYPE.search(data, max(start, 0), end if end >= 0 else len(data)):
            most = max(most, int(match.group(1)))
    return most


def _ref(doc: Any, xref: int, key: str) -> int | None:
    kind, value = doc.xref_get_key(xref, key)
    match = _REF.fullmatch(value) if kind == "xref" else None
    return int(match.group(1)) if match else None


def check_page_tree(doc: Any, limit: int, file: str) -> None:
    """Refuse a PDF whose page tree holds more than ``limit`` pages, counting its leaves (the
    /Count entry may lie) and stopping at ``limit`` + 1."""
    root = _ref(doc, doc.pdf_catalog(), "Pages") if doc.pdf_catalog() > 0 else None
    if root is None:
        return  # no page tree: MuPDF finds no page
    kind, count = doc.xref_get_key(root, "Count")
    if kind == "int" and int(count) > limit:
        _too_many(int(count), limit, file)
    leaves, nodes, seen = 0, 0, {root}
    stack = [root]
    while stack:
        node = stack.pop()
        nodes += 1
        if nodes > 20 * limit + 100:
            _too_many(None, limit, file)
        kind, kids = doc.xref_get_key(node, "Kids")
        if kind != "array":
            leaves += 1
        else:
            for match in _REF.finditer(kids):
                kid = int(match.group(1))
                if kid not in seen and 0 < kid < doc.xref_length():
                    seen.add(kid)
                    stack.append(kid)
        if leaves > limit:
            _too_many(None, limit, file)


def _too_many(count: int | None, limit: int, file: str) -> None:
    what = f"有 {count} 页" if count is not None else f"的页数超过 {limit} 页"
    raise ReportParseError(
        f"PDF {what}，超过上限 {limit} 页，不像年度报告，不予读取（未读取任何页面）", file=file
    )
