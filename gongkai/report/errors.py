"""The engine's narrow exception types. The CLI turns each into one line and an exit code."""

from __future__ import annotations

from gongkai.errors import DomainError


class ReportError(DomainError):
    """Base of every error the engine raises on bad input."""


class ReportDataError(ReportError, ValueError):
    """Canonical JSON that does not describe a report; ``path`` names the offending key."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}" if path else problem)
        self.path = path
        self.problem = problem


class ReportParseError(ReportError):
    """A file that cannot be read as a report: says which file, where, what was expected/found."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        page: int | None = None,
        line: int | None = None,
        table: str | None = None,
        cell: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.page = page
        self.line = line
        self.table = table
        self.cell = cell
        super().__init__(self.describe())

    def describe(self) -> str:
        where = [self.file or ""]
        if self.page is not None:
            where.append(f"第{self.page}页")
        if self.line is not None:
            where.append(f"第{self.line}行")
        if self.table:
            where.append(f"表{self.table}")
        if self.cell:
            where.append(self.cell)
        prefix = " ".join(w for w in where if w)
        return f"{prefix}: {self.message}" if prefix else self.message
