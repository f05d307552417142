"""The PDF reader's time per page, against poppler's ``pdftotext -layout`` on the same files.

Run by hand: ``.venv/bin/python bench/bench_pdf.py``. For every PDF in ``tests/data`` (real
reports) and the PDF writer's output of every real report in ``tests/data``, timed in turns,
best of several rounds, so that a busy machine slows every side alike:

* ``read_bytes``: the reader (MuPDF's glyphs and rules, the line and table code);
* ``pdfplumber``: the reader's former path, pdfplumber's pages (pdfminer parsing the content
  streams) fed to the same line and table code, without the reader's bounds;
* ``pdftotext -layout``: a whole process per file, as a user would run it (goal: the reader
  ≤ 2× this);
* ``MuPDF alone``: the library's part of the read, no layout and no guards — the file opened,
  every page's glyphs (``get_text("rawdict")``) and paths (``get_cdrawings``), MuPDF
  inflating the streams itself: the floor under the reader (on the real reports most of it is
  MuPDF loading the CJK fonts' ToUnicode maps, 65,536 look-ups a font).

Each ratio is printed in wall time and in CPU time (this process's and its children's): on a
shared machine the wall times of the two sides stretch unevenly, the CPU times much less.
"""

from __future__ import annotations

import io
import resource
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_parse import timed
from gongkai.report import canonical
from gongkai.report.readers import read_bytes
from gongkai.report.readers.pdflines import page_lines
from gongkai.report.writers import render

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
ROUNDS = 5
SECONDS = 0.5


def reader(data: bytes, name: str) -> Callable[[], None]:
    return lambda: read_bytes(data, name)


def former(data: bytes) -> Callable[[], None]:
    import pdfplumber

    def run() -> None:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                page_lines(page)
                page.extract_tables()

    return run


def pdftotext(path: Path) -> Callable[[], None]:
    def run() -> None:
        subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], check=True, stdout=subprocess.DEVNULL
        )

    return run


def mupdf_alone(data: bytes) -> Callable[[], None]:
    import pymupdf

    from gongkai.report.readers.pdfpage import TEXT_FLAGS

    def run() -> None:
        document = pymupdf.open(stream=data, filetype="pdf")  # type: ignore[no-untyped-call]
        for page in document:
            page.get_text("rawdict", flags=TEXT_FLAGS, sort=False)
            page.get_cdrawings()
        document.close()  # type: ignore[no-untyped-call]

    return run


def cpu() -> float:
    """CPU seconds used so far by this process and the processes it waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def best(sides: list[Callable[[], None]]) -> tuple[list[float], list[float]]:
    """The fastest time per run of each side, timed in turns: wall time, and CPU time (a
    busy machine stretches the wall time of each side unevenly; the CPU time much less)."""
    wall = [float("inf")] * len(sides)
    used = [float("inf")] * len(sides)
    for _ in range(ROUNDS):
        for i, side in enumerate(sides):
            started = cpu()
            runs, elapsed = timed(side, SECONDS)
            wall[i] = min(wall[i], elapsed / runs)
            used[i] = min(used[i], (cpu() - started) / (runs + 1))  # timed warms up once
    return wall, used


def main() -> None:
    import pymupdf

    if shutil.which("pdftotext") is None:
        sys.exit("pdftotext (poppler-utils) is needed: make sysdeps")
    files = [(p.name, p.read_bytes()) for p in sorted(DATA.glob("*.pdf"))]
    files += [
        (f"written-{p.stem}.pdf", render(canonical.load(p), "pdf").content)
        for p in sorted(DATA.glob("*.json"))
    ]
    totals = [0.0, 0.0, 0.0, 0.0]
    cpu_totals = [0.0, 0.0, 0.0, 0.0]
    all_pages = 0
    print(
        f"{'file':<40} {'pages':>5} {'reader':>9} {'former':>9} {'pdftotext':>9} {'MuPDF':>9}"
        "  ms/page"
    )
    with tempfile.TemporaryDirectory() as folder:
        for name, data in files:
            path = Path(folder) / name
            path.write_bytes(data)
            pages = pymupdf.open(stream=data, filetype="pdf").page_count
            times, used = best(
                [reader(data, name), former(data), pdftotext(path), mupdf_alone(data)]
            )
            all_pages += pages
            totals = [t + s for t, s in zip(totals, times, strict=True)]
            cpu_totals = [t + s for t, s in zip(cpu_totals, used, strict=True)]
            per_page = " ".join(f"{s * 1000 / pages:>9.2f}" for s in times)
            print(
                f"{name:<40} {pages:>5} {per_page}  → {times[0] / times[2]:.2f}× pdftotext "
                f"(CPU {used[0] / used[2]:.2f}×; MuPDF alone {times[3] / times[2]:.2f}×, "
                f"CPU {used[3] / used[2]:.2f}×)"
            )
    ours, old, poppler, _ = (t * 1000 / all_pages for t in totals)
    print(
        f"\nall {len(files)} files, {all_pages} pages: reader {ours:.2f} ms/page, former path "
        f"{old:.2f} ms/page, pdftotext -layout {poppler:.2f} ms/page (best of {ROUNDS}, in turns)"
        f"\nreader / pdftotext -layout = {ours / poppler:.2f}× (goal ≤ 2×); "
        f"former / reader = {old / ours:.1f}×"
        f"\nin CPU time: reader / pdftotext -layout = {cpu_totals[0] / cpu_totals[2]:.2f}×"
        f"\nMuPDF alone / pdftotext -layout = {totals[3] / totals[2]:.2f}× "
        f"(CPU {cpu_totals[3] / cpu_totals[2]:.2f}×): the floor under the reader"
    )


if __name__ == "__main__":
    main()
