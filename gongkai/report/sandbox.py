"""Read untrusted files in a bounded worker process: whatever a reader misses, an upload cannot
take the server's memory or time.

Each job runs in a fresh child process forked from a fork server that has already imported the
readers (``multiprocessing``'s ``forkserver``: no thread, database connection or request of the
caller is inherited, and a job costs a fork, not an interpreter start-up). Before the job the
child limits itself:

- address space (``RLIMIT_AS``, default 512 MB): an allocation past it fails (``MemoryError``, or
  the child dies), so the child's resident peak stays under it;
- CPU time (``RLIMIT_CPU``, default 20 s): the kernel stops the child with SIGXCPU;
- no core files, and files it writes (the XLSX reader's copy) at most 128 MB.

The caller waits at most the wall-clock limit (default 25 s, under gunicorn's 30 s worker
time-out) and kills the child past it. At most ``GONGKAI_PARSE_WORKERS`` (default 2) children run
at once per server process; a job that cannot start within the wall-clock limit is refused.
A fresh process per job rather than a pool of long-lived ones: a reused worker would carry one
upload's heap fragmentation (and any state a hostile file managed to leave) into the next.

The child's answer is JSON (never pickle: a child that a hostile file subverted must not be able
to run code in the server), at most 64 MB. Every refusal is a :class:`WorkerRefused`, a
:class:`ReportParseError` naming the file and the limit it hit.
"""

from __future__ import annotations

import io
import json
import logging
import multiprocessing
import multiprocessing.context
import os
import resource
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing import context, forkserver, popen_forkserver, reduction, spawn, util
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from gongkai.report import canonical
from gongkai.report.errors import ReportError, ReportParseError
from gongkai.report.model import AnnualReport

log = logging.getLogger("gongkai.sandbox")
MB = 1024 * 1024
MAX_RESULT_BYTES = 64 * MB
MAX_WRITTEN_BYTES = 128 * MB
# Imported once in the fork server, so that a job does not pay for them.
PRELOAD = [
    "gongkai.report.readers",
    "gongkai.report.readers.pdf",
    "gongkai.report.readers.ocr",
    "numpy",
    "gongkai.report.readers.docx",
    "gongkai.report.readers.xlsx",
    "gongkai.report.readers.html",
    "gongkai.report.readers.text",
    "gongkai.report.canonical",
    "pdfplumber",
    "docx",
    "openpyxl",
]


@dataclass(frozen=True)
class Limits:
    memory_mb: int = 512
    cpu_seconds: int = 20
    wall_seconds: float = 25.0
    # Scanned pages (readers/ocr.py): OCR's own wall-clock budget, per page and per document,
    # within wall_seconds. A page of tables takes about 5 s at 300 dpi on an idle core, so a
    # web request reads a scan of two or three pages and refuses a longer one, naming the
    # command that waits longer; the commands' limits (commands/reading.py) allow a report.
    ocr_page_seconds: float = float(os.environ.get("GONGKAI_OCR_PAGE_SECONDS", "15"))
    ocr_seconds: float = float(os.environ.get("GONGKAI_OCR_SECONDS", "20"))


DEFAULT_LIMITS = Limits()


class WorkerRefused(ReportParseError):
    """The worker stopped the job: ``limit`` is memory, cpu, time, busy or crash."""

    def __init__(self, message: str, *, file: str, limit: str) -> None:
        super().__init__(message, file=file)
        self.limit = limit


@dataclass
class Outcome:
    """What a child answered: its result, and its resident peak in MB (from VmHWM)."""

    result: Any
    peak_mb: float


# --- jobs: plain functions of the child, each returning JSON-able data ---------------------


def _report_bytes(data: bytes, name: str) -> Any:
    from gongkai.report.readers import read_bytes

    return canonical.report_to_dict(read_bytes(data, name))


def _report_path(path: str, name: str) -> Any:
    from gongkai.report.readers import read_path

    return canonical.report_to_dict(read_path(path))


def _sheet_rows(data: bytes, name: str) -> Any:
    """The first sheet's cell values, row by row (for the figures import): strings, numbers,
    None; dates and times as ISO text."""
    import io

    from openpyxl import load_workbook

    from gongkai.report.readers import refuse_zip_bomb

    refuse_zip_bomb(data, name)
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        return [
            [v if v is None or isinstance(v, str | int | float) else str(v) for v in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    finally:
        workbook.close()


JOBS: dict[str, Callable[[Any, str], Any]] = {
    "report_bytes": _report_bytes,
    "report_path": _report_path,
    "sheet_rows": _sheet_rows,
}


def _peak_mb() -> float:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _limit_self(limits: Limits) -> None:
    memory = limits.memory_mb * MB
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 2))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_WRITTEN_BYTES, MAX_WRITTEN_BYTES))


def _child(conn: Connection, job: str, payload: Any, name: str, limits: Limits) -> None:
    """The child: limit itself, run the job, answer one JSON message."""
    # Library warnings would break the caller's one-line answer; what matters reaches the
    # report's own warnings.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    answer: dict[str, Any]
    try:
        _limit_self(limits)
        from gongkai.report.readers import ocr

        ocr.set_budget(limits.ocr_page_seconds, limits.ocr_seconds)
        answer = {"ok": JOBS[job](payload, name)}
    except MemoryError:
        answer = {"limit": "memory"}
    except ReportParseError as exc:
        answer = {"error": exc.message, "file": exc.file, "table": exc.table, "cell": exc.cell}
        answer |= {"page": exc.page, "line": exc.line}
    except ReportError as exc:
        answer = {"error": str(exc)}
    except RecursionError:
        answer = {"error": "文件结构嵌套过深，无法读取"}
    except Exception as exc:  # a reader's bug on a hostile file: one line, not a traceback
        answer = {"error": f"无法读取（{type(exc).__name__}）"}
    answer["peak_mb"] = _peak_mb()
    try:
        conn.send_bytes(json.dumps(answer, ensure_ascii=False, default=str).encode())
    except MemoryError:
        conn.send_bytes(b'{"limit": "memory"}')
    conn.close()


# --- the caller's side --------------------------------------------------------------------

_context_lock = threading.Lock()
_preloaded = False
_slots = threading.BoundedSemaphore(int(os.environ.get("GONGKAI_PARSE_WORKERS", "2")))


def set_workers(count: int) -> None:
    """How many children may run at once in this process (``gongkai audit --jobs``)."""
    global _slots
    _slots = threading.BoundedSemaphore(max(1, count))


class _Popen(popen_forkserver.Popen):
    """The fork server's Popen without the main-module hand-over: multiprocessing would have
    each child re-run the caller's ``__main__`` (gunicorn's, pytest's, a script's) before the
    job — time, and code that has no business in a reader's child."""

    def _launch(self, process_obj: Any) -> None:
        prep_data = {
            k: v
            for k, v in spawn.get_preparation_data(process_obj._name).items()
            if not k.startswith("init_main_from")
        }
        buf = io.BytesIO()
        context.set_spawning_popen(self)
        try:
            reduction.dump(prep_data, buf)
            reduction.dump(process_obj, buf)
        finally:
            context.set_spawning_popen(None)
        fds: list[int] = getattr(self, "_fds")  # noqa: B009 (set by the base class)
        self.sentinel, w = forkserver.connect_to_new_process(fds)
        parent_w = os.dup(w)
        close_fds: Callable[..., None] = getattr(util, "close_fds")  # noqa: B009
        self.finalizer = util.Finalize(self, close_fds, (parent_w, self.sentinel))
        with open(w, "wb", closefd=True) as f:
            f.write(buf.getbuffer())
        self.pid = forkserver.read_signed(self.sentinel)


class _Process(multiprocessing.context.ForkServerProcess):
    @staticmethod
    def _Popen(process_obj: Any) -> Any:
        return _Popen(process_obj)


def _start(target: Callable[..., None], args: tuple[Any, ...]) -> Any:
    global _preloaded
    with _context_lock:
        if not _preloaded:
            forkserver.set_forkserver_preload(PRELOAD)
            _preloaded = True
    process = _Process(target=target, args=args, daemon=True)
    process.start()
    return process


def _refusal(
    name: str, limit: str, limits: Limits, exitcode: int | None, peak: float | None = None
) -> WorkerRefused:
    messages = {
        "memory": f"读取所需内存超过上限 {limits.memory_mb} MB，不予读取",
        "cpu": f"读取所用 CPU 时间超过上限 {limits.cpu_seconds} 秒，不予读取",
        "time": f"读取超过时限 {limits.wall_seconds:.0f} 秒，已停止",
        "busy": f"读取服务繁忙（{limits.wall_seconds:.0f} 秒内无空闲），请稍后再试",
        "crash": f"读取进程异常退出（退出码 {exitcode}，多为超过内存上限 {limits.memory_mb} MB）",
    }
    log.warning("worker refused %s: %s limit (exit code %s)", name, limit, exitcode)
    refused = WorkerRefused(messages[limit], file=name, limit=limit)
    refused.peak_mb = peak  # type: ignore[attr-defined]
    return refused


def run(job: str, payload: Any, name: str, limits: Limits = DEFAULT_LIMITS) -> Outcome:
    """Run ``job`` on ``payload`` in a bounded child; raise ReportParseError (the reader's
    refusal, as in the reader) or WorkerRefused (a limit)."""
    started = time.monotonic()
    slots = _slots
    if not slots.acquire(timeout=limits.wall_seconds):
        raise _refusal(name, "busy", limits, None)
    try:
        left = max(0.05, limits.wall_seconds - (time.monotonic() - started))
        return _run_child(job, payload, name, limits, left)
    finally:
        slots.release()


def _run_child(job: str, payload: Any, name: str, limits: Limits, wait: float) -> Outcome:
    receiver, sender = multiprocessing.Pipe(duplex=False)
    process = _start(_child, (sender, job, payload, name, limits))
    sender.close()
    raw: bytes | None = None
    try:
        if receiver.poll(wait):
            raw = receiver.recv_bytes(MAX_RESULT_BYTES)
    except (EOFError, OSError):
        raw = None
    finally:
        receiver.close()
        process.join(1.0 if raw is not None else 0.2)
        timed_out = process.is_alive()
        if timed_out:
            process.kill()
            process.join()
    if raw is None:
        code = process.exitcode
        limit = "time" if timed_out else "cpu" if code == -signal.SIGXCPU else "crash"
        raise _refusal(name, limit, limits, code)
    try:
        answer = json.loads(raw)
        peak = float(answer.get("peak_mb") or 0)
    except (ValueError, TypeError, AttributeError):  # not what _child sends: trust nothing
        raise _refusal(name, "crash", limits, process.exitcode) from None
    if answer.get("limit"):
        raise _refusal(name, str(answer["limit"]), limits, None, peak)
    if "error" in answer:
        error = ReportParseError(
            answer["error"],
            file=answer.get("file"),
            page=answer.get("page"),
            line=answer.get("line"),
            table=answer.get("table"),
            cell=answer.get("cell"),
        )
        error.peak_mb = peak  # type: ignore[attr-defined]
        raise error
    return Outcome(answer["ok"], peak)


def read_bytes(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> AnnualReport:
    """``readers.read_bytes`` in a bounded child."""
    return canonical.report_from_dict(run("report_bytes", data, name, limits).result)


def read_path(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> AnnualReport:
    """``readers.read_path`` in a bounded child (the child opens the file)."""
    name = str(path)
    return canonical.report_from_dict(run("report_path", name, name, limits).result)


def sheet_rows(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> list[list[Any]]:
    """The first sheet's rows of an XLSX, read in a bounded child."""
    rows = run("sheet_rows", data, name, limits).result
    scalar = (str, int, float, type(None))
    if not isinstance(rows, list) or not all(
        isinstance(row, list) and all(isinstance(v, scalar) for v in row) for row in rows
    ):
        raise _refusal(name, "crash", limits, None)
    return rows
