"""The readers' own bounds on hostile containers (issue 15), in-process: what the bounded worker
would stop anyway is refused first by the reader, with a message saying what was too large."""

from __future__ import annotations

import io
import os
import zipfile

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
