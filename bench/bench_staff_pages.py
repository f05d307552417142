"""Milliseconds and queries a staff page costs, with and without the per-user caches,
in one run (run by hand, in one process: what a gunicorn worker spends on a request).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongkai_load \\
        .venv/bin/python bench/bench_staff_pages.py [--user jyj_clerk] [--rounds 30]

Needs a loaded database: ``LOAD_KEEP=1 bash bench/load.sh`` leaves the demo at scale 40 in
``gongkai_load`` (or any database with the demo's 教育局). The pages are the staff ones load.sh
measures (bench/load/urls.py): the catalogue list, a search, a document and the request list,
as ``--user`` sees them. Each round asks each page twice in turn:

- ``before`` (the baseline): the session and the signed-in user read from the database on each
  request, the user's agency and second factor looked up again, the 逾期 count counted;
- ``cached``: as production runs with REDIS_URL — sessions from the cache
  (``cached_db``), the per-user lookups kept (gongkai.accounts.lookups), the 逾期 count kept
  under the content generation (here in this process's memory instead of Redis).

Prints per page the median and p95 milliseconds and queries of both and their ratio, and the
machine's load average. ``--profile`` instead runs each page ``--rounds`` times as production
does (``cached``) under cProfile and prints where the time goes, by own time and by cumulative
time (the view, its queries, the templates and the forms), in this process's CPU time, and
how many Python function calls a request makes (a count, the same however busy the machine).
``--save DIR`` writes each page's HTML instead (CSRF tokens blanked): ``diff -r`` of two
versions' folders shows that a speed change left the pages as they were.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load.keys import identity_key_of_url


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--user", default="jyj_clerk")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument(
        "--profile", action="store_true", help="cProfile each page (cached mode) instead"
    )
    parser.add_argument("--top", type=int, default=30, help="functions listed with --profile")
    parser.add_argument(
        "--save",
        metavar="DIR",
        help="write each page's HTML as production serves it (cached), CSRF tokens blanked, "
        "into DIR, and stop: two versions' pages compared with diff -r",
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    if "DATABASE_URL" in os.environ:  # the key load.sh encrypted the identity numbers with
        os.environ.setdefault("IDENTITY_KEY", identity_key_of_url(os.environ["DATABASE_URL"]))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from bench.load.urls import pages as load_pages
    from gongkai.accounts import lookups
    from gongkai.accounts.models import User

    user = User.objects.filter(username=args.user).first()
    if user is None or user.agency_id is None:
        print(f"bench_staff_pages: 没有机关用户 {args.user}（先载入演示数据）", file=sys.stderr)
        return 2
    # The pages load.sh measures (bench/load/urls.py): the document is a published 规范性文件
    # that replaced another, as a clerk opens it.
    pages = {
        name.removeprefix("工作台："): path for name, path, as_clerk in load_pages() if as_clerk
    }
    # Set once for the whole run: overriding DEBUG (or TEMPLATES) resets the template engines,
    # and CACHES the cache handlers, so switching them per request would charge every request
    # with compiling every template again, which no server process does.
    override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        DEBUG=False,
    ).enable()
    modes = {
        "before": override_settings(
            ACCOUNT_LOOKUP_CACHE=False,
            SESSION_ENGINE="django.contrib.sessions.backends.db",
            PUBLIC_PAGE_CACHE_SECONDS=0,
        ),
        "cached": override_settings(
            ACCOUNT_LOOKUP_CACHE=True,
            SESSION_ENGINE="django.contrib.sessions.backends.cached_db",
            PUBLIC_PAGE_CACHE_SECONDS=300,
        ),
    }
    clients: dict[str, Client] = {}
    for mode, overrides in modes.items():
        with overrides:
            client = Client()
            client.force_login(user)
            clients[mode] = client
    if args.save:
        return save(pages, clients["cached"], modes["cached"], Path(args.save))
    if args.profile:
        return profile(pages, clients["cached"], modes["cached"], args.rounds, args.top)
    ms: dict[tuple[str, str], list[float]] = {}
    cpu: dict[tuple[str, str], list[float]] = {}
    queries: dict[tuple[str, str], int] = {}
    load_before = os.getloadavg()
    # Round 0 warms up (imports, templates, caches) and counts the queries; the timed rounds
    # run without capturing them (recording each query costs time of its own).
    for round_ in range(args.rounds + 1):
        for name, path in pages.items():
            for mode, overrides in modes.items():
                with overrides:
                    if not round_:
                        clients[mode].get(path)
                        with CaptureQueriesContext(connection) as captured:
                            response = clients[mode].get(path)
                        queries[(name, mode)] = len(captured)
                    else:
                        start, start_cpu = time.perf_counter(), time.process_time()
                        response = clients[mode].get(path)
                        elapsed_cpu = (time.process_time() - start_cpu) * 1000
                        ms.setdefault((name, mode), []).append((time.perf_counter() - start) * 1000)
                        cpu.setdefault((name, mode), []).append(elapsed_cpu)
                if response.status_code != 200:
                    print(f"bench_staff_pages: {path} 返回 {response.status_code}", file=sys.stderr)
                    return 1
    lookups.clear()
    print(f"用户 {user.username}（{user.agency}），{args.rounds} 轮")
    print(
        f"{'页面':<8}{'before ms':>12}{'p95':>8}{'查询':>6}{'cached ms':>12}{'p95':>8}{'查询':>6}"
        f"{'倍数':>8}{'cached CPU ms':>15}"
    )
    for name in pages:
        b, c = ms[(name, "before")], ms[(name, "cached")]
        print(
            f"{name:<8}{statistics.median(b):>12.1f}{percentile(b, 95):>8.1f}"
            f"{queries[(name, 'before')]:>6}{statistics.median(c):>12.1f}{percentile(c, 95):>8.1f}"
            f"{queries[(name, 'cached')]:>6}{statistics.median(c) / statistics.median(b):>8.2f}"
            f"{statistics.median(cpu[(name, 'cached')]):>15.1f}"
        )
    after = os.getloadavg()
    print(
        "倍数 = cached / before（中位数）；CPU ms：本进程的 CPU 时间（视图、模板、表单和 ORM，"
        "不含数据库服务器），受机器负载影响较小；负载 "
        + " ".join(f"{x:.2f}" for x in load_before)
        + " → "
        + " ".join(f"{x:.2f}" for x in after)
    )
    return 0


def save(pages: dict[str, str], client: Any, overrides: Any, folder: Path) -> int:
    """Each page's HTML (the second request's, caches warm) into ``folder``, CSRF tokens blanked
    (masked afresh on each response)."""
    import re

    folder.mkdir(parents=True, exist_ok=True)
    for number, (name, path) in enumerate(pages.items()):
        with overrides:
            client.get(path)
            response = client.get(path)
        if response.status_code != 200:
            print(f"bench_staff_pages: {path} 返回 {response.status_code}", file=sys.stderr)
            return 1
        page = re.sub(
            rb'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+', rb"\1", response.content
        )
        (folder / f"{number}.html").write_bytes(page)
        print(f"{number}.html  {name}  {path}  {len(page)} 字节")
    return 0


def profile(pages: dict[str, str], client: Any, overrides: Any, rounds: int, top: int) -> int:
    """Each page ``rounds`` times under cProfile, after one unprofiled warm-up request."""
    for name, path in pages.items():
        with overrides:
            client.get(path)
            # CPU time, not wall time: waits for PostgreSQL and for a busy machine's cores do
            # not count, so the profile shows what this process spends.
            profiler = cProfile.Profile(time.process_time)
            start = time.process_time()
            profiler.enable()
            for _ in range(rounds):
                response = client.get(path)
            profiler.disable()
            elapsed = (time.process_time() - start) * 1000 / rounds
        if response.status_code != 200:
            print(f"bench_staff_pages: {path} 返回 {response.status_code}", file=sys.stderr)
            return 1
        for order in ("tottime", "cumulative"):
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.strip_dirs().sort_stats(order).print_stats(top)
            print(
                f"=== {name} {path}（{rounds} 次，平均 CPU {elapsed:.1f} ms，含分析开销；"
                f"每次 {stats.total_calls // rounds} 次 Python 函数调用），按 {order}"
            )
            print(out.getvalue().split("\n", 6)[-1])
    print("负载 " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
