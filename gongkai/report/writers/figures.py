"""Where a legacy report's figures sit in its prose, so that writers can mark them in place.

A pre-2019 report has no tables: its figures are sentences of the text (spec: legacy reports).
Marking each number where the text states it shows the reader what was extracted without
adding a word to the report, so the document still reads back as written.
"""

from __future__ import annotations

from gongkai.report.model import LegacyFigure
from gongkai.report.writers.layout import format_number

# A span of the text: start, end, and what the figure is ("主动公开政府工作信息：249条").
Span = tuple[int, int, str]
# A piece of a line: its text, and the figure it states (None for plain text).
Segment = tuple[str, str | None]


def figure_spans(text: str, figures: list[LegacyFigure]) -> list[Span]:
    """The number of each figure inside its sentence, where the sentence is in ``text``."""
    spans: list[Span] = []
    for figure in figures:
        at = text.find(figure.sentence) if figure.sentence else -1
        number = format_number(figure.value)
        start = text.find(number, at, at + len(figure.sentence)) if at >= 0 else -1
        if start < 0:
            continue
        end = start + len(number)
        if any(s < end and start < e for s, e, _ in spans):
            continue  # two figures on the same digits: mark the first only
        spans.append((start, end, f"{figure.what}：{number}{figure.unit}"))
    return sorted(spans)


def segments(line: str, offset: int, spans: list[Span]) -> list[Segment]:
    """``line`` (at ``offset`` in the section text) cut into plain and figure pieces."""
    out: list[Segment] = []
    position = 0
    for start, end, what in spans:
        start, end = start - offset, end - offset
        if start < position or end > len(line):
            continue
        if start > position:
            out.append((line[position:start], None))
        out.append((line[start:end], what))
        position = end
    if position < len(line) or not out:
        out.append((line[position:], None))
    return out


def paragraphs(text: str, figures: list[LegacyFigure]) -> list[list[Segment]]:
    """The section's non-blank paragraphs (split on newlines), each cut into segments."""
    spans = figure_spans(text, figures)
    out = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            out.append(segments(line, offset, spans))
        offset += len(line) + 1
    return out


def unmarked(sections: dict[str, str], figures: list[LegacyFigure]) -> list[str]:
    """A warning for each figure whose sentence the text does not contain: nothing to mark."""
    out = []
    for figure in figures:
        if not any(figure_spans(text, [figure]) for text in sections.values()):
            number = format_number(figure.value)
            out.append(f"数字「{figure.what}：{number}{figure.unit}」的原句不在正文中，未能标出")
    return out
