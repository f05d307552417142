"""Read tables 二/三/四 by the template's row labels in a stream of text, whatever its lines.

Reports reach us in every textual shape: the whole body on one line (crawlers), one row per
line, one cell per line, Markdown tables whose label column was split away from the numbers,
PDF lines, web-page cells. What they share is the template's row labels, in the template's
order. So the cells of a document are joined into one stream; every row label of the template
(its printed form, its variants, with or without its enumeration ``2.``/``（三）``) is found in
the stream with whitespace and cell separators ignored; the occurrences that form the longest
chain in template order are the table's rows (a label in the prose, or in a header, is left out
of the chain when the table's own occurrence fits better); and each row gets the numbers that
follow its label, up to the first text after them.

* An enumeration run into the number before it (``00000002.其他法律…``) belongs to the label.
* Labels printed in a block apart from their numbers (a converter's Markdown) are realigned by
  template order: a run of labels without numbers takes the numbers after the run's last label
  when their count is the sum of the rows' widths.
* Table 四 prints its row labels in its header: the numbers after the header are its one row of
  fifteen, which the shared recogniser (module ``tables``) places.

The rows found are handed to that same recogniser, so run-together numbers, blanks, units and
warnings are treated exactly as for any other reader. Time is linear in the input: one regular
expression scan, and a chain search over at most :data:`MAX_OCCURRENCES` label occurrences.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import chain

from gongkai.report.errors import ReportParseError
from gongkai.report.formats import Row, Template, normalize_label, table_templates
from gongkai.report.readers.cells import CellKind, GridCell, GridRow, parse_cell
from gongkai.report.readers.document import ProseFigures
from gongkai.report.readers.tables import TableReading, read_tables

# A report prints a few hundred label occurrences (prose included); far more is not a report.
MAX_OCCURRENCES = 20_000
_ENUM = re.compile(r"^(?:(\d+)[.,]|\(([一二三四五六七八九十]+)\)|([一二三四五六七八九十]+)[,.])")
_TOKEN = re.compile(r"[^\s|]+")
_TRAILING_DIGITS = re.compile(r"\d+$")
_DIGIT_RUN = re.compile(r"\d{5,}")  # a row of cells run together: five at least
_LEADING_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?(?:万元|元)?")
# Shorter than this, a label without its enumeration (其他, 总计) is too common to anchor on.
_SHORT = 4


@dataclass(frozen=True, slots=True)
class Slot:
    """A template row as the stream may print it."""

    order: int  # position in the template (二, then 三, then 四)
    table: str
    row: Row


@dataclass(slots=True)
class Token:
    text: str
    start: int  # offset in the stream
    cell: GridCell  # the cell it was read from (page, line, table position)
    line: int  # the stream line it is on (for realigning split labels)


@dataclass(slots=True)
class Occurrence:
    slot: Slot
    start: int
    end: int
    text: str
    numbers: list[Token] = field(default_factory=list)
    tail: list[Token] = field(default_factory=list)  # numbers after the text that follows

    @property
    def weight(self) -> int:
        return 2 if self.plausible else 1

    @property
    def plausible(self) -> bool:
        """The numbers after the label could be its row's cells (not prose such as 行政复议1件)."""
        if not self.numbers:
            return False
        parsed = [parse_cell(t.text) for t in self.numbers]
        if any(p.unit and p.unit not in ("元", "万元") for p in parsed):
            return False
        width = len(self.slot.row.columns)
        digits = sum(len(t.text) for t in self.numbers)
        return len(self.numbers) == width or digits >= width


def _enum_pattern(label: str) -> tuple[list[str], str]:
    """A folded label → (the regexes its enumeration may be printed as, the label without it)."""
    match = _ENUM.match(label)
    if not match:
        return [], label
    digit, bracketed, plain = match.groups()
    rest = label[match.end() :]
    if digit:
        return [rf"{digit}[.,]"], rest
    numeral = bracketed or plain
    return [rf"\({numeral}\)", rf"{numeral}[,.]"], rest


@cache
def _slots(fmt: Template) -> tuple[tuple[Slot, ...], re.Pattern[str], dict[str, Slot]]:
    slots: list[Slot] = []
    for table in fmt.tables:
        for row in table.rows:
            slots.append(Slot(len(slots), table.key, row))
    # A layout the template accepts besides its own (a 2021 report's （六） printed as one row):
    # its row in the place of the first row it stands for.
    for collapse in fmt.collapses:
        first = next(s for s in slots if s.row.key == collapse.rows[0])
        slots.append(Slot(first.order, collapse.table, collapse.row))
    by_core: dict[str, Slot] = {}
    # Per label, longest first: its enumeration (required for a short label) and the label.
    # Each branch of the one pattern starts with a plain character, so the regex engine skips,
    # in C, every place of the text where no label's first character stands (an optional group
    # in front of a branch tries the whole alternation at every character: 1 MB of text took
    # a second). Tried in the same order as (?:enumeration)?label: enumerated first.
    patterns: list[tuple[int, list[str]]] = []
    for slot in slots:
        for text in (slot.row.label, *slot.row.variants):
            enums, core = _enum_pattern(normalize_label(text))
            if core in by_core:
                continue
            by_core[core] = slot
            if not enums and len(core) < 2:
                continue
            label = re.escape(core)
            branches = [enum + label for enum in enums]
            if not enums or len(core) >= _SHORT:
                branches.append(label)
            patterns.append((len(core), branches))
    patterns.sort(key=lambda p: -p[0])
    regex = re.compile("|".join(chain.from_iterable(b for _, b in patterns)))
    return tuple(slots), regex, by_core


class Stream:
    """The cells of a document as one text, and the same text folded for finding labels."""

    def __init__(self, cells: Sequence[GridCell]) -> None:
        pieces: list[str] = []
        self.starts: list[int] = []
        self.cells = list(cells)
        self.line_starts: list[int] = []
        at = 0
        for cell in self.cells:
            text = unicodedata.normalize("NFKC", cell.text)
            self.starts.append(at)
            pieces.append(text)
            at += len(text) + 1
        self.text = "\n".join(pieces)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        folded: list[str] = []
        self.origin: list[int] = []  # folded offset of each non-blank run → stream offset
        self.run_starts: list[int] = []
        length = 0
        for match in _TOKEN.finditer(self.text):
            piece = normalize_label(match.group())
            if len(piece) != len(match.group()):  # normalize_label keeps lengths; be safe
                piece = match.group()
            self.run_starts.append(length)
            self.origin.append(match.start())
            folded.append(piece)
            length += len(piece)
        self.folded = "".join(folded)

    def to_stream(self, folded_at: int) -> int:
        """The stream offset of a folded offset."""
        run = bisect.bisect_right(self.run_starts, folded_at) - 1
        if run < 0:
            return 0
        return self.origin[run] + (folded_at - self.run_starts[run])

    def token(self, text: str, start: int) -> Token:
        cell = self.cells[max(bisect.bisect_right(self.starts, start) - 1, 0)]
        line = bisect.bisect_right(self.line_starts, start)
        return Token(text, start, cell, line)


def _occurrences(stream: Stream, fmt: Template, file: str) -> list[Occurrence]:
    _, regex, by_core = _slots(fmt)
    found: list[Occurrence] = []
    for match in regex.finditer(stream.folded):
        _, core = _enum_pattern(match.group())
        slot = by_core.get(core)
        if slot is None:
            continue
        start = stream.to_stream(match.start())
        end = stream.to_stream(match.end() - 1) + 1
        found.append(Occurrence(slot, start, end, stream.text[start:end]))
        if len(found) > MAX_OCCURRENCES:
            raise ReportParseError(
                f"文本中模板表格的行标签出现了 {MAX_OCCURRENCES} 次以上，不像一份年度报告，不予读取",
                file=file,
            )
    return found


def _numbers(stream: Stream, occurrence: Occurrence, end: int) -> None:
    """The numbers right after the label (``规章000``, ``规章 0 0 0``), and the first numbers
    after the text that follows them (表四's row after its header: ``…总计000000000000000``)."""
    numbers, tail = occurrence.numbers, occurrence.tail
    in_tail = False
    for match in _TOKEN.finditer(stream.text, occurrence.end, end):
        text = match.group()
        kind = parse_cell(text).kind
        if kind is not CellKind.LABEL:
            if in_tail or kind is CellKind.NUMBER or numbers:
                (tail if in_tail else numbers).append(stream.token(text, match.start()))
            continue
        if in_tail and tail:
            return
        lead = _LEADING_NUMBER.match(text)
        if not in_tail and lead and not text[len(lead.group()) :][:1].isdigit():
            numbers.append(stream.token(lead.group(), match.start()))
        in_tail = True
        trail = _TRAILING_DIGITS.search(text)
        if trail and trail.start() > 0:
            tail.append(stream.token(trail.group(), match.start() + trail.start()))
            continue
        # Digits between the header and the next heading, with no space on either side:
        # …结果维持结果纠正其他结果尚未审结总计21317000001324019五、存在的主要问题…
        inside = _DIGIT_RUN.search(text)
        if inside and inside.start() > 0:
            tail.append(stream.token(inside.group(), match.start() + inside.start()))
            return


def _chain(occurrences: list[Occurrence], slots: int) -> list[Occurrence]:
    """The occurrences in template order with the most weight (then the shortest span)."""
    # best[order]: (weight, start of the chain, index) of the best chain ending at that row
    best: list[tuple[int, int, int] | None] = [None] * (slots + 1)
    previous: list[int] = []
    scores: list[tuple[int, int]] = []
    for index, occ in enumerate(occurrences):
        prior: tuple[int, int, int] | None = None
        for entry in best[: occ.slot.order]:
            if entry is not None and (prior is None or entry[:2] > prior[:2]):
                prior = entry
        weight = occ.weight + (prior[0] if prior else 0)
        start = prior[1] if prior else occ.start
        previous.append(prior[2] if prior else -1)
        scores.append((weight, start))
        current = best[occ.slot.order]
        if current is None or (weight, start) >= current[:2]:
            best[occ.slot.order] = (weight, start, index)
    if not occurrences:
        return []
    end = max(
        range(len(occurrences)),
        key=lambda i: (scores[i][0], scores[i][1] - occurrences[i].start),
    )
    chain: list[Occurrence] = []
    while end >= 0:
        chain.append(occurrences[end])
        end = previous[end]
    return chain[::-1]


def _realign(chain: list[Occurrence]) -> list[str]:
    """Labels printed apart from their numbers take them in template order (see module doc)."""
    notes: list[str] = []
    pending: list[Occurrence] = []
    for occ in chain:
        if not occ.numbers:
            if occ.slot.table == "appeals":  # 表四's labels are its header: nothing to align
                pending.clear()
            else:
                pending.append(occ)
            continue
        if pending and pending[-1].slot.table == occ.slot.table:
            group = [*pending, occ]
            widths = [len(o.slot.row.columns) for o in group]
            if len(occ.numbers) == sum(widths) and len(occ.numbers) > widths[-1]:
                numbers, at = occ.numbers, 0
                for member, width in zip(group, widths, strict=True):
                    member.numbers = numbers[at : at + width]
                    at += width
                labels = "、".join(o.text.strip() for o in group)
                notes.append(f"行标签与数字分开印出（{labels}），按模板的行序对齐")
        pending = []
    return notes


def anchored_rows(
    cells: Sequence[GridCell], fmt: Template, file: str
) -> tuple[list[GridRow], list[str]]:
    """Rows of ``[label, numbers…]`` for the shared recogniser, found by label (module doc)."""
    stream = Stream(cells)
    slots, _, _ = _slots(fmt)
    occurrences = _occurrences(stream, fmt, file)
    ends = [occ.start for occ in occurrences[1:]] + [len(stream.text)]
    for occ, end in zip(occurrences, ends[: len(occurrences)], strict=True):
        _numbers(stream, occ, end)
    chain = _chain(occurrences, len(slots))
    notes = _realign(chain)
    rows: list[GridRow] = []
    for occ in chain:
        head = stream.token(occ.text, occ.start)
        label = GridCell(occ.text, page=head.cell.page, line=head.cell.line)
        rows.append([label, *(_cell(t) for t in occ.numbers)])
        if occ.slot.table == "appeals" and not occ.numbers and occ.tail:
            rows.append([_cell(t) for t in occ.tail])
    return rows, notes


def _cell(token: Token) -> GridCell:
    cell = token.cell
    return GridCell(token.text, page=cell.page, line=cell.line, table=cell.table)


def read_by_labels(
    cells: Sequence[GridCell], fmt: Template | None, file: str, prose: ProseFigures
) -> TableReading | None:
    """Tables 二/三/四 read by label from ``cells`` (any layout), None without a table 三."""
    best: TableReading | None = None
    for attempt in (fmt,) if fmt is not None else table_templates():
        rows, notes = anchored_rows(cells, attempt, file)
        if not rows:
            continue
        reading = read_tables(rows, attempt, prose=prose)
        if "requests" in reading.found:
            reading.warnings[:0] = ["按模板的行标签读取表格（不依赖分行）", *notes]
            return reading
        best = best or None
    return best
