"""``gongkai audit`` of a generated corpus: wall time, how busy the cores were, and the memory of
the audit's own process as it goes — against what reading and checking the same files costs.

Run by hand: ``.venv/bin/python bench/bench_audit.py [CORPUS] [--jobs 2] [--trusted]``; CORPUS is
a folder written by ``bench/make_corpus.py`` (``-n 10000`` for the goal: < 60 s on 2 cores);
without one, a corpus of 1,040 files is written to a temporary folder first.

Printed, all from this one run:

* the audit's wall time, and its ratio to the goal (60 s for 10,000 files, scaled to N);
* the CPU time of the audit and its workers (sampled from /proc every half second) over wall
  time × jobs (how busy the cores were), and the audit's own process's share of it;
* the audit process's resident memory (VmRSS) sampled every half second, printed at every tenth
  of the run and as its growth from 10% to the end per 1,000 files, and its peak (VmHWM): flat
  when nothing is kept per file;
* the baseline, measured in the same run: reading and checking a sample of the files (every
  ``--every``-th of each kind) in this process, scaled to the whole corpus and divided by the
  jobs — the time the audit would take with no overhead at all; the ratio of the audit's wall
  time to it is what the workers, the bounded children and the workbook add; the ratio of the
  CPU times is the same measure less at the mercy of other processes on the machine.

The machine's load (``/proc/loadavg``) is printed before and after: a shared machine slows
everything alike.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gongkai.report.auditing import audit_file  # noqa: E402

GOAL_SECONDS_PER_10000 = 60.0


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def memory_mb(pid: int) -> tuple[float, float] | None:
    """VmRSS and VmHWM of ``pid`` in MB (None once it is gone)."""
    try:
        fields = dict(
            line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
        )
        return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024
    except (OSError, KeyError, ValueError):
        return None


TICK = os.sysconf("SC_CLK_TCK")


def tree_cpu(root: int, seen: dict[int, float]) -> None:
    """Record the CPU seconds of ``root`` and every process below it — the bounded children are
    the fork server's, not the audit's, so the audit's own rusage never sees them."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        # Own user and system time only: a process's reaped children (the fork server's
        # recycled children) are counted as themselves, from their last sample.
        times[int(entry.name)] = sum(int(f) for f in fields[11:13]) / TICK
    below = {root}
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in below and pid not in below:
                below.add(pid)
                changed = True
    for pid in below:
        if pid in times:
            seen[pid] = times[pid]


def run_audit(
    corpus: Path, jobs: int, trusted: bool
) -> tuple[float, float, float, list[tuple[float, float]], int]:
    """Wall seconds, CPU seconds (audit and workers), CPU seconds of the audit's own process,
    (VmRSS, VmHWM) samples (MB) and the exit code."""
    out = Path(tempfile.mkdtemp()) / "audit.xlsx"
    command = [str(Path(sys.executable).parent / "gongkai"), "audit", str(corpus), "-o", str(out)]
    command += ["--jobs", str(jobs)] + (["--trusted"] if trusted else [])
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    samples: list[tuple[float, float]] = []
    seen: dict[int, float] = {}
    while process.poll() is None:
        if (mb := memory_mb(process.pid)) is not None:
            samples.append(mb)
            tree_cpu(process.pid, seen)
        time.sleep(0.5)
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    # The audit's own time is only final once it is reaped; its workers' as last seen.
    seen[process.pid] = usage.ru_utime + usage.ru_stime
    cpu = sum(seen.values())
    out.unlink(missing_ok=True)
    return wall, cpu, seen[process.pid], samples, process.returncode


def baseline(files: list[Path], every: int) -> float:
    """Seconds to read and check every file, one core, estimated from every ``every``-th file
    of each kind (the kinds differ a hundredfold in cost)."""
    by_kind: dict[str, list[Path]] = defaultdict(list)
    for path in files:
        by_kind[path.suffix].append(path)
    total = 0.0
    for paths in by_kind.values():
        sample = paths[::every] or paths[:1]
        audit_file(str(sample[0]))  # warm up: imports
        started = time.perf_counter()
        for path in sample:
            try:
                audit_file(str(path))
            except Exception:  # unreadable files cost their time too
                continue
        kind_total = (time.perf_counter() - started) / len(sample) * len(paths)
        print(
            f"  {paths[0].suffix:6} {len(paths):6} files: "
            f"{kind_total / len(paths) * 1000:7.1f} ms each read+check → {kind_total:6.1f} s"
        )
        total += kind_total
    return total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path, nargs="?")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--trusted", action="store_true")
    parser.add_argument("--every", type=int, default=25)
    args = parser.parse_args()
    if args.corpus is None:
        args.corpus = Path(tempfile.mkdtemp()) / "corpus"
        maker = [sys.executable, str(ROOT / "bench" / "make_corpus.py"), str(args.corpus)]
        subprocess.run([*maker, "-n", "1040", "--unique-pdf", "20", "--unique-office", "40"])
    files = sorted(p for p in args.corpus.iterdir() if p.is_file())
    print(f"{len(files)} files in {args.corpus}; {os.cpu_count()} cores; load before {load()}")
    print("baseline, in this process, one core:")
    ideal = baseline(files, args.every) / args.jobs
    wall, cpu, own, samples, code = run_audit(args.corpus, args.jobs, args.trusted)
    goal = GOAL_SECONDS_PER_10000 * len(files) / 10000
    mode = "trusted (in-process workers)" if args.trusted else "bounded children"
    print(f"audit --jobs {args.jobs}, {mode}: {wall:.1f} s wall (exit code {code})")
    print(f"  goal {goal:.0f} s → ratio {wall / goal:.2f} (≤ 1 meets it)")
    print(f"  CPU {cpu:.1f} s = {cpu / wall / args.jobs:.0%} of {args.jobs} cores over the run")
    print(
        f"  of which the audit's own process {own:.1f} s = "
        f"{own / len(files) * 1000:.2f} s per 1,000 files (the workbook, the answers, start-up)"
    )
    if samples:
        rss = [r for r, _ in samples]
        curve = " ".join(f"{rss[min(len(rss) - 1, len(rss) * k // 10)]:.0f}" for k in range(1, 11))
        tenth, end = rss[len(rss) // 10], rss[-1]
        print(f"  audit process RSS (MB) at 10%, 20%, … 100% of the run: {curve}")
        print(
            f"  RSS {tenth:.0f} MB at 10% → {end:.0f} MB at the end: "
            f"{(end - tenth) / (0.9 * len(files) / 1000):+.2f} MB per 1,000 files; "
            f"peak (VmHWM) {samples[-1][1]:.0f} MB"
        )
    print(
        f"baseline (read+check in-process, sampled 1 in {args.every}, over {args.jobs} cores): "
        f"{ideal:.1f} s → audit/baseline {wall / ideal:.2f}×"
    )
    # CPU against CPU: less at the mercy of other processes on the machine than wall time.
    print(f"  CPU: audit and workers / baseline {cpu / (ideal * args.jobs):.2f}×")
    print(f"load after {load()}")


if __name__ == "__main__":
    main()
