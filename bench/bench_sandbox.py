"""What the bounded worker costs, and how fast hostile files are refused.

Run by hand: ``.venv/bin/python bench/bench_sandbox.py``.

* Per real report: the time of a read in the bounded worker (a fresh child forked from the fork
  server, JSON back) against the same read in-process, timed in turns (best of several rounds,
  so a busy machine slows both alike); the difference is the worker's overhead per file.
* Per real report, ``gongkai audit``'s way: read and check in a long-lived batch child
  (``sandbox.Batch``, one message each way per file) against the same in-process, and against a
  fresh child per file.
* Per hostile file (tests/hostile.py, built here): the time until the refusal and the child's
  own peak (VmHWM), bounded worker and in-process (the readers' own bounds alone).
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gongkai.report import sandbox
from gongkai.report.errors import ReportParseError
from gongkai.report.readers import read_bytes
from tests.hostile import HOSTILE

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
REAL = [
    "hongze-district-2023.json",
    "huaian-city-2024.pdf",
    "shanghai-gov-office-2019.html",
    "yingkou-archives-2020.txt",
]


def best(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def overhead() -> None:
    print(f"{'file':34} {'in-process':>11} {'worker':>9} {'overhead':>9} {'ratio':>6}")
    for name in REAL:
        data = (DATA / name).read_bytes()
        sandbox.read_bytes(data, name)  # warm up: the fork server's imports
        inside = worker = float("inf")
        for _ in range(5):
            inside = min(inside, best(lambda d=data, n=name: read_bytes(d, n), 3))
            worker = min(worker, best(lambda d=data, n=name: sandbox.read_bytes(d, n), 3))
        print(
            f"{name:34} {inside * 1000:9.1f}ms {worker * 1000:7.1f}ms "
            f"{(worker - inside) * 1000:7.1f}ms {worker / inside:6.2f}"
        )


def batch_overhead() -> None:
    from gongkai.report.auditing import audit_file

    print(f"\n{'audit one file':34} {'in-process':>11} {'batch':>9} {'fresh':>9} {'saved':>9}")
    with sandbox.Batch("audit_path") as batch:
        for name in REAL:
            path = str(DATA / name)
            batch.run(path)  # warm up
            inside = batched = fresh = float("inf")
            for _ in range(5):
                inside = min(inside, best(lambda p=path: audit_file(p), 3))
                batched = min(batched, best(lambda p=path: batch.run(p), 3))
                fresh = min(fresh, best(lambda p=path: sandbox.run("audit_path", p, p), 3))
            print(
                f"{name:34} {inside * 1000:9.1f}ms {batched * 1000:7.1f}ms "
                f"{fresh * 1000:7.1f}ms {(fresh - batched) * 1000:7.1f}ms"
            )


def refusals() -> None:
    print(f"\n{'hostile file':22} {'bytes':>9} {'worker s':>9} {'child MB':>9} {'in-proc s':>10}")
    for kind in sorted(HOSTILE):
        name, build = HOSTILE[kind]
        data = build()
        started = time.perf_counter()
        peak: object = "-"
        try:
            sandbox.read_bytes(data, name)
        except ReportParseError as exc:
            peak = getattr(exc, "peak_mb", None) or "killed"
        worker = time.perf_counter() - started
        started = time.perf_counter()
        with contextlib.suppress(ReportParseError):
            read_bytes(data, name)
        inside = time.perf_counter() - started
        shown = f"{peak:.0f}" if isinstance(peak, float) else str(peak)
        print(f"{kind:22} {len(data):9} {worker:9.2f} {shown:>9} {inside:10.2f}")


if __name__ == "__main__":
    overhead()
    batch_overhead()
    refusals()
