"""The HTML reader reads every test page exactly as it did before it was made faster (issue 21):
the same canonical JSON, warnings and sources (table, row and column of every value) included,
as recorded in ``tests/data/html-read/``."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from gongkai.report import canonical
from gongkai.report.readers import read_bytes

DATA = Path(__file__).parent / "data"
RECORDED = DATA / "html-read"
SHANGHAI = (DATA / "shanghai-gov-office-2019.html").read_bytes()
WRITTEN = sorted(p.name for p in RECORDED.glob("*.html"))

# Edits of the real page that the reader reads as the page itself: its tables cut from the
# marked text or cell by cell from the tree, its charset declared.
EDITS: dict[str, Callable[[bytes], bytes]] = {
    "bare": lambda page: page,
    "portal": lambda page: (
        b"<html><head><title>x</title></head><body><div>nav</div>" + page + b"</body></html>"
    ),
    "no-cell-end-tags": lambda page: page.replace(b"</td>", b""),
    "no-row-end-tags": lambda page: page.replace(b"</tr>", b""),
    "upper-case": lambda page: re.sub(
        rb"</?(td|tr|table|p|div)\b", lambda match: match.group().upper(), page
    ),
    "caption": lambda page: page.replace(b"<tr", b"<caption>cap</caption><tr", 1),
    "gbk": lambda page: page.decode("utf-8").replace("utf-8", "gbk").encode("gb18030"),
}


@pytest.mark.parametrize("edit", EDITS)
def test_the_reader_reads_the_real_page_as_recorded(edit: str) -> None:
    recorded = (RECORDED / "shanghai-gov-office-2019.json").read_text("utf-8")
    assert canonical.dumps(read_bytes(EDITS[edit](SHANGHAI), "page.html")) == recorded


def test_the_reader_reads_a_page_holding_its_own_cell_mark_as_recorded() -> None:
    page = SHANGHAI.replace(b"</p>", "\ue01e</p>".encode(), 1)
    recorded = (RECORDED / "shanghai-gov-office-2019-marked.json").read_text("utf-8")
    assert canonical.dumps(read_bytes(page, "page.html")) == recorded


def test_every_written_page_has_its_recorded_reading() -> None:
    assert WRITTEN and all((RECORDED / name).with_suffix(".json").exists() for name in WRITTEN)


@pytest.mark.parametrize("name", WRITTEN)
def test_the_reader_reads_a_written_page_as_recorded(name: str) -> None:
    recorded = (RECORDED / name).with_suffix(".json").read_text("utf-8")
    read = canonical.dumps(read_bytes((RECORDED / name).read_bytes(), f"{Path(name).stem}.html"))
    assert read == recorded
