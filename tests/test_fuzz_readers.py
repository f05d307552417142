"""Readers under attack: every mutated real report either reads into a report that round-trips
through canonical JSON and that ``check_report`` accepts, or is refused with one line naming the
file — never another exception — within a time and memory bound per file.

The mutated cases come from a fixed seed per test (``random.Random``) and hypothesis runs
derandomized, so CI sees the same cases every run. ``bench/fuzz_readers.py`` runs many more.
Cases run here: 14 seeds × 6 rounds of cheap mutations (84), 3 PDF seeds × 4 cases (12), the 11 named attacks
below, and 200 hypothesis examples — 307 in all.
"""

from __future__ import annotations

import json
import random
import time

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from gongkai.report.errors import ReportParseError
from gongkai.report.readers import read_bytes
from tests import fuzz_helpers as fz

CHEAP_SEEDS = [name for name in fz.seeds() if not name.endswith(".pdf")]


@pytest.mark.parametrize("seed", CHEAP_SEEDS)
def test_it_reads_or_cleanly_refuses_mutated_reports(seed: str) -> None:
    rng = random.Random(f"fuzz-{seed}")
    for _ in range(6):
        data, how = fz.mutate(seed, rng, rounds=rng.randint(1, 2))
        fz.read_case(data, f"{seed}~{how}")


# A real report reads in about 0.6 CPU seconds; a damaged one may cost pdfminer's salvage of up
# to 256 KB of damaged streams (about 1.5 s) on top before the reader's caps refuse it.
PDF_CPU_SECONDS = 4.0


@pytest.mark.parametrize("seed", fz.seed_names("pdf"))
def test_it_reads_or_cleanly_refuses_mutated_pdfs_within_a_cpu_bound(seed: str) -> None:
    rng = random.Random(f"fuzz-{seed}")
    for mutator in (fz.flip_bits, fz.overwrite_bytes, fz.flip_bits, fz.truncate):
        outcome = fz.read_case(mutator(fz.seeds()[seed], rng), f"{seed}~{mutator.__name__}")
        assert outcome.cpu_seconds < PDF_CPU_SECONDS


def refusal(data: bytes, name: str = "attack.bin") -> str:
    outcome = fz.read_case(data, name, trace_memory=len(data) < 2**20)
    assert outcome.refusal is not None, "expected a refusal"
    return outcome.refusal


def test_it_refuses_canonical_json_in_gbk_naming_the_encoding() -> None:
    text = fz.seeds()["shuyang-county-2025.json"].decode("utf-8")
    assert "不是 UTF-8 编码" in refusal(text.encode("gbk"), "gbk.json")


def test_it_refuses_canonical_json_nested_a_hundred_thousand_deep() -> None:
    assert "嵌套过深" in refusal(b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "deep.json")


def test_it_refuses_canonical_json_with_a_million_digit_number() -> None:
    data = json.loads(fz.seeds()["shuyang-county-2025.json"])
    text = json.dumps(data, ensure_ascii=False).replace('"year": 2025', '"year": ' + "9" * 10**6)
    assert "规范 JSON 有误" in refusal(text.encode("utf-8"), "digits.json")


def test_it_takes_a_million_digit_figure_in_a_text_table_for_a_label() -> None:
    data = fz.seeds()["shuyang-county-2025.txt"]
    at = data.find(b"\n1") + 1
    fz.read_case(data[:at] + b"9" * 10**6 + data[at:], "digits.txt")


def test_it_reads_a_legacy_report_with_a_sentence_of_millions_of_characters_quickly() -> None:
    data = fz.seeds()["shenyang-archives-2017.txt"]
    at = len(data) // 2
    outcome = fz.read_case(data[:at] + "件".encode() * 1_000_000 + data[at:], "long.txt")
    assert outcome.cpu_seconds < 5


def test_it_refuses_a_text_report_with_a_ten_megabyte_cell() -> None:
    data = fz.seeds()["yingkou-archives-2020.txt"]
    assert "过长" in refusal(data + b"x" * 10 * 2**20, "huge.txt")


@pytest.mark.parametrize("depth", [20_000, 100_000])
def test_it_refuses_a_web_page_nested_tens_of_thousands_deep_before_parsing(depth: int) -> None:
    data = fz.seeds()["shanghai-gov-office-2019.html"]
    at = data.find(b"<table")
    started = time.process_time()
    outcome = fz.read_case(data[:at] + b"<div><span>" * depth + data[at:], "deep.html")
    assert outcome.refusal is not None and "嵌套" in outcome.refusal
    assert time.process_time() - started < 2  # unguarded, 100,000 levels took minutes


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_it_refuses_a_workbook_or_document_without_its_main_part(kind: str) -> None:
    members = fz._members(fz.seeds()[f"rendered-hongze-2024.{kind}"])
    main = "word/document.xml" if kind == "docx" else "xl/workbook.xml"
    data = fz._rezip([(n + ".old" if n == main else n, b) for n, b in members])
    with pytest.raises(ReportParseError, match="ZIP"):
        read_bytes(data, f"renamed.{kind}")


# At 60 examples the old run "hung": it had found two reader bugs (a damaged UTF-16 text, and
# an XLSX whose canonical JSON did not round-trip), and shrinking plus the explain phase — which
# re-runs every failing read under sys.settrace, line by line — took minutes per failure. The
# bugs are fixed; the explain phase is off so a future failure is reported in seconds.
@settings(
    max_examples=200,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    seed=st.sampled_from(CHEAP_SEEDS),
    cut=st.floats(0, 1),
    junk=st.binary(max_size=64),
    encoding=st.sampled_from(["utf-8", "gbk", "gb18030", "utf-16", "big5"]),
)
def test_any_cut_splice_and_encoding_of_a_real_report_reads_or_is_refused(
    seed: str, cut: float, junk: bytes, encoding: str
) -> None:
    data = fz.seeds()[seed]
    if not seed.endswith((".docx", ".xlsx")):
        data = data.decode("utf-8").encode(encoding, errors="replace")
    at = int(len(data) * cut)
    fz.read_case(data[:at] + junk + data[at:], f"{seed}~{encoding}~{at}")


def test_it_refuses_a_workbook_whose_sheet_is_not_xml_naming_the_file() -> None:
    members = fz._members(fz.seeds()["rendered-hongze-2024.xlsx"])
    data = fz._rezip([(n, b"<<\xff" if n == "xl/workbook.xml" else b) for n, b in members])
    assert "不是可读的 Excel" in refusal(data, "broken.xlsx")


def test_it_reads_or_refuses_a_web_page_with_a_megabyte_row_label_quickly() -> None:
    data = fz.seeds()["rendered-hongze-2024.html"]
    at = data.find(b"<td>", data.find("表三".encode())) + 4
    outcome = fz.read_case(data[:at] + "申请".encode() * 300_000 + data[at:], "label.html")
    assert outcome.cpu_seconds < 5
