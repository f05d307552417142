"""Report pages as portals deliver them: inside a JavaScript string, and as Word exports them.

The 上海 fixture was published as the value of ``let content = "…"`` in a script (see
data/README.md): here it is escaped back into that form, as a ``.js`` file and inside a portal
page whose visible body is empty, and read as the bare page reads. Word's "save as web page"
markup (``<o:p>``, conditional comments, the hidden row of empty cells Word adds under a table)
is put around the same page and must not change a cell.
"""

from __future__ import annotations

import re
from pathlib import Path

from gongkai.report import canonical
from gongkai.report.model import AnnualReport
from gongkai.report.readers import read_bytes
from gongkai.report.readers.embedded import embedded_page

DATA = Path(__file__).parent / "data"
FRAGMENT = (DATA / "shanghai-gov-office-2019.html").read_text(encoding="utf-8")


def content(report: AnnualReport) -> dict[str, object]:
    data = canonical.report_to_dict(report)
    return {k: v for k, v in data.items() if k not in {"sources", "warnings"}}


def as_js_string(markup: str) -> str:
    escaped = markup.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'let content = "{escaped}";\nlet title = "2019年上海市人民政府办公厅";\n'


def test_it_reads_a_report_held_in_a_javascript_file() -> None:
    bare = read_bytes(FRAGMENT.encode(), "bare.html")
    script = read_bytes(as_js_string(FRAGMENT).encode(), "content.js")
    assert content(script) == content(bare)


def test_it_reads_a_report_a_portal_page_builds_from_a_script() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>政府信息公开年报</title></head><body>"
        f"<div class='nav'>首页</div><div id='content'></div><script>{as_js_string(FRAGMENT)}"
        "document.getElementById('content').innerHTML = content;</script></body></html>"
    )
    bare = read_bytes(FRAGMENT.encode(), "bare.html")
    assert content(read_bytes(page.encode(), "page.html")) == content(bare)


def test_it_leaves_a_page_alone_when_the_report_is_on_the_page() -> None:
    page = f'<html><body>{FRAGMENT}<script>var x = "<p>政府信息公开</p>";</script></body></html>'
    assert embedded_page(page) is None


def word_export(markup: str) -> str:
    """The page as Word's 'save as web page' writes it."""
    cells = re.sub(
        r"(<td[^>]*>)(.*?)(</td>)",
        lambda m: (
            f"{m.group(1)}<p class=MsoNormal align=center><span lang=EN-US "
            f"style='font-size:10.5pt'>{m.group(2)}<o:p></o:p></span></p>{m.group(3)}"
        ),
        markup,
        flags=re.S,
    )
    hidden = (
        "<![if !supportMisalignedColumns]><tr height=0>"
        + "<td width=40 style='border:none'></td>" * 8
        + "</tr><![endif]>"
    )
    cells = cells.replace("</table>", f"{hidden}</table>")
    return (
        "<html xmlns:o='urn:schemas-microsoft-com:office:office'><head>"
        "<!--[if gte mso 9]><xml><o:DocumentProperties></o:DocumentProperties></xml><![endif]-->"
        f"</head><body lang=ZH-CN><div class=WordSection1>{cells}"
        "<p class=MsoListParagraph><!--[if !supportLists]-->7、<!--[endif]-->其他<o:p></o:p></p>"
        "</div></body></html>"
    )


def test_it_reads_a_word_export_as_the_page_it_was_made_from() -> None:
    bare = read_bytes(FRAGMENT.encode(), "bare.html")
    exported = read_bytes(word_export(FRAGMENT).encode(), "export.html")
    assert (exported.proactive, exported.requests, exported.appeals) == (
        bare.proactive,
        bare.requests,
        bare.appeals,
    )
    assert (exported.agency, exported.year) == (bare.agency, bare.year)


def test_it_drops_word_conditional_comments_from_saved_text() -> None:
    text = (DATA / "pingtan-2016.txt").read_text(encoding="utf-8")
    report = read_bytes(text.encode(), "pingtan-2016.txt")
    assert not any("[if" in body or "endif" in body for body in report.sections.values())
    assert any("7、公共监管信息公开情况" in body for body in report.sections.values())
