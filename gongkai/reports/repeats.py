"""How much of this year's narrative repeats last year's word for word.

Copying last year's report is the evaluators' most common complaint: a sentence of this year's
text that also appears in last year's (after folding spaces and punctuation width) counts as
repeated; the share is by characters, so a long copied paragraph weighs more than a short
stock phrase.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from gongkai.report.formats import SECTIONS, normalize_label

# Flag a section when at least this share of its characters is in sentences copied verbatim.
THRESHOLD = 0.5
# Sentences this short (“特此报告。”) are stock phrases, not copying.
MIN_SENTENCE = 8
_SECTION_LABELS = dict(SECTIONS)
_SPLIT = re.compile(r"(?<=[。！？；;!?\n])")


@dataclass(frozen=True, slots=True)
class Repetition:
    section: str
    share: float  # 0..1, by characters
    sentences: tuple[str, ...]

    @property
    def flagged(self) -> bool:
        return self.share >= THRESHOLD

    @property
    def label(self) -> str:
        return _SECTION_LABELS.get(self.section, self.section)

    @property
    def percent(self) -> int:
        return round(self.share * 100)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SPLIT.split(text) if len(s.strip()) >= MIN_SENTENCE]


def repetition(section: str, this_year: str, last_year: str) -> Repetition:
    mine = sentences(this_year)
    before = {normalize_label(s) for s in sentences(last_year)}
    copied = tuple(s for s in mine if normalize_label(s) in before)
    total = sum(len(s) for s in mine)
    share = sum(len(s) for s in copied) / total if total else 0.0
    return Repetition(section, share, copied)


def repetitions(this_year: Mapping[str, str], last_year: Mapping[str, str]) -> list[Repetition]:
    """Each narrative section present in both years, with its repeated share."""
    return [
        repetition(key, text, last_year[key])
        for key, text in this_year.items()
        if text.strip() and last_year.get(key, "").strip()
    ]
