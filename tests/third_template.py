"""A throw-away third template, to show that every part of the code follows the registry.

A copy of the 2021 template for reports on 2027 and later, with one row more under
（六）其他处理: the kind of change the 政务公开办 makes when it revises the format.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from gongkai.report import formats
from gongkai.report.formats import Format, Table, Template, template
from gongkai.report.formats.common import OTHER_GROUP, request_row

KEY = "2027"
FIRST_YEAR = 2027
EXTRA = request_row("other.referred", "4.已转交有权机关办理、本机关不再处理", OTHER_GROUP)


def third() -> tuple[Template, Template]:
    """The revised 2021 template (closed at 2026) and the new one."""
    f2021 = template(Format.F2021)
    rows = list(f2021.requests.rows)
    at = rows.index(f2021.requests.row("other.other")) + 1
    requests = Table("requests", "三", f2021.requests.title, (*rows[:at], EXTRA, *rows[at:]))
    tables = tuple(requests if t.key == "requests" else t for t in f2021.tables)
    new = dataclasses.replace(
        f2021,
        key=KEY,
        name="2027 版（测试用）",
        first_year=FIRST_YEAR,
        tables=tables,
        result_rows=(*f2021.result_rows, EXTRA.key),
        signatures=(*f2021.signatures, "已转交有权机关办理"),
        collapses=tuple(dataclasses.replace(c, rows=(*c.rows, EXTRA.key)) for c in f2021.collapses),
    )
    return dataclasses.replace(f2021, last_year=FIRST_YEAR - 1), new


@pytest.fixture
def third_template(monkeypatch: pytest.MonkeyPatch) -> Iterator[Template]:
    closed, new = third()
    registry = {KEY: new, **formats.TEMPLATES, Format.F2021.value: closed}
    monkeypatch.setattr(formats, "TEMPLATES", registry)
    yield new
