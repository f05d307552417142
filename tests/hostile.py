"""Hostile files for the bounded reading tests, built by code at test time (none is stored):
each is a few KB to a few MB that asks a reader for gigabytes or for minutes."""

from __future__ import annotations

import binascii
import io
import zipfile
import zlib
from collections.abc import Callable
from functools import lru_cache

GB = 1024 * 1024 * 1024
_ZEROS = b"\0" * (16 * 1024 * 1024)


@lru_cache(maxsize=2)
def deflated_zeros(size: int) -> bytes:
    """zlib data that inflates to ``size`` zero bytes, made in steps (never held whole)."""
    packer = zlib.compressobj(9)
    out = [packer.compress(_ZEROS) for _ in range(size // len(_ZEROS))]
    return b"".join([*out, packer.flush()])


def pdf(stream_dict: bytes, data: bytes, *, after_stream: bytes = b"\n") -> bytes:
    """A one-page PDF whose page content is ``data`` under ``stream_dict``'s filters."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d %s >>\nstream" % (len(data), stream_dict)
        + after_stream
        + data
        + b"\nendstream",
    ]
    return assemble(objects)


def assemble(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % at for at in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def pdf_pages(count: int) -> bytes:
    """A PDF of ``count`` empty pages under one page-tree node."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * count
    return assemble(objects)


def ooxml(kind: str, part: str, body_size: int, method: int) -> bytes:
    """A DOCX or XLSX whose ``part`` inflates to ``body_size`` bytes, stored with ``method``."""
    main = "word/document.xml" if kind == "docx" else "xl/workbook.xml"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main, "<document/>")
        info = zipfile.ZipInfo(part)
        info.compress_type = method
        with archive.open(info, "w", force_zip64=True) as member:
            member.write(b"<styles>")
            left = body_size
            while left > 0:
                member.write(b" " * min(left, len(_ZEROS)))
                left -= len(_ZEROS)
            member.write(b"</styles>")
    return out.getvalue()


FLATE_INNER = 600 * 1024 * 1024  # past every bound (and the worker's 512 MB); 600 KB deflated


def _two_flate() -> bytes:
    return pdf(b"/Filter [/FlateDecode /FlateDecode]", zlib.compress(deflated_zeros(FLATE_INNER)))


def _hex_flate() -> bytes:
    hexed = binascii.hexlify(deflated_zeros(FLATE_INNER)) + b">"
    return pdf(b"/Filter [/ASCIIHexDecode /FlateDecode]", hexed)


def _spaced_stream() -> bytes:
    return pdf(b"/Filter /FlateDecode", deflated_zeros(FLATE_INNER), after_stream=b" \r\n")


def lzw_bomb(repeats: int) -> bytes:
    """LZW codes (PDF's, early change) of a run of zeros: the table is filled with ever longer
    runs, then its longest entry is asked for ``repeats`` times — about 3.8 KB per 12 bits."""
    bits, width, size = [], 9, 258

    def put(code: int) -> None:
        bits.append(format(code, f"0{width}b"))

    put(256)  # clear: the decoder starts with an empty table
    put(0)
    for code in [*range(258, 4096), *[4095] * repeats]:
        put(code)
        size += 1
        width = {511: 10, 1023: 11, 2047: 12}.get(size, width)
    stream = "".join(bits)
    stream += "0" * (-len(stream) % 8)
    return int(stream, 2).to_bytes(len(stream) // 8, "big")


def _lzw() -> bytes:
    return pdf(b"/Filter /LZWDecode", lzw_bomb(30_000))


def _runlength() -> bytes:
    return pdf(b"/Filter /RunLengthDecode", b"\x81\x00" * (2 * 1024 * 1024) + b"\x80")


# name → (file name, builder)
HOSTILE: dict[str, tuple[str, Callable[[], bytes]]] = {
    "pdf-two-flate": ("two-flate.pdf", _two_flate),
    "pdf-hex-flate": ("hex-flate.pdf", _hex_flate),
    "pdf-stream-space": ("spaced.pdf", _spaced_stream),
    "pdf-runlength": ("runlength.pdf", _runlength),
    "pdf-lzw": ("lzw.pdf", _lzw),
    # Not a bomb: 3 MB of content stream, minutes of pdfminer's parsing.
    "pdf-big-content": ("content.pdf", lambda: pdf(b"", b"\0" * (3 * 1024 * 1024))),
    "pdf-100000-pages": ("pages.pdf", lambda: pdf_pages(100_000)),
    "docx-styles-bzip2": (
        "styles.docx",
        lambda: ooxml("docx", "word/styles.xml", 240 * 1024 * 1024, zipfile.ZIP_BZIP2),
    ),
    "xlsx-styles-bzip2": (
        "styles.xlsx",
        lambda: ooxml("xlsx", "xl/styles.xml", 240 * 1024 * 1024, zipfile.ZIP_BZIP2),
    ),
    "xlsx-styles-deflate": (
        "deflate.xlsx",
        lambda: ooxml("xlsx", "xl/styles.xml", 200 * 1024 * 1024, zipfile.ZIP_DEFLATED),
    ),
}
