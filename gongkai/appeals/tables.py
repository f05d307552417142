"""Table 四 (政府信息公开行政复议、行政诉讼情况) from the cases, for any year.

Counting rule: every case filed in the year, in the row of its kind and route, under its result
as it stood on 31 December of that year — a case decided later counts as 尚未审结. That makes the
table for a past year reproducible whatever happened since; a case is counted in one year only.
"""

from __future__ import annotations

from datetime import date

from gongkai.agencies.models import Agency
from gongkai.appeals.models import Case, Result
from gongkai.report.formats import tables_for_year
from gongkai.report.model import TableData


def appeals_table(agency: Agency, year: int) -> TableData:
    rows = tables_for_year(year).appeals.rows
    data: TableData = {row.key: {column.key: 0 for column in row.columns} for row in rows}
    end = date(year, 12, 31)
    for case in Case.objects.filter(agency=agency, filed_on__year=year):
        decided = case.result != Result.PENDING and case.decided_on and case.decided_on <= end
        column = case.result if decided else Result.PENDING
        row = data[case.table_row]
        row[str(column)] = int(row[str(column)] or 0) + 1
        row["total"] = int(row["total"] or 0) + 1
    return data
