"""The writers: the official layout (merged cells, labels, row counts), blank cells, the CLI."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from gongkai.cli import main
from gongkai.report.canonical import load, report_to_dict
from gongkai.report.formats import RESULTS_GROUP, SECTIONS, Format, template
from gongkai.report.model import AnnualReport, empty_report
from gongkai.report.writers import render
from gongkai.report.writers.html import render_fragment, render_page
from gongkai.report.writers.layout import CHECK_NOTE, report_grids

DATA = Path(__file__).parent / "data"


def filled(fmt: Format, value: int = 7, **fields: object) -> AnnualReport:
    """A report of ``fmt`` whose every cell holds ``value``."""
    report = empty_report(fmt, agency="营口市档案局", year=2022, **fields)  # type: ignore[arg-type]
    for table in template(fmt).tables:
        for cells in getattr(report, table.key).values():
            for key in cells:
                cells[key] = value
    report.sections = {"overview": "第一段。\n第二段。", "problems": "问题。", "other": "无。"}
    return report


def one_row_other(report: AnnualReport) -> AnnualReport:
    for key in ("other.no_correction", "other.fee_unpaid", "other.other"):
        del report.requests[key]
    report.requests["other"] = dict.fromkeys(report.requests["new"], 3)
    return report


def results_label(report: AnnualReport) -> int:
    _, requests, _ = report_grids(report)
    (cell,) = [c for c in requests.cells if c.text == RESULTS_GROUP]
    return cell.rowspan


def test_it_spans_the_results_label_over_22_rows_in_2021_and_20_in_2019() -> None:
    assert results_label(filled(Format.F2021)) == 22
    assert results_label(filled(Format.F2019)) == 20


def test_it_prints_a_one_row_other_as_one_row() -> None:
    report = one_row_other(filled(Format.F2021))
    assert results_label(report) == 20
    html = render_fragment(report)
    assert "（六）其他处理" in html
    assert "3.其他" not in html


def test_it_merges_the_template_headers_in_html() -> None:
    html = render_fragment(filled(Format.F2021))
    assert f'<th class="gk-head gk-note" rowspan="3" colspan="3">{CHECK_NOTE}</th>' in html
    assert '<th class="gk-head" colspan="7">申请人情况</th>' in html
    assert '<th class="gk-head" colspan="5">法人或其他组织</th>' in html
    assert '<td class="gk-label" rowspan="8">（三）不予公开</td>' in html
    assert '<td class="gk-label" rowspan="3">（四）无法提供</td>' in html
    assert '<td class="gk-label" rowspan="5">（五）不予处理</td>' in html
    assert '<td class="gk-label" rowspan="3">（六）其他处理</td>' in html
    assert '<th class="gk-head" colspan="10">行政诉讼</th>' in html


def test_it_prints_the_six_sections_in_order_with_their_paragraphs() -> None:
    html = render_fragment(filled(Format.F2019))
    headings = [html.index(f"<h2>{label}</h2>") for _, label in SECTIONS]
    assert headings == sorted(headings)
    assert "<p>第一段。</p>\n<p>第二段。</p>" in html


def test_it_makes_a_self_contained_page_with_print_css() -> None:
    page = render_page(filled(Format.F2021, title="营口市档案局2022年政府信息公开工作年度报告"))
    assert page.startswith("<!DOCTYPE html>")
    assert "@page { size: A4" in page
    assert "<link" not in page and "<script" not in page
    assert "<h1>营口市档案局2022年政府信息公开工作年度报告</h1>" in page


def test_the_page_for_the_pdf_is_the_page_without_its_data_attributes() -> None:
    import re

    for report in (
        load(DATA / "huaian-city-2024.json"),
        load(DATA / "shenyang-archives-2017.json"),
    ):
        annotated = render_page(report, inline_css=False)
        bare = render_page(report, inline_css=False, annotated=False)
        assert "data-" in annotated and "data-" not in bare
        assert re.sub(r' data-[a-z]+="[^"]*"', "", annotated) == bare


def test_it_escapes_text() -> None:
    report = filled(Format.F2021)
    report.sections["overview"] = "<script>alert(1)</script>"
    assert "<script>alert" not in render_fragment(report)


def test_it_keeps_zero_and_leaves_null_blank_with_a_warning() -> None:
    report = filled(Format.F2021, value=0)
    report.requests["new"]["research"] = None
    rendered = render(report, "html")
    html = rendered.content.decode()
    assert '<td class="gk-value" data-key="requests/new/research"></td>' in html
    assert '<td class="gk-value" data-key="requests/new/total">0</td>' in html
    assert rendered.warnings == [
        "表三「一、本年新收政府信息公开申请数量」「科研机构」为空（null），按模板留空"
    ]


def test_it_prints_money_as_printed_and_never_in_e_notation() -> None:
    report = filled(Format.F2021)
    report.proactive["fees"]["amount"] = 7730.28
    report.appeals["review"]["total"] = 10
    html = render_fragment(report)
    assert 'data-key="proactive/fees/amount" colspan="3">7730.28<' in html
    report.proactive["fees"]["amount"] = 1e-05
    assert ">0.00001<" in render_fragment(report)


def test_it_writes_docx_with_real_merged_cells_and_cjk_fonts() -> None:
    report = filled(Format.F2021, title="营口市档案局2022年政府信息公开工作年度报告")
    content = render(report, "docx").content
    document = Document(io.BytesIO(content))
    proactive, requests, appeals = document.tables
    assert len(requests.rows) == 3 + 2 + 22 + 1
    # A merged cell is one cell object however many grid positions it covers.
    assert requests.cell(0, 0)._tc is requests.cell(2, 2)._tc
    assert requests.cell(0, 0).text == CHECK_NOTE
    assert requests.cell(5, 0)._tc is requests.cell(26, 0)._tc
    assert requests.cell(5, 0).text == RESULTS_GROUP
    assert appeals.cell(0, 5).text == "行政诉讼"
    assert appeals.cell(3, 14).text == "7"
    xml = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()
    assert 'w:eastAsia="Noto Serif CJK SC Black"' in xml
    assert "<w:tblHeader/>" in xml and "<w:cantSplit/>" in xml
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert proactive.cell(0, 0).text == "第二十条第（一）项"


def test_it_writes_xlsx_with_numbers_as_numbers_and_merged_headers() -> None:
    report = filled(Format.F2019)
    report.requests["new"]["total"] = None
    workbook = load_workbook(io.BytesIO(render(report, "xlsx").content))
    assert workbook.sheetnames == ["报告", "表二", "表三", "表四"]
    sheet = workbook["表三"]
    assert "A2:C4" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A2"].value == CHECK_NOTE
    assert sheet["D5"].value == 7 and isinstance(sheet["D5"].value, int)
    assert sheet["J5"].value is None
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert "A7:A26" in merged  # 三、本年度办理结果 over the 20 rows of the 2019 format


def test_it_marks_a_legacy_reports_figures_in_its_prose() -> None:
    report = load(DATA / "shenyang-archives-2017.json")
    html = render_fragment(report)
    assert '<mark class="gk-figure" title="主动公开政府工作信息：249条">249</mark>' in html
    assert html.count('class="gk-figure"') == len(report.legacy_figures)
    assert "<h2>preamble</h2>" not in html
    assert '<table class="gk-table' not in html
    assert render(report, "docx").content.startswith(b"PK")
    assert render(report, "html").warnings == []


def test_it_warns_about_a_figure_whose_sentence_is_not_in_the_text() -> None:
    report = load(DATA / "shenyang-archives-2017.json")
    report.legacy_figures[0].sentence = "正文中没有的句子。"
    assert render(report, "html").warnings == [
        "数字「主动公开政府工作信息：249条」的原句不在正文中，未能标出"
    ]


def test_the_cli_renders_each_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for to, magic in (("html", b"<!DOCTYPE"), ("docx", b"PK"), ("xlsx", b"PK"), ("pdf", b"%PDF")):
        out = tmp_path / f"r.{to}"
        code = main(["render", str(DATA / "hongze-district-2023.json"), "--to", to, "-o", str(out)])
        assert code == 0
        assert out.read_bytes().startswith(magic)
    assert "洪泽区人民政府 2023年报告" in capsys.readouterr().out


def test_the_cli_warns_about_blank_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = report_to_dict(filled(Format.F2021))
    data["appeals"]["review"]["pending"] = None
    source = tmp_path / "r.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["render", str(source), "--to", "html"]) == 0
    assert (tmp_path / "r.html").exists()
    assert "表四「行政复议」「尚未审结」为空" in capsys.readouterr().err


def test_the_cli_refuses_unreadable_input_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "r.json"
    source.write_text('{"format": "2021"', encoding="utf-8")
    assert main(["render", str(source), "--to", "pdf", "-o", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "r.json" in err
    assert not (tmp_path / "x.pdf").exists()


def test_the_cli_will_not_overwrite_its_input(tmp_path: Path) -> None:
    source = tmp_path / "r.html"
    source.write_text("x", encoding="utf-8")
    assert main(["render", str(source), "--to", "html"]) == 1
    assert source.read_text(encoding="utf-8") == "x"


def test_it_writes_a_pdf_with_embedded_cjk_fonts_and_selectable_text(tmp_path: Path) -> None:
    import pdfplumber

    report = load(DATA / "huaian-city-2024.json")
    content = render(report, "pdf").content
    path = tmp_path / "r.pdf"
    path.write_bytes(content)
    # pdffonts (poppler-utils, a Makefile system package): every font embedded, with Unicode map.
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    fonts_listed = listing.stdout.splitlines()[2:]
    assert fonts_listed and all(" yes yes yes " in line for line in fonts_listed)
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
        fonts = {char["fontname"].split("+")[-1] for page in pdf.pages for char in page.chars}
        assert pdf.pages[0].width == pytest.approx(595.3, abs=1)  # A4: 210 mm
    assert "Noto-Serif-CJK-SC" in fonts
    assert "申请人情况" in text and "96171.6" in text
    # Table 三's header rows repeat on the page where the table continues.
    assert text.count("申请人情况") == 2


def test_the_cli_reads_its_input_in_the_bounded_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file given to ``render`` is read in the bounded worker like ``parse`` and ``check``;
    ``--trusted`` reads the user's own file in-process."""
    from gongkai.report import sandbox

    read_in_worker = sandbox.read_path
    worker_reads: list[str] = []

    def spy(path: str | Path, limits: sandbox.Limits = sandbox.DEFAULT_LIMITS) -> object:
        worker_reads.append(str(path))
        return read_in_worker(path, limits)

    monkeypatch.setattr(sandbox, "read_path", spy)
    source = str(DATA / "hongze-district-2023.json")
    out = str(tmp_path / "r.html")
    assert main(["render", source, "--to", "html", "-o", out]) == 0
    assert worker_reads == [source]
    assert main(["render", source, "--to", "html", "-o", out, "--trusted"]) == 0
    assert worker_reads == [source]


def test_a_batch_of_pdfs_shares_one_font_configuration_and_stylesheet_and_looks_the_same() -> None:
    import pdfplumber
    import weasyprint

    from gongkai.report.writers import pdf as pdf_writer

    report = load(DATA / "huaian-city-2024.json")
    other = load(DATA / "shenyang-archives-2017.json")
    render(other, "pdf")
    shared = pdf_writer._shared()
    batch = render(report, "pdf").content
    assert pdf_writer._shared() is shared  # built once for the batch
    assert "<style>" not in render_page(report, inline_css=False)
    # The stylesheet given apart lays the page out as the page's own inline one does: the same
    # pages, the same text in the same fonts at the same places.
    alone = weasyprint.HTML(string=render_page(report)).render().write_pdf()

    def glyphs(page: object) -> list[tuple[str, str, int, int]]:
        return [
            (c["text"], c["fontname"].split("+")[-1], round(c["x0"]), round(c["top"]))
            for c in page.chars  # type: ignore[attr-defined]
        ]

    with pdfplumber.open(io.BytesIO(batch)) as a, pdfplumber.open(io.BytesIO(alone)) as b:
        assert len(a.pages) == len(b.pages) >= 2
        for page_a, page_b in zip(a.pages, b.pages, strict=True):
            assert glyphs(page_a) == glyphs(page_b)
