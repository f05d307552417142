"""Concurrent intake (run by hand; a small run is in the suite, tests/web/test_intake.py).

Many applicants submit the public form (/apply/) at once against gunicorn + PostgreSQL (or
SQLite, ``--database sqlite``: IMMEDIATE transactions, WAL and a busy timeout queue them), the
server is killed with SIGKILL mid-load and started again, and afterwards the database must hold
every acknowledged submission exactly once, with tracking numbers unique and gapless per agency
and year::

    .venv/bin/python bench/intake.py                                 # 10,000 by 100, one kill
    .venv/bin/python bench/intake.py --submissions 2000 --kills 3
    .venv/bin/python bench/intake.py --json                          # one JSON line of results
    .venv/bin/python bench/intake.py --database sqlite --submissions 1000 --submitters 20 --kills 2

Each submitter is an applicant with a browser: it opens the form (GET, which sets the CSRF
cookie and carries the form's one-time submission key), posts it, and reads the receipt page
(tracking number and query code): the receipt is the acknowledgement. When the server is gone
— connection refused or reset, a 5xx, a time-out — it does what a person does: posts the same
form again until a receipt comes back. The form's key makes that retry safe; the retries whose
first copy had been stored get the first receipt back, marked as repeated.

The script makes its own database on the PostgreSQL server (``--pg``; dropped afterwards unless
``--keep``), migrates it, creates ``--agencies`` agencies, collects the static files into a
scratch folder and starts gunicorn in a process group of its own, so that the kill takes the
master and every worker at once, like a power cut. The checks run in this process through the
ORM, with the server's secret, so that each acknowledged query code is checked against its
stored hash. Exit status 0 when every check holds.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECRET = "intake-bench-" + secrets.token_hex(16)
IDENTITY_KEY = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
MARK = "intake-"  # every submission's description starts with MARK and its number
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY = re.compile(r'name="submission" value="([^"]+)"')
RECEIPT = re.compile(r'id="tracking-number">([^<]+)<.*?id="query-code">([^<]+)<', re.S)
# A response cut short by the kill (ChunkedEncodingError) is the server going down too.
DOWN = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=10_000)
    parser.add_argument("--submitters", type=int, default=100)
    parser.add_argument("--agencies", type=int, default=3)
    parser.add_argument("--kills", type=int, default=1, help="SIGKILLs, spread over the run")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument(
        "--database",
        choices=("postgresql", "sqlite"),
        default="postgresql",
        help="PostgreSQL (--pg) or a SQLite file in the scratch folder (the embedded default)",
    )
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="server URL")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--json", action="store_true", help="print the results as one JSON line")
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="gongkai-intake-"))
    sqlite = args.database == "sqlite"
    database = str(scratch / "intake.sqlite3") if sqlite else f"gongkai_intake_{os.getpid()}"
    url = f"sqlite:///{database}" if sqlite else _with_database(args.pg, database)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": SECRET,
        "IDENTITY_KEY": IDENTITY_KEY,
        "BACKUP_HMAC_KEY": SECRET + "-backup",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "GONGKAI_VAR_DIR": str(scratch),
        "APPLY_RATE_LIMIT": "1000000000/3600",  # every submitter comes from 127.0.0.1
        "CONN_MAX_AGE": "60",
    }
    env.pop("REDIS_URL", None)
    os.environ.update(env)  # this process's ORM reads the same database with the same secret
    if not sqlite:
        _database(args.pg, f"CREATE DATABASE {database}")
    try:
        _run([BIN / "gongkai", "manage", "migrate", "--no-input", "-v", "0"], env)
        _run([BIN / "gongkai", "manage", "collectstatic", "--no-input", "-v", "0"], env)
        import django

        django.setup()
        codes = _agencies(args.agencies)
        port = args.port or _free_port()
        server = Server(port, args.workers, env, scratch / "gunicorn.log")
        load = Load(f"http://127.0.0.1:{port}", codes, args.submissions)
        result = load.run(server, args.submitters, args.kills)
        result.update(verify(load, codes))
    finally:
        if "server" in locals():
            server.stop()
        from django.db import connections

        connections.close_all()
        if not args.keep and not sqlite:
            _database(args.pg, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        if not (args.keep and sqlite):
            shutil.rmtree(scratch, ignore_errors=True)
    result["database"] = database if args.keep else None
    result["engine"] = "SQLite" if sqlite else "PostgreSQL"
    print(json.dumps(result, ensure_ascii=False) if args.json else _summary(result))
    return 0 if result["ok"] else 1


# --- the server ----------------------------------------------------------------------------


class Server:
    """gunicorn in a process group of its own: ``kill`` is a power cut for all its processes."""

    def __init__(self, port: int, workers: int, env: dict[str, str], log: Path) -> None:
        self.port, self.workers, self.env, self.log = port, workers, env, log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    *(BIN / "gunicorn", "gongkai.wsgi", "--bind", f"127.0.0.1:{self.port}"),
                    *("--workers", str(self.workers), "--timeout", "60", "--backlog", "2048"),
                ],
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(
                    f"gunicorn 启动失败，见 {self.log}:\n{self.log.read_text()[-2000:]}"
                )
            try:
                requests.get(f"http://127.0.0.1:{self.port}/apply/", timeout=5)
                return
            except DOWN:
                time.sleep(0.2)
        raise SystemExit(f"gunicorn 60 秒内没有应答，见 {self.log}")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


# --- the applicants ------------------------------------------------------------------------


class Refused(Exception):
    """The server turned a submission down on purpose: retrying will not help."""


@dataclass
class Receipt:
    number: int  # the submission's own number (in its description)
    agency: str
    tracking_number: str
    query_code: str
    repeated: bool  # the receipt of an earlier copy of the same form
    posts: int  # how many times the form was posted


@dataclass
class Load:
    base: str
    agencies: list[str]
    submissions: int
    receipts: list[Receipt] = field(default_factory=list)
    post_ms: list[float] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)  # what the retries were for
    refusals: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_number: int = 0

    def run(self, server: Server, submitters: int, kills: int) -> dict[str, Any]:
        server.start()
        threads = [threading.Thread(target=self._submitter) for _ in range(submitters)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        outages = []
        for k in range(1, kills + 1):  # kill after k/(kills+1) of the submissions are in
            while len(self.receipts) < self.submissions * k // (kills + 1):
                if not any(t.is_alive() for t in threads):
                    break
                time.sleep(0.05)
            acknowledged = len(self.receipts)
            down = time.monotonic()
            server.kill()
            time.sleep(1.0)  # the applicants meet a dead server for a while
            server.start()
            outages.append({"after": acknowledged, "seconds": round(time.monotonic() - down, 2)})
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        ms = sorted(self.post_ms)
        return {
            "submissions": self.submissions,
            "submitters": submitters,
            "agencies": len(self.agencies),
            "workers": server.workers,
            "acknowledged": len(self.receipts),
            "seconds": round(elapsed, 1),
            "per_second": round(len(self.receipts) / elapsed, 1),
            "post_p50_ms": round(ms[len(ms) // 2], 1) if ms else None,
            "post_p99_ms": round(ms[int(len(ms) * 0.99)], 1) if ms else None,
            "post_mean_ms": round(statistics.fmean(ms), 1) if ms else None,
            "kills": outages,
            "retried": sum(1 for r in self.receipts if r.posts > 1),
            "repeated_receipts": sum(1 for r in self.receipts if r.repeated),
            "retry_causes": dict(self.failures),
        }

    def _take(self) -> int | None:
        with self.lock:
            if self.next_number >= self.submissions:
                return None
            self.next_number += 1
            return self.next_number

    def _submitter(self) -> None:
        while (number := self._take()) is not None:
            try:
                receipt = self._submit(number)
            except Refused as refusal:  # this applicant gives up; the checks report it
                with self.lock:
                    self.refusals.append(str(refusal))
                return
            with self.lock:
                self.receipts.append(receipt)

    def _submit(self, number: int) -> Receipt:
        agency = self.agencies[number % len(self.agencies)]
        browser = requests.Session()
        form = self._retrying(
            lambda: browser.get(f"{self.base}/apply/?agency={agency}", timeout=30)
        )
        csrf, key = CSRF.search(form.text), KEY.search(form.text)
        if csrf is None or key is None:
            raise Refused(f"申请页面缺少 CSRF 或提交标识（第 {number} 份）")
        data = _form_data(number, agency, csrf[1], key[1], form.text)
        posts = 0
        while True:  # post until a receipt comes back, as a person would
            posts += 1
            try:
                began = time.monotonic()
                sent = browser.post(
                    f"{self.base}/apply/?agency={agency}", data, allow_redirects=False, timeout=30
                )
                if sent.status_code != 302:
                    self._failed(f"POST {sent.status_code}", sent)
                    continue
                with self.lock:
                    self.post_ms.append((time.monotonic() - began) * 1000)
                page = browser.get(self.base + sent.headers["Location"], timeout=30)
                found = RECEIPT.search(page.text) if page.status_code == 200 else None
                if found is None:
                    self._failed(f"回执 {page.status_code}", page)
                    continue
                return Receipt(
                    number, agency, found[1], found[2], 'id="repeated"' in page.text, posts
                )
            except DOWN as error:
                self._failed(type(error).__name__, None)

    def _retrying(self, call: Any) -> requests.Response:
        while True:
            try:
                response = call()
            except DOWN as error:
                self._failed(type(error).__name__, None)
                continue
            if response.status_code == 200:
                return response
            self._failed(f"GET {response.status_code}", response)

    def _failed(self, cause: str, response: requests.Response | None) -> None:
        if response is not None and response.status_code < 500:
            # a refusal the server meant (403, 429, a form error): retrying will not help
            raise Refused(f"服务器拒绝了提交（{cause}）：{response.text[:500]}")
        with self.lock:
            self.failures[cause] += 1
        time.sleep(0.2)


def _form_data(number: int, agency: str, csrf: str, key: str, page: str) -> dict[str, str]:
    chosen = re.search(r'<option value="(\d+)" selected>', page)
    if chosen is None:
        raise Refused(f"申请页面没有选中机关 {agency}")
    return {
        "csrfmiddlewaretoken": csrf,
        "submission": key,
        "agency": chosen[1],
        "category": "natural_person",
        "applicant_name": f"压力测试申请人{number}",
        "id_type": "居民身份证",
        "id_number": f"3301021990{number:08d}",
        "phone": "13900000000",
        "email": f"applicant{number}@example.com",
        "description": f"{MARK}{number} 请公开本机关2025年度部门预算及说明",
        "form_wanted": "electronic",
        "delivery": "email",
        "agree": "on",
    }


# --- the checks ----------------------------------------------------------------------------


def verify(load: Load, agency_codes: list[str]) -> dict[str, Any]:
    """What the database holds against what was acknowledged."""
    from gongkai.requests.codes import query_code_matches
    from gongkai.requests.models import Application, TrackingCounter

    problems = [f"提交被拒绝：{refusal}" for refusal in load.refusals]
    rows = list(Application.objects.filter(description__startswith=MARK).select_related("agency"))
    by_number: dict[int, list[Any]] = {}
    for row in rows:
        by_number.setdefault(int(row.description[len(MARK) :].split()[0]), []).append(row)
    for receipt in load.receipts:
        stored = by_number.get(receipt.number, [])
        if len(stored) != 1:
            problems.append(f"第 {receipt.number} 份已回执，库中却有 {len(stored)} 条")
        elif stored[0].tracking_number != receipt.tracking_number:
            problems.append(f"第 {receipt.number} 份回执编号与库中不符")
        elif not query_code_matches(stored[0], receipt.query_code):
            problems.append(f"第 {receipt.number} 份回执的查询码与库中不符")
    duplicated = [n for n, stored in by_number.items() if len(stored) > 1]
    if duplicated:
        problems.append(f"{len(duplicated)} 份申请被登记了不止一次，例如第 {duplicated[0]} 份")
    gapless = True
    for code in agency_codes:
        mine = list(Application.objects.filter(agency__short_code=code))
        for year in {row.year for row in mine}:
            serials = sorted(row.serial for row in mine if row.year == year)
            counter = TrackingCounter.objects.get(agency__short_code=code, year=year).last
            if serials != list(range(1, len(serials) + 1)) or counter != len(serials):
                gapless = False
                problems.append(f"{code} {year} 年的受理编号不连续或有重号（计数器 {counter}）")
    numbers = [row.tracking_number for row in rows]
    return {
        "stored": len(rows),
        "unique_tracking_numbers": len(set(numbers)) == len(numbers),
        "gapless": gapless,
        "problems": problems[:20],
        "ok": not problems and len(load.receipts) == load.submissions,
    }


# --- plumbing ------------------------------------------------------------------------------


def _agencies(count: int) -> list[str]:
    from gongkai.agencies.services import agency_create

    names = ["教育局", "财政局", "卫生健康委员会", "自然资源和规划局", "交通运输局", "民政局"]
    created = []
    for index in range(count):
        name = names[index % len(names)] + (str(index // len(names) + 1) if index >= 6 else "")
        agency = agency_create(
            actor=None,
            name=f"江临市{name}",
            short_code=f"JL-T{index:02d}",
            kind="department",
            disclosure_unit="办公室",
        )
        created.append(agency.short_code)
    return created


def _with_database(server: str, database: str) -> str:
    parts = urlsplit(server)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, "", ""))


def _database(server: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(_with_database(server, "postgres"), autocommit=True) as connection:
        connection.execute(statement)


def _run(command: list[Any], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))} 失败：\n{result.stderr[-3000:]}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _summary(r: dict[str, Any]) -> str:
    kills = "; ".join(f"在第 {k['after']} 份回执后，停机 {k['seconds']} s" for k in r["kills"])
    lines = [
        f"{r['submissions']} 份在线申请，{r['submitters']} 个并发提交者，{r['agencies']} 个机关，"
        f"gunicorn {r['workers']} 个进程，{r['engine']}",
        f"  用时 {r['seconds']} s，{r['per_second']} 份/秒；POST p50 {r['post_p50_ms']} ms，"
        f"p99 {r['post_p99_ms']} ms",
        f"  kill -9：{kills or '无'}",
        f"  重新提交的申请 {r['retried']} 份，其中取回原回执 {r['repeated_receipts']} 份；"
        f"重试原因 {r['retry_causes']}",
        f"  已回执 {r['acknowledged']}，库中 {r['stored']}；受理编号唯一："
        f"{'是' if r['unique_tracking_numbers'] else '否'}；连续无缺号：{'是' if r['gapless'] else '否'}",
    ]
    lines += [f"  问题：{p}" for p in r["problems"]]
    lines.append("PASS" if r["ok"] else "FAIL")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    sys.exit(main())
