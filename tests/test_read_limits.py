"""The biggest input each reader accepts is read within a memory bound, and one byte more is
refused before it is parsed. Peak memory is the child process's high-water resident size
(VmHWM), so it counts what lxml, selectolax and openpyxl allocate outside Python's allocator too."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from gongkai.report.readers import (
    MAX_CONTENT_PART_BYTES,
    MAX_HTML_BYTES,
    MAX_TEXT_BYTES,
)

ROOT = Path(__file__).parent.parent
MAX_PEAK_MB = 512

# Each builds the case from the seeds, at ``size`` bytes (of the file, or of the XLSX sheets).
BUILD = {
    "text": """
        d = s["yingkou-archives-2020.txt"]
        data = d + b"x" * (size - len(d))
    """,
    "html": """
        d = s["shanghai-gov-office-2019.html"]
        at, fill = d.find(b"<table"), b"<tr><td>1</td></tr>"
        rows = fill * ((size - len(d) - 20) // len(fill))
        data = d[:at] + b"<table>" + rows + b"</table>" + d[at:]
        data += b" " * (size - len(data))
    """,
    "xlsx": """
        out = []
        for n, b in fz._members(s["rendered-hongze-2024.xlsx"]):
            if n == "xl/worksheets/sheet1.xml":
                row = b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x%s</t></is></c></row>'
                i, k, rows = b.rindex(b"</sheetData>"), 1000, []
                grown = sum(len(body) for name, body in fz._members(
                    s["rendered-hongze-2024.xlsx"]) if "worksheets/" in name)
                while grown < size - 200:
                    rows.append(row % (k, k, b""))
                    grown, k = grown + len(rows[-1]), k + 1
                last = row % (k, k, b"")
                rows.append(row % (k, k, b"x" * (size - grown - len(last))))
                b = b[:i] + b"".join(rows) + b[i:]
            out.append((n, b))
        data = fz._rezip(out)
    """,
}

CHILD = """
import json, sys, time
sys.path.insert(0, {root!r})
from tests import fuzz_helpers as fz
from gongkai.report.errors import ReportError
from gongkai.report.readers import read_bytes
def peak_mb():
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec, so a big
    # pytest process would set every child's "peak".
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
s, size = fz.seeds(), {size}
{build}
base = peak_mb()
started = time.process_time()
try:
    read_bytes(data, "big.{kind}")
    refusal = None
except ReportError as exc:
    refusal = str(exc)
print(json.dumps({{
    "bytes": len(data),
    "refusal": refusal,
    "base_mb": base,
    "peak_mb": peak_mb(),
    "cpu": time.process_time() - started,
}}))
"""


def read_in_child(kind: str, size: int) -> dict[str, object]:
    code = CHILD.format(
        root=str(ROOT), size=size, kind=kind, build=textwrap.dedent(BUILD[kind]).strip()
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


LIMITS = {
    "text": MAX_TEXT_BYTES,
    "html": MAX_HTML_BYTES,
    "xlsx": MAX_CONTENT_PART_BYTES,
}


@pytest.mark.parametrize("kind", sorted(LIMITS))
def test_the_biggest_accepted_input_reads_within_the_memory_bound(kind: str) -> None:
    result = read_in_child(kind, LIMITS[kind] - 1)
    assert result["refusal"] is None or "超过上限" not in str(result["refusal"]), result
    assert float(str(result["peak_mb"])) < MAX_PEAK_MB, result


@pytest.mark.parametrize("kind", sorted(LIMITS))
def test_one_byte_over_the_limit_is_refused_before_it_is_parsed(kind: str) -> None:
    result = read_in_child(kind, LIMITS[kind] + 1)
    assert "超过上限" in str(result["refusal"]) or "过长" in str(result["refusal"]), result
    assert float(str(result["cpu"])) < 1, result
