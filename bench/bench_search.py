"""Search latency of the public catalogue over 200,000 generated documents (run by hand).

    .venv/bin/python bench/bench_search.py                 # SQLite (FTS5 trigram), temp file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/bench_search.py
                                                           # PostgreSQL (pg_trgm); uses a
                                                           # separate database gongkai_bench_search
    .venv/bin/python bench/bench_search.py --documents 20000 --queries 100

    .venv/bin/python bench/bench_search.py --reuse /tmp/gongkai-bench-search-XXXX
                                                           # measure an earlier run's data again

Each query is what the portal's list page does (``paging.search_page``): one agency's
published documents, newest first, the first page of 20 and the count (capped at 1000+; none
for a broad word; on PostgreSQL none for a word search until the visitor asks for it, see
``selectors.count_on_demand``). The mix: frequent words, topics, a 文号, two-character words
(below the trigram index: LIKE), two terms, body phrases, boilerplate found in most documents,
filters. Each query runs twice in turn: as the list shows it, and counted (``count=True``, the
"统计总数" link; every search was counted so before) as the baseline. Prints p50/p95 per kind
and overall for both and their ratio; the goal is p95 < 50 ms for the list as shown. The SQLite
database is left in its temporary folder for ``--reuse``; the PostgreSQL one is dropped.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BENCH_DATABASE = "gongkai_bench_search"
AGENCIES = 4
PAGE = 20

TOPICS = [
    *[
        "义务教育招生入学",
        "学生欠费管理",
        "校外培训机构监管",
        "国有建设用地出让",
        "不动产登记",
        "耕地保护",
    ],
    *[
        "地质灾害防治",
        "档案开放审核",
        "电子文件归档",
        "城乡低保救助",
        "养老服务补贴",
        "食品安全抽检",
    ],
    *[
        "安全生产检查",
        "道路交通管理",
        "公共租赁住房",
        "城市更新改造",
        "河道综合治理",
        "大气污染防治",
    ],
    *[
        "医疗保障待遇",
        "就业创业补贴",
        "人才引进落户",
        "中小企业纾困",
        "政府采购管理",
        "预算绩效管理",
    ],
    *[
        "行政执法公示",
        "营商环境优化",
        "公共文化服务",
        "全民健身设施",
        "防汛抗旱应急",
        "森林防火管理",
    ],
]
PLACES = [
    "江北区",
    "江南区",
    "临湖区",
    "青山县",
    "白沙县",
    "东港镇",
    "西岭乡",
    "高新区",
    "经开区",
    "滨江新城",
]
ACTIONS = [
    "摸底排查",
    "专项整治",
    "督导检查",
    "集中宣传",
    "台账管理",
    "考核评估",
    "试点示范",
    "资金保障",
]
FORMS = (
    "关于印发《江临市{t}办法》的通知",
    "关于进一步加强{t}工作的通知",
    "关于{t}有关事项的公告",
    "关于做好{y}年{t}工作的通知",
    "关于{t}情况的通报",
    "{y}年{t}工作要点",
    "关于公布{t}结果的公告",
)
# Sentences are filled with topics, places and actions so that a phrase of the body is as
# rare as in a real catalogue, while boilerplate (发布之日起施行) stays in most documents.
SENTENCES = (
    "为贯彻落实上级决策部署，进一步规范{t}工作，结合{p}实际，制定本办法。",
    "{p}要按照职责分工，开展{a}，于{m}月底前报送{t}进展情况。",
    "坚持依法行政、公开透明，确保{t}各项任务在{p}落到实处。",
    "对{a}中发现的问题，{d}要建立清单，限期整改到位。",
    "本办法自发布之日起施行，有效期五年，由市{d}负责解释。",
    "申请人可通过政务服务网在线办理{t}事项，也可到{p}政务服务中心窗口办理。",
    "{y}年{p}共完成{t}{n}件，同比增长{m}%。",
)
DEPARTMENTS = ("教育局", "自然资源和规划局", "档案局", "民政局", "生态环境局", "交通运输局")


def configure(reuse: str) -> str:
    """Point Django at the bench database before it is set up; returns a description."""
    url = os.environ.get("DATABASE_URL", "")
    if reuse and not url:
        os.environ["GONGKAI_VAR_DIR"] = reuse
        return f"SQLite {reuse}/gongkai.sqlite3（沿用）"
    if url:
        parts = urlsplit(url)
        if reuse:
            os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))
            return f"PostgreSQL {parts.hostname}/{BENCH_DATABASE}（沿用）"
        _create_postgres_database(parts)
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))
        return f"PostgreSQL {parts.hostname}/{BENCH_DATABASE}"
    folder = tempfile.mkdtemp(prefix="gongkai-bench-search-")
    os.environ["GONGKAI_VAR_DIR"] = folder
    return f"SQLite {folder}/gongkai.sqlite3"


def _create_postgres_database(parts: object) -> None:
    import psycopg

    admin = urlunsplit(parts._replace(path="/postgres"))  # type: ignore[attr-defined]
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
        connection.execute(f"CREATE DATABASE {BENCH_DATABASE}")


def drop_postgres_database() -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    parts = urlsplit(os.environ["DATABASE_URL"])
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")


def generate(total: int, seed: int) -> list[object]:
    """``total`` documents over ``AGENCIES`` agencies, 2015 to 2025, by bulk insert (the
    service functions would add an audit event each: minutes, not what is measured here)."""
    from gongkai.agencies.models import Agency
    from gongkai.catalogue.models import Category, DocType, Document, Status

    rng = random.Random(seed)
    agencies = [
        Agency.objects.create(
            name=f"江临市{DEPARTMENTS[i % len(DEPARTMENTS)]}{i}",
            short_code=f"B{i}",
            kind=Agency.Kind.DEPARTMENT,
            disclosure_unit="办公室",
        )
        for i in range(AGENCIES)
    ]
    categories = list(Category.values)
    batch: list[Document] = []
    serials: dict[tuple[int, int], int] = {}
    start = date(2015, 1, 1)
    for n in range(total):
        agency = agencies[n % AGENCIES]
        written = start + timedelta(days=rng.randrange(11 * 365))
        serial = serials[(agency.pk, written.year)] = serials.get((agency.pk, written.year), 0) + 1
        topic = rng.choice(TOPICS)
        body = "".join(
            rng.choice(SENTENCES).format(
                t=rng.choice(TOPICS),
                d=rng.choice(DEPARTMENTS),
                p=rng.choice(PLACES),
                a=rng.choice(ACTIONS),
                y=written.year,
                m=rng.randint(1, 12),
                n=rng.randint(10, 9999),
            )
            for _ in range(rng.randint(3, 8))
        )
        batch.append(
            Document(
                agency=agency,
                index_number=f"{agency.short_code}/{written.year}-{serial:06d}",
                title=rng.choice(FORMS).format(t=topic, y=written.year),
                doc_number=f"临{agency.short_code}发〔{written.year}〕{serial}号",
                issuer=agency.name,
                written_on=written,
                published_on=written + timedelta(days=rng.randint(0, 25)),
                category=rng.choice(categories),
                doc_type=rng.choices(
                    (DocType.NORMATIVE, DocType.OTHER, DocType.REGULATION), (15, 84, 1)
                )[0],
                status=Status.IN_FORCE,
                body=body,
                publication_due=written + timedelta(days=28),
            )
        )
        if len(batch) == 5000:
            Document.objects.bulk_create(batch)
            batch.clear()
    Document.objects.bulk_create(batch)
    return agencies


def queries(rng: random.Random, count: int) -> list[tuple[str, dict[str, object]]]:
    kinds = [
        ("frequent word", lambda: {"q": rng.choice(("管理办法", "工作的通知", "有关事项"))}),
        ("topic", lambda: {"q": rng.choice(TOPICS)}),
        ("文号", lambda: {"q": f"发〔{rng.randint(2015, 2025)}〕{rng.randint(1, 900)}号"}),
        ("two characters", lambda: {"q": rng.choice(TOPICS)[:2]}),
        ("two terms", lambda: {"q": f"{rng.choice(TOPICS)[:4]} 通知"}),
        (
            "body phrase",
            lambda: {
                "q": rng.choice((f"开展{rng.choice(ACTIONS)}", f"{rng.choice(PLACES)}政务服务中心"))
            },
        ),
        ("boilerplate", lambda: {"q": "发布之日起施行"}),
        (
            "word + filters",
            lambda: {
                "q": rng.choice(TOPICS)[:4],
                "year": rng.randint(2015, 2025),
                "doc_type": "other",
            },
        ),
        ("filters only", lambda: {"year": rng.randint(2015, 2025), "category": "10"}),
        ("no match", lambda: {"q": "量子计算机"}),
    ]
    return [(name, make()) for name, make in (kinds[i % len(kinds)] for i in range(count))]


GOAL_MS = 50


def run_query(agency: object, params: dict[str, object], *, count: bool = False) -> int:
    from gongkai.catalogue.paging import search_page
    from gongkai.catalogue.selectors import DocumentQuery, public_documents

    query = DocumentQuery(**params)  # type: ignore[arg-type]
    documents = public_documents(agency.pk)  # type: ignore[attr-defined]
    page = search_page(documents, query, 1, PAGE, ("-published_on", "-id"), count=count)
    return len(page.object_list) + page.paginator.count  # the count is taken, if any


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--keep", action="store_true", help="PostgreSQL: keep the bench database afterwards"
    )
    parser.add_argument(
        "--reuse",
        default="",
        metavar="DIR",
        help="reuse an earlier run's data and skip generating: SQLite, the folder of its "
        "database; PostgreSQL (with --keep before), any value",
    )
    args = parser.parse_args()

    where = configure(args.reuse)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    try:
        print(f"数据库：{where}")
        call_command("migrate", interactive=False, verbosity=0)
        began = time.perf_counter()
        if args.reuse:
            from gongkai.agencies.models import Agency

            agencies = list(Agency.objects.all())
        else:
            agencies = generate(args.documents, args.seed)
            with connection.cursor() as cursor:
                # PostgreSQL: VACUUM also empties the GIN indexes' pending lists, as autovacuum
                # would soon after a bulk load (before it, a search reads the whole list).
                cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
            print(f"生成 {args.documents} 件文件：{time.perf_counter() - began:.1f} 秒")
        from gongkai.catalogue.models import Document

        print(f"文件总数：{Document.objects.count()}，机关 {len(agencies)} 个")
        rng = random.Random(args.seed)
        for _name, params in queries(rng, 10):  # warm the caches once per kind
            run_query(agencies[0], params)
        timings: dict[str, list[float]] = {}
        counted: dict[str, list[float]] = {}
        for name, params in queries(rng, args.queries):
            agency = rng.choice(agencies)
            for count, into in ((False, timings), (True, counted)):
                t0 = time.perf_counter()
                run_query(agency, params, count=count)
                into.setdefault(name, []).append((time.perf_counter() - t0) * 1000)
        report(timings, counted)
    finally:
        if connection.vendor == "postgresql" and not args.keep:
            drop_postgres_database()
    return 0


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(timings: dict[str, list[float]], counted: dict[str, list[float]]) -> None:
    print(
        f"{'查询类型':<16}{'次数':>6}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}"
        f"{'计数 p95':>10}{'p95 倍数':>10}"
    )
    every: list[float] = []
    every_counted: list[float] = []
    for name, values in timings.items():
        every += values
        every_counted += counted[name]
        line(name, values, counted[name])
    line("overall", every, every_counted)
    p95 = percentile(every, 95)
    print("计数 = 同一查询再加统计总数（基线，改前每次检索都计数）；倍数 = p95 / 计数 p95")
    print(f"目标 p95 < {GOAL_MS} ms：{'达到' if p95 < GOAL_MS else '未达到'}（{p95:.1f} ms）")


def line(name: str, values: list[float], baseline: list[float]) -> None:
    p95, base = percentile(values, 95), percentile(baseline, 95)
    print(
        f"{name:<16}{len(values):>6}{statistics.median(values):>10.1f}{p95:>10.1f}"
        f"{max(values):>10.1f}{base:>10.1f}{p95 / max(base, 0.01):>10.2f}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
