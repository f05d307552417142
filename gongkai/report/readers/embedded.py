"""A report page held in a JavaScript string, and Word's export markup.

Some portals deliver the article body as data: ``let content = "<p style=\\"…\\">…</p>";`` in a
script, or a whole ``.js`` file. The page the browser shows is built from that string, so the
report is the string's value: found (the longest string literal assigned to a variable that
holds markup and the words 政府信息公开), its JavaScript escapes undone, and read as the page.

Word's "save as web page" export wraps list numbers in conditional comments
(``<!--[if !supportLists]-->7、<!--[endif]-->``) and its downlevel-revealed form
(``<![if !supportLists]>…<![endif]>``); the parser drops comments but not the latter, and
text saved from such a page keeps both. They are removed, keeping what they enclose.
"""

from __future__ import annotations

import re

_ASSIGNMENT = re.compile(r"\b(?:let|var|const)\s+[\w$]{1,64}\s*=\s*|\.innerHTML\s*=\s*")
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[\s\S])")
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_SIMPLE |= {"\n": "", "\r\n": "", "\r": ""}  # a line continuation
_CONDITIONAL = re.compile(
    r"<!--\[if [^\]]{0,100}\]-->|<!--\[if [^\]]{0,100}\]>|<!\[if [^\]]{0,100}\]>|<!\[endif\]>|<!--\[endif\]-->|<!\[endif\]-->"
)
_OFFICE_TAG = re.compile(r"</?o:p\s*>")
# A page in which the report's own table label already shows needs no unwrapping.
_TABLE_WORDS = "本年新收政府信息公开申请"


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    if code[0] in "ux" and len(code) > 1:
        return chr(int(code[1:], 16))
    return _SIMPLE.get(code, code)


def _literal_end(markup: str, start: int, quote: str) -> int:
    """The index of the quote closing the literal that opens at ``start`` (-1: none)."""
    at = start
    while True:
        close = markup.find(quote, at)
        if close < 0:
            return -1
        slashes = 0
        while close - 1 - slashes >= start and markup[close - 1 - slashes] == "\\":
            slashes += 1
        if slashes % 2 == 0:
            return close
        at = close + 1


def embedded_page(markup: str) -> str | None:
    """The markup a script assigns to a variable, when the report is there and not on the page."""
    at = markup.find(_TABLE_WORDS)
    if at < 0 and "政府信息公开" not in markup:
        return None
    if at >= 0 and not _in_script(markup, at):
        return None  # the report is on the page itself: the usual case, decided in two finds
    best: tuple[int, int] | None = None
    scanned = 0  # an assignment inside a literal already scanned is text, not code
    for match in _ASSIGNMENT.finditer(markup):
        if match.start() < scanned:
            continue
        quote = markup[match.end() : match.end() + 1]
        if quote not in ('"', "'", "`"):
            continue
        start = match.end() + 1
        end = _literal_end(markup, start, quote)
        scanned = end if end > 0 else len(markup)
        if end > start and (best is None or end - start > best[1] - best[0]):
            best = (start, end)
    if best is None:
        return None
    value = _ESCAPE.sub(_unescape, markup[best[0] : best[1]])
    if "<" not in value or "政府信息公开" not in value:
        return None
    outside = markup[: best[0]] + markup[best[1] :]
    return None if _TABLE_WORDS in outside else value


def _in_script(markup: str, at: int) -> bool:
    """Whether offset ``at`` is inside a script: an open ``<script`` before it, or a file that
    is a script itself (it starts with a declaration)."""
    opened = markup.rfind("<script", 0, at)
    if opened >= 0 and markup.find("</script", opened, at) < 0:
        return True
    return bool(re.match(r"\s*(?:let|var|const|window\.|document\.)", markup))


def without_office_markup(text: str) -> str:
    """Word's conditional comments and ``<o:p>`` removed, what they enclose kept."""
    # Most pages have neither: "[" is found with one character scan (fast), and "o:p" searched
    # from the end, several times faster than from the start in a page of Chinese text.
    if ("[" not in text or "[if " not in text) and text.rfind("o:p") < 0:
        return text
    return _OFFICE_TAG.sub("", _CONDITIONAL.sub("", text))
