"""Rows read from their texts are matched through one cached answer per row shape (the
template, the row's labels, the group a lone label is under): the cached answer is the one the
row's labels give under its group."""

from __future__ import annotations

import dataclasses

from gongkai.report.formats import Format, Table, template
from gongkai.report.readers.cells import TextRow
from gongkai.report.readers.tables import read_tables

LABEL = "1.属于国家秘密"


def test_a_lone_label_is_read_under_its_own_group_each_time() -> None:
    # A template whose label repeats under two groups (as a revised one may print it).
    f2021 = template(Format.F2021)
    renamed = [
        dataclasses.replace(row, label=LABEL, variants=())
        if row.group.endswith("无法提供") and row.label.startswith("1.")
        else row
        for row in f2021.requests.rows
    ]
    requests = Table("requests", "三", f2021.requests.title, tuple(renamed))
    fmt = dataclasses.replace(
        f2021, tables=tuple(requests if t.key == "requests" else t for t in f2021.tables)
    )
    first, second = (row for row in requests.rows if row.label == LABEL)
    assert first.group != second.group
    numbers = [str(n) for n in range(1, 8)]
    under_first = [
        TextRow([first.group, "2.其他法律行政法规禁止公开", *numbers], 1, 1),
        TextRow([LABEL, *numbers[::-1]], 1, 2),
    ]
    under_second = [
        TextRow([second.group, "2.没有现成信息需要另行制作", *numbers], 1, 1),
        TextRow([LABEL, *numbers], 1, 2),
    ]
    # Read apart, and twice (the second time from the cached answers): each reading has one
    # group's row only, so that nothing but the group tells them apart.
    for _ in range(2):
        read = read_tables(under_first, fmt).tables["requests"]
        assert list(read[first.key].values()) == list(range(7, 0, -1))
        assert set(read[second.key].values()) == {None}
        read = read_tables(under_second, fmt).tables["requests"]
        assert list(read[second.key].values()) == list(range(1, 8))
        assert set(read[first.key].values()) == {None}
