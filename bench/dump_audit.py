"""Print an audit workbook (and, with ``--json FILE``, the audit's JSON) in a canonical text form,
so that two audits of the same files can be compared with ``diff`` — every sheet's title, column
widths, frozen panes, filter, and every cell's value, type and style.

Run by hand: ``.venv/bin/python bench/dump_audit.py audit.xlsx [--json audit.json] > dump.txt``.
File names are printed relative to ``--root`` (when given), so audits made in different folders
compare equal.
"""

from __future__ import annotations

import argparse
import json
import sys

from openpyxl import load_workbook


def _style(cell: object) -> tuple[object, ...]:
    font = cell.font  # type: ignore[attr-defined]
    fill = cell.fill  # type: ignore[attr-defined]
    alignment = cell.alignment  # type: ignore[attr-defined]
    return (
        font.b,
        font.color.rgb if font.color is not None else None,
        fill.fill_type,
        fill.fgColor.rgb if fill.fill_type else None,
        alignment.vertical,
        alignment.wrap_text,
        cell.quotePrefix,  # type: ignore[attr-defined]
        cell.number_format,  # type: ignore[attr-defined]
    )


def dump_workbook(path: str, root: str) -> None:
    book = load_workbook(path)
    for sheet in book.worksheets:
        print(f"== {sheet.title} freeze={sheet.freeze_panes} filter={sheet.auto_filter.ref}")
        widths = {k: v.width for k, v in sorted(sheet.column_dimensions.items()) if v.width}
        print(f"widths {widths}")
        for row in sheet.iter_rows():
            cells = []
            for cell in row:
                value = cell.value
                if isinstance(value, str) and root:
                    value = value.replace(root, "<root>")
                cells.append((value, cell.data_type, _style(cell)))
            print(repr(cells))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("workbook")
    parser.add_argument("--json")
    parser.add_argument("--root", default="")
    args = parser.parse_args()
    dump_workbook(args.workbook, args.root)
    if args.json:
        with open(args.json, encoding="utf-8") as f:
            text = f.read()
        if args.root:
            text = text.replace(json.dumps(args.root)[1:-1], "<root>")
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
