"""``gongkai audit`` keeps nothing per file in its own process: the cross-year cells, the
--json items and the unreadable files wait in temporary files, and what comes back from them is
what the audit printed when it kept everything in memory."""

from __future__ import annotations

import gc
import io
import json
import os
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gongkai.cli import main
from gongkai.commands import audit
from gongkai.report import canonical
from gongkai.report.auditing import SeriesStore, audit_entry, series_report
from gongkai.report.checks import Rule, check_series

DATA = Path(__file__).parent / "data"


def _entries(base: str, count: int, agencies: list[str]) -> list[dict[str, Any]]:
    """``count`` audit entries of a real report, spread over ``agencies`` and years (with a
    repeated year now and then), each its own objects as a worker's answer is."""
    text = json.dumps(audit_entry(canonical.load(DATA / base)), ensure_ascii=False)
    out = []
    for index in range(count):
        entry = json.loads(text)
        entry["agency"] = agencies[index % len(agencies)]
        entry["year"] = 2021 + (index * 7) % 5
        cells = entry["series"]["requests"]["carried_forward"]
        cells["total"] = (cells["total"] or 0) + index % 3
        out.append(entry)
    return out


@pytest.mark.parametrize(
    "agencies",
    [
        ["淮安市洪泽区人民政府", "洪泽区人民政府", "沭阳县人民政府", "淮 安 市 人 民 政 府"],
        # Two longer names end with the short one: it joins neither.
        ["洪泽区人民政府", "淮安市洪泽区人民政府", "江苏省淮安市洪泽区人民政府"],
    ],
)
def test_the_stored_series_finds_what_check_series_finds_in_its_order(
    agencies: list[str],
) -> None:
    entries = [
        *_entries("hongze-district-2023.json", 40, agencies),
        *_entries("shuyang-county-2025.json", 7, agencies[::-1]),
    ]
    expected = check_series([r for e in entries if (r := series_report(e)) is not None])
    assert any(f.rule.value == "R6" for f in expected)
    assert any(f.rule is Rule.DUPLICATE for f in expected)
    with SeriesStore() as store:
        for entry in entries:
            store.add(entry)
        store.check()
        assert list(store.findings()) == [f.to_dict() for f in expected]
        by_agency = sorted(expected, key=lambda f: (f.agency or "", f.year or 0))
        assert list(store.findings_by_agency()) == [f.to_dict() for f in by_agency]
        assert store.errors == sum(f.severity.value == "error" for f in expected)
        assert store.warnings == sum(f.severity.value == "warning" for f in expected)


@pytest.mark.parametrize(
    ("files", "series"),
    [
        ([], []),
        ([{"file": "a", "findings": [], "n": 1.5}], []),
        ([{"file": "一\n二", "findings": [{"x": [1, {}]}]}, {"file": "b"}], [{"rule": "R6"}]),
    ],
)
def test_the_streamed_json_is_what_json_dump_prints(
    files: list[Any], series: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    audit._print_json(iter(files), iter(series))
    expected = json.dumps({"files": files, "cross_year": series}, ensure_ascii=False, indent=2)
    assert out.getvalue() == expected + "\n"


FILES = 3000


@pytest.mark.parametrize("flags", [["-o", "audit.xlsx"], ["--json"]])
def test_the_audit_process_does_not_grow_with_its_files(
    flags: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entries as the workers answer them, for 3,000 files (one in ten unreadable): the memory
    the audit's process holds grows by less than 100 bytes a file between 20 % and 80 % of
    them (it grew by 4 KB a file when it kept each report's cross-year cells)."""
    text = json.dumps(audit_entry(canonical.load(DATA / "hongze-district-2023.json")))
    traced: list[int] = []

    def answers(files: list[str], *args: Any) -> Iterator[audit.Entry]:
        for index, name in enumerate(files):
            if index in (len(files) // 5, len(files) * 4 // 5):
                gc.collect()
                traced.append(tracemalloc.get_traced_memory()[0])
            if index % 10 == 9:
                yield audit.Entry(name, error=f"{name}: 未找到表三")
                continue
            data = json.loads(text)
            data["agency"] = f"第{index // 6}号县人民政府"
            data["year"] = 2019 + index % 6
            yield audit.Entry(name, data=data)

    monkeypatch.setattr(audit, "_read_all", answers)
    monkeypatch.setattr(
        audit, "collect", lambda paths: ([f"{n:05d}.pdf" for n in range(FILES)], [])
    )
    monkeypatch.chdir(tmp_path)
    with open(os.devnull, "w") as devnull:
        monkeypatch.setattr(sys, "stdout", devnull)
        tracemalloc.start()
        try:
            assert main(["audit", "reports", *flags]) == 2
        finally:
            tracemalloc.stop()
    growth = (traced[1] - traced[0]) / (FILES * 3 // 5)
    assert growth < 100, f"{growth:.0f} bytes a file"
