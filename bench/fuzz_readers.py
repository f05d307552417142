"""A longer, by-hand fuzz run of the readers: ``python bench/fuzz_readers.py [cases per seed] [seed] [--no-trace]``.

Mutates every real report in tests/data (and the DOCX/XLSX/HTML rendered from one) with the
mutators of tests/fuzz_helpers.py, reads each case under the property (a report that round-trips
and checks, or a one-line refusal naming the file), and prints the number of cases run, the
refusals by message, the failures, and the worst wall and CPU time and peak memory
(tracemalloc, on cases under 1 MB) per seed file.
"""

from __future__ import annotations

import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import fuzz_helpers as fz


def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--no-trace"]
    trace = "--no-trace" not in sys.argv  # tracemalloc makes a PDF read about 8 times slower
    per_seed = int(args[0]) if args else 40
    rng = random.Random(int(args[1]) if len(args) > 1 else 2026)
    refusals: Counter[str] = Counter()
    failures: list[str] = []
    cases = 0
    for seed in fz.seeds():
        worst_seconds, worst_cpu, worst_peak, accepted = 0.0, 0.0, 0, 0
        for _ in range(per_seed // 4 if seed.endswith(".pdf") else per_seed):
            data, how = fz.mutate(seed, rng, rounds=rng.randint(1, 2))
            cases += 1
            try:
                outcome = fz.read_case(
                    data, f"{seed}~{how}", trace_memory=trace and len(data) < 2**20
                )
            except fz.FuzzFailure as failure:
                failures.append(str(failure)[:300])
                print("FAIL", failures[-1], flush=True)
                continue
            worst_seconds = max(worst_seconds, outcome.seconds)
            worst_cpu = max(worst_cpu, outcome.cpu_seconds)
            worst_peak = max(worst_peak, outcome.peak_bytes)
            if outcome.refusal is None:
                accepted += 1
            else:
                refusals[outcome.refusal[:60]] += 1
        print(
            f"{seed:36} worst {worst_seconds:5.2f} s wall, {worst_cpu:5.2f} s CPU, "
            f"peak {worst_peak / 2**20:6.1f} MB, "
            f"{accepted} read",
            flush=True,
        )
    print(f"\n{cases} cases run, {len(failures)} failures")
    for message, count in refusals.most_common(25):
        print(f"{count:6}  {message}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
