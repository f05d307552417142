"""``gongkai audit DIR|FILES... -o audit.xlsx``: read and check many reports, one workbook out.

Each file is read (in ``--jobs`` worker processes) and checked on its own; then the reports of
each agency are checked across years. The workbook has a summary sheet (one row per file), a
findings sheet (one row per finding, with the file it came from) and a cross-year sheet.
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import math
import shutil
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from copy import copy
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any, TextIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell._writer import write_cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.xml.functions import xmlfile
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from gongkai.commands.reading import CLI_LIMITS, add_trusted_argument
from gongkai.lib.safe_cells import looks_like_formula, set_cell, xml_text
from gongkai.report import sandbox
from gongkai.report.auditing import SeriesStore, audit_file
from gongkai.report.checks import Severity
from gongkai.report.errors import ReportError

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2
# In a directory, the files that can be reports (explicitly named files are always read).
REPORT_SUFFIXES = frozenset(
    {".pdf", ".ofd", ".docx", ".doc", ".wps", ".xlsx", ".xls", ".et"}
    | {".html", ".htm", ".shtml", ".txt", ".json"}
)

HELP = """读取并检查一批年度报告（目录或文件，任何可读取的格式），写出一份 XLSX：
「汇总」表每个文件一行（机关、年度、格式、错误数、警告数、读取提示），「问题」表每个问题一行，
「跨年度」表是同一机关相邻年度之间的检查（规则 6–8）。无法读取的文件也列在汇总表中。

退出码：0 没有错误；1 有错误（error）；2 有文件无法读取。

例 / examples:
  gongkai audit tests/data -o audit.xlsx
  gongkai audit reports/2024/*.pdf -o audit.xlsx --jobs 4
  gongkai audit reports --json > audit.json
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "audit",
        help="批量读取和检查年度报告，输出 XLSX",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="DIR|FILE", help="报告文件或目录")
    parser.add_argument("-o", "--output", metavar="audit.xlsx", help="写出的 XLSX 文件")
    parser.add_argument(
        "--jobs", type=int, default=1, metavar="N", help="并行读取的进程数（默认 1）"
    )
    parser.add_argument("--json", action="store_true", help="在标准输出打印机器可读的 JSON")
    add_trusted_argument(parser)
    parser.set_defaults(handler=run)


@dataclass(slots=True)
class Entry:
    """One file of the audit: what the workbook and JSON print of it (see
    :func:`gongkai.report.auditing.audit_entry`), or why it could not be read."""

    file: str
    data: dict[str, Any] | None = None
    error: str | None = None

    @property
    def errors(self) -> int:
        return int(self.data["errors_count"]) if self.data else 0

    @property
    def warnings(self) -> int:
        return int(self.data["warnings_count"]) if self.data else 0

    @property
    def findings(self) -> list[dict[str, Any]]:
        return self.data["findings"] if self.data else []


def collect(paths: Sequence[str]) -> tuple[list[str], list[str]]:
    """The files to read (directories walked, in name order) and the paths that do not exist."""
    files: list[str] = []
    missing: list[str] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files += [
                str(p)
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and p.suffix.lower() in REPORT_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            ]
        elif path.exists():
            files.append(str(path))
        else:
            missing.append(name)
    return files, missing


Answer = tuple[str, dict[str, Any] | None, str | None]
# Files handed to a worker at once (fewer round trips); a few chunks per worker are submitted
# ahead and no more, so that answers never pile up in the audit's process.
CHUNK = 4


def _audit_trusted(names: list[str]) -> list[Answer]:
    """Worker process (--trusted): read and check each file in-process."""
    out: list[Answer] = []
    for name in names:
        try:
            out.append((name, audit_file(name), None))
        except ReportError as exc:
            out.append((name, None, str(exc)))
        except Exception as exc:  # a reader bug must not take the whole audit down
            out.append((name, None, f"{name}: 读取时出错（{type(exc).__name__}: {exc}）"))
    return out


# Files ahead of the oldest one not yet taken in that the children may read: a PDF costs a
# hundred web pages, and while one child reads it the others go on (their answers wait, a few
# kilobytes each). Names each child has waiting in its pipe besides the file it reads.
WINDOW_PER_JOB = 128
AHEAD = 2


class _Bounded:
    """Untrusted files, read and checked in bounded children, answers in the files' order:
    one thread per job, each with its own long-lived :class:`sandbox.Batch` (every file still
    under its own limits) kept ``AHEAD`` files ahead, taking the next file when it collects an
    answer — a child is never left waiting while the audit writes its workbook, and a slow file
    holds up only its own child."""

    def __init__(self, files: list[str], jobs: int, window: int) -> None:
        self._files = files
        self._window = window
        self._next = 0  # the next file to hand to a thread
        self._taken = 0  # files the audit has taken in (answers yielded)
        self._answers: dict[int, Answer] = {}
        self._failure: BaseException | None = None
        self._stop = False
        self._changed = threading.Condition()
        self._threads = [
            threading.Thread(target=self._work, name=f"audit-{n}", daemon=True) for n in range(jobs)
        ]

    def answers(self) -> Generator[Answer, None, None]:
        for thread in self._threads:
            thread.start()
        try:
            for index in range(len(self._files)):
                with self._changed:
                    while index not in self._answers:
                        if self._failure is not None:
                            raise self._failure
                        self._changed.wait()
                    answer = self._answers.pop(index)
                    self._taken = index + 1
                    self._changed.notify_all()
                yield answer
        finally:
            with self._changed:
                self._stop = True
                self._changed.notify_all()
            for thread in self._threads:
                thread.join()

    def _take(self, wait: bool) -> int | None:
        """The next file's index, or None when none is left (or, unless ``wait``, none may be
        read yet)."""
        with self._changed:
            while not self._stop and self._next >= self._taken + self._window:
                if not wait:
                    return None
                self._changed.wait()
            if self._stop or self._next >= len(self._files):
                return None
            self._next += 1
            return self._next - 1

    def _work(self) -> None:
        try:
            with sandbox.Batch("audit_path", CLI_LIMITS) as batch:
                reading: deque[int] = deque()
                while True:
                    while len(reading) <= AHEAD:
                        # Waits for the window only with nothing of its own to collect.
                        index = self._take(wait=not reading)
                        if index is None:
                            break
                        batch.submit(self._files[index])
                        reading.append(index)
                    if not reading or self._stop:
                        return
                    index = reading.popleft()
                    name = self._files[index]
                    answer: Answer
                    try:
                        answer = (name, batch.collect().result, None)
                    except ReportError as exc:
                        answer = (name, None, str(exc))
                    with self._changed:
                        self._answers[index] = answer
                        self._changed.notify_all()
        except BaseException as exc:  # the audit raises it: a file's answer would be missing
            with self._changed:
                self._failure = exc
                self._changed.notify_all()


def _in_order(
    pool: Executor,
    work: Callable[[list[str]], list[Answer]],
    files: list[str],
    window: int,
) -> Iterator[Answer]:
    """``work`` over chunks of ``CHUNK`` files in ``pool``, answers in the files' order, with
    at most ``window`` chunks submitted and not yet collected."""
    pending: deque[Future[list[Answer]]] = deque()
    for start in range(0, len(files), CHUNK):
        pending.append(pool.submit(work, files[start : start + CHUNK]))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def _read_all(
    files: list[str], jobs: int, console: Console, trusted: bool = False
) -> Iterator[Entry]:
    columns = (
        TextColumn("[bold]读取和检查"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("", total=len(files))
        answers: Iterator[Answer]
        if trusted and jobs == 1:
            answers = (a for name in files for a in _audit_trusted([name]))
            yield from _entries(answers, progress, task)
        elif trusted:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                answers = _in_order(pool, _audit_trusted, files, 8 * jobs)
                yield from _entries(answers, progress, task)
        else:
            sandbox.set_workers(jobs)
            answers = _Bounded(files, jobs, WINDOW_PER_JOB * jobs).answers()
            try:
                yield from _entries(answers, progress, task)
            finally:
                answers.close()


def _entries(answers: Iterator[Answer], progress: Progress, task: Any) -> Iterator[Entry]:
    for name, data, error in answers:
        progress.update(task, advance=1, description=Path(name).name)
        yield Entry(name, data=data, error=error)


def run(args: argparse.Namespace) -> int:
    if not args.output and not args.json:
        print("gongkai audit: 请用 -o audit.xlsx 指定输出文件，或用 --json", file=sys.stderr)
        return EXIT_UNREADABLE
    files, missing = collect(args.paths)
    console = Console(stderr=True, highlight=False)
    with SeriesStore() as series, Spool() as unreadable, Spool() as kept:
        tally = Tally(unreadable=unreadable)
        return _audit(args, files, missing, console, series, tally, kept if args.json else None)


def _audit(
    args: argparse.Namespace,
    files: list[str],
    missing: list[str],
    console: Console,
    series: SeriesStore,
    tally: Tally,
    kept: Spool | None,
) -> int:
    # Entries are written to the workbook as they come and then dropped: what is needed at the
    # end (the --json files, the cross-year cells of rules 6–8, the unreadable files) goes to
    # temporary files, so that the audit's memory does not grow with its files.
    book = AuditWorkbook() if args.output else None
    read = _read_all(files, max(1, args.jobs), console, args.trusted)
    gone = (Entry(name, error=f"{name}: 文件或目录不存在") for name in missing)
    for entry in chain(read, gone):
        tally.add(entry)
        if book is not None:
            book.add(entry)
        if kept is not None:
            kept.add(_json_file(entry))
        if entry.data is not None:
            series.add(entry.data)
    series.check()
    if book is not None:
        try:
            book.save(Path(args.output), series.findings_by_agency())
        except OSError as exc:
            print(f"gongkai audit: {args.output}: 无法写入（{exc.strerror}）", file=sys.stderr)
            return EXIT_UNREADABLE
    if kept is not None:
        _print_json(kept, series.findings())
    _print_summary(console, tally, series, args.output)
    if tally.unreadable.count:
        return EXIT_UNREADABLE
    return EXIT_ERRORS if tally.errors + series.errors else EXIT_OK


class Spool:
    """JSON values written one a line to an unnamed temporary file as they come, read back in
    the same order: what the audit prints at its end, kept out of its memory."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed by __exit__)
        self.count = 0

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    def add(self, value: Any) -> None:
        # One line each: JSON escapes every line break inside a string.
        self._file.write(json.dumps(value, ensure_ascii=False))
        self._file.write("\n")
        self.count += 1

    def __iter__(self) -> Iterator[Any]:
        self._file.seek(0)
        for line in self._file:
            yield json.loads(line)
        self._file.seek(0, 2)


@dataclass(slots=True)
class Tally:
    """The counts the closing line prints, and the files that could not be read."""

    unreadable: Spool
    files: int = 0
    errors: int = 0
    warnings: int = 0

    def add(self, entry: Entry) -> None:
        self.files += 1
        self.errors += entry.errors
        self.warnings += entry.warnings
        if entry.error:
            self.unreadable.add(entry.error)


def _json_file(e: Entry) -> dict[str, Any]:
    """One file's item in the --json output."""
    return {
        "file": e.file,
        "agency": e.data["agency"] if e.data else None,
        "year": e.data["year"] if e.data else None,
        "format": e.data["format"] if e.data else None,
        "errors": e.errors,
        "warnings": e.warnings,
        "reader_warnings": e.data["warnings"] if e.data else [],
        "unreadable": e.error,
        "findings": e.findings,
    }


def _json_list(items: Iterable[Any], out: TextIO) -> None:
    """``items`` as ``json.dump(..., indent=2)`` prints a list one level down, one at a time."""
    opened = False
    for item in items:
        out.write(",\n    " if opened else "[\n    ")
        # A string's line breaks are escaped: every line break is indentation.
        out.write(json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    "))
        opened = True
    out.write("\n  ]" if opened else "[]")


def _print_json(files: Iterable[dict[str, Any]], series: Iterable[dict[str, Any]]) -> None:
    """``json.dump({"files": files, "cross_year": series}, indent=2)``, streamed."""
    out = sys.stdout
    out.write('{\n  "files": ')
    _json_list(files, out)
    out.write(',\n  "cross_year": ')
    _json_list(series, out)
    out.write("\n}\n")


def _print_summary(console: Console, tally: Tally, series: SeriesStore, output: str | None) -> None:
    errors = tally.errors + series.errors
    warnings = tally.warnings + series.warnings
    for error in tally.unreadable:
        console.print(f"[bold red]无法读取[/] {escape(error)}")
    where = f"，已写入 {output}" if output else ""
    console.print(
        f"共 {tally.files} 个文件：{errors} 个错误，{warnings} 个警告，"
        f"{tally.unreadable.count} 个无法读取{where}"
    )


# --- The workbook ------------------------------------------------------------------------

_SUMMARY = ("文件", "机关", "年度", "格式", "错误", "警告", "读取提示数", "读取提示", "无法读取")
_FINDINGS = (
    "文件",
    "机关",
    "年度",
    "规则",
    "级别",
    "表",
    "行",
    "列",
    "推算值",
    "报告值",
    "说明",
    "出处",
)
_SERIES = ("机关", "年度", "规则", "级别", "表", "行", "列", "推算值", "报告值", "说明")
_WIDTHS = {"文件": 40, "机关": 28, "说明": 90, "读取提示": 90, "无法读取": 60}
_SEVERITY_WORD = {Severity.ERROR: "错误", Severity.WARNING: "警告"}
_TABLE_WORD = {"proactive": "表二", "requests": "表三", "appeals": "表四"}
_HEADER_FILL = PatternFill("solid", fgColor="DBE4F1")
_ERROR_FONT = Font(color="C00000")
_BODY_ALIGNMENT = Alignment(vertical="top", wrap_text=True)


_SEVERITY_BY_VALUE = {s.value: word for s, word in _SEVERITY_WORD.items()}


def _finding_dict_cells(f: dict[str, Any]) -> list[Any]:
    """The cells of a finding (as ``Finding.to_dict`` gives it) from 规则 to 说明."""
    table = f["table"]
    return [
        f["rule"],
        _SEVERITY_BY_VALUE[f["severity"]],
        _TABLE_WORD.get(table or "", table),
        f["row_label"],
        f["column_label"],
        f["left"],
        f["right"],
        f["message"],
    ]


class _Rows:
    """The rows of one write-only sheet, the cells openpyxl writes for them, kept in an unnamed
    temporary file and put into the sheet's XML when the workbook is saved.

    openpyxl builds a cell object, copies its style and writes a few XML elements through lxml
    for every cell: some 40 microseconds a cell, 100 cells a file — more CPU in the audit's own
    process than reading a web page takes in its child. Here a row is one string: text, whole
    numbers, finite floats and empty cells are written as openpyxl writes them (``set_cell``'s
    rules: control characters removed, 32,767 characters at most, always text, the
    quotePrefix style for text that starts like a formula; the same elements and attributes in
    the same order), except that text is UTF-8 (XML's default encoding) where openpyxl's stream
    writes a character reference for each character outside ASCII: the same XML to any reader,
    a third of the bytes for Chinese text, and no costly encoding. Any other value goes through
    openpyxl's own cell writer. A cell's style is the workbook's, registered as openpyxl
    registers it (at the cell's first use, in the order of the cells), so the style numbers
    are the same too."""

    def __init__(self, book: AuditWorkbook, sheet: Any) -> None:
        self.book = book
        self.sheet = sheet
        self.count = 0
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by splice)

    def append(self, values: Sequence[Any], styles: Sequence[str]) -> None:
        """One row; ``styles[i]`` names the style of cell i (see AuditWorkbook._style_id)."""
        self.count += 1
        r = str(self.count)
        parts = [f'<row r="{r}">']
        for index, value in enumerate(values):
            letter = _letter(index)
            kind = value.__class__
            if kind is str:
                text = xml_text(value)
                style = self.book._style_id(styles[index], looks_like_formula(text))
                text = text[:32767]  # as openpyxl's check_string cuts it
                if not text:
                    parts.append(f'<c r="{letter}{r}" s="{style}" t="inlineStr"></c>')
                    continue
                space = ' xml:space="preserve"' if text != text.strip() else ""
                if "&" in text or "<" in text or ">" in text or "\r" in text:
                    text = (
                        text.replace("&", "&amp;")
                        .replace("<", "&lt;")
                        .replace(">", "&gt;")
                        .replace("\r", "&#13;")
                    )
                parts.append(
                    f'<c r="{letter}{r}" s="{style}" t="inlineStr"><is><t{space}>{text}</t></is></c>'
                )
            elif value is None:
                style = self.book._style_id(styles[index], False)
                parts.append(f'<c r="{letter}{r}" s="{style}" t="n"></c>')
            elif kind is int or (kind is float and math.isfinite(value)):
                style = self.book._style_id(styles[index], False)
                number = "%.16g" % value  # noqa: UP031 (as openpyxl's safe_string writes it)
                parts.append(f'<c r="{letter}{r}" s="{style}" t="n"><v>{number}</v></c>')
            else:
                parts.append(self._openpyxl_cell(index, value, styles[index]))
        parts.append("</row>")
        self._file.write("".join(parts).encode())

    def _openpyxl_cell(self, index: int, value: Any, style: str) -> str:
        """A cell of any other value, as openpyxl's write-only sheet writes it."""
        cell = WriteOnlyCell(self.sheet)
        cell._style = copy(self.book._styles[style])
        set_cell(cell, value)
        cell.row, cell.column = self.count, index + 1
        out = io.BytesIO()
        with xmlfile(out) as xf:
            write_cell(xf, self.sheet, cell, cell.has_style)
        return out.getvalue().decode("ascii")

    def splice(self) -> None:
        """Close the sheet (openpyxl writes its XML with no rows) and put the rows into it."""
        self.sheet.close()
        out = self.sheet._writer.out
        head, tail = Path(out).read_bytes().split(b"<sheetData></sheetData>")
        with open(out, "wb") as xml:
            xml.write(head + b"<sheetData>")
            self._file.seek(0)
            shutil.copyfileobj(self._file, xml)
            xml.write(b"</sheetData>" + tail)
        self._file.close()


@functools.cache
def _letter(index: int) -> str:
    return str(get_column_letter(index + 1))


class AuditWorkbook:
    """The audit workbook, written as the entries come (openpyxl's write-only mode: rows go to
    disk at once, so a workbook of 10,000 files does not sit in memory): 汇总 (one row per
    file), 问题 (one per finding), 跨年度 (rules 6–8, added by :meth:`save`).

    Every cell below the header is top-aligned and wrapped, the header bold on a fill, the file
    name of an unreadable file or one with errors red; text is always text (safe_cells). The
    rows are written by :class:`_Rows`, as openpyxl writes them."""

    def __init__(self) -> None:
        self.book = Workbook(write_only=True)
        self._styles: dict[str, Any] = {}
        self._ids: dict[tuple[str, bool], str] = {}
        self._summary = self._sheet("汇总", _SUMMARY)
        self._findings = self._sheet("问题", _FINDINGS)
        # Cells never written, only to have openpyxl register the styles' parts as before.
        body = WriteOnlyCell(self._summary.sheet)
        body.alignment = _BODY_ALIGNMENT
        red = WriteOnlyCell(self._summary.sheet)
        red.alignment = _BODY_ALIGNMENT
        red.font = _ERROR_FONT
        self._styles |= {"body": body._style, "red": red._style}

    def _style_id(self, style: str, quote: bool) -> str:
        """The workbook's number of a style (with quotePrefix when ``quote``), registered at
        its first use as openpyxl's ``cell.style_id`` registers it."""
        key = (style, quote)
        found = self._ids.get(key)
        if found is None:
            array = copy(self._styles[style])
            if quote:
                array.quotePrefix = 1
            found = self._ids[key] = str(self.book._cell_styles.add(array))
        return found

    def _sheet(self, title: str, header: Sequence[str]) -> _Rows:
        sheet = self.book.create_sheet(title)
        for index, name in enumerate(header, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(name, 12)
        sheet.freeze_panes = "A2"
        cell = WriteOnlyCell(sheet)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        self._styles["header"] = cell._style
        rows = _Rows(self, sheet)
        rows.append(header, ["header"] * len(header))
        return rows

    def _append(self, rows: _Rows, values: Sequence[Any], first_red: bool = False) -> None:
        styles = ["body"] * len(values)
        if first_red:
            styles[0] = "red"
        rows.append(values, styles)

    def add(self, e: Entry) -> None:
        d = e.data
        self._append(
            self._summary,
            [
                e.file,
                d["agency"] if d else None,
                d["year"] if d else None,
                d["format"] if d else None,
                e.errors if d else None,
                e.warnings if d else None,
                len(d["warnings"]) if d else None,
                "\n".join(d["warnings"]) if d else None,
                e.error,
            ],
            first_red=bool(e.error or e.errors),
        )
        for f in e.findings:
            cells = [e.file, f["agency"], f["year"], *_finding_dict_cells(f), f["printed_at"]]
            self._append(self._findings, cells)

    def save(self, path: Path, series: Iterable[dict[str, Any]]) -> None:
        """Add the 跨年度 sheet: ``series`` is the cross-year findings (``Finding.to_dict``),
        ordered by agency and year."""
        cross = self._sheet("跨年度", _SERIES)
        for f in series:
            self._append(cross, [f["agency"], f["year"], *_finding_dict_cells(f)])
        for rows, header in (
            (self._summary, _SUMMARY),
            (self._findings, _FINDINGS),
            (cross, _SERIES),
        ):
            rows.sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{rows.count}"
            rows.splice()
        self.book.save(path)
