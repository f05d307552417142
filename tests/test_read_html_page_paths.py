"""The HTML reader's page-side fast paths read every page as the slow paths they stand for:
the end tags cut by one flat pattern, and the report's last part looked for in the body before
the whole tree. Each is compared with the slow path on generated hostile pages."""

from __future__ import annotations

import random
import re
from typing import Any

import pytest
from selectolax.lexbor import LexborHTMLParser

from gongkai.report.readers import html as H

# The end-tag pattern as it was: alternatives grouped by their first letters.
_GROUPED = re.compile(
    r"(<(?:/(?:t(?:[dhr]|able)|p|div|h[1-6]|li|section"
    r"|T(?:[DHR]|ABLE)|P|DIV|H[1-6]|LI|SECTION)>|br|BR))"
)
_TAG_NAMES = [
    *("td", "th", "tr", "t", "tdx", "table", "tables", "tbody", "p", "pre", "div", "dl", "li"),
    *("h1", "h6", "h7", "h", "section", "span", "b", "br", "Td", "tR", "Table", "Div", "Br"),
]


def _tag_soup(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 60)):
        name = rng.choice(_TAG_NAMES)
        name = name.upper() if rng.random() < 0.3 else name
        parts.append(
            rng.choice([f"<{name}>", f"</{name}>", f"</{name} >", f"<{name}/>", "x", "<", "</"])
        )
    return "".join(parts)


@pytest.mark.parametrize("seed", range(5))
def test_the_flat_end_tag_pattern_cuts_where_the_grouped_one_did(seed: int) -> None:
    rng = random.Random(seed)
    every_tag = "".join(f"</{t}></{t.upper()}><{t}>" for t in _TAG_NAMES)
    for page in [every_tag] + [_tag_soup(rng) for _ in range(400)]:
        assert H._ENDS.split(page) == _GROUPED.split(page)
        data = page.encode()
        assert H._BYTE_ENDS.split(data) == re.compile(_GROUPED.pattern.encode()).split(data)


def _tree_wide_report_node(tree: Any) -> tuple[Any, str | None]:
    """_report_node as it was: the last part looked for in the whole tree."""
    body = tree.body or tree.root
    last = tree.css(f':lexbor-contains("{H._LAST_PART}")')
    node = last[-1] if last else None
    for _ in range(H.MAX_CLIMB):
        if node is None:
            break
        text = str(node.text_lexbor())
        if H._FIRST_PART in text:
            return node, text
        node = node.parent
    return body, None


_PIECES = [
    *("<html>", "<head>", "<title>", "</title>", "</head>", "<body>", "</body>", "</html>"),
    *("<frameset>", "</frameset>", "<frame>", "<noframes>", "</noframes>", "<p>", "</p>"),
    *("<div>", "</div>", "<table>", "<tr>", "<td>", "</td>", "</tr>", "</table>", "<svg>"),
    *("</svg>", "<math>", "<template>", "</template>", "<script>", "</script>", "<!--c-->"),
    *("<b>", "</b>", "<h2>", "</h2>", "<BODY>", "<P>", "<select>", "<option>", "<textarea>"),
    *("</textarea>", "<iframe>", "</iframe>", "<noscript>", "</noscript>", "<style>"),
    *("</style>", "<caption>", "<plaintext>", "<xmp>", "</xmp>", "其他", "需要报告", "x", " "),
    *(H._FIRST_PART, H._LAST_PART, H._LAST_PART, "\n"),
]


def _found(finder: Any, page: str) -> tuple[str, str, str | None]:
    tree = LexborHTMLParser(page)
    for name in H._SKIP:
        for node in tree.tags(name):
            node.decompose()
    node, text = finder(tree)
    return node.tag, node.html, text


# Pages whose last part is only in the head: the body has no match, the whole tree is searched.
HEAD_ONLY = [
    f"<html><head><title>{H._LAST_PART}</title></head><body><p>{H._FIRST_PART}</p></body></html>",
    f"<title>{H._FIRST_PART}{H._LAST_PART}</title><p>x</p>",
    f"<frameset><title>{H._LAST_PART}</title></frameset>{H._FIRST_PART}",
]


@pytest.mark.parametrize("page", HEAD_ONLY)
def test_a_last_part_only_in_the_head_is_found_there(page: str) -> None:
    assert _found(H._report_node, page) == _found(_tree_wide_report_node, page)


@pytest.mark.parametrize("seed", range(4))
def test_the_report_node_is_the_one_the_whole_tree_gives(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(1500):
        page = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 30)))
        if rng.random() < 0.3:
            page += H._LAST_PART
        assert _found(H._report_node, page) == _found(_tree_wide_report_node, page), page


def _table_parts_asked(report: Any) -> tuple[list[Any], tuple[dict[int, tuple[int, int]], bool]]:
    """_table_parts as it was: whether a table lies inside another always asked of the tree."""
    tables: dict[int, Any] = {}
    spans = {}
    caption = False
    for node in report.css("table, caption, [colspan], [rowspan]"):
        if node.tag == "table":
            tables.setdefault(node.mem_id, node)
        elif node.tag == "caption":
            caption = True
        elif node.tag in {"td", "th"}:
            spans[node.mem_id] = H._spans(node.attributes)
    if len(tables) > 1 and report.css_first("table table") is not None:
        tables = {
            key: table
            for key, table in tables.items()
            if all(inner.mem_id == key for inner in table.css("table"))
        }
    return list(tables.values()), (spans, caption)


_TABLE_PIECES = [
    *("<table>", "</table>", "<TABLE>", "<table colspan=2>", "<table rowspan=1>", "<tr>"),
    *("</tr>", "<td>", "</td>", "<th colspan=2>", "<td rowspan=3>", "<td colspan=2 rowspan=2>"),
    *("<caption>", "</caption>", "<div>", "</div>", "<p>", "x", "<svg>", "</svg>", "<tbody>"),
    *("<template>", "</template>", "<select>", "<math>"),
]


@pytest.mark.parametrize("seed", range(4))
def test_the_innermost_tables_are_the_ones_asking_the_tree_gives(seed: int) -> None:
    rng = random.Random(seed)
    nested = 0
    for _ in range(1500):
        page = "".join(rng.choice(_TABLE_PIECES) for _ in range(rng.randint(1, 40)))
        tree = LexborHTMLParser(page)
        tables = tree.css("table")
        nested += tree.css_first("table table") is not None
        for report in {tree.body or tree.root, *tables[:1], *tables[-1:]}:
            found, (spans, caption) = H._table_parts(report)
            asked, (asked_spans, asked_caption) = _table_parts_asked(report)
            assert [t.mem_id for t in found] == [t.mem_id for t in asked], page
            assert (spans, caption) == (asked_spans, asked_caption), page
    assert nested > 100  # the pages put tables inside tables
