"""One file of ``gongkai audit``, read and checked where it is read (in the bounded worker, or in a
worker process for ``--trusted`` files): what comes back is only what the audit's workbook and
JSON print, plus the few cells the cross-year rules compare — never the whole report, so that
the audit's own process stays small however many files it reads.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from gongkai.report import canonical
from gongkai.report.checks import Finding, Rule, Severity, agency_keys, check_report, check_series
from gongkai.report.model import AnnualReport
from gongkai.report.readers import read_path

# The cells of table 三 that rule 6 compares across years (table 二 goes whole: it is small).
SERIES_REQUEST_ROWS = ("carried_over", "carried_forward")


def where_printed(report: AnnualReport, finding: Finding) -> str | None:
    """Where the reader found the cell a finding names: 第4页 第12行 (or the text line)."""
    if not (finding.table and finding.row and finding.column):
        return None
    source = report.sources.get(f"{finding.table}/{finding.row}/{finding.column}")
    if source is None:
        return None
    parts = []
    if source.page is not None:
        parts.append(f"第{source.page}页")
    if source.line is not None:
        parts.append(f"第{source.line}行")
    if source.row:
        parts.append(f"「{source.row}」")
    return " ".join(parts) or None


def audit_file(path: str) -> dict[str, Any]:
    """Read ``path``, check it (rules 1–5, 9, completeness) and answer the audit's entry.

    The report goes through canonical JSON first, as every report the audit checks always has
    (the reader's output validated as canonical data), so the findings are those of the
    report a user would get from ``gongkai parse``."""
    data = json.loads(canonical.dumps(read_path(path), indent=None))
    return audit_entry(canonical.report_from_dict(data))


def audit_entry(report: AnnualReport) -> dict[str, Any]:
    """The JSON-able entry of one checked report (see :func:`audit_file`)."""
    findings = check_report(report)
    return {
        "agency": report.agency,
        "year": report.year,
        "format": report.format,
        "warnings": report.warnings,
        "errors_count": sum(f.severity is Severity.ERROR for f in findings),
        "warnings_count": sum(f.severity is Severity.WARNING for f in findings),
        "findings": [{**f.to_dict(), "printed_at": where_printed(report, f)} for f in findings],
        "series": series_part(report),
    }


def series_part(report: AnnualReport) -> dict[str, Any] | None:
    """What the cross-year rules 6–8 read of a report; None when it cannot be in a series."""
    if report.agency is None or report.year is None or not report.template.has_tables:
        return None
    return {
        "proactive": report.proactive,
        "requests": {key: report.requests[key] for key in SERIES_REQUEST_ROWS},
    }


def series_report(entry: dict[str, Any]) -> AnnualReport | None:
    """The report the cross-year rules compare, rebuilt from an entry's :func:`series_part`."""
    part = entry.get("series")
    if part is None:
        return None
    return AnnualReport(
        format=entry["format"],
        agency=entry["agency"],
        year=entry["year"],
        proactive=part["proactive"],
        requests=part["requests"],
    )


class SeriesStore:
    """The cross-year cells of every file of an audit, and the findings of rules 6–8 over them,
    kept in a private temporary SQLite file instead of the audit's memory: the rules compare any
    two files of the audit, so every file's cells must stay until the end, and 10,000 reports'
    tables would otherwise grow the audit's process by 4 KB a file.

    :meth:`add` each entry in the audit's order, then :meth:`check` once: the findings are
    exactly those of :func:`check_series` over all the entries' reports, in its order, found one
    agency at a time (grouped as it groups them) so that only one agency's reports are loaded."""

    def __init__(self) -> None:
        # "": a private on-disk database, deleted on close; only its page cache is in memory,
        # bounded here to 256 KB (rows are appended, and read back one agency at a time).
        self._db = sqlite3.connect("")
        self._db.execute("PRAGMA cache_size = -256")
        self._db.executescript(
            """
            CREATE TABLE part (
                seq INTEGER PRIMARY KEY, agency TEXT NOT NULL, entry TEXT NOT NULL
            );
            -- kind 0: duplicates, in the order of the files; 1: pairs, one agency after another
            CREATE TABLE finding (
                kind INTEGER NOT NULL, pos INTEGER NOT NULL, agency TEXT NOT NULL,
                year INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (kind, pos)
            );
            """
        )
        self._seq = 0
        self.errors = 0
        self.warnings = 0

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SeriesStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, entry: dict[str, Any]) -> None:
        """Keep what rules 6–8 read of one audited file (nothing when it cannot be in a series)."""
        if entry.get("series") is None:
            return
        self._seq += 1
        kept = {key: entry[key] for key in ("format", "agency", "year", "series")}
        self._db.execute(
            "INSERT INTO part VALUES (?, ?, ?)",
            (self._seq, entry["agency"], json.dumps(kept, ensure_ascii=False)),
        )

    def _reports(self, sql: str, *params: Any) -> list[tuple[int, AnnualReport]]:
        out = []
        for seq, text in self._db.execute(sql, params):
            report = series_report(json.loads(text))
            assert report is not None  # only entries with a series part are added
            out.append((seq, report))
        return out

    def _keep(self, kind: int, findings: list[tuple[int, Finding]]) -> None:
        self._db.executemany(
            "INSERT INTO finding VALUES (?, ?, ?, ?, ?)",
            (
                (
                    kind,
                    pos,
                    f.agency or "",
                    f.year or 0,
                    json.dumps(f.to_dict(), ensure_ascii=False),
                )
                for pos, f in findings
            ),
        )
        for _, f in findings:
            self.errors += f.severity is Severity.ERROR
            self.warnings += f.severity is Severity.WARNING

    def check(self) -> None:
        """Rules 6–8 over everything added (see the class)."""
        names = [name for (name,) in self._db.execute("SELECT DISTINCT agency FROM part")]
        self._db.execute("CREATE TABLE agency (name TEXT PRIMARY KEY, key TEXT NOT NULL)")
        self._db.executemany("INSERT INTO agency VALUES (?, ?)", agency_keys(names).items())
        del names
        self._db.execute("CREATE INDEX agency_key ON agency (key)")
        self._db.execute("CREATE INDEX part_agency ON part (agency, seq)")
        groups = self._db.execute(
            "SELECT a.key FROM part p JOIN agency a ON a.name = p.agency"
            " GROUP BY a.key ORDER BY MIN(p.seq)"
        )
        one_group = (
            "SELECT p.seq, p.entry FROM agency a JOIN part p ON p.agency = a.name"
            " WHERE a.key = ? ORDER BY p.seq"
        )
        pairs = 0
        for (key,) in groups:
            group = self._reports(one_group, key)
            reports = [report for _, report in group]
            # check_series of the group alone groups it as one series, as among all reports:
            # a shorter name joins the one longer name that ends with it after a place prefix,
            # and that longer name cannot itself join a still longer one (which would end with
            # the shorter name after a place prefix too, and the shorter name join neither).
            assert len(set(agency_keys(r.agency for r in reports if r.agency).values())) == 1
            found = check_series(reports)
            # check_series keeps the first report of a year and names each later one, in order.
            years: set[int | None] = set()
            again = []
            for seq, report in group:
                if report.year in years:
                    again.append(seq)
                years.add(report.year)
            duplicates = [f for f in found if f.rule is Rule.DUPLICATE]
            self._keep(0, list(zip(again, duplicates, strict=True)))
            compared = [f for f in found if f.rule is not Rule.DUPLICATE]
            self._keep(1, list(enumerate(compared, start=pairs)))
            pairs += len(compared)

    def findings(self) -> Iterator[dict[str, Any]]:
        """The cross-year findings (``Finding.to_dict``), in :func:`check_series`'s order."""
        for (data,) in self._db.execute("SELECT data FROM finding ORDER BY kind, pos"):
            yield json.loads(data)

    def findings_by_agency(self) -> Iterator[dict[str, Any]]:
        """The same, ordered by agency and year (names by code point, as Python sorts them; the
        same agency and year in :meth:`findings`' order)."""
        query = "SELECT data FROM finding ORDER BY agency, year, kind, pos"
        for (data,) in self._db.execute(query):
            yield json.loads(data)
