"""Milliseconds and queries a staff catalogue page costs, with and without the per-user caches,
in one run (run by hand, in one process: what a gunicorn worker spends on a request).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongkai_load \\
        .venv/bin/python bench/bench_staff_pages.py [--user jyj_clerk] [--rounds 30]

Needs a loaded database: ``LOAD_KEEP=1 bash bench/load.sh`` leaves the demo at scale 40 in
``gongkai_load`` (or any database with a staff user). The pages are the staff ones load.sh
measures: the catalogue list, a search and a document, as ``--user`` sees them. Each round asks
each page twice in turn:

- ``before`` (the baseline): the session and the signed-in user read from the database on each
  request, the user's agency and second factor looked up again, the 逾期 count counted;
- ``cached``: as production runs with REDIS_URL — sessions from the cache
  (``cached_db``), the per-user lookups kept (gongkai.accounts.lookups), the 逾期 count kept
  under the content generation (here in this process's memory instead of Redis).

Prints per page the median and p95 milliseconds and queries of both and their ratio, and the
machine's load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SEARCH = "招生入学"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--user", default="jyj_clerk")
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from gongkai.accounts import lookups
    from gongkai.accounts.models import User
    from gongkai.catalogue.models import Document

    user = User.objects.filter(username=args.user).first()
    if user is None or user.agency_id is None:
        print(f"bench_staff_pages: 没有机关用户 {args.user}（先载入演示数据）", file=sys.stderr)
        return 2
    document = Document.objects.filter(agency_id=user.agency_id).order_by("-id").first()
    if document is None:
        print("bench_staff_pages: 该机关没有目录文件", file=sys.stderr)
        return 2
    pages = {
        "目录列表": "/catalogue/",
        "目录检索": "/catalogue/?" + urlencode({"q": SEARCH}),
        "文件详情": f"/catalogue/{document.pk}/",
    }
    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    modes = {
        "before": override_settings(
            CACHES=locmem,
            ACCOUNT_LOOKUP_CACHE=False,
            SESSION_ENGINE="django.contrib.sessions.backends.db",
            PUBLIC_PAGE_CACHE_SECONDS=0,
            DEBUG=False,
        ),
        "cached": override_settings(
            CACHES=locmem,
            ACCOUNT_LOOKUP_CACHE=True,
            SESSION_ENGINE="django.contrib.sessions.backends.cached_db",
            PUBLIC_PAGE_CACHE_SECONDS=300,
            DEBUG=False,
        ),
    }
    clients: dict[str, Client] = {}
    for mode, overrides in modes.items():
        with overrides:
            client = Client()
            client.force_login(user)
            clients[mode] = client
    ms: dict[tuple[str, str], list[float]] = {}
    queries: dict[tuple[str, str], int] = {}
    load_before = os.getloadavg()
    for round_ in range(args.rounds + 1):  # round 0 warms up: imports, templates, caches
        for name, path in pages.items():
            for mode, overrides in modes.items():
                with overrides, CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    response = clients[mode].get(path)
                    elapsed = (time.perf_counter() - start) * 1000
                if response.status_code != 200:
                    print(f"bench_staff_pages: {path} 返回 {response.status_code}", file=sys.stderr)
                    return 1
                if round_:
                    ms.setdefault((name, mode), []).append(elapsed)
                    queries[(name, mode)] = len(captured)
    lookups.clear()
    print(f"用户 {user.username}（{user.agency}），{args.rounds} 轮")
    print(
        f"{'页面':<8}{'before ms':>12}{'p95':>8}{'查询':>6}{'cached ms':>12}{'p95':>8}{'查询':>6}"
        f"{'倍数':>8}"
    )
    for name in pages:
        b, c = ms[(name, "before")], ms[(name, "cached")]
        print(
            f"{name:<8}{statistics.median(b):>12.1f}{percentile(b, 95):>8.1f}"
            f"{queries[(name, 'before')]:>6}{statistics.median(c):>12.1f}{percentile(c, 95):>8.1f}"
            f"{queries[(name, 'cached')]:>6}{statistics.median(c) / statistics.median(b):>8.2f}"
        )
    after = os.getloadavg()
    print(
        "倍数 = cached / before（中位数）；负载 "
        + " ".join(f"{x:.2f}" for x in load_before)
        + " → "
        + " ".join(f"{x:.2f}" for x in after)
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
