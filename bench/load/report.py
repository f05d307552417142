"""The table bench/load.sh prints (run by load.sh, not by hand).

    .venv/bin/python bench/load/report.py results.tsv RATE GOAL_MS [STAFF_GOAL_MS]

results.tsv: one line per run, ``<name>\\t<requests> <seconds> <rate> <p50> <p99> <max>
<errors>`` (the RESULT line of pace.lua); the first line is the baseline. A page passes when
its p99 is under the goal (STAFF_GOAL_MS for the staff pages, named "工作台：…", and for the
mix of pages when all are staff pages; GOAL_MS when not given), the achieved rate is within 5 % of the offered one and nothing
failed. Exit status 0 when every page passes, 1 otherwise.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from gongkai.lib.text import pad

STAFF_PREFIX = "工作台："
# load.sh's last run: every page in turn, held to the staff goal when every page is a staff
# page (LOAD_ONLY=工作台), else to the portal's.
MIX = "全部页面轮流"


@dataclass(frozen=True)
class Run:
    name: str
    requests: int
    seconds: float
    rate: float
    p50: float
    p99: float
    slowest: float
    errors: int

    @classmethod
    def parse(cls, line: str) -> Run:
        name, numbers = line.rstrip("\n").split("\t")
        fields = numbers.split()
        if len(fields) != 7:
            raise ValueError(f"bench/load/report.py: 无法解析的结果行：{line!r}")
        requests, seconds, rate, p50, p99, slowest, errors = fields
        return cls(
            name,
            int(requests),
            float(seconds),
            float(rate),
            float(p50),
            float(p99),
            float(slowest),
            int(errors),
        )


def verdict(run: Run, rate: float, goal_ms: float) -> str:
    problems = []
    if run.p99 >= goal_ms:
        problems.append(f"p99≥{goal_ms:g}")
    if run.rate < 0.95 * rate:
        problems.append("速率不足")
    if run.errors:
        problems.append(f"{run.errors} 个错误")
    return "PASS" if not problems else "FAIL " + "，".join(problems)


def main() -> int:
    if len(sys.argv) not in (4, 5):
        print(
            "usage: bench/load/report.py RESULTS.tsv RATE GOAL_MS [STAFF_GOAL_MS]", file=sys.stderr
        )
        return 2
    lines = Path(sys.argv[1]).read_text(encoding="utf-8").splitlines()
    rate, goal_ms = float(sys.argv[2]), float(sys.argv[3])
    staff_goal_ms = float(sys.argv[4]) if len(sys.argv) == 5 else goal_ms
    runs = [Run.parse(line) for line in lines if line.strip()]
    if not runs:
        print("bench/load/report.py: 没有结果", file=sys.stderr)
        return 2
    baseline, pages = runs[0], runs[1:]
    print(
        pad("页面", 22)
        + f"{'请求数':>7}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}"
        + f"{'p50 倍数':>10}{'p99 倍数':>10}  结果"
    )
    failed = 0
    all_staff = all(r.name.startswith(STAFF_PREFIX) for r in pages if r.name != MIX)
    for run in runs:
        is_baseline = run is baseline
        staff = run.name.startswith(STAFF_PREFIX) or (run.name == MIX and all_staff)
        page_goal = staff_goal_ms if staff else goal_ms
        result = "（基线）" if is_baseline else verdict(run, rate, page_goal)
        failed += result.startswith("FAIL")
        print(
            pad(run.name, 22)
            + f"{run.requests:>10}{run.rate:>8.1f}{run.p50:>9.2f}{run.p99:>9.2f}"
            + f"{run.slowest:>9.1f}"
            + f"{run.p50 / max(baseline.p50, 0.01):>10.1f}{run.p99 / max(baseline.p99, 0.01):>10.1f}"
            + f"  {result}"
        )
    worst = max(pages, key=lambda r: r.p99) if pages else baseline
    print(
        f"offered {rate:g} req/s；最慢的 p99：{worst.name} {worst.p99:.1f} ms；"
        f"目标 p99 < {goal_ms:g} ms（工作台 {staff_goal_ms:g} ms）：{'PASS' if not failed else f'FAIL（{failed} 项未达到）'}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
