"""The readers' own bounds on hostile containers (issue 15), in-process: what the bounded worker
would stop anyway is refused first by the reader, with a message saying what was too large."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from gongkai.report.errors import ReportParseError
from gongkai.report.readers import MAX_XML_PARTS_BYTES, read_bytes
from tests.hostile import assemble


def test_a_page_tree_that_understates_its_count_is_counted_leaf_by_leaf() -> None:
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(200))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count 1 >>",  # says one page, lists 200
        *[b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * 200,
    ]
    with pytest.raises(ReportParseError, match="页数超过 60 页"):
        read_bytes(assemble(objects), "lying.pdf")


def test_every_xml_part_of_a_docx_counts_toward_the_bound() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        # Incompressible, so no ratio rule catches it: only its inflated size does.
        archive.writestr("word/styles.xml", os.urandom(MAX_XML_PARTS_BYTES // 2).hex())
    with pytest.raises(ReportParseError, match="样式、编号等"):
        read_bytes(out.getvalue(), "styles.docx")


def test_pictures_do_not_count_toward_the_xml_bound() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        archive.writestr("word/media/image1.png", os.urandom(MAX_XML_PARTS_BYTES + 1))
    with pytest.raises(ReportParseError) as refused:
        read_bytes(out.getvalue(), "picture.docx")
    assert "样式" not in str(refused.value) and "超过上限" not in str(refused.value)


def _in_a_child(code: str) -> str:
    """What ``code`` prints, run in a child with a time-out: the backtracking the tests below
    guard against does not end in any time a test could wait for (forty spaces took minutes),
    while each read takes milliseconds to a second."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parent.parent,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


_HOSTILE_DATES = r"""
import sys
from gongkai.report.readers import read_bytes
from gongkai.report.readers.document import page_published

for label in ("发布日期", "公开日期", "发布时间", "成文日期"):
    for gap in (" ", "\t", "\u3000", " <b> ", "：  "):
        assert page_published(label + gap * 3000 + "x") is None
    # The date is still found behind whitespace that no longer backtracks.
    assert page_published(label + "：" + " " * 300 + "2024-01-17") == "2024-01-17"
page = ("<html><body><p>发布日期" + " " * 5000 + "</p><table><tr><td>x</td></tr></table>"
        "</body></html>").encode()
try:
    read_bytes(page, "dates.html")
except Exception as error:  # not a report: refused, as any page without table 三
    print(type(error).__name__)
"""


def test_a_date_label_followed_by_long_whitespace_is_read_in_linear_time() -> None:
    assert _in_a_child(_HOSTILE_DATES).strip() == "ReportParseError"


_HOSTILE_CLAUSES = r"""
from gongkai.report.readers import read_bytes

# A pre-2019 report whose sentences repeat a verb of receiving and never state a count.
clause = "本机关" + "受理政府信息公开申请" * 180 + "。"
text = "某某局2016年政府信息公开工作年度报告\n一、概述\n" + (clause + "\n") * 20
report = read_bytes(text.encode(), "clauses.txt")
print(report.format, len(report.legacy_figures))
"""


def test_a_free_text_clause_repeating_a_verb_is_read_in_reasonable_time() -> None:
    assert _in_a_child(_HOSTILE_CLAUSES).split() == ["legacy", "0"]


_HOSTILE_SENTENCES = r"""
from gongkai.report.readers import read_bytes

# Sentences just under the length searched for figures, each a clause of no count that a clause
# pattern would try from each of its characters (2 MB of them: two minutes that way, here about
# a second). The last kind ends in a count, found.
kinds = ["受理" * 995, "公开信息" + "a" * 1986, "数量" * 994 + "：1", "接待" + "1x" * 994,
         "公开" + "x" * 1986 + "1条"]
text = "某某局2016年政府信息公开工作年度报告\n一、概述\n" + "".join(
    (kind[:1990] + "。") * 200 for kind in kinds)
report = read_bytes(text.encode(), "sentences.txt")
print(report.format, len(text), len(report.legacy_figures))
"""


def test_long_sentences_without_counts_are_read_in_linear_time() -> None:
    assert _in_a_child(_HOSTILE_SENTENCES).split() == ["legacy", "1991026", "200"]
