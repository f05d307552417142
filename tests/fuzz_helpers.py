"""Mutation fuzzing of the readers: seed files, mutators, and the property every read must keep.

The seeds are the real reports in ``tests/data`` plus the DOCX, XLSX and HTML that
``gongkai.report.writers.render`` makes of one of them. A mutator turns seed bytes into hostile
bytes (truncated, bit-flipped, lines shuffled, rows deleted or duplicated, re-encoded, an enormous
cell, deeply nested markup, ZIP members renamed, duplicated or corrupted). :func:`read_case` reads
one case and returns ``None`` for an accepted report or the one-line refusal; anything else —
another exception, a multi-line message, a message not naming the file, a report that does not
round-trip through canonical JSON or that ``check_report`` trips on, a read over its time or
memory bound — raises :class:`FuzzFailure`.
"""

from __future__ import annotations

import io
import random
import re
import time
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from gongkai.report import canonical
from gongkai.report.checks import check_report
from gongkai.report.errors import ReportError
from gongkai.report.readers import read_bytes
from gongkai.report.writers import render

DATA = Path(__file__).parent / "data"
# Per case, in CPU seconds of the reading thread (other sessions on a shared machine do not
# count): the slowest real report (a PDF) reads in about 0.6 s; a damaged PDF costs up to about
# 2 s more before the reader's own caps refuse it (gongkai.report.readers.pdf).
MAX_CPU_SECONDS = 5.0
# Wall clock, only to catch a hang: generous, since the machine may be busy.
MAX_SECONDS = 60.0
TRACED_SLOWDOWN = 8
MAX_PEAK_BYTES = 512 * 1024 * 1024

Mutator = Callable[[bytes, random.Random], bytes]


class FuzzFailure(AssertionError):
    """A read that broke the property; the message names the case so it can be replayed."""


@cache
def seeds() -> dict[str, bytes]:
    """Seed name (a file name, whose suffix says the kind) → bytes."""
    found = {
        p.name: p.read_bytes() for p in sorted(DATA.iterdir()) if p.is_file() and p.suffix != ".md"
    }
    report = canonical.load(DATA / "hongze-district-2024.json")
    for kind in ("docx", "xlsx", "html"):
        found[f"rendered-hongze-2024.{kind}"] = render(report, kind).content
    return found


def seed_names(*suffixes: str) -> list[str]:
    return [name for name in seeds() if name.rsplit(".", 1)[-1] in suffixes]


# --- byte-level mutators -------------------------------------------------------------------


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data))]


def flip_bits(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def overwrite_bytes(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    junk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    return data[:start] + junk + data[start + len(junk) :]


def splice_junk(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    junk = rng.choice([b"\x00" * 32, b"\xff\xfe", b"\r", b"<", b"}", b"%PDF-", b"\xe4\xb8"])
    return data[:at] + junk * rng.randint(1, 20) + data[at:]


def delete_span(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 4096) :]


# --- line and row mutators (text, HTML, JSON) -----------------------------------------------


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [data]


def shuffle_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    start = rng.randrange(len(lines))
    window = lines[start : start + rng.randint(2, 40)]
    rng.shuffle(window)
    return b"".join(lines[:start] + window + lines[start + len(window) :])


def delete_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    start = rng.randrange(len(lines))
    return b"".join(lines[:start] + lines[start + rng.randint(1, 5) :])


def duplicate_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    start = rng.randrange(len(lines))
    chunk = lines[start : start + rng.randint(1, 5)]
    return b"".join(lines[:start] + chunk * rng.randint(2, 4) + lines[start:])


_ROW = re.compile(rb"<tr\b.*?</tr>", re.S | re.I)


def mangle_rows(data: bytes, rng: random.Random) -> bytes:
    """Delete, duplicate or swap HTML table rows (falls back to lines for non-HTML)."""
    rows = list(_ROW.finditer(data))
    if len(rows) < 2:
        return rng.choice([delete_lines, duplicate_lines, shuffle_lines])(data, rng)
    a, b = rng.sample(rows, 2)
    first, second = sorted((a, b), key=lambda m: m.start())
    action = rng.choice(["delete", "duplicate", "swap"])
    if action == "delete":
        return data[: first.start()] + data[first.end() :]
    if action == "duplicate":
        return data[: first.end()] + first.group() * rng.randint(1, 3) + data[first.end() :]
    return (
        data[: first.start()]
        + second.group()
        + data[first.end() : second.start()]
        + first.group()
        + data[second.end() :]
    )


# --- encodings and enormous content ----------------------------------------------------------


def reencode(data: bytes, rng: random.Random) -> bytes:
    """The same text in another encoding (GBK, GB18030, UTF-16, Latin-1 mojibake, Big5)."""
    text = data.decode("utf-8", errors="replace")
    encoding = rng.choice(["gbk", "gb18030", "utf-16", "utf-16-le", "big5", "latin-1"])
    if encoding == "latin-1":
        return text.encode("utf-8").decode("latin-1").encode("utf-8")
    return text.encode(encoding, errors="replace")


def _digit_positions(data: bytes) -> list[int]:
    return [m.start() for m in re.finditer(rb"\d+", data[:200_000])]


def huge_number(data: bytes, rng: random.Random) -> bytes:
    """One figure replaced by a number of up to a million digits."""
    spots = _digit_positions(data) or [len(data) // 2]
    at = rng.choice(spots)
    return data[:at] + b"9" * rng.choice([25, 400, 5000, 1_000_000]) + data[at:]


def huge_cell(data: bytes, rng: random.Random) -> bytes:
    """Several MB of one character (a 10 MB cell at most) dropped into a table."""
    spots = _digit_positions(data) or [len(data) // 2]
    at = rng.choice(spots)
    fill = rng.choice(["件".encode(), b"x", b"1 ", b"<b>"]) * rng.choice([1000, 200_000, 3_500_000])
    return data[:at] + fill + data[at:]


def deep_nesting(data: bytes, rng: random.Random) -> bytes:
    """Markup (or JSON) nested tens of thousands deep."""
    depth = rng.choice([1000, 20_000, 100_000])
    if data.lstrip().startswith(b"{"):
        return b'{"a":' * depth + b"1" + b"}" * depth
    at = data.find(b"<table")
    at = at if at >= 0 else len(data) // 2
    return data[:at] + b"<div><span>" * depth + data[at:]


# --- ZIP (DOCX/XLSX) mutators -----------------------------------------------------------------


def _rezip(members: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members:
            archive.writestr(name, body)
    return out.getvalue()


def _members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def _readable_members(data: bytes) -> list[tuple[str, bytes]] | None:
    # An earlier byte mutation may have broken the container: then mutate bytes instead.
    try:
        return _members(data) or None
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError):
        return None


def zip_member(data: bytes, rng: random.Random) -> bytes:
    """Rename, drop, duplicate or corrupt one member, or mutate the XML inside it."""
    members = _readable_members(data)
    if members is None:
        return flip_bits(data, rng)
    i = rng.randrange(len(members))
    name, body = members[i]
    action = rng.choice(["rename", "drop", "duplicate", "corrupt", "inner"])
    if action == "rename":
        members[i] = (name + ".old", body)
    elif action == "drop":
        del members[i]
    elif action == "duplicate":
        members.insert(i, (name, flip_bits(body, rng) if body else body))
    elif action == "corrupt":
        members[i] = (name, truncate(body, rng) if body else b"\xff")
    else:
        inner = rng.choice([flip_bits, truncate, delete_span, splice_junk, reencode, huge_number])
        members[i] = (name, inner(body, rng) if body else body)
    return _rezip(members)


def zip_core_xml(data: bytes, rng: random.Random) -> bytes:
    """Mutate the main document/sheet XML (where the tables are)."""
    members = _readable_members(data)
    if members is None:
        return flip_bits(data, rng)
    core = [
        i
        for i, (n, _) in enumerate(members)
        if re.search(r"document\.xml|sheet\d*\.xml|sharedStrings", n)
    ]
    i = rng.choice(core) if core else rng.randrange(len(members))
    name, body = members[i]
    inner = rng.choice(
        [mangle_rows, delete_span, duplicate_lines, huge_number, huge_cell, flip_bits]
    )
    members[i] = (name, inner(body, rng))
    return _rezip(members)


BYTE_MUTATORS: tuple[Mutator, ...] = (
    truncate,
    flip_bits,
    overwrite_bytes,
    splice_junk,
    delete_span,
)
TEXT_MUTATORS: tuple[Mutator, ...] = (
    shuffle_lines,
    delete_lines,
    duplicate_lines,
    mangle_rows,
    reencode,
    huge_number,
    huge_cell,
    deep_nesting,
)
ZIP_MUTATORS: tuple[Mutator, ...] = (zip_member, zip_core_xml)


def mutators_for(seed: str) -> tuple[Mutator, ...]:
    kind = seed.rsplit(".", 1)[-1]
    if kind in ("docx", "xlsx"):
        return BYTE_MUTATORS + ZIP_MUTATORS
    if kind == "pdf":
        return (*BYTE_MUTATORS, huge_number)
    return BYTE_MUTATORS + TEXT_MUTATORS


def mutate(seed: str, rng: random.Random, rounds: int = 1) -> tuple[bytes, str]:
    """Seed bytes after ``rounds`` mutations, and the names of the mutators applied."""
    data, applied = seeds()[seed], []
    for _ in range(rounds):
        if not data:
            break
        mutator = rng.choice(mutators_for(seed))
        data = mutator(data, rng)
        applied.append(mutator.__name__)
    return data, "+".join(applied)


# --- the property -----------------------------------------------------------------------------


@dataclass
class Outcome:
    refusal: str | None  # the message with the file name stripped, or None when accepted
    seconds: float  # wall clock
    peak_bytes: int
    cpu_seconds: float = 0.0  # of the reading thread


def read_case(data: bytes, name: str, *, trace_memory: bool = False) -> Outcome:
    """Read one case and check the property; raise :class:`FuzzFailure` when it breaks.

    ``trace_memory`` measures the peak with tracemalloc, which slows a read of millions of small
    objects tenfold: the suite traces the small cases, the by-hand bench traces every case."""
    if trace_memory:
        tracemalloc.start()
    started, cpu_started = time.perf_counter(), time.thread_time()
    refusal = None
    try:
        try:
            report = read_bytes(data, name)
        except ReportError as exc:
            message = str(exc)
            if "\n" in message or name not in message:
                raise FuzzFailure(
                    f"{name}: refusal not one line naming the file: {message!r}"
                ) from exc
            refusal = message.replace(name, "", 1).lstrip(": ")
        except RecursionError as exc:  # a subclass of RuntimeError, named for the report
            raise FuzzFailure(f"{name}: RecursionError {exc}") from exc
        except Exception as exc:
            raise FuzzFailure(f"{name}: {type(exc).__name__}: {exc}") from exc
        else:
            try:
                again = canonical.loads(canonical.dumps(report))
                if canonical.dumps(again) != canonical.dumps(report):
                    raise FuzzFailure(f"{name}: canonical JSON does not round-trip")
                check_report(report)
            except FuzzFailure:
                raise
            except Exception as exc:
                raise FuzzFailure(
                    f"{name}: accepted report breaks dumps/loads/check: {type(exc).__name__}: {exc}"
                ) from exc
        seconds = time.perf_counter() - started
        cpu = time.thread_time() - cpu_started
        peak = tracemalloc.get_traced_memory()[1] if trace_memory else 0
    finally:
        if trace_memory:
            tracemalloc.stop()
    # tracemalloc hooks every allocation: a traced PDF read costs about 8 times the CPU.
    cpu_bound = MAX_CPU_SECONDS * (TRACED_SLOWDOWN if trace_memory else 1)
    if cpu > cpu_bound or seconds > MAX_SECONDS:
        raise FuzzFailure(
            f"{name}: took {cpu:.1f} s CPU, {seconds:.1f} s wall "
            f"(bounds {cpu_bound} s, {MAX_SECONDS} s)"
        )
    if peak > MAX_PEAK_BYTES:
        raise FuzzFailure(
            f"{name}: peak {peak / 2**20:.0f} MB (bound {MAX_PEAK_BYTES / 2**20:.0f} MB)"
        )
    return Outcome(refusal, seconds, peak, cpu)
