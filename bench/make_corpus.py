"""Write a mixed corpus of N annual reports for ``gongkai audit`` benchmarks.

Run by hand: ``.venv/bin/python bench/make_corpus.py OUT_DIR -n 10000``.

The mix is the one measured on real audits: of every 2,600 files, 2,000 are web pages and 200
each PDF, DOCX and XLSX. Every file is one of the real reports in tests/data (2019 and 2021
formats) varied:

* its figures multiplied by a factor (1–6) throughout — tables 二, 三 and 四 and the counts the
  总体情况 prose states — so that it still adds up; about one file in seven then has one cell
  of table 三 off by one (an inconsistent report, found by rules 1–3);
* its agency renamed (each six files share one, so the cross-year rules have pairs to compare);
* web pages laid out in turn as the project's HTML writer prints them, inside a portal page
  (navigation around the report), re-encoded as GBK, or saved as a crawler saves a page's text
  (``.txt``, in one of the layouts of tests/layouts.py, each with its crawler header);
* PDF, DOCX and XLSX by the project's own writers. Writing them is slow (a PDF about a second,
  DOCX and XLSX a few tenths), so at most ``--unique-pdf`` (default 60) PDFs and
  ``--unique-office`` (default 200) DOCX and XLSX each are written and the rest are copies of
  them, renamed (a 10,000-file corpus takes a few minutes).

The same N and seed give the same corpus, byte for byte.
"""

from __future__ import annotations

import argparse
import copy
import random
import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gongkai.report import canonical
from gongkai.report.model import AnnualReport
from gongkai.report.writers import render
from tests import layouts

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
# Of every 26 files: 20 web pages, 2 each of PDF, DOCX and XLSX.
MIX = ["html"] * 20 + ["pdf", "docx", "xlsx"] * 2
HTML_KINDS = ("writer", "portal", "gbk", "layout")
# The text layouts whose every number is cut where printed (see tests/layouts.AMBIGUOUS).
TEXT_LAYOUTS = sorted(layouts.LAYOUTS)
PLACES = "东西南北中青白红长新"
# A count in prose: digits followed by a unit (years, dates and percentages are left alone).
_PROSE_COUNT = re.compile(r"(\d+)(\s*(?:件|个|条|项|次|人次|家))")


def bases() -> list[AnnualReport]:
    reports = [canonical.load(p) for p in sorted(DATA.glob("*.json"))]
    return [r for r in reports if r.format != "legacy"]


def _scale(value: object, factor: int) -> object:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return value * factor if isinstance(value, int) else round(value * factor, 2)


def varied(base: AnnualReport, index: int, rng: random.Random) -> AnnualReport:
    report = copy.deepcopy(base)
    factor = rng.randint(1, 6)
    for table in (report.proactive, report.requests, report.appeals):
        for cells in table.values():
            for key, value in cells.items():
                cells[key] = _scale(value, factor)  # type: ignore[assignment]
    report.sections = {
        key: _PROSE_COUNT.sub(lambda m: f"{int(m.group(1)) * factor}{m.group(2)}", text)
        for key, text in report.sections.items()
    }
    if rng.random() < 1 / 7:
        row = rng.choice([k for k in report.requests if k != "new"])
        cells = report.requests[row]
        column = rng.choice([k for k, v in cells.items() if isinstance(v, int)] or [None])
        if column is not None:
            cells[column] = int(cells[column] or 0) + 1  # type: ignore[arg-type]
    # Each run of six files (one of each real report) is one county's: the same agency in
    # several years, so that rules 6–8 have pairs to compare (and a duplicate year or two).
    # Named in characters only: the readers take no digits in an agency's name.
    report.agency = "".join(PLACES[int(d)] for d in f"{index // 6:04d}") + "县人民政府"
    report.title = f"{report.agency}{report.year}年政府信息公开工作年度报告"
    report.sources = {}
    report.warnings = []
    return report


def web_page(report: AnnualReport, kind: str, rng: random.Random) -> bytes:
    page = render(report, "html").content
    if kind == "portal":
        nav = "".join(f'<li><a href="/{n}">栏目{n}</a></li>' for n in range(rng.randint(5, 40)))
        return (
            b'<html><head><meta charset="utf-8"><title>portal</title></head><body>'
            b"<div class='nav'><ul>"
            + nav.encode()
            + b"</ul></div><div class='main'>"
            + page
            + "</div><div class='footer'>版权所有 网站标识码</div></body></html>".encode()
        )
    if kind == "gbk":
        text = page.decode("utf-8")
        text = re.sub(r'<meta charset="[^"]*"\s*/?>', "", text, count=1)
        text = text.replace("<head>", '<head><meta charset="gbk">', 1)
        return text.encode("gb18030")
    return page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("-n", type=int, default=2600)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--unique-pdf", type=int, default=60)
    parser.add_argument("--unique-office", type=int, default=200)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    reports = bases()
    written: dict[str, list[Path]] = {"pdf": [], "docx": [], "xlsx": []}
    unique = {"pdf": args.unique_pdf, "docx": args.unique_office, "xlsx": args.unique_office}
    for index in range(args.n):
        kind = MIX[index % len(MIX)]
        report = varied(reports[index % len(reports)], index, rng)
        stem = f"{index:05d}-{report.year}"
        if kind == "html":
            page_kind = HTML_KINDS[(index // len(MIX) + index) % len(HTML_KINDS)]
            if page_kind == "layout":
                layout = TEXT_LAYOUTS[index % len(TEXT_LAYOUTS)]
                text = layouts.LAYOUTS[layout](report)
                if layout not in layouts.WITH_HEADER:
                    text = layouts.crawler_header(report) + text
                (args.out / f"{stem}-{layout}.txt").write_text(text, "utf-8")
            else:
                page = web_page(report, page_kind, rng)
                (args.out / f"{stem}-{page_kind}.html").write_bytes(page)
        elif len(written[kind]) >= unique[kind]:
            done = written[kind]
            shutil.copyfile(done[index % len(done)], args.out / f"{stem}.{kind}")
        else:
            path = args.out / f"{stem}.{kind}"
            path.write_bytes(render(report, kind).content)
            written[kind].append(path)
        if index % 500 == 499:
            print(f"{index + 1} files", file=sys.stderr)
    print(f"{args.n} files in {args.out}")


if __name__ == "__main__":
    main()
