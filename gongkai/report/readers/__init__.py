"""Readers: any published report (canonical JSON, …) → :class:`AnnualReport`.

``read_path`` chooses the reader by the file's content, not only its extension, and raises
:class:`ReportParseError` (one clear line: which file, what was expected, what was found).
"""

from __future__ import annotations

from pathlib import Path

from gongkai.report import canonical
from gongkai.report.errors import ReportDataError, ReportParseError
from gongkai.report.model import AnnualReport

# Refuse anything larger before reading it: real reports are a few MB at most.
MAX_FILE_BYTES = 64 * 1024 * 1024


def read_path(path: str | Path) -> AnnualReport:
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReportParseError(f"无法打开文件（{exc.strerror}）", file=name) from None
    if path.is_dir():
        raise ReportParseError("是目录，不是报告文件", file=name)
    if size > MAX_FILE_BYTES:
        raise ReportParseError(
            f"文件过大（{size / 1024 / 1024:.0f} MB，上限 {MAX_FILE_BYTES // 1024 // 1024} MB），不予读取",
            file=name,
        )
    data = path.read_bytes()
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        try:
            return canonical.loads(data, source=name)
        except ReportDataError as exc:
            raise ReportParseError(f"规范 JSON 有误：{exc}", file=name) from None
    raise ReportParseError("不是年度报告：无法识别的文件内容（应为规范 JSON）", file=name)
