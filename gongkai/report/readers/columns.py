"""Table 三 rows whose run-together numbers the row total leaves open, decided by the columns.

A row such as ``（一）予以公开270020130`` can be 27|0|0|2|0|1|30 or 2|7|0|0|20|1|30: both add
up across. Down the columns, rule 3 (the result rows add up to （七）总计) and rule 2 (本年新收 +
上年结转 = （七）总计 + 结转下年度) hold for one of them only, once the other rows are read. Every
combination of the open rows' readings is tried (a bounded number); exactly one that keeps every
column equation which can be checked is taken, otherwise the rows stay blank.
"""

from __future__ import annotations

from itertools import islice, product

from gongkai.report.model import Cell
from gongkai.report.readers.splitting import Split

MAX_COMBINATIONS = 4096


def _column_holds(rows: dict[str, dict[str, Cell]], results: tuple[str, ...], column: str) -> bool:
    def value(row: str) -> Cell:
        return rows.get(row, {}).get(column)

    parts = [value(row) for row in results if row in rows]
    total = value("result_total")
    known = total is not None and parts and all(v is not None for v in parts)
    if known and sum(v for v in parts if v is not None) != total:
        return False
    sides = [value(r) for r in ("new", "carried_over", "result_total", "carried_forward")]
    if all(v is not None for v in sides):
        new, over, done, forward = (v or 0 for v in sides)
        return new + over == done + forward
    return True


def resolve_by_columns(
    rows: dict[str, dict[str, Cell]],
    open_rows: dict[str, list[Split]],
    results: tuple[str, ...],
    columns: tuple[str, ...],
) -> dict[str, Split] | None:
    """The one reading of each open row that keeps table 三's column rules, else None."""
    if "other" in rows:  # (六) printed as one row: it is a result row too
        results = (*results, "other")
    keys = list(open_rows)
    combos = product(*(open_rows[k] for k in keys))
    fitting: list[tuple[Split, ...]] = []
    for combo in islice(combos, MAX_COMBINATIONS):
        trial = dict(rows)
        for key, split in zip(keys, combo, strict=True):
            trial[key] = dict(zip(columns, split, strict=True))
        if all(_column_holds(trial, results, column) for column in columns):
            fitting.append(combo)
            if len(fitting) > 1:
                return None
    if len(fitting) != 1:
        return None
    return dict(zip(keys, fitting[0], strict=True))
