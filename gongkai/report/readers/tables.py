"""The one table recogniser every table reader shares: rows of cells → tables 二/三/四.

Rows are recognised by their printed label (``formats.match_row``), not by their position, so
a table split over pages, a layout table around it, or header rows in any shape do not matter.
A row whose label is misprinted is matched to the closest template label and reported; a row of
fifteen bare numbers is table 四 (its labels are printed in the header rows above it).
"""

from __future__ import annotations

import difflib
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, repeat
from operator import attrgetter, is_

from gongkai.report.formats import (
    Row,
    Table,
    Template,
    normalize_label,
    strip_enumeration,
)
from gongkai.report.model import Cell, Source, TableData
from gongkai.report.readers.cells import (
    MINUS,
    AnyRow,
    CellKind,
    GridCell,
    Parsed,
    TextRow,
    all_digit_runs,
    cell_place,
    fold,
    parse_cell,
    row_cells,
    trim_filler,
)
from gongkai.report.readers.columns import resolve_by_columns
from gongkai.report.readers.document import ProseFigures
from gongkai.report.readers.labelmatch import Match as _Match
from gongkai.report.readers.labelmatch import RowPlan as _RowPlan
from gongkai.report.readers.labelmatch import exact_match as _exact_match
from gongkai.report.readers.labelmatch import normal as _normal
from gongkai.report.readers.labelmatch import plan_of as _plan
from gongkai.report.readers.labelmatch import sources_of as _sources_of
from gongkai.report.readers.placing import place_by_meaning
from gongkai.report.readers.splitting import (
    Split,
    any_split,
    appeal_row_consistent,
    candidate_splits,
    joined_splits,
    request_row_consistent,
    sum_splits,
)
from gongkai.report.readers.wrapped import join_wrapped

_NO_PROSE = ProseFigures()
_KIND = attrgetter("kind")
_READ = attrgetter("read")
_LABEL = CellKind.LABEL
_NUMBER = CellKind.NUMBER
# The rule every reading of a row must pass: 表三 rule 1, 表四 rule 4. Table 二 has none within
# a row (rules 7 and 8 need the previous year's report): the prose decides, or nothing does.
_RULES = {
    "requests": request_row_consistent,
    "appeals": appeal_row_consistent,
    "proactive": any_split,
}
# How close a misprinted label must be to a template label to be read as that row.
MAX_FUZZY_LABEL = 200
_FUZZY_RATIO = 0.75
MAX_WARNINGS = 200
# Candidate splits listed in an ambiguity warning.
MAX_SHOWN = 60
# A row's labels → the template row they name, its plan, its sources, its table's and its own
# key and its width (``_Recogniser._shape``), keyed by the template (hashed by identity), the
# labels and the group a lone label is under.
_Shape = tuple[_Match, _RowPlan, dict[str, Source], str, str, int]
_ShapeKey = tuple[Template, tuple[str, ...], str]
_SHAPES: dict[_ShapeKey, _Shape | None] = {}
_UNKNOWN: _Shape | None = ()  # type: ignore[assignment]


@dataclass(slots=True)
class TableReading:
    """Tables 二/三/四 as read, with provenance and the reader's warnings."""

    format: Template
    tables: dict[str, TableData] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    found: set[str] = field(default_factory=set)
    # Rows the reading could not place (unlabelled numbers, unknown labels, missing rows, cuts
    # not decided): a sign that the document's lines are not its rows, worth reading by label.
    doubts: int = 0


class _Recogniser:
    def __init__(self, fmt: Template, prose: ProseFigures = _NO_PROSE) -> None:
        self.prose = prose  # the figures the report's text states: tie-breakers for splits
        self.spec = fmt
        self.reading = TableReading(fmt)
        self.read: dict[str, dict[str, dict[str, Cell]]] = {t.key: {} for t in self.spec.tables}
        self.group = ""
        # The labels of the last three label-only rows (headings, column headers), joined only
        # where a heading is looked for (:meth:`_appeal_group`).
        self.recent: deque[list[str]] = deque(maxlen=3)
        self.suppressed = 0
        # 表三 rows whose cut the row total left open: (readings, cell, index of the warning)
        self.open_rows: dict[str, tuple[list[Split], _Match, GridCell, int]] = {}

    # --- rows -------------------------------------------------------------------------------

    def take(self, row: AnyRow) -> None:
        if isinstance(row, TextRow):
            if not self._take_texts(row):
                self.take(row.cells())
            return
        parsed = [parse_cell(cell.text) for cell in row]
        kinds = [p.kind for p in parsed]
        labels = [cell.text for cell, kind in zip(row, kinds, strict=True) if kind is _LABEL]
        # The values are the cells after the last label.
        last = len(kinds) - kinds[::-1].index(_LABEL) if labels else 0
        values = list(zip(row[last:], parsed[last:], strict=True))
        if _NUMBER not in kinds[last:]:
            if labels and self._take_blank_row(labels, values):
                return
            self._remember_group(labels)
            if labels:
                self.recent.append(labels)
            return
        if not labels:
            self._take_unlabelled(values)
            return
        match = self._match(labels, values[0][0])
        self._remember_group(labels)
        if match is None:
            numbers = sum(p.kind is CellKind.NUMBER for _, p in values)
            if numbers >= 2:
                self.reading.doubts += 1
                self._warn(
                    f"{cell_place(values[0][0])}：无法识别的行「{labels[-1].strip()}」，未读取"
                )
            return
        self._store(match, values)

    def _take_texts(self, row: TextRow) -> bool:
        """A row read from its texts alone, as :meth:`take` reads its cells, where that needs no
        cell: a row of labels only, or a row whose label names a template row exactly and whose
        values are that row's numbers, one a column, none with a unit. False (nothing done)
        for any other row, which :meth:`take` reads from its cells."""
        texts = row.texts
        parsed = list(map(parse_cell, texts))
        kinds = list(map(_KIND, parsed))
        if _LABEL not in kinds:
            if _NUMBER not in kinds:
                return True  # a row of blanks says nothing
            if len(kinds) == 15 and not self.read["appeals"]:
                return self._take_appeals_texts(row, parsed)
            return False
        labels = list(compress(texts, map(is_, kinds, repeat(_LABEL))))
        width = len(kinds)
        last = width - kinds[::-1].index(_LABEL)
        if last == width:
            # Nothing after the last label: a heading or column headers, remembered.
            if len(labels) >= 2:  # _remember_group
                self.group = labels[-2]
            self.recent.append(labels)
            return True
        if _NUMBER not in kinds[last:]:
            return self._take_blank_texts(row, labels, last, parsed)
        # The group decides only for a row of one label. (Looked up here: most rows' shapes
        # are known.)
        key = (self.spec, tuple(labels), self.group if len(labels) < 2 else "")
        shape = _SHAPES.get(key, _UNKNOWN)
        if shape is _UNKNOWN:
            shape = self._shape(key, labels)
        if shape is None:
            return False
        match, plan, sources, table_key, row_key, columns = shape
        read = self.read[table_key]
        if row_key in read:
            return False
        if width - last != columns:
            return False  # trimmed, joined, cut or placed by meaning: _store, from the cells
        if len(labels) >= 2:  # _remember_group
            self.group = labels[-2]
        values = parsed[last:]
        cells = list(map(_READ, values))
        if plan.money or None in cells:
            self._store_texts(match, row, last, values, plan, sources)
        else:  # what _store_texts does where no warning can be given
            self.reading.sources.update(sources)
            read[row_key] = dict(zip(plan.keys, cells, strict=True))
        return True

    def _take_blank_texts(
        self, row: TextRow, labels: list[str], last: int, parsed: list[Parsed]
    ) -> bool:
        """A row of labels, then blanks only: a template row printed blank, kept (as
        :meth:`_take_blank_row` keeps it), or else a heading, remembered."""
        width = len(parsed)
        group = labels[-2] if len(labels) >= 2 else self.group
        blank = self._exact(labels[-1], group)
        if blank is not None and width - last >= len(blank.row.columns):
            plan = _plan(blank.table, blank.row)
            read = self.read[blank.table.key]
            if width - last != len(plan.columns) or blank.row.key in read:
                return False
            self._remember_group(labels)
            self._store_texts(blank, row, last, parsed[last:], plan, _text_sources(blank, plan))
            return True
        self._remember_group(labels)
        self.recent.append(labels)
        return True

    def _take_appeals_texts(self, row: TextRow, parsed: list[Parsed]) -> bool:
        """Fifteen unlabelled values before any 表四 row, read from their texts as
        :meth:`_take_unlabelled` reads their cells: five a 表四 row, each stored as
        :meth:`_store` stores a row of one value a column under the template's label (the same
        values, warnings and sources, in the same order). False (nothing done) for a template
        whose 表四 is not three rows of five."""
        rows = _appeal_rows(self.spec)
        if rows is None:
            return False
        for start, (match, plan, sources) in zip(range(0, 15, 5), rows, strict=True):
            self._store_texts(match, row, start, parsed[start : start + 5], plan, sources)
        return True

    def _shape(self, key: _ShapeKey, labels: list[str]) -> _Shape | None:
        """What storing a row whose labels are ``labels`` needs: the template row they name
        exactly (:meth:`_exact_of`), its plan, its sources, the keys it is stored under and its
        width; None where they name none. Cached under ``key`` (the template, the labels, the
        group of a lone label): every report prints the template's labels."""
        match = self._exact_of(labels)
        shape = None
        if match is not None:
            plan = _plan(match.table, match.row)
            sources = _text_sources(match, plan)
            shape = (match, plan, sources, match.table.key, match.row.key, len(plan.columns))
        if len(_SHAPES) > 10_000:
            _SHAPES.clear()
        _SHAPES[key] = shape
        return shape

    def _store_texts(
        self,
        match: _Match,
        row: TextRow,
        first: int,
        values: list[Parsed],
        plan: _RowPlan,
        sources: dict[str, Source],
    ) -> None:
        """What :meth:`_store` does with a row of one value a column, from the row's texts: a
        cell is made only for a warning's place."""
        # A number is read, anything else (a blank, a run of several cells' digits) kept blank.
        cells = list(map(_READ, values))
        for at in plan.money:
            if values[at].unit == "元":
                column = plan.columns[at]
                place = first + at
                self._warn(
                    _in_yuan(
                        row.cell(place),
                        match.table.number,
                        match.row.label,
                        column.label,
                        row.texts[place],
                    )
                )
        self.reading.sources.update(sources)
        if None in cells:
            texts = row.texts
            blank = [
                _blank_column(column.label, texts[at])
                for at, (column, value) in enumerate(zip(plan.columns, cells, strict=True), first)
                if value is None
            ]
            self._warn(_blank_columns(row.cell(first), match.table.number, match.row.label, blank))
        self.read[match.table.key][match.row.key] = dict(zip(plan.keys, cells, strict=True))

    def _take_blank_row(self, labels: list[str], values: list[tuple[GridCell, Parsed]]) -> bool:
        """A template row printed with every cell blank (&nbsp;): kept, each cell null."""
        if not values or any(p.kind is not CellKind.BLANK for _, p in values):
            return False
        group = labels[-2] if len(labels) >= 2 else self.group
        match = self._exact(labels[-1], group)
        if match is None or len(values) < len(match.row.columns):
            return False
        self._remember_group(labels)
        self._store(match, values)
        return True

    def _remember_group(self, labels: list[str]) -> None:
        # A row that prints a group heading before its own label (（三）不予公开 | 1.属于国家秘密)
        # sets the group for the rows below it, where the heading cell is merged away.
        if len(labels) >= 2:
            self.group = labels[-2]

    def _take_unlabelled(self, values: list[tuple[GridCell, Parsed]]) -> None:
        values = trim_filler(values, 15)
        if len(values) == 15 and not self.read["appeals"]:
            for row in self.spec.appeals.rows:
                start = 5 * self.spec.appeals.rows.index(row)
                self._store(_Match(self.spec.appeals, row, row.label), values[start : start + 5])
            return
        if len(values) == 5:
            group = self._appeal_group()
            if group is not None and group.key not in self.read["appeals"]:
                self._store(_Match(self.spec.appeals, group, group.label), values)
                return
        runs = [cell.text for cell, _ in values]
        first = _Match(self.spec.appeals, self.spec.appeals.rows[0], "")
        # Fifteen numbers with stray spaces inside some of them.
        spaced = 15 < len(values) <= 30 and not self.read["appeals"]
        if spaced and all_digit_runs(values) and self._recover(first, values, runs):
            return
        # Only a row with enough digits for fifteen cells can be a run-together 表四.
        if (
            len(values) < 15
            and not self.read["appeals"]
            and sum(len(run.strip()) for run in runs) >= 15
            and all_digit_runs(values)
        ):
            self._recover(_Match(self.spec.appeals, self.spec.appeals.rows[0], ""), values, runs)
            return
        if sum(p.kind is CellKind.NUMBER for _, p in values) >= 2:
            self.reading.doubts += 1
            self._warn(f"{cell_place(values[0][0])}：一行数字没有标签，未读取（{' '.join(runs)}）")

    def _appeal_group(self) -> Row | None:
        """The 表四 group a heading just above names (行政复议 / 行政诉讼（复议后起诉）…)."""
        rows = self.spec.appeals.rows
        for labels in reversed(self.recent):
            normal = normalize_label("".join(labels))
            # The litigation groups first: "未经复议直接起诉" contains "复议".
            for row in (*rows[1:], rows[0]):
                if normalize_label(row.label) in normal:
                    return row
        return None

    # --- matching ---------------------------------------------------------------------------

    def _match(self, labels: list[str], first_value: GridCell) -> _Match | None:
        found = self._exact_of(labels)
        return found if found is not None else self._fuzzy(labels[-1], first_value)

    def _exact_of(self, labels: list[str]) -> _Match | None:
        """The template row the row's labels name exactly (its own, or with its group's)."""
        if len(labels) < 2:
            return _exact_match(self.spec, labels[-1], self.group)
        group = labels[-2]
        # The label joined with the ones before it only where it names no row by itself.
        found = _exact_match(self.spec, labels[-1], group)
        if found is None:
            found = _exact_match(self.spec, group + labels[-1], group)
        if found is None:
            found = _exact_match(self.spec, "".join(labels), group)
        return found

    def width(self, label: str) -> int | None:
        """How many cells the template row printed as ``label`` has (None: not a label)."""
        match = self._exact(label, "")
        return None if match is None else len(match.row.columns)

    def _exact(self, text: str, group: str) -> _Match | None:
        return _exact_match(self.spec, text, group)

    def _fuzzy(self, text: str, first_value: GridCell) -> _Match | None:
        wanted = strip_enumeration(normalize_label(text))
        # difflib is quadratic in the label's length: a label of hundreds of characters (a
        # damaged or hostile cell) cannot be a row label anyway.
        if len(wanted) < 4 or len(wanted) > MAX_FUZZY_LABEL:
            return None
        scored: list[tuple[float, Table, Row]] = []
        for table in self.spec.tables:
            for row in table.rows:
                printed = strip_enumeration(normalize_label(row.label))
                ratio = difflib.SequenceMatcher(None, wanted, printed).ratio()
                scored.append((ratio, table, row))
        scored.sort(key=lambda s: -s[0])
        best, runner_up = scored[0], scored[1]
        if best[0] < _FUZZY_RATIO or best[0] - runner_up[0] < 0.05:
            return None
        _, table, row = best
        self._warn(
            f"{cell_place(first_value)}：表{table.number}的行「{text.strip()}」与模板的「{row.label}」"
            "不一致，按模板的这一行读取"
        )
        return _Match(table, row, text)

    # --- storing ----------------------------------------------------------------------------

    def _store(self, match: _Match, values: list[tuple[GridCell, Parsed]]) -> None:
        table, row = match.table, match.row
        if row.key in self.read[table.key]:
            self._warn(
                f"{cell_place(values[0][0])}：表{table.number}的「{row.label}」出现了两次，"
                "只读取第一次"
            )
            return
        width = len(row.columns)
        if len(values) > width:  # (trimming never shortens a row to fewer cells than its width)
            values = trim_filler(values, width)
        # Joining is tried for a few stray spaces only: twice the row's cells at most.
        if (
            (len(values) < width and all_digit_runs(values))
            or (width < len(values) <= 2 * width and all_digit_runs(values, signed=True))
        ) and self._recover(match, values, [cell.text for cell, _ in values]):
            return
        if len(values) > width:
            self.reading.doubts += 1
            extra = " ".join(cell.text.strip() for cell, _ in values[width:])
            self._warn(
                f"{cell_place(values[0][0])}：「{row.label}」一行多出单元格（{extra}），未读取"
            )
        aligned: Sequence[tuple[GridCell, Parsed] | None] = values
        if 0 < len(values) < width:
            placed = place_by_meaning(row, values)
            if placed is None:
                self._unplaced(match, values)
                return
            aligned = placed
        cells: dict[str, Cell] = {}
        blank: list[str] = []  # one warning per row, naming each blank column
        sources = self.reading.sources
        printed_row = _normal(match.label) or row.label  # the same for every cell of the row
        plan = _plan(table, row).columns
        if len(aligned) < len(plan):
            aligned = [*aligned, *[None] * (len(plan) - len(aligned))]
        for column, entry in zip(plan, aligned, strict=False):  # extra cells left out (above)
            if entry is None:
                cells[column.key] = None
                self.reading.doubts += 1
                self._warn(f"表{table.number}「{row.label}」缺少「{column.label}」一格，留空")
                continue
            cell, parsed = entry
            number = parsed.kind is _NUMBER and not parsed.run
            cells[column.key] = parsed.value if number else None
            if column.money and parsed.unit == "元":
                self._warn(_in_yuan(cell, table.number, row.label, column.label, cell.text))
            if not number:
                blank.append(_blank_column(column.label, cell.text))
            sources[column.source_key] = Source(
                cell.page, table.number, printed_row, column.label, cell.line
            )
        if blank:
            self._warn(_blank_columns(values[0][0], table.number, row.label, blank))
        self.read[table.key][row.key] = cells

    def _unplaced(self, match: _Match, values: list[tuple[GridCell, Parsed]]) -> None:
        """A row printed with fewer numbers than its cells, whose places nothing decides."""
        table, row = match.table, match.row
        printed = " ".join(cell.text.strip() for cell, _ in values)
        self.reading.doubts += 1
        self._warn(
            f"{cell_place(values[0][0])}：表{table.number}「{row.label}」只印出 {len(values)} 个"
            f"数字（{printed}），模板有 {len(row.columns)} 栏；无法确定各对应哪一栏"
            "（也可能是数字连在一起），整行留空"
        )
        self.read[table.key][row.key] = dict.fromkeys((c.key for c in row.columns), None)

    def _recover(
        self, match: _Match, values: list[tuple[GridCell, Parsed]], runs: list[str]
    ) -> bool:
        """Cells that ran together, or a number split by a stray space: cut or joined by the
        row's consistency rule (module splitting), the text's figures breaking ties. False when
        the row printed more numbers than cells and no joining fits (read as printed)."""
        appeals = match.table.key == "appeals" and not match.label
        width = 15 if appeals else len(match.row.columns)
        rule = _RULES[match.table.key]
        digits = [fold(r).translate(MINUS) for r in runs]
        joining = len(runs) > width
        if joining:
            found = joined_splits(digits, width, rule, 5 if appeals else None)
        elif match.table.key == "proactive":
            found = candidate_splits(digits, width, rule)
        else:
            found = sum_splits(digits, width, 5 if match.table.key == "appeals" else width)
        if joining and not found:
            return False
        found, decided_by = self._prefer_prose(found, match.row.label)
        place = cell_place(values[0][0])
        what = "表四" if appeals else f"表{match.table.number}「{match.row.label}」"
        how = "数字之间有多余的空格" if joining else "数字连在一起"
        if len(found) == 1:
            split = found[0]
            shown = "、".join(str(v) for v in split)
            by = f"按正文中的数字 {decided_by} " if decided_by else "按勾稽关系"
            if match.table.key == "proactive" and not decided_by:
                by = "按唯一可能的拆法"
            verb = "合并为" if joining else "拆分为"
            self._warn(f"{place}：{what}的{how}（{' '.join(runs)}），{by}{verb} {shown}")
            cell = values[0][0]
            rows = match.table.rows if appeals else (match.row,)
            for n, row in enumerate(rows):
                parts = split[5 * n : 5 * n + 5] if appeals else split
                stored = [(cell, Parsed(CellKind.NUMBER, v)) for v in parts]
                self._store(_Match(match.table, row, match.label or row.label), stored)
            return True
        self.reading.doubts += 1
        if found and match.table.key == "requests":
            self.open_rows[match.row.key] = (found, match, values[0][0], len(self.reading.warnings))
        if found:
            options = "；".join("、".join(str(v) for v in s) for s in found[:MAX_SHOWN])
            more = f"等 {len(found)} 种" if len(found) > MAX_SHOWN else f"共 {len(found)} 种"
            self._warn(
                f"{place}：{what}的{how}（{' '.join(runs)}），可以读作 {options}（{more}），"
                "无法确定，留空"
            )
        else:
            self.reading.doubts += 1
            self._warn(f"{place}：{what}的{how}（{' '.join(runs)}），无法按勾稽关系拆分，留空")
        if appeals:
            return True  # an unlabelled row that is not 表四 after all: leave 表四 to later rows
        for row in match.table.rows if appeals else (match.row,):
            self.read[match.table.key][row.key] = dict.fromkeys((c.key for c in row.columns), None)
        return True

    def _prefer_prose(self, found: list[Split], label: str) -> tuple[list[Split], str]:
        """Of several admissible splits, the one whose numbers the text states most often, in
        clauses that name the row (a figure of 10 or more: small ones are everywhere)."""
        stated = self.prose.about(label)
        if len(found) < 2 or not stated:
            return found, ""
        scores = [sum(1 for v in split if v >= 10 and v in stated) for split in found]
        top = max(scores)
        best = [split for split, score in zip(found, scores, strict=True) if score == top]
        if top == 0 or len(best) > 1:
            return found, ""
        return best, "、".join(str(v) for v in best[0] if v >= 10 and v in stated)

    def _warn(self, message: str) -> None:
        # A document that is not a report can have thousands of unreadable rows: say so once.
        if len(self.reading.warnings) < MAX_WARNINGS:
            self.reading.warnings.append(message)
        else:
            self.suppressed += 1

    # --- result -----------------------------------------------------------------------------

    def _close_open_rows(self) -> None:
        """Open 表三 rows decided by the column rules 2 and 3 (module ``columns``)."""
        spec = self.spec.requests
        chosen = resolve_by_columns(
            self.read["requests"],
            {key: found for key, (found, *_) in self.open_rows.items()},
            self.spec.result_rows,
            tuple(c.key for c in spec.rows[0].columns),
        )
        for key, split in (chosen or {}).items():
            _, match, cell, at = self.open_rows[key]
            del self.read["requests"][key]
            stored = [(cell, Parsed(CellKind.NUMBER, v)) for v in split]
            self._store(_Match(spec, match.row, match.row.label), stored)
            if at < len(self.reading.warnings):
                shown = "、".join(str(v) for v in split)
                self.reading.warnings[at] = self.reading.warnings[at].replace(
                    "无法确定，留空", f"按表三各列的勾稽关系（规则 2、3）选定 {shown}"
                )

    def finish(self) -> TableReading:
        if self.open_rows:
            self._close_open_rows()
        for table in self.spec.tables:
            read = self.read[table.key]
            if read:
                self.reading.found.add(table.key)
            self.reading.tables[table.key] = self._complete(table, read)
        if self.suppressed:
            self.reading.warnings.append(f"另有 {self.suppressed} 条读取提示从略")
        return self.reading

    def _complete(self, table: Table, read: dict[str, dict[str, Cell]]) -> TableData:
        collapse = self.spec.collapse_for(table.key, read)
        if collapse is not None:
            self._warn(collapse.note)
        rows: Sequence[Row] = self.spec.rows_as_printed(table.key, read)
        if not read:
            self.reading.doubts += 1
            self._warn(f"未找到表{table.number}（{table.title}），其单元格留空")
        data: TableData = {}
        for row in rows:
            if row.key in read:
                data[row.key] = read[row.key]
                continue
            if read:
                self.reading.doubts += 1
                self._warn(f"表{table.number}缺少「{row.label}」一行，留空")
            data[row.key] = dict.fromkeys((c.key for c in row.columns), None)
        return data


def read_tables(
    rows: Iterable[AnyRow],
    fmt: Template,
    *,
    lines: bool = False,
    prose: ProseFigures = _NO_PROSE,
) -> TableReading:
    """Recognise tables 二/三/四 of a report in format ``fmt`` among ``rows``.

    ``lines``: the rows are lines of text, not table rows, so a label may be wrapped over
    several of them (module ``wrapped``).
    """
    recogniser = _Recogniser(fmt, prose)
    if lines:
        rows = join_wrapped([row_cells(row) for row in rows], recogniser.width)
    take, take_texts = recogniser.take, recogniser._take_texts
    for row in rows:
        # A row of texts is looked at without its Python-level len().
        if isinstance(row, TextRow):
            if row.texts and not take_texts(row):
                take(row.cells())
        elif row:
            take(row)
    return recogniser.finish()


@lru_cache(maxsize=64)  # one entry a template
def _appeal_rows(spec: Template) -> tuple[tuple[_Match, _RowPlan, dict[str, Source]], ...] | None:
    """表四's rows, each under its own label with its plan and sources, where 表四 is three rows
    of five columns with distinct keys (what :meth:`_Recogniser._take_appeals_texts` needs to
    read fifteen values as :meth:`_Recogniser._take_unlabelled` does)."""
    table = spec.appeals
    rows = table.rows
    if len(rows) != 3 or len({row.key for row in rows}) != 3:
        return None
    if any(len(row.columns) != 5 for row in rows):
        return None
    found = []
    for row in rows:
        match = _Match(table, row, row.label)
        plan = _plan(table, row)
        found.append((match, plan, _text_sources(match, plan)))
    return tuple(found)


def _text_sources(match: _Match, plan: _RowPlan) -> dict[str, Source]:
    """The sources of a row read from its texts, under its label as printed (normalised) or
    else the template's."""
    return _sources_of(plan.columns, match.table.number, _normal(match.label) or match.row.label)


# The warnings a stored row gives, read from its texts or from its cells alike.
def _in_yuan(place: GridCell, table: str, row: str, column: str, printed: str) -> str:
    return (
        f"{cell_place(place)}：表{table}「{row}」「{column}」印为「{printed.strip()}」，"
        "单位是元而模板是万元；照印出的数字记录，未换算"
    )


@lru_cache(maxsize=4096)  # a report leaves the same columns blank row after row
def _blank_column(column: str, printed: str) -> str:
    shown = printed.strip()
    return f"「{column}」" + (f"（印为「{shown}」）" if shown else "")


def _blank_columns(place: GridCell, table: str, row: str, blank: list[str]) -> str:
    return f"{cell_place(place)}：表{table}「{row}」的{''.join(blank)}为空白，留空（null）"
