"""Which template a report follows (from the labels its tables print, else from its year), and
which program's document an old Office file (OLE2 compound file) holds."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from typing import Any

from gongkai.report.errors import ReportParseError
from gongkai.report.formats import Template, format_for_year, normalize_label, table_templates
from gongkai.report.formats.labels import normalize_labels


def detect_format(texts: Iterable[str], year: int | None) -> tuple[Template | None, list[str]]:
    """The template a report follows, from the labels only it prints (its ``signatures``),
    else from its year."""
    templates = table_templates()
    joined = _signature_text(texts if isinstance(texts, list) else list(texts), templates)
    scores = {t: sum(map(joined.__contains__, t.signatures)) for t in templates}
    warnings: list[str] = []
    ranked = sorted(scores.values(), reverse=True)
    best = max(scores, key=scores.__getitem__)
    by_year = format_for_year(year) if year is not None else None
    if ranked[0] == 0 or (len(ranked) > 1 and ranked[0] == ranked[1]):
        return by_year, warnings
    if by_year is not None and by_year is not best:
        warnings.append(
            f"报告年度为 {year} 年，应使用 {by_year} 版模板，但表格是 {best} 版的栏目；按 {best} 版读取"
        )
    return best, warnings


def _signature_text(texts: list[str], templates: Iterable[Template]) -> str:
    """A text that holds each template signature exactly where ``normalize_label`` of the texts
    joined holds it (callers pass table cells, not the whole text).

    Signatures are runs of CJK ideographs (U+4E00–U+9FFF). Folding (NFKC, quotes, whitespace)
    keeps each of them as it is, never composes one with a neighbour, makes none out of other
    characters except those in _FOLDS_TO_IDEOGRAPH, and leaves every other character something
    that is neither an ideograph nor nothing (whitespace aside, which it drops). So where no
    character folds to an ideograph, the runs of ideographs in the folded text are those of the
    text with its whitespace dropped, and a signature is in the one where it is in the other."""
    raw = "".join(texts)
    if _FOLDS_TO_IDEOGRAPH.search(raw) is None and all(
        _ideographic(t.signatures) for t in templates
    ):
        return "".join(raw.split())
    return _folded(texts)


@cache
def _ideographic(signatures: tuple[str, ...]) -> bool:
    return all(_IDEOGRAPHS.fullmatch(signature) for signature in signatures)


_IDEOGRAPHS = re.compile(r"[\u4e00-\u9fff]+")
# Every character outside U+4E00–U+9FFF whose NFKC form holds one of them (tests check it over
# all code points): radicals, kanbun, enclosed and squared ideographs, era names, compatibility
# ideographs.
_FOLDS_TO_IDEOGRAPH = re.compile(
    "[\u2e80-\u2fdf\u3038-\u303a\u3190-\u319f\u3220-\u3247\u3280-\u32cb\u32ff"
    "\u3358-\u3370\u337b-\u337f\u33e0-\u33fe\uf900-\ufaff"
    "\U0001f200-\U0001f2ff\U0002f800-\U0002fa1f]"
)


def _folded(texts: list[str]) -> str:
    """``normalize_label`` of the texts joined, folded text by text where that is the same.

    Folding is per character (NFKC, quotes, whitespace) except where NFKC composes a character
    with the one before it (a combining mark, a Hangul jamo): a text that starts with a letter,
    digit, CJK ideograph or full-width form cannot compose with the text before it. Each cell
    text is then folded once (``normalize_label`` keeps short ones), instead of the whole
    joined text every time."""
    # A table repeats its texts ("0", its labels): each distinct one looked at and folded once.
    distinct = dict.fromkeys(texts)
    if _COMPOSING_START.search("".join(map(_FIRST, distinct))) is None:
        folded = dict(zip(distinct, normalize_labels(distinct), strict=True))
        return "".join(map(folded.__getitem__, texts))
    return normalize_label("".join(texts))


_FIRST = itemgetter(slice(0, 1))
# A text that starts with anything but a starter that NFKC never composes with what stands
# before it (see _folded): ASCII, CJK ideographs, full-width ASCII forms, the ideographic
# space and CJK punctuation.
_COMPOSING_START = re.compile(r"[^\x00-\x7f\u4e00-\u9fff\uff01-\uff5e\u3000-\u3029]")


# --- old Office files: which program's streams an OLE2 compound file holds ----------------------

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class OfficeKind:
    """What an OLE2 compound file is: ``target`` is what LibreOffice converts it to (docx for a
    word processor's document, xlsx for a workbook), ``label`` names it in messages."""

    suffix: str  # the name LibreOffice is given (it guesses a filter from the suffix first)
    target: str
    label: str


def office_kind(data: bytes, name: str) -> OfficeKind:
    """Word 97–2003 and WPS 文字 documents (a ``WordDocument`` stream: Kingsoft's .wps is
    Word-97-compatible), Excel 97–2003 and WPS 表格 workbooks (``Workbook``/``Book``: .et is
    BIFF8 too); anything else in an OLE2 file is refused in one line."""
    import olefile

    try:
        ole = olefile.OleFileIO(data)
    except Exception as exc:  # olefile raises OSError and private types on damaged files
        raise ReportParseError(
            f"旧版 Office/WPS 文件已损坏，无法读取（{type(exc).__name__}）", file=name
        ) from None
    try:
        streams = {"/".join(entry).lower() for entry in ole.listdir(streams=True, storages=False)}
        application = _application(ole)
        word = ole.openstream("WordDocument").read(12) if "worddocument" in streams else b""
    except Exception as exc:
        raise ReportParseError(
            f"旧版 Office/WPS 文件已损坏，无法读取（{type(exc).__name__}）", file=name
        ) from None
    finally:
        ole.close()
    wps = any(mark in application for mark in ("wps", "kingsoft"))
    if "encryptedpackage" in streams or (len(word) >= 12 and word[11] & 0x01):
        raise ReportParseError(
            "文件设有打开密码（已加密），无法读取；请解除密码后再读取", file=name
        )
    if "worddocument" in streams:
        return OfficeKind("doc", "docx", "WPS 文字文档" if wps else "Word 97–2003 文档")
    if "workbook" in streams or "book" in streams:
        return OfficeKind("xls", "xlsx", "WPS 表格工作簿" if wps else "Excel 97–2003 工作簿")
    if "powerpoint document" in streams:
        raise ReportParseError("不是年度报告：旧版 PowerPoint 演示文稿（.ppt/.dps）", file=name)
    if "contents" in streams:
        raise ReportParseError(
            "不是可读的格式：Microsoft Works 文档，请另存为 DOCX 后再读取", file=name
        )
    raise ReportParseError(
        "不是年度报告：OLE2 复合文件里既没有 Word/WPS 文档，也没有 Excel/WPS 工作簿", file=name
    )


def _application(ole: Any) -> str:
    """The program that saved the file (SummaryInformation), lower-cased; empty if unknown."""
    try:
        raw = ole.get_metadata().creating_application
    except Exception:  # a damaged property set names no program
        return ""
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    return str(raw or "").lower()
