"""Word 97, WPS, Excel 97 and ET files of the real reports, made at test time by LibreOffice from
the project's own DOCX and XLSX outputs (not stored: a .doc is 70 KB a report).

A ``.wps`` is Kingsoft WPS 文字's Word-97-compatible format: here it is LibreOffice's "MS Word
97" export saved under the .wps name, as WPS Office saves a .wps. Likewise an ``.et`` is the
"MS Excel 97" (BIFF8) export under the .et name.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from gongkai.report import canonical
from gongkai.report.writers import render

DATA = Path(__file__).parent / "data"
REPORTS = sorted(p.stem for p in DATA.glob("*.json"))


def soffice_missing() -> bool:
    return shutil.which("soffice") is None


def make_office_files(folder: Path) -> Path:
    """Every real report as .doc/.wps/.xls/.et in ``folder``: one LibreOffice run per format."""
    sources = folder / "sources"
    sources.mkdir()
    for name in REPORTS:
        report = canonical.load(DATA / f"{name}.json")
        for suffix in ("docx", "xlsx"):
            (sources / f"{name}.{suffix}").write_bytes(render(report, suffix).content)
    for made, export in (("doc", "doc:MS Word 97"), ("xls", "xls:MS Excel 97")):
        subprocess.run(
            [
                "soffice",
                "--headless",
                "--norestore",
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                "--convert-to",
                export,
                "--outdir",
                str(folder),
                *sorted(str(p) for p in sources.glob("*.docx" if made == "doc" else "*.xlsx")),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    for name in REPORTS:
        shutil.copyfile(folder / f"{name}.doc", folder / f"{name}.wps")
        shutil.copyfile(folder / f"{name}.xls", folder / f"{name}.et")
    return folder
