"""The grounds a withheld part may cite: the outcome registry's 不予公开 rows whose ground is
条例第十四条、第十五条 or 第十六条 (第三十六条第（七）项 is a referral, not a withholding)."""

from __future__ import annotations

from gongkai.requests.outcomes import OUTCOMES

ARTICLES = ("第十四条", "第十五条", "第十六条")


def grounds() -> list[tuple[str, str]]:
    """(outcome key, the ground as the letter cites it)."""
    return [
        (o.key, o.ground)
        for o in OUTCOMES
        if o.key.startswith("withheld.") and any(a in o.ground for a in ARTICLES)
    ]


def ground_text(key: str) -> str:
    return dict(grounds()).get(key, "")
