"""The bounded worker (gongkai.report.sandbox): each limit stops a job and the refusal names
the file and the limit; the reader's own refusals come through unchanged."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from gongkai.report import sandbox
from gongkai.report.errors import ReportParseError

sys.path.insert(0, str(Path(__file__).parent.parent))
from tests import fuzz_helpers as fz

DATA = Path(__file__).parent / "data"


def _big_page() -> bytes:
    """A page of table rows just under the HTML limit: about 4 s of CPU to read."""
    d = fz.seeds()["shanghai-gov-office-2019.html"]
    at, fill = d.find(b"<table"), b"<tr><td>1</td></tr>"
    rows = fill * ((6 * 1024 * 1024 - len(d) - 100) // len(fill))
    return d[:at] + b"<table>" + rows + b"</table>" + d[at:]


def test_it_reads_a_report_in_a_child_within_the_memory_bound() -> None:
    data = (DATA / "huaian-city-2024.pdf").read_bytes()
    outcome = sandbox.run("report_bytes", data, "huaian.pdf")
    assert outcome.result["agency"] == "淮安市人民政府"
    assert 0 < outcome.peak_mb < 512


def test_the_readers_refusal_comes_through_with_where() -> None:
    with pytest.raises(ReportParseError) as refused:
        sandbox.read_bytes(b"\x00\x01binary", "junk.bin")
    assert not isinstance(refused.value, sandbox.WorkerRefused)
    assert refused.value.file == "junk.bin" and "二进制" in str(refused.value)


def test_the_memory_limit_stops_the_child() -> None:
    data = (DATA / "huaian-city-2024.pdf").read_bytes()
    with pytest.raises(sandbox.WorkerRefused) as refused:
        sandbox.read_bytes(data, "huaian.pdf", sandbox.Limits(memory_mb=60))
    assert refused.value.limit in {"memory", "crash"}
    assert str(refused.value).startswith("huaian.pdf: ") and "60 MB" in str(refused.value)


@pytest.mark.parametrize(
    ("limits", "limit", "words"),
    [
        (sandbox.Limits(cpu_seconds=1), "cpu", "CPU 时间"),
        (sandbox.Limits(wall_seconds=2), "time", "时限"),
    ],
)
def test_the_cpu_and_wall_clock_limits_stop_the_child(
    limits: sandbox.Limits, limit: str, words: str
) -> None:
    started = time.monotonic()
    with pytest.raises(sandbox.WorkerRefused) as refused:
        sandbox.read_bytes(_big_page(), "big.html", limits)
    assert refused.value.limit == limit and words in str(refused.value)
    assert str(refused.value).startswith("big.html: ")
    assert time.monotonic() - started < 30


def test_a_job_that_finds_no_free_worker_is_refused_as_busy() -> None:
    sandbox.set_workers(1)
    slots = sandbox._slots
    slots.acquire()
    try:
        with pytest.raises(sandbox.WorkerRefused) as refused:
            sandbox.read_bytes(b"{}", "a.json", sandbox.Limits(wall_seconds=0.2))
        assert refused.value.limit == "busy"
    finally:
        slots.release()
        sandbox.set_workers(2)


def test_the_figures_import_reads_sheet_rows_in_the_worker() -> None:
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["年度", "项目", "栏目", "数值"])
    book.active.append([2025, "行政许可", "本年处理决定数量", 12])
    out = io.BytesIO()
    book.save(out)
    rows = sandbox.sheet_rows(out.getvalue(), "figures.xlsx")
    assert rows == [["年度", "项目", "栏目", "数值"], [2025, "行政许可", "本年处理决定数量", 12]]


def test_a_batch_reads_many_files_in_one_child_each_checked() -> None:
    names = [str(DATA / "shanghai-gov-office-2019.html"), str(DATA / "pingtan-2022.txt")] * 2
    with sandbox.Batch("audit_path", sandbox.Limits(wall_seconds=60)) as batch:
        results = [batch.run(name).result for name in names]
        pid = batch._process.pid
        assert batch.run(names[0]).result == results[0]
        assert batch._process.pid == pid  # the same child answered every file
    assert results[0]["agency"] == "上海市人民政府办公厅" and results[0] == results[2]
    assert results[1]["format"] in {"2019", "2021"} and isinstance(results[1]["findings"], list)


def test_a_batch_keeps_each_files_own_limits_and_goes_on_after_a_refusal(
    tmp_path: Path,
) -> None:
    big = tmp_path / "big.html"
    big.write_bytes(_big_page())
    page, junk = str(DATA / "shanghai-gov-office-2019.html"), tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01binary")
    cases = [
        (sandbox.Limits(cpu_seconds=1, wall_seconds=60), "cpu", "CPU 时间"),
        (sandbox.Limits(wall_seconds=2), "time", "时限"),
    ]
    for limits, limit, words in cases:
        with sandbox.Batch("audit_path", limits) as batch:
            # The CPU the child spent on earlier files does not count against the next one.
            for _ in range(3):
                batch.run(page)
            with pytest.raises(ReportParseError) as reader_refused:
                batch.run(str(junk))
            assert not isinstance(reader_refused.value, sandbox.WorkerRefused)
            assert "二进制" in str(reader_refused.value)
            started = time.monotonic()
            with pytest.raises(sandbox.WorkerRefused) as refused:
                batch.run(str(big))
            assert refused.value.limit == limit and words in str(refused.value)
            assert str(refused.value).startswith(f"{big}: ")
            assert time.monotonic() - started < 30
            assert batch._process is None  # the child that hit a limit is gone
            assert batch.run(page).result["agency"] == "上海市人民政府办公厅"


def test_a_batch_holds_a_worker_slot_while_its_child_lives() -> None:
    sandbox.set_workers(1)
    try:
        with sandbox.Batch("audit_path") as batch:
            batch.run(str(DATA / "pingtan-2022.txt"))
            with pytest.raises(sandbox.WorkerRefused) as refused:
                sandbox.read_bytes(b"{}", "a.json", sandbox.Limits(wall_seconds=0.2))
            assert refused.value.limit == "busy"
        sandbox.read_bytes(
            (DATA / "hongze-district-2023.json").read_bytes(), "a.json"
        )  # the slot is free again once the batch is closed
    finally:
        sandbox.set_workers(2)


def test_a_batch_reads_names_submitted_ahead_in_order_across_recycled_children(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sandbox, "RECYCLE_FILES", 2)
    names = [str(DATA / "shanghai-gov-office-2019.html"), str(DATA / "pingtan-2022.txt")] * 3
    children = set()
    with sandbox.Batch("audit_path", sandbox.Limits(wall_seconds=60)) as batch:
        expected = [batch.run(name).result for name in names[:2]]
        for name in names:
            batch.submit(name)
        results = []
        while batch.pending:
            children.add(batch._process.pid if batch._process else None)
            results.append(batch.collect().result)
    assert results == expected * 3
    assert len(children - {None}) >= 3  # no child read more than two files


def test_a_file_submitted_ahead_has_its_wall_clock_from_when_the_child_started_it() -> None:
    page = str(DATA / "shanghai-gov-office-2019.html")
    with sandbox.Batch("audit_path", sandbox.Limits(wall_seconds=60)) as batch:
        batch.submit(page)
        batch.submit(page)
        sent = time.monotonic()
        batch.collect()
        # The second file's limit runs from the first one's answer, not from its sending.
        assert sent < batch._started <= time.monotonic()
        batch.collect()


def test_names_waiting_behind_a_refused_file_go_to_the_next_child(tmp_path: Path) -> None:
    big = tmp_path / "big.html"
    big.write_bytes(_big_page())
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01binary")
    page = str(DATA / "shanghai-gov-office-2019.html")
    with sandbox.Batch("audit_path", sandbox.Limits(cpu_seconds=1, wall_seconds=60)) as batch:
        for name in (page, str(big), page, str(junk), page):
            batch.submit(name)
        assert batch.collect().result["agency"] == "上海市人民政府办公厅"
        first = batch._process.pid
        with pytest.raises(sandbox.WorkerRefused) as refused:
            batch.collect()
        assert refused.value.limit == "cpu" and str(refused.value).startswith(f"{big}: ")
        assert batch.collect().result["agency"] == "上海市人民政府办公厅"
        assert batch._process.pid != first  # a new child read what was waiting
        with pytest.raises(ReportParseError) as reader_refused:
            batch.collect()
        assert not isinstance(reader_refused.value, sandbox.WorkerRefused)
        assert batch.collect().result["agency"] == "上海市人民政府办公厅"
        assert batch.pending == 0


def test_a_batch_keeps_only_a_few_names_in_its_childs_pipe() -> None:
    """However many names are submitted: a pipe full of names to a child that waits to send an
    answer nobody reads would stop both."""
    names = [str(DATA / "pingtan-2022.txt")] * (sandbox.PIPELINE * 3)
    with sandbox.Batch("audit_path", sandbox.Limits(wall_seconds=60)) as batch:
        for name in names:
            batch.submit(name)
        results = []
        while batch.pending:
            assert len(batch._sent) <= sandbox.PIPELINE
            results.append(batch.collect().result)
    assert len(results) == len(names) and all(r == results[0] for r in results)
