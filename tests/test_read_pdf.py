"""The PDF reader beyond the fixtures: tables without ruling lines (read line by line, labels
wrapped over lines put back together), the writer's own PDF, and the page limit."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.report import canonical
from gongkai.report.errors import ReportParseError
from gongkai.report.formats import Format
from gongkai.report.model import empty_report
from gongkai.report.readers import pdf as pdf_reader
from gongkai.report.readers import read_bytes
from gongkai.report.writers import render

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def huaian() -> canonical.AnnualReport:
    return canonical.load(DATA / "huaian-city-2024.json")


def test_it_reads_tables_printed_without_ruling_lines(huaian: canonical.AnnualReport) -> None:
    import weasyprint

    # The official layout with every border removed: pdfplumber finds no table, so the rows
    # come from the text lines, where long labels wrap around their numbers.
    page = render(huaian, "html").content.decode()
    page = page.replace("</style>", "table, th, td { border: none !important; }</style>")
    data = weasyprint.HTML(string=page).write_pdf()
    report = read_bytes(data, "borderless.pdf")
    assert (report.proactive, report.requests, report.appeals) == (
        huaian.proactive,
        huaian.requests,
        huaian.appeals,
    )
    assert report.warnings[0] == "表格没有可识别的表格线，按文本行读取"
    # 表三 runs over a page break: the numbers keep their pages.
    assert report.sources["requests/new/total"].page == 4
    assert report.sources["requests/other.fee_unpaid/total"].page == 5


def test_it_reads_back_the_pdf_writer(huaian: canonical.AnnualReport) -> None:
    report = read_bytes(render(huaian, "pdf").content, "written.pdf")
    assert (report.agency, report.year) == (huaian.agency, huaian.year)
    assert (report.proactive, report.requests, report.appeals) == (
        huaian.proactive,
        huaian.requests,
        huaian.appeals,
    )


def test_it_refuses_a_pdf_of_more_pages_than_a_report_has(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 3)
    with pytest.raises(ReportParseError, match="超过上限 3 页"):
        read_bytes((DATA / "huaian-city-2024.pdf").read_bytes(), "long.pdf")


def damaged_font_pdf() -> bytes:
    """huaian-city-2024.pdf with a byte flipped near the end of its largest Flate stream (a
    350 KB font): pdfminer salvaged it byte by byte, in time quadratic in its size."""
    data = bytearray((DATA / "huaian-city-2024.pdf").read_bytes())
    start, end = max(
        pdf_reader.stream_spans(bytes(data)),
        key=lambda span: pdf_reader._inflated_size(bytes(data[span[0] : span[1]]), 2**30)[0],
    )
    data[start + (end - start) * 19 // 20] ^= 0xFF
    return bytes(data)


def test_it_refuses_a_pdf_whose_damaged_streams_would_take_long_to_salvage() -> None:
    started = time.thread_time()
    with pytest.raises(ReportParseError, match=r"^damaged\.pdf: .*已损坏（损坏部分超过 256 KB）"):
        read_bytes(damaged_font_pdf(), "damaged.pdf")
    assert time.thread_time() - started < 1  # refused before pdfminer starts


def test_it_reads_a_real_report_whose_stream_is_slightly_truncated() -> None:
    # hongze-district-2023.pdf really has one truncated stream (53 KB): under the bound.
    data = (DATA / "hongze-district-2023.pdf").read_bytes()
    assert read_bytes(data, "hongze.pdf").year == 2023


@pytest.mark.parametrize(
    ("limit", "value", "message"),
    [
        ("MAX_PAGE_CHARS", 100, r"第 1 页有 \d+ 个字符，超过上限 100"),
        ("MAX_PAGE_EDGES", 5, r"第 1 页有 \d+ 条线，超过上限 5"),
        ("MAX_CPU_SECONDS", 0.0, r"读到第 1 页已用 \d+ 秒，超过上限 0 秒"),
    ],
)
def test_it_refuses_a_pdf_over_a_work_limit_naming_the_file_and_the_limit(
    monkeypatch: pytest.MonkeyPatch, limit: str, value: float, message: str
) -> None:
    monkeypatch.setattr(pdf_reader, limit, value)
    with pytest.raises(ReportParseError, match=rf"^busy\.pdf: PDF {message}"):
        read_bytes((DATA / "huaian-city-2024.pdf").read_bytes(), "busy.pdf")


def test_a_paragraph_whose_last_character_goes_down_with_its_full_stop_stays_whole() -> None:
    # The 2021 tables' small print outweighs short prose, so the body size is the tables';
    # the prose line above "推。" stops a character short (no 。 may start a line) and
    # was read as a paragraph's end (found by the hypothesis round trip).
    prose = (
        "习以设坚作规推实管公持工规我管制息推实设建持局加推府开实开贯推范局度政办善工情建进平"
        "理制深面作工办进坚建加贯台务公学面群公局指实开工台入进服导群建面实指管工推。"
    )
    report = empty_report(
        Format.F2021,
        agency="洪泽区人民政府",
        year=2025,
        title="洪泽区人民政府2025年政府信息公开工作年度报告",
        published=None,
        sections={"overview": "一" * 30 + "。", "problems": prose, "other": "好" * 20 + "。"},
    )
    back = read_bytes(render(report, "pdf").content, "report.pdf")
    assert back.sections == report.sections


def test_the_streams_inflated_by_the_scan_are_handed_to_mupdf_as_they_inflate() -> None:
    """The scan of the file's bytes keeps what the larger streams inflate to, and MuPDF reads
    those instead of inflating them again: the same bytes, no filter left; a stream with
    parameters to apply after inflating (a predictor), and a damaged one, are left to MuPDF."""
    import zlib

    import pymupdf

    from gongkai.report.readers import pdfguard

    data = (DATA / "huaian-city-2024.pdf").read_bytes()
    kept = pdf_reader.check_streams(data, "huaian.pdf")
    assert kept and all(zlib.decompress(raw) == out for raw, out in kept.items())
    assert min(map(len, kept.values())) >= pdf_reader.MIN_KEPT_BYTES
    doc = pymupdf.open(stream=data, filetype="pdf")
    before = {x: doc.xref_stream(x) for x in range(1, doc.xref_length()) if doc.xref_is_stream(x)}
    pdfguard.check_streams(doc, "huaian.pdf", plain_flate_checked=True, inflated=kept)
    handed = [x for x in before if doc.xref_get_key(x, "Filter")[0] == "null"]
    assert len(handed) == len(kept)
    assert all(doc.xref_stream(x) == before[x] for x in before)

    # A predictor after Flate: MuPDF's bytes are not what zlib gives, so it inflates them.
    document = pymupdf.open()
    page = document.new_page()
    page.insert_text((72, 100), "预测器 " * 400, fontsize=8, fontname="china-s")
    content = page.get_contents()[0]
    raw = zlib.compress(document.xref_stream(content))
    document.update_stream(content, raw, compress=False)
    document.xref_set_key(content, "Filter", "/FlateDecode")
    document.xref_set_key(content, "DecodeParms", "<</Predictor 1>>")
    written = document.tobytes()
    document = pymupdf.open(stream=written, filetype="pdf")
    kept = pdf_reader.check_streams(written, "predictor.pdf")
    assert raw in kept
    pdfguard.check_streams(document, "predictor.pdf", plain_flate_checked=True, inflated=kept)
    assert document.xref_get_key(content, "Filter") == ("name", "/FlateDecode")

    # A truncated stream (damaged, but little of it) is not kept; a whole one is.
    whole = zlib.compress(bytes(range(256)) * 400)
    stream = b"1 0 obj\n<<>>\nstream\n%s\nendstream\nendobj\n"
    assert pdf_reader.check_streams(stream % whole, "whole.pdf") == {whole: bytes(range(256)) * 400}
    assert pdf_reader.check_streams(stream % whole[:-40], "truncated.pdf") == {}


@settings(max_examples=200, deadline=None)
@given(
    payload=st.binary(max_size=200_000) | st.text(max_size=20_000).map(str.encode),
    level=st.integers(0, 9),
    cut=st.integers(0, 64),
)
def test_the_scan_inflates_what_zlib_inflates(payload: bytes, level: int, cut: int) -> None:
    """The scan inflates with ISA-L: any whole stream that zlib wrote gives back its bytes, its
    size counted, undamaged; cut short, the same stream is damaged and never kept."""
    import zlib

    from gongkai.report.readers import pdfguard

    raw = zlib.compress(payload, level)
    out, broken, pieces = pdf_reader._inflated(raw, 2**30, 2**30)
    assert (out, broken, b"".join(pieces or [])) == (len(payload), False, payload)
    budget = pdfguard._Budget("x.pdf")
    assert pdfguard.inflate(raw, budget) == payload
    if cut:
        out, broken, _ = pdf_reader._inflated(raw[: max(0, len(raw) - cut)], 2**30, 2**30)
        assert broken and out <= len(payload)
