"""The label-anchored reader's one pattern of every template label finds exactly what the plain
form of it finds: each label, longest first, with its enumeration optional where the label is
long enough to stand alone (``(?:（一）|一、)?本年新收…``). The pattern is written with each branch
starting with a plain character, which the regex engine uses to skip the text's other
characters; generated texts of label pieces, enumerations, digits and noise check that the
rewriting changed no match."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.report.formats import normalize_label, table_templates, template
from gongkai.report.readers.anchors import _ENUM, _SHORT, _slots


def _plain_pattern(key: str) -> re.Pattern[str]:
    """The pattern as it reads plainly: one branch a label, its enumeration an optional group."""
    slots, _, _ = _slots(template(key))
    seen: set[str] = set()
    patterns: list[tuple[int, str]] = []
    for slot in slots:
        for text in (slot.row.label, *slot.row.variants):
            label = normalize_label(text)
            match = _ENUM.match(label)
            enum, core = "", label
            if match:
                digit, bracketed, plain = match.groups()
                core = label[match.end() :]
                numeral = bracketed or plain
                enum = rf"{digit}[.,]" if digit else rf"(?:\({numeral}\)|{numeral}[,.])"
            if core in seen:
                continue
            seen.add(core)
            if not enum and len(core) < 2:
                continue
            prefix = f"(?:{enum})?" if enum and len(core) >= _SHORT else enum
            patterns.append((len(core), prefix + re.escape(core)))
    patterns.sort(key=lambda p: -p[0])
    return re.compile("|".join(p for _, p in patterns))


KEYS = [t.key for t in table_templates()]


def _pieces() -> list[str]:
    """Labels whole and cut, their enumerations, digits, separators and other text."""
    pieces = ["0", "1", "12", ".", ",", "(", ")", "、", "x", "其他", "总计", "合计", "\n"]
    pieces += [f"({n})" for n in "一二三四五六七"] + [f"{n}," for n in "一二三四五六七"]
    pieces += [f"{d}." for d in "123456"]
    for key in KEYS:
        slots, _, _ = _slots(template(key))
        for slot in slots:
            for text in (slot.row.label, *slot.row.variants):
                label = normalize_label(text)
                pieces += [label, label[: len(label) // 2], label[len(label) // 2 :]]
    return sorted(set(pieces))


PIECES = _pieces()


@settings(max_examples=300, deadline=None)
@given(key=st.sampled_from(KEYS), parts=st.lists(st.sampled_from(PIECES), max_size=40))
def test_the_pattern_finds_what_its_plain_form_finds(key: str, parts: list[str]) -> None:
    text = "".join(parts)
    plain = [(m.start(), m.end()) for m in _plain_pattern(key).finditer(text)]
    assert [(m.start(), m.end()) for m in _slots(template(key))[1].finditer(text)] == plain


def test_every_branch_starts_with_a_plain_character() -> None:
    """What lets the engine skip: no branch opens with a group or a class (an optional
    enumeration in front of a label made it try every branch at every character)."""
    for key in KEYS:
        pattern = _slots(template(key))[1].pattern
        for branch in pattern.split("|"):
            assert branch[:1] not in ("(", "[", "") or branch.startswith("\\("), branch
