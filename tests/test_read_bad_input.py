"""Bad input gives one clear line naming the file and what was wrong — never a traceback — and
oversized files and decompression bombs are refused before they are inflated."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest

from gongkai.report.errors import ReportParseError
from gongkai.report.readers import MAX_FILE_BYTES, read_bytes, read_path

DATA = Path(__file__).parent / "data"


def error_of(path: Path) -> str:
    with pytest.raises(ReportParseError) as caught:
        read_path(path)
    message = str(caught.value)
    assert "\n" not in message and str(path) in message
    return message


def test_it_says_a_text_without_table_three_is_not_a_report(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("2023年工作总结\n今年我们做了很多工作。\n", encoding="utf-8")
    assert "不是年度报告：未找到表三" in error_of(path)


def test_it_says_a_web_page_without_table_three_is_not_a_report(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("<html><body><h1>通知公告</h1><table><tr><td>1</td></tr></table>", "utf-8")
    assert "未找到表三" in error_of(path)


def test_it_refuses_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    assert "文件是空的" in error_of(path)


def test_it_refuses_a_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "picture.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    assert "二进制文件" in error_of(path)


def test_it_names_a_damaged_old_word_file(tmp_path: Path) -> None:
    path = tmp_path / "report.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    assert "旧版 Office/WPS 文件已损坏" in error_of(path)


def test_it_refuses_a_damaged_pdf(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"garbage " * 100)
    assert "PDF" in error_of(path)


def test_it_refuses_a_truncated_pdf_report(tmp_path: Path) -> None:
    path = tmp_path / "truncated.pdf"
    path.write_bytes((DATA / "huaian-city-2024.pdf").read_bytes()[:20_000])
    error_of(path)


def test_it_refuses_a_huge_file_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as handle:  # sparse: costs no disk
        handle.truncate(MAX_FILE_BYTES + 1)
    tracemalloc.start()
    started = time.perf_counter()
    assert "文件过大" in error_of(path)
    assert time.perf_counter() - started < 1
    assert tracemalloc.get_traced_memory()[1] < 10 * 1024 * 1024
    tracemalloc.stop()


def bomb(member: str, megabytes: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        # Zeros deflate about 1000:1: written in chunks to keep the test itself small.
        with archive.open(member, "w", force_zip64=True) as handle:
            chunk = bytes(1024 * 1024)
            for _ in range(megabytes):
                handle.write(chunk)
    return buffer.getvalue()


@pytest.mark.parametrize("megabytes", [40, 300])  # over the ratio; over the total too
def test_it_refuses_a_decompression_bomb_before_inflating_it(megabytes: int) -> None:
    data = bomb("word/document.xml", megabytes)
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ReportParseError, match="压缩炸弹"):
        read_bytes(data, "bomb.docx")
    assert time.perf_counter() - started < 1
    assert tracemalloc.get_traced_memory()[1] < 20 * 1024 * 1024
    tracemalloc.stop()


def test_it_refuses_a_zip_that_is_neither_word_nor_excel() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ReportParseError, match="既没有 Word 文档、Excel 工作簿"):
        read_bytes(buffer.getvalue(), "other.zip")


def test_it_names_a_missing_file(tmp_path: Path) -> None:
    assert "无法打开文件" in error_of(tmp_path / "nowhere.pdf")


def test_it_refuses_a_directory(tmp_path: Path) -> None:
    assert "是目录" in error_of(tmp_path)


def pdf_bomb(megabytes: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``megabytes`` of zeros."""
    deflate = zlib.compressobj(1)
    chunk = bytes(1024 * 1024)
    stream = b"".join(deflate.compress(chunk) for _ in range(megabytes)) + deflate.flush()
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >> endobj\n"
        + f"4 0 obj << /Length {len(stream)} /Filter /FlateDecode >> stream\n".encode()
        + stream
        + b"\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def test_it_refuses_a_pdf_bomb_before_pdfminer_inflates_it() -> None:
    data = pdf_bomb(300)
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ReportParseError, match="压缩炸弹"):
        read_bytes(data, "bomb.pdf")
    assert time.perf_counter() - started < 5
    assert tracemalloc.get_traced_memory()[1] < 80 * 1024 * 1024
    tracemalloc.stop()


def pdf_of_streams(megabytes: list[int], fill: int = 0, hexed: bool = False) -> bytes:
    """A PDF of one page per stream, each an RGB picture whose Flate stream inflates to the
    given megabytes (a scan's pages); ``hexed``: written in hex over Flate, a chain of filters."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    images: dict[int, bytes] = {}
    chain = "[/ASCIIHexDecode /FlateDecode]" if hexed else "/FlateDecode"
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(megabytes)))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(megabytes)} >>".encode())
    for i, size in enumerate(megabytes):
        if size not in images:  # the same picture compressed once
            image = zlib.compress(bytes([fill]) * (size * 1024 * 1024), 1)
            images[size] = image.hex().encode() + b">" if hexed else image
        image = images[size]
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /XObject << /I {4 + 2 * i} 0 R >> >> >>".encode()
        )
        objects.append(
            f"<< /Type /XObject /Subtype /Image /Width 2480 /Height {size * 141} "
            f"/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter {chain} "
            f"/Length {len(image)} >>\nstream\n".encode()
            + image
            + b"\nendstream"
        )
    body = b"".join(f"{n} 0 obj ".encode() + o + b" endobj\n" for n, o in enumerate(objects, 1))
    return b"%PDF-1.4\n" + body + b"trailer << /Root 1 0 R >>\n%%EOF\n"


def test_it_takes_a_scan_of_thirty_pages_of_flate_pictures() -> None:
    from gongkai.report.readers import pdf

    # 30 pages (OCR's limit) of A4 at 300 dpi in RGB: 26 MB a page, 780 MB in all.
    pdf.check_streams(pdf_of_streams([26] * 30, fill=0xF0), "scan.pdf")


def _guarded(data: bytes, *, encrypt: bool = False) -> None:
    import pymupdf

    from gongkai.report.readers import pdfguard

    doc = pymupdf.open(stream=data, filetype="pdf")
    if encrypt:  # an owner password that forbids copying, as many agencies' PDFs have
        data = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_128, owner_pw="owner", permissions=4)
        doc = pymupdf.open(stream=data, filetype="pdf")
        assert doc.xref_get_key(-1, "Encrypt")[0] != "null"
    pdfguard.check_streams(doc, "scan.pdf", plain_flate_checked=True)


@pytest.mark.parametrize("variant", ["a chain of filters", "encrypted"])
def test_it_takes_a_scan_of_thirty_pages_decoded_by_the_guard(variant: str) -> None:
    # Streams under a chain of filters, and every stream of an encrypted file, are decoded by the
    # guard, not the scan; the same 30 pages must pass there too (at 256 MB, nine did).
    hexed = variant == "a chain of filters"
    _guarded(pdf_of_streams([26] * 30, fill=0xF0, hexed=hexed), encrypt=not hexed)


def test_the_guard_refuses_streams_past_the_total(monkeypatch: pytest.MonkeyPatch) -> None:
    from gongkai.report.readers import pdfguard

    # The total lowered so that the test decodes 100 MB, not a gigabyte.
    monkeypatch.setattr(pdfguard, "MAX_DECODED_BYTES", 96 * pdfguard.MB)
    with pytest.raises(ReportParseError, match="压缩内容解压后超过 96 MB"):
        _guarded(pdf_of_streams([25] * 4, hexed=True))
    _guarded(pdf_of_streams([24] * 4, hexed=True))


@pytest.mark.parametrize(
    ("megabytes", "refusal"),
    [([65], "一个压缩流解压后超过 64 MB"), ([60] * 18, "压缩内容解压后超过 1024 MB")],
)
def test_it_refuses_a_stream_or_streams_past_the_bounds(megabytes: list[int], refusal: str) -> None:
    data = pdf_of_streams(megabytes)
    started = time.perf_counter()
    with pytest.raises(ReportParseError, match=refusal):
        read_bytes(data, "bomb.pdf")
    assert time.perf_counter() - started < 10


def test_it_hands_a_workbook_to_the_xlsx_reader_by_its_content(tmp_path: Path) -> None:
    from gongkai.report import canonical
    from gongkai.report.writers import render

    source = canonical.load(DATA / "huaian-city-2024.json")
    data = render(source, "xlsx").content
    path = tmp_path / "report.bin"  # no extension: the content decides
    path.write_bytes(data)
    assert read_path(path).requests == source.requests
    assert read_bytes(data, "upload").requests == source.requests


def test_it_refuses_a_text_far_longer_than_any_report(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("我局认真贯彻落实条例，全年公开信息 12 条。\n" * 200_000, encoding="utf-8")
    started = time.perf_counter()
    assert "文本过长" in error_of(path)
    assert time.perf_counter() - started < 1


def test_it_refuses_a_text_of_more_lines_than_any_report(tmp_path: Path) -> None:
    path = tmp_path / "numbers.txt"
    path.write_text("1 2 3 4 5 6 7\n" * 30_000, encoding="utf-8")
    assert "超过上限 20000 行" in error_of(path)


def test_it_says_once_how_many_more_rows_it_could_not_read(tmp_path: Path) -> None:
    text = (DATA / "yingkou-archives-2020.txt").read_text(encoding="utf-8")
    path = tmp_path / "noisy.txt"
    path.write_text(text + "\n某某 1 2 3\n" * 500, encoding="utf-8")
    report = read_path(path)
    assert len(report.warnings) < 210
    assert report.warnings[-1].startswith("另有 ") and "从略" in report.warnings[-1]
