"""The remedy paragraph of a letter: what the applicant may do against the decision, and where.

行政复议法 as revised in 2023 (in force 2024-01-01):
- 第二十条第一款: 复议 within 60 days of learning of the act;
- 第二十三条第一款第（四）项: a refusal to disclose (不予公开) must go to 复议 first, and only the
  复议 decision may be taken to court; 第二款: the agency must say so when it decides;
- 第二十四条第一款: a county-level or higher government hears 复议 against its own departments
  (（一）) and against the government one level below (（二））; 第二十四条第二款: a province-level
  government also hears cases against itself.
行政诉讼法: 第四十五条 — a suit after 复议 within 15 days of receiving the decision;
第四十六条第一款 — a suit brought directly within 6 months of learning of the act.
Before 2024-01-01 (行政复议法 2017年修正, 第九条第一款: 60 days) there was no 复议前置 for
不予公开; a letter dated before then gets the free choice.
"""

from __future__ import annotations

import re
from datetime import date

from gongkai.agencies.models import Agency
from gongkai.requests.outcomes import Remedy

REVIEW_FIRST_SINCE = date(2024, 1, 1)
REVIEW_ACT = "《中华人民共和国行政复议法》"
SUIT_ACT = "《中华人民共和国行政诉讼法》"
# Left in the text when the hierarchy does not name the 复议机关; an approval is refused while
# a placeholder is in the text (see ``services.document_approve``).
PLACEHOLDER = "【请填写行政复议机关】"
# The general office of a government is one of its departments; its name names the government.
_GOVERNMENT_OFFICE = re.compile(r"^(.+人民政府)办公(室|厅)$")


def review_body(agency: Agency, override: str = "") -> str:
    """The 复议机关 for ``agency``'s acts (行政复议法第二十四条), from the agency hierarchy:
    for a department (or the government's office), the government it belongs to
    (第一款第（一）项); for a government, the government above it (第一款第（二）项).
    ``override`` (the agency's document settings) wins: vertically managed agencies
    (第二十七条: 海关、税务…), province-level governments (第二十四条第二款) and hierarchies that
    do not reach a government are set there. ``PLACEHOLDER`` when nothing names it."""
    if override.strip():
        return override.strip()
    if agency.kind != Agency.Kind.GOVERNMENT:
        own = _GOVERNMENT_OFFICE.match(agency.name)
        if own:
            return own.group(1)
    for ancestor in agency.ancestors():
        if ancestor.kind == Agency.Kind.GOVERNMENT:
            return ancestor.name
        office = _GOVERNMENT_OFFICE.match(ancestor.name)
        if office:  # the office of the government above (or of this department's government)
            return office.group(1)
    return PLACEHOLDER


def _free_choice(body: str, on: date, what: str, letter: str) -> str:
    if on < REVIEW_FIRST_SINCE:
        articles = f"{REVIEW_ACT}（2017年修正）第九条第一款、{SUIT_ACT}第四十六条第一款"
    else:
        articles = f"{REVIEW_ACT}第二十条第一款、第二十四条，{SUIT_ACT}第四十六条第一款"
    return (
        f"如对{what}不服，可以自收到{letter}之日起六十日内向{body}申请行政复议，"
        f"也可以自收到{letter}之日起六个月内依法向人民法院提起行政诉讼（{articles}）。"
    )


def _review_first(body: str, what: str) -> str:
    return (
        f"如对{what}不服，应当自收到本告知书之日起六十日内先向{body}申请行政复议；"
        "对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内依法向人民法院提起行政诉讼，"
        "未经行政复议不能直接提起行政诉讼"
        f"（{REVIEW_ACT}第二十条第一款、第二十三条第一款第（四）项和第二款、第二十四条，"
        f"{SUIT_ACT}第四十五条）。"
    )


def remedy_paragraphs(
    remedy: Remedy, *, body: str, on: date, letter: str = "本告知书", what: str = "本答复"
) -> list[str]:
    """The remedy paragraph(s) of a letter dated ``on`` whose decision has ``remedy``."""
    if on < REVIEW_FIRST_SINCE or remedy is Remedy.REVIEW_OR_SUIT:
        return [_free_choice(body, on, what, letter)]
    if remedy is Remedy.REVIEW_FIRST:
        return [_review_first(body, "本机关不予公开的决定")]
    return [
        _review_first(body, "本答复中不予公开部分的决定"),
        _free_choice(body, on, "本答复的其他内容", letter),
    ]
