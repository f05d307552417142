"""The HTML reader: real ``<table>``s (rowspan/colspan), the whole portal page around the
report (navigation, layout tables, footers), declared charsets, full-width digits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from gongkai.report import canonical
from gongkai.report.errors import ReportParseError
from gongkai.report.readers import read_bytes
from gongkai.report.writers import render

DATA = Path(__file__).parent / "data"
FRAGMENT = (DATA / "shanghai-gov-office-2019.html").read_text(encoding="utf-8")


def portal(fragment: str, charset: str = "utf-8") -> str:
    """The report as a portal page shows it: menus, a layout table, a sidebar, a footer."""
    return f"""<!DOCTYPE html><html><head><meta charset="{charset}">
<title>2019年上海市人民政府办公厅政府信息公开工作年度报告_上海市人民政府</title>
<script>var menu = "一、总体情况 六、其他需要报告的事项";</script><style>td {{ color: red }}</style>
</head><body>
<div class="nav"><a href="/">首页</a> &gt; <a>政务公开</a> &gt; <a>政府信息公开年报</a></div>
<table class="layout"><tr><td class="side"><ul><li>政策文件</li><li>政府信息公开年报</li></ul>
<table><tr><td>热线 12345</td><td>2</td><td>3</td></tr></table></td>
<td class="main"><div id="ivs_content">{fragment}</div></td></tr></table>
<div class="footer"><p>主办：上海市人民政府办公厅 版权所有</p><p>沪ICP备05000000号 访问量 1234567</p></div>
</body></html>"""


def test_it_reads_the_report_inside_a_portal_page_as_it_reads_the_bare_report() -> None:
    bare = read_bytes(FRAGMENT.encode(), "fragment.html")
    page = read_bytes(portal(FRAGMENT).encode(), "page.html")
    assert (page.proactive, page.requests, page.appeals) == (
        bare.proactive,
        bare.requests,
        bare.appeals,
    )
    assert (page.agency, page.year, page.published) == ("上海市人民政府办公厅", 2019, "2020-01-31")
    # The footer and the navigation stay out of the sections.
    assert page.sections["other"] == "无。"
    assert "首页" not in page.sections["overview"]


def test_it_reads_a_gbk_page_by_its_declared_charset() -> None:
    page = read_bytes(portal(FRAGMENT, "gbk").encode("gbk", "replace"), "gbk.html")
    assert page.requests["new"]["natural_person"] == 821


def test_it_reads_full_width_digits() -> None:
    fragment = FRAGMENT.replace('<p align="center">821</p>', '<p align="center">８２１</p>')
    assert read_bytes(fragment.encode(), "wide.html").requests["new"]["natural_person"] == 821


def test_it_takes_the_agency_from_the_page_title_when_the_report_has_none() -> None:
    fragment = FRAGMENT.replace("2019年上海市人民政府办公厅政府信息公开工作年度报告</p>", "</p>", 1)
    page = read_bytes(portal(fragment).encode(), "untitled.html")
    assert page.agency == "上海市人民政府办公厅"


@pytest.mark.parametrize(
    "name", ["hongze-district-2023", "huaian-city-2024", "yingkou-archives-2020"]
)
def test_it_reads_back_what_the_html_writer_prints(name: str) -> None:
    source = canonical.load(DATA / f"{name}.json")
    back = read_bytes(render(source, "html").content, f"{name}.html")
    assert (back.format, back.agency, back.year) == (source.format, source.agency, source.year)
    assert (back.proactive, back.requests, back.appeals) == (
        source.proactive,
        source.requests,
        source.appeals,
    )


def test_it_takes_the_date_from_the_pages_metadata_table() -> None:
    fragment = FRAGMENT.replace("<p style='text-align: center'>发布日期：2020-01-31</p>", "")
    metadata = (
        "<table><tr><td>公开日期</td><td><publishtime>2020-02-03</publishtime></td></tr></table>"
    )
    page = read_bytes(
        portal(fragment).replace("<table class", metadata + "<table class").encode(), "m.html"
    )
    assert page.published == "2020-02-03"
    assert read_bytes(fragment.encode(), "bare.html").published is None


@pytest.mark.parametrize(
    "edit",
    [
        lambda page: page.replace("</td>", ""),  # cells closed by the next <td>
        lambda page: page.replace("</tr>", ""),  # rows closed by the next <tr>
        lambda page: page.replace("<table", "<table><caption>说明</caption", 1),
        lambda page: page.replace("</TD>", "</td>").replace("<td", "<TD").replace("</td>", "</TD>"),
        lambda page: page.replace("六、其他", "\ue01e六、其他", 1),  # the reader's own cell mark
    ],
    ids=["no-cell-end-tags", "no-row-end-tags", "caption", "upper-case", "private-use-char"],
)
def test_it_reads_a_table_the_same_whatever_end_tags_the_page_writes(
    edit: Callable[[str], str],
) -> None:
    # Cells are cut from the table's text where every cell and row end tag is written (and the
    # page has neither of the reader's marks in it), else cell by cell from the parsed tree.
    bare = read_bytes(FRAGMENT.encode(), "fragment.html")
    edited = read_bytes(edit(FRAGMENT).encode(), "edited.html")
    assert (edited.proactive, edited.requests, edited.appeals) == (
        bare.proactive,
        bare.requests,
        bare.appeals,
    )
    assert edited.sources == bare.sources


@pytest.mark.parametrize("span", ["9" * 1_000_000, "²", "0" * 50 + "2"])
def test_it_reads_a_span_of_a_million_digits_or_a_non_ascii_digit_without_crashing(
    span: str,
) -> None:
    # Fuzz finding: int() of a colspan of a million digits raised a bare ValueError.
    page = f'<table><tr><td colspan="{span}">表三</td></tr></table>'.encode()
    with pytest.raises(ReportParseError, match=r"^span\.html: "):
        read_bytes(page, "span.html")


def test_it_takes_the_title_and_headings_in_the_order_the_selectors_ask_for_them() -> None:
    # The title is the first h1 naming 政府信息公开, else the first such h2, else .title, else
    # <title> (its site name cut off); an h1 of class "title" is one heading, not two.
    from selectolax.lexbor import LexborHTMLParser

    from gongkai.report.readers.html import _title_and_headings

    def read(body: str, title: str = "") -> tuple[str | None, list[str]]:
        page = f"<html><head><title>{title}</title></head><body>{body}</body></html>"
        return _title_and_headings(LexborHTMLParser(page))

    named = "政府信息公开工作年度报告"
    assert read(f"<h3>三{named}</h3><h2>二{named}</h2><h1 class='title'>一{named}</h1>") == (
        f"一{named}",
        [f"三{named}", f"二{named}", f"一{named}"],
    )
    assert read(f"<h3>三{named}</h3><h2>二{named}</h2>") == (
        f"二{named}",
        [f"三{named}", f"二{named}"],
    )
    assert read(f"<h3 class='x title'>三{named}</h3><p class='title'>p{named}</p>") == (
        f"三{named}",
        [f"三{named}"],
    )
    assert read("<h1>首页</h1>", f"{named}_某市人民政府") == (named, [])
    assert read("<h1>首页</h1>", "首页") == (None, [])
