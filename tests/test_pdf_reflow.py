"""How a PDF's printed lines make paragraphs (``pdflines.reflow``) where the prose is set larger
than the tables' small print, so that the body's size is the tables' and the prose is "larger
text": a numbered heading set in below a full line of prose starts its own line (a
Hypothesis-generated report read back from its PDF had 六、其他需要报告的事项 joined to the
last line of 五's paragraph, and section 六 was lost)."""

from __future__ import annotations

from gongkai.report.readers.pdflines import PrintedLine, reflow

PROSE, SMALL = 16.0, 9.0
LEFT, RIGHT = 79.37, 511.36
INDENT = LEFT + 2 * PROSE


def _table_lines() -> list[PrintedLine]:
    # Table text, with commas: more of it than of prose, so the body's size is the tables'.
    return [
        PrintedLine("（一）予以公开，包括部分公开的情况说明，按本机关办理", 83.1, 515.7, SMALL)
        for _ in range(40)
    ]


def _section(first: str, second: str, second_right: float) -> list[PrintedLine]:
    return [
        PrintedLine(first, INDENT, RIGHT, PROSE),
        PrintedLine(second, LEFT, second_right, PROSE),
    ]


def test_a_numbered_heading_set_in_below_a_full_line_starts_a_line() -> None:
    lines = [
        *_table_lines(),
        *_section(
            "范彻情坚平一公完规步况加完管深申完学面贯导群指公学",
            "群况学进设理众加步导信强台坚推办入规习情完信推府众。",
            495.36,
        ),
        PrintedLine("六、其他需要报告的事项", INDENT, 287.37, PROSE),
        *_section("一一一一一一一一一一一一一一一一一一一一一一一一一", "一一一一一。", 175.37),
    ]
    out = reflow(lines)
    assert out[-3:] == [
        "范彻情坚平一公完规步况加完管深申完学面贯导群指公学群况学进设理众加步导信强台坚推办入规习情完信推府众。",
        "六、其他需要报告的事项",
        "一一一一一一一一一一一一一一一一一一一一一一一一一一一一一一。",
    ]


def test_a_wrapped_larger_line_still_goes_on_below_a_full_line() -> None:
    # The same prose wrapped, its second line at the left edge (a number may start it there),
    # and a centred title's second line set in: both go on with the line above.
    lines = [
        *_table_lines(),
        PrintedLine(
            "政府信息公开工作我局坚持以为指导深入学习贯彻落实推进全面加强规范", INDENT, RIGHT, PROSE
        ),
        PrintedLine("（一）管理服务平台建设情况。", LEFT, 300.0, PROSE),
        PrintedLine("洪泽区人民政府关于印发洪泽区政府信息公开工", 88.15, 512.79, 22.0),
        PrintedLine("作年度报告的通知", 200.0, 390.0, 22.0),
    ]
    out = reflow(lines)
    assert out[-2:] == [
        "政府信息公开工作我局坚持以为指导深入学习贯彻落实推进全面加强规范（一）管理服务平台建设情况。",
        "洪泽区人民政府关于印发洪泽区政府信息公开工作年度报告的通知",
    ]
