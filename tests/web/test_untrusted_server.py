"""Hostile uploads and bodies against gunicorn with production settings (issue 15).

One server for the module: ``gongkai.wsgi`` under gunicorn (2 workers of 4 threads, DEBUG off,
a SQLite file of its own). Every hostile file (built at test time) posted to the anonymous
parse API is refused with a 400 naming the file in under 5 s, while the server keeps answering
other requests; no process of the server — workers, fork servers, reading children — reaches
512 MB (watched from outside, per process). Request bodies over their path's limit get 413
before they are read: nothing reaches the temporary folder."""

from __future__ import annotations

import base64
import contextlib
import os
import random
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests import fuzz_helpers as fz
from tests.hostile import HOSTILE
from tests.proctree import TreePeak

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]
MAX_PEAK_MB = 512
MAX_REFUSAL_SECONDS = 5.0
MAX_OTHER_SECONDS = 3.0  # another visitor's request while uploads are being refused


class Server:
    def __init__(self, base: str, process: subprocess.Popen[bytes], tmp: Path, log: Path) -> None:
        self.base, self.process, self.tmp, self.log = base, process, tmp, log

    def url(self, path: str) -> str:
        return self.base + path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("server")
    tmp = folder / "tmp"
    tmp.mkdir()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(folder),
        "LANG": "C.UTF-8",
        "TMPDIR": str(tmp),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_hex(32),
        "IDENTITY_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "BACKUP_HMAC_KEY": secrets.token_hex(32),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "GONGKAI_VAR_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "PARSE_RATE_LIMIT": "100000/3600",  # every upload here comes from 127.0.0.1
    }
    subprocess.run(
        [str(BIN / "gongkai"), "manage", "migrate", "--no-input", "-v", "0"],
        env=env,
        cwd=folder,
        check=True,
        timeout=300,
    )
    port = _free_port()
    log = (folder / "gunicorn.log").open("wb")
    process = subprocess.Popen(
        [
            *(str(BIN / "gunicorn"), "gongkai.wsgi", "--bind", f"127.0.0.1:{port}"),
            *("--workers", "2", "--threads", "4", "--timeout", "30", "--chdir", str(ROOT)),
        ],
        env=env,
        cwd=folder,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(base + "/api/agencies", timeout=5)
            break
        except requests.ConnectionError:
            time.sleep(0.2)
    try:
        yield Server(base, process, tmp, folder / "gunicorn.log")
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)
        log.close()


def _parse(server: Server, name: str, data: bytes) -> tuple[requests.Response, float]:
    started = time.monotonic()
    answer = requests.post(
        server.url("/api/reports/parse"), files={"file": (name, data)}, timeout=60
    )
    return answer, time.monotonic() - started


class Visitor(threading.Thread):
    """Another visitor asking for a page over and over; the slowest answer counts."""

    def __init__(self, server: Server) -> None:
        super().__init__(daemon=True)
        self.server, self.slowest, self.statuses = server, 0.0, set[object]()
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            started = time.monotonic()
            try:
                answer = requests.get(self.server.url("/api/agencies"), timeout=30)
                self.statuses.add(answer.status_code)
            except requests.RequestException as exc:
                self.statuses.add(
                    f"{type(exc).__name__}: {exc} after {time.monotonic() - started:.1f} s"
                )
            self.slowest = max(self.slowest, time.monotonic() - started)
            self.done.wait(0.1)

    def check(self) -> None:
        log = self.server.log.read_text(errors="replace")[-3000:]
        assert self.statuses == {200}, (self.statuses, log)
        assert self.slowest < MAX_OTHER_SECONDS, (self.slowest, log)


def test_every_hostile_upload_is_refused_quickly_within_the_memory_bound(
    server: Server,
    hostile_dir: Path,
) -> None:
    real = (ROOT / "tests" / "data" / "huaian-city-2024.pdf").read_bytes()
    warm, _ = _parse(server, "huaian.pdf", real)  # starts the fork servers
    assert warm.status_code == 200 and warm.json()["agency"] == "淮安市人民政府"
    visitor = Visitor(server)
    with TreePeak(server.process.pid, every=0.02) as watch:
        visitor.start()
        for kind in sorted(HOSTILE):
            name = HOSTILE[kind][0]
            answer, seconds = _parse(server, name, (hostile_dir / name).read_bytes())
            assert answer.status_code == 400, (kind, answer.text)
            assert name in answer.json()["detail"], answer.text
            assert seconds < MAX_REFUSAL_SECONDS, (kind, seconds, answer.text)
        visitor.done.set()
        visitor.join()
    visitor.check()
    assert watch.peak_mb < MAX_PEAK_MB, watch.peaks


def test_three_bombs_at_once_leave_the_portal_answering(
    server: Server,
    hostile_dir: Path,
) -> None:
    names = ["two-flate.pdf", "styles.docx", "runlength.pdf"]
    results: dict[str, tuple[int, float]] = {}

    def post(name: str) -> None:
        answer, seconds = _parse(server, name, (hostile_dir / name).read_bytes())
        results[name] = (answer.status_code, seconds)

    visitor = Visitor(server)
    with TreePeak(server.process.pid, every=0.02) as watch:
        visitor.start()
        threads = [threading.Thread(target=post, args=(name,)) for name in names]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        visitor.done.set()
        visitor.join()
    assert all(status == 400 for status, _ in results.values()), results
    assert max(seconds for _, seconds in results.values()) < MAX_REFUSAL_SECONDS * 2, results
    visitor.check()
    assert watch.peak_mb < MAX_PEAK_MB, watch.peaks


def test_the_fuzz_seeds_and_their_mutants_get_an_answer_not_an_error(server: Server) -> None:
    rng = random.Random(15)
    mutations = [fz.truncate, fz.flip_bits, fz.overwrite_bytes, fz.splice_junk, fz.delete_span]
    with TreePeak(server.process.pid, every=0.05) as watch:
        for name, data in fz.seeds().items():
            for variant in (data, rng.choice(mutations)(data, rng)):
                answer, seconds = _parse(server, name, variant)
                assert answer.status_code in {200, 400}, (name, answer.text[:500])
                assert seconds < MAX_REFUSAL_SECONDS * 2, (name, seconds)
    assert watch.peak_mb < MAX_PEAK_MB, watch.peaks


def _raw(server: Server, head: bytes, body: bytes = b"", *, wait: float = 10) -> bytes:
    """Send ``head`` and as much of ``body`` as the server takes; its answer's first line."""
    port = int(server.base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as connection:
        connection.sendall(head)
        with contextlib.suppress(OSError):  # the server stopped reading: that is the point
            connection.sendall(body)
        answer = b""
        while b"\r\n" not in answer:
            piece = connection.recv(4096)
            if not piece:
                break
            answer += piece
    return answer.split(b"\r\n", 1)[0]


def test_a_4_gb_body_is_refused_before_it_is_read(server: Server) -> None:
    for path in (b"/api/reports/parse", b"/apply/"):
        head = (
            b"POST " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\n"
            b"Content-Length: 4294967296\r\n\r\n"
        )
        started = time.monotonic()
        status = _raw(server, head, b"--x\r\n" + b"a" * 1024 * 1024)
        assert status.startswith(b"HTTP/1.1 413"), status
        assert time.monotonic() - started < MAX_REFUSAL_SECONDS
    # Nothing was spooled to the temporary folder (the fork servers keep only their sockets).
    assert [p for p in server.tmp.rglob("*") if p.is_file()] == []


def test_a_chunked_body_is_counted_while_it_streams(server: Server) -> None:
    head = (
        b"POST /status/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    chunk = b"a" * 16384
    body = (b"%x\r\n" % len(chunk) + chunk + b"\r\n") * 8 + b"0\r\n\r\n"  # 128 KB > 64 KB
    assert _raw(server, head, body).startswith(b"HTTP/1.1 413")
