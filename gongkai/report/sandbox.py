"""Read untrusted files in a bounded worker process: whatever a reader misses, an upload cannot
take the server's memory or time.

Each job runs in a fresh child process forked from a fork server that has already imported the
readers (``multiprocessing``'s ``forkserver``: no thread, database connection or request of the
caller is inherited, and a job costs a fork, not an interpreter start-up). Before the job the
child limits itself:

- address space (``RLIMIT_AS``, default 768 MB): an allocation past it fails (``MemoryError``, or
  the child dies), so the child's resident peak stays under it; the readers' own libraries
  (MuPDF, lxml, openpyxl, numpy) map about 230 MB of it before a file is opened;
- CPU time (``RLIMIT_CPU``, default 20 s): the kernel stops the child with SIGXCPU;
- no core files, and files it writes (the XLSX reader's copy) at most 128 MB.

The caller waits at most the wall-clock limit (default 25 s, under gunicorn's 30 s worker
time-out) and kills the child past it. At most ``GONGKAI_PARSE_WORKERS`` (default 2) children run
at once per server process; a job that cannot start within the wall-clock limit is refused.
A fresh process per job rather than a pool of long-lived ones: a reused worker would carry one
upload's heap fragmentation (and any state a hostile file managed to leave) into the next.

Old Office and WPS files are converted by LibreOffice from inside the child
(:func:`convert_office`): a further subprocess with its own profile, no network (user, network
and PID namespaces), its address space and CPU time bounded (within the child's), stopped with
its whole process group past ``CONVERT_SECONDS`` (15 s, under the child's wall-clock limit), and
killed with the child if the child itself is killed.

A batch of files that belong together (``gongkai audit``: one person's files, one run) may instead
share a :class:`Batch`: one long-lived bounded child reading them one after another, each with
its own bounds — the CPU limit is moved to "CPU used so far + the limit" before every file, the
caller waits at most the wall-clock limit for every answer from when the child started that file
(and kills the child past it), the address-space limit stays on, and the child is replaced after
any refusal, after ``RECYCLE_FILES`` files, or when what earlier files left mapped exceeds a
quarter of its memory limit (heap kept from earlier files must not shrink what the next one may
use). A file costs a message each way instead of a fork (25–40 ms saved per file), and names
may be sent ahead, so that the child goes on to the next file while the caller takes in the
last answer; the web server keeps one child per job, as uploads from different people must not
share a process.

The child's answer is JSON (never pickle: a child that a hostile file subverted must not be able
to run code in the server), at most 96 MB. Every refusal is a :class:`WorkerRefused`, a
:class:`ReportParseError` naming the file and the limit it hit.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import multiprocessing
import multiprocessing.context
import os
import resource
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing import context, forkserver, popen_forkserver, reduction, spawn, util
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from gongkai.errors import DomainError
from gongkai.report import canonical
from gongkai.report.errors import ReportParseError
from gongkai.report.model import AnnualReport

log = logging.getLogger("gongkai.sandbox")
MB = 1024 * 1024
MAX_RESULT_BYTES = 96 * MB  # a redacted PDF of 50 MB, as base64
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
    "gongkai.report.readers.office",
    "gongkai.report.canonical",
    "gongkai.report.auditing",
    "pdfplumber",
    "docx",
    "openpyxl",
    "pymupdf",  # the redaction's PDF work (gongkai.redaction.bounded)
]


@dataclass(frozen=True)
class Limits:
    memory_mb: int = 768
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
    """What a child answered: its result, its resident peak in MB (from VmHWM) and, from a
    batch child, how much its address space grew since it started, once the job was done."""

    result: Any
    peak_mb: float
    vm_mb: float = 0.0


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


def _audit_path(path: str, name: str) -> Any:
    from gongkai.report.auditing import audit_file

    return audit_file(path)


JOBS: dict[str, Callable[[Any, str], Any]] = {
    "report_bytes": _report_bytes,
    "report_path": _report_path,
    "sheet_rows": _sheet_rows,
    "audit_path": _audit_path,
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


def _ocr_budget(limits: Limits) -> None:
    """OCR's own time budget for the next file (scanned pages, ``readers.ocr``)."""
    from gongkai.report.readers import ocr

    ocr.set_budget(limits.ocr_page_seconds, limits.ocr_seconds)


def _limit_self(limits: Limits, batch: bool = False) -> None:
    memory = limits.memory_mb * MB
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    if batch:
        # A batch child moves the soft limit before each file, so its hard limit cannot be
        # the first file's: the caller's wall-clock limit (which kills) stands behind it.
        _, hard = resource.getrlimit(resource.RLIMIT_CPU)
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, hard))
    else:
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 2))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_WRITTEN_BYTES, MAX_WRITTEN_BYTES))


Job = str | Callable[[Any, str], Any]


def _answer(
    job: Job, payload: Any, name: str, prepare: Callable[[], None] | None = None
) -> dict[str, Any]:
    """Run one job (after ``prepare``); its result or why it failed, as the JSON-able answer
    the caller decodes."""
    answer: dict[str, Any]
    try:
        if prepare is not None:
            prepare()
        answer = {"ok": (JOBS[job] if isinstance(job, str) else job)(payload, name)}
    except MemoryError:
        answer = {"limit": "memory"}
    except ReportParseError as exc:
        answer = {"error": exc.message, "file": exc.file, "table": exc.table, "cell": exc.cell}
        answer |= {"page": exc.page, "line": exc.line}
    except DomainError as exc:  # the engine's refusals, and the platform's (redaction)
        answer = {"error": str(exc)}
    except RecursionError:
        answer = {"error": "文件结构嵌套过深，无法读取"}
    except Exception as exc:  # a reader's bug on a hostile file: one line, not a traceback
        answer = {"error": f"无法读取（{type(exc).__name__}）"}
    answer["peak_mb"] = _peak_mb()
    return answer


def _send(conn: Connection, answer: dict[str, Any]) -> bool:
    """Send ``answer``; False when only the memory refusal could be sent instead."""
    try:
        conn.send_bytes(json.dumps(answer, ensure_ascii=False, default=str).encode())
    except MemoryError:
        conn.send_bytes(b'{"limit": "memory"}')
        return False
    return True


def _quiet() -> None:
    # Library warnings would break the caller's one-line answer; what matters reaches the
    # report's own warnings.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)


def _child(conn: Connection, job: Job, payload: Any, name: str, limits: Limits) -> None:
    """The child: limit itself, run the job, answer one JSON message."""
    _quiet()

    def prepare() -> None:
        _limit_self(limits)
        _ocr_budget(limits)

    _send(conn, _answer(job, payload, name, prepare=prepare))
    conn.close()


def _cpu_used() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _reset_peak() -> None:
    """Start VmHWM afresh, so that each file's answer carries its own peak (Linux 4.0+)."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        pass


def _vm_size_mb() -> float:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _batch_child(conn: Connection, job: str, limits: Limits) -> None:
    """A batch child: limit itself, then answer one JSON message per name it is sent, in turn,
    with the CPU limit moved before each; an empty message ends it. It ends itself after an
    answer that :func:`_replaced` says ends it (names already sent to it are then not read:
    the caller sends them to the next child)."""
    _quiet()
    _limit_self(limits, batch=True)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    start_vm = _vm_size_mb()
    while True:
        try:
            name = conn.recv_bytes(64 * 1024).decode()
        except (EOFError, OSError):
            break
        if not name:
            break
        soft = int(_cpu_used()) + 1 + limits.cpu_seconds
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
        _reset_peak()
        answer = _answer(job, name, name, prepare=lambda: _ocr_budget(limits))
        answer["vm_mb"] = _vm_size_mb() - start_vm  # what earlier files left mapped
        # When the answer leaves: the next file, already waiting in the pipe, starts then.
        answer["at"] = time.monotonic()
        if not _send(conn, answer) or _replaced(answer, limits):
            break
    conn.close()


def _replaced(answer: dict[str, Any], limits: Limits) -> bool:
    """Whether a batch child takes no further file after this answer: it hit a limit (it is not
    trusted with the next file), or what earlier files left mapped exceeds a quarter of its
    memory limit (heap kept from earlier files must not shrink what the next one may use)."""
    vm = answer.get("vm_mb")
    return bool(answer.get("limit")) or (isinstance(vm, int | float) and vm > limits.memory_mb / 4)


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


def run(job: Job, payload: Any, name: str, limits: Limits = DEFAULT_LIMITS) -> Outcome:
    """Run ``job`` (a name in ``JOBS``, or a module-level function the child imports) on
    ``payload`` in a bounded child; raise ReportParseError (the job's refusal, with its message)
    or WorkerRefused (a limit)."""
    started = time.monotonic()
    slots = _slots
    if not slots.acquire(timeout=limits.wall_seconds):
        raise _refusal(name, "busy", limits, None)
    try:
        left = max(0.05, limits.wall_seconds - (time.monotonic() - started))
        return _run_child(job, payload, name, limits, left)
    finally:
        slots.release()


def _run_child(job: Job, payload: Any, name: str, limits: Limits, wait: float) -> Outcome:
    receiver, sender = multiprocessing.Pipe(duplex=False)
    process = _start(_child, (sender, job, payload, name, limits))
    sender.close()
    raw: bytes | None = None
    # Past the wall-clock limit the job is refused for time, even when the child happens to
    # finish (and die on the closed pipe) during the short grace below.
    waited_out = False
    try:
        if receiver.poll(wait):
            raw = receiver.recv_bytes(MAX_RESULT_BYTES)
        else:
            waited_out = True
    except (EOFError, OSError):
        raw = None
    finally:
        receiver.close()
        process.join(1.0 if raw is not None else 0.2)
        timed_out = process.is_alive() or waited_out
        if process.is_alive():
            process.kill()
            process.join()
    if raw is None:
        code = process.exitcode
        limit = "time" if timed_out else "cpu" if code == -signal.SIGXCPU else "crash"
        raise _refusal(name, limit, limits, code)
    return _decoded(raw, name, limits, process.exitcode)


def _decoded(raw: bytes, name: str, limits: Limits, exitcode: int | None) -> Outcome:
    """The child's answer as an Outcome, or the refusal or reader's error it carries."""
    return _outcome(_parsed(raw, name, limits, exitcode), name, limits)


def _parsed(raw: bytes, name: str, limits: Limits, exitcode: int | None) -> dict[str, Any]:
    """The child's answer decoded: a JSON object with a number or nothing as its peak_mb, or
    the child is refused as crashed (not what _child sends: trust nothing)."""
    try:
        answer = json.loads(raw)
        float(answer.get("peak_mb") or 0)
    except (ValueError, TypeError, AttributeError):
        raise _refusal(name, "crash", limits, exitcode) from None
    return answer  # type: ignore[no-any-return]


def _outcome(answer: dict[str, Any], name: str, limits: Limits) -> Outcome:
    """An answer that :func:`_parsed` let through as an Outcome, or the refusal or reader's
    error it carries."""
    peak = float(answer.get("peak_mb") or 0)
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
    vm = answer.get("vm_mb")
    return Outcome(answer["ok"], peak, float(vm) if isinstance(vm, int | float) else 0.0)


RECYCLE_FILES = 500
# Names a Batch has sent to its child and not had answered, at most: more would fill the pipe
# to the child while the child, its answers unread, waits to send one (neither would go on).
PIPELINE = 4


class Batch:
    """One long-lived bounded child that runs ``job`` on many names in turn, each with its own
    bounds (see the module's notes); not thread-safe — one per caller thread. Holds one of the
    process's worker slots while its child lives.

    :meth:`run` reads one name. :meth:`submit` and :meth:`collect` read a stream of them: names
    submitted ahead wait in the child's pipe, so that the child starts the next file as soon as
    it has answered one, not once the caller has taken the answer in and sent another name.
    Each file's wall-clock limit runs from when the child started it (its previous answer left
    the child, or the name was sent, whichever came later). A name still in the pipe of a child
    that is replaced (a refusal, a crash, ``RECYCLE_FILES``, what earlier files left mapped) was
    never read: it goes to the next child."""

    def __init__(self, job: str, limits: Limits = DEFAULT_LIMITS) -> None:
        self.job = job
        self.limits = limits
        self._process: Any = None
        self._conn: Connection | None = None
        self._files = 0  # names sent to the current child
        self._slots: threading.BoundedSemaphore | None = None
        self._waiting: deque[str] = deque()  # submitted, not yet sent
        self._sent: deque[tuple[str, float]] = deque()  # sent to the child (and when), unanswered
        self._started = 0.0  # when the child started the oldest name sent

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def pending(self) -> int:
        """Names submitted and not yet collected."""
        return len(self._waiting) + len(self._sent)

    def _open(self, name: str) -> Connection:
        if self._conn is not None:
            return self._conn
        slots = _slots
        if not slots.acquire(timeout=self.limits.wall_seconds):
            raise _refusal(name, "busy", self.limits, None)
        self._slots = slots
        ours, theirs = multiprocessing.Pipe(duplex=True)
        try:
            self._process = _start(_batch_child, (theirs, self.job, self.limits))
        except BaseException:
            slots.release()
            self._slots = None
            raise
        finally:
            theirs.close()
        self._conn = ours
        self._files = 0
        return ours

    def close(self) -> None:
        """End the child (asked politely, then killed; killed at once when it still has names
        to read) and give its slot back. Names submitted and not collected stay submitted."""
        conn, process = self._conn, self._process
        self._conn = self._process = None
        self._files = 0
        reading = bool(self._sent)
        self._requeue()
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.send_bytes(b"")
            conn.close()
        if process is not None:
            process.join(0.0 if reading else 1.0)
            if process.is_alive():
                process.kill()
                process.join()
        if self._slots is not None:
            self._slots.release()
            self._slots = None

    def _requeue(self) -> None:
        """The names sent to the child and not answered, back before the waiting ones."""
        while self._sent:
            self._waiting.appendleft(self._sent.pop()[0])

    def _send_waiting(self) -> None:
        """Send the waiting names to the child (started if need be), ``PIPELINE`` at a time and
        at most ``RECYCLE_FILES`` to one child. A name that cannot be sent counts as sent: the
        child is gone, and :meth:`collect` finds it so."""
        while self._waiting and self._files < RECYCLE_FILES and len(self._sent) < PIPELINE:
            conn = self._open(self._waiting[0])
            name = self._waiting.popleft()
            now = time.monotonic()
            if not self._sent:
                self._started = now
            self._sent.append((name, now))
            self._files += 1
            try:
                conn.send_bytes(name.encode())
            except OSError:
                break

    def submit(self, name: str) -> None:
        """Have the child read ``name`` after the names submitted before it."""
        self._waiting.append(name)
        # A refusal to start a child is the answer for the oldest name, given by collect.
        self._send_more()

    def collect(self) -> Outcome:
        """The answer for the oldest name submitted and not collected; raise as :func:`run`
        does."""
        if not self.pending:
            raise RuntimeError("Batch.collect with no name submitted")
        if not self._sent:
            if self._files >= RECYCLE_FILES:
                self.close()
            try:
                self._send_waiting()
            except WorkerRefused:
                self._waiting.popleft()
                raise
        name, _ = self._sent[0]
        conn = self._conn
        raw: bytes | None = None
        if conn is not None:
            try:
                if conn.poll(max(0.0, self._started + self.limits.wall_seconds - time.monotonic())):
                    raw = conn.recv_bytes(MAX_RESULT_BYTES)
            except (EOFError, OSError):
                raw = None
        received = time.monotonic()
        if raw is None:
            process = self._process
            process.join(0.2)
            timed_out = process.is_alive()
            if timed_out:
                process.kill()
                process.join()
            code = process.exitcode
            self._sent.popleft()
            self.close()
            self._send_more()
            limit = "time" if timed_out else "cpu" if code == -signal.SIGXCPU else "crash"
            raise _refusal(name, limit, self.limits, code)
        self._sent.popleft()
        try:
            answer = _parsed(raw, name, self.limits, None)
        except WorkerRefused:
            self.close()  # a child that answers nonsense is not trusted with the next file
            self._send_more()
            raise
        if self._sent:
            # The child started the next file when this answer left it (its own clock, which
            # it cannot set later than now), or when the name was sent, if that was later.
            at = answer.get("at")
            left = min(at, received) if isinstance(at, int | float) else received
            self._started = max(self._sent[0][1], left)
        if _replaced(answer, self.limits) or (self._files >= RECYCLE_FILES and not self._sent):
            self.close()  # the child ends itself after such an answer; see _batch_child
        self._send_more()
        return _outcome(answer, name, self.limits)

    def _send_more(self) -> None:
        """Names waiting go to the child as room is made (after a child was replaced, the next
        child starts on them at once)."""
        with contextlib.suppress(WorkerRefused):
            self._send_waiting()

    def run(self, name: str) -> Outcome:
        """``job`` on ``name`` in the batch's child; raise as :func:`run` does."""
        if self.pending:
            raise RuntimeError("Batch.run with names submitted and not collected")
        self.submit(name)
        return self.collect()


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


# --- converting old Office files (LibreOffice), called from inside the bounded child ------------

# LibreOffice converts a report's Word 97 file in about 3 s (an idle core, profile made afresh);
# this leaves room under the worker's 25 s for a loaded machine and the reading that follows.
CONVERT_SECONDS = float(os.environ.get("GONGKAI_CONVERT_SECONDS", "15"))
# Resident peak measured at 215 MB; address space is what RLIMIT_AS bounds (the bounded child's
# own 768 MB is inherited and can only be lowered).
CONVERT_MEMORY_MB = 1024
CONVERT_CPU_SECONDS = 30
MAX_CONVERTED_BYTES = 32 * MB
# The LibreOffice filter for each target, as ``soffice --convert-to`` names them.
# "pdf" lets LibreOffice take the PDF export of whichever application opened the file.
_FILTERS = {"docx": "docx:MS Word 2007 XML", "xlsx": "xlsx:Calc MS Excel 2007 XML", "pdf": "pdf"}


class ConversionRefused(ReportParseError):
    """LibreOffice is missing, failed, or ran past its time."""


def soffice() -> str | None:
    """LibreOffice's command (``GONGKAI_SOFFICE``, by default ``soffice`` on the PATH)."""
    return shutil.which(os.environ.get("GONGKAI_SOFFICE", "soffice"))


def _office_command(soffice: str, profile: Path, source: Path, target: str) -> list[str]:
    """soffice in a new user and network namespace (no network: a document's linked pictures
    and data sources are never fetched), in its own PID namespace whose processes all die with
    it (``--kill-child``), itself killed when the calling thread dies (``--pdeathsig``), with
    its address space and CPU time bounded."""
    # Inside the bounded worker, its own (lower) hard limits are inherited and cannot be raised.
    memory = _within_hard(resource.RLIMIT_AS, CONVERT_MEMORY_MB * MB)
    cpu = _within_hard(resource.RLIMIT_CPU, CONVERT_CPU_SECONDS)
    return [
        "setpriv",
        "--pdeathsig",
        "KILL",
        "unshare",
        "--map-root-user",
        "--net",
        "--pid",
        "--fork",
        "--kill-child",
        "prlimit",
        f"--as={memory}",
        f"--cpu={cpu}",
        "--core=0",
        soffice,
        "--headless",
        "--invisible",
        "--norestore",
        "--nolockcheck",
        "--nodefault",
        "--nologo",
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to",
        _FILTERS[target],
        "--outdir",
        str(source.parent / "out"),
        str(source),
    ]


def _within_hard(which: int, wanted: int) -> int:
    hard = resource.getrlimit(which)[1]
    return wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)


def convert_office(
    data: bytes, name: str, source_suffix: str, target: str, *, timeout: float | None = None
) -> bytes:
    """``data`` (an old Office file, written as ``in.<source_suffix>``) converted by LibreOffice
    headless to ``target`` (docx or xlsx; pdf for the redaction). A fresh profile directory per call, removed after;
    on time-out the whole process group is killed. Raises :class:`ConversionRefused`."""
    command_path = soffice()
    if command_path is None:
        raise ConversionRefused(
            "读取旧版 Office/WPS 文件需要 LibreOffice（Debian 软件包 libreoffice-writer-nogui、"
            "libreoffice-calc-nogui），本机未安装；请另存为 DOCX/XLSX 后再读取",
            file=name,
        )
    seconds = CONVERT_SECONDS if timeout is None else timeout
    with tempfile.TemporaryDirectory(prefix="gongkai-office-") as work:
        folder = Path(work)
        source = folder / f"in.{source_suffix}"
        source.write_bytes(data)
        command = _office_command(command_path, folder / "profile", source, target)
        env = {"HOME": work, "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd=work,
            env=env,
            start_new_session=True,
        )
        try:
            _, stderr = process.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise ConversionRefused(
                f"LibreOffice 转换超过时限 {seconds:g} 秒，已停止，不予读取", file=name
            ) from None
        out = folder / "out" / f"in.{target}"
        detail = stderr.decode("utf-8", "replace").strip().splitlines()
        isolation = [
            line for line in detail if line.startswith(("unshare:", "setpriv:", "prlimit:"))
        ]
        if process.returncode != 0 and isolation:
            raise ConversionRefused(
                f"无法在隔离环境（无网络、受限内存）中运行 LibreOffice（{isolation[0][:200]}），"
                "不予转换",
                file=name,
            )
        if process.returncode != 0 or not out.is_file():
            reason = next((line for line in detail if "Error" in line or "error" in line), "")
            log.warning("soffice failed on %s: exit %s %s", name, process.returncode, detail[-3:])
            said = [f"退出码 {process.returncode}"] if process.returncode else []
            said += [reason[:200]] if reason else []
            raise ConversionRefused(
                f"LibreOffice 无法转换此文件（{'，'.join(said) or '没有输出'}），文件可能已损坏或加密",
                file=name,
            )
        if out.stat().st_size > MAX_CONVERTED_BYTES:
            raise ConversionRefused(
                f"转换后的文件超过 {MAX_CONVERTED_BYTES // MB} MB，不像一份年度报告，不予读取",
                file=name,
            )
        return out.read_bytes()


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill the conversion's process group while its leader is not yet reaped (so the group id
    cannot have been reused); the PID namespace takes everything else with it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
