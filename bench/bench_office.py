"""Word 97 reports: LibreOffice's conversion (the path the readers take) against antiword's text
(the light path considered), in time and in what each reads.

Run by hand: ``.venv/bin/python bench/bench_office.py``. The baseline, measured in the same run,
is reading the report's own DOCX; the ratios show what the conversion costs on top. antiword
is timed and its text read through the text reader to show why it is not used: its text loses
the cells of table 三's merged header, so rows of that table come out blank.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gongkai.report import canonical
from gongkai.report.readers import read_bytes
from gongkai.report.writers import render

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
NAME = "huaian-city-2024"


def timed(function, repeat: int = 3):  # type: ignore[no-untyped-def]
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> None:
    source = canonical.load(DATA / f"{NAME}.json")
    docx = render(source, "docx").content
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        (folder / f"{NAME}.docx").write_bytes(docx)
        subprocess.run(
            [
                "soffice",
                "--headless",
                "--norestore",
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                "--convert-to",
                "doc:MS Word 97",
                "--outdir",
                work,
                str(folder / f"{NAME}.docx"),
            ],
            check=True,
            capture_output=True,
        )
        doc = (folder / f"{NAME}.doc").read_bytes()
        base, _ = timed(lambda: read_bytes(docx, "r.docx"))
        office, read = timed(lambda: read_bytes(doc, "r.doc"))
        print(f"DOCX read (baseline): {base * 1000:.0f} ms")
        print(
            f"DOC via LibreOffice:  {office * 1000:.0f} ms ({office / base:.1f}x), "
            f"tables exact: {read.requests == source.requests}"
        )
        if shutil.which("antiword"):

            def light():  # type: ignore[no-untyped-def]
                text = subprocess.run(
                    ["antiword", "-w", "0", "-m", "UTF-8.txt", str(folder / f"{NAME}.doc")],
                    capture_output=True,
                    check=True,
                ).stdout
                return read_bytes(text, "r.txt")

            spent, text_read = timed(light)
            blank = sum(v is None for row in text_read.requests.values() for v in row.values())
            print(
                f"DOC via antiword:     {spent * 1000:.0f} ms ({spent / base:.1f}x), "
                f"tables exact: {text_read.requests == source.requests}, "
                f"table 三 cells left blank: {blank}"
            )


if __name__ == "__main__":
    main()
