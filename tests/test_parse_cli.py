"""``gongkai parse``: a published report in, canonical JSON out; bad input, one line out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.cli import main
from gongkai.report import canonical

DATA = Path(__file__).parent / "data"


def test_it_prints_the_canonical_json_of_a_pdf(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(DATA / "huaian-city-2024.pdf")]) == 0
    out = capsys.readouterr().out
    report = canonical.loads(out)
    assert (report.agency, report.year) == ("淮安市人民政府", 2024)
    assert json.loads(out)["sources"]["requests/new/total"]["page"] == 4


def test_it_writes_the_json_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "yingkou.json"
    assert main(["parse", str(DATA / "yingkou-archives-2020.txt"), "-o", str(out)]) == 0
    assert canonical.load(out).format == "2019"
    # The reader's warnings are shown to the person who ran the command.
    assert "五、存在的主要问题" in capsys.readouterr().err


def test_it_can_leave_the_sources_out(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--no-sources", str(DATA / "yingkou-archives-2020.txt")]) == 0
    assert "sources" not in json.loads(capsys.readouterr().out)


def test_it_says_in_one_line_why_a_file_is_not_a_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "minutes.txt"
    path.write_text("会议纪要\n今天开会。\n", encoding="utf-8")
    assert main(["parse", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err and "未找到表三" in err
    assert "Traceback" not in err


def test_its_help_has_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["parse", "--help"])
    assert "gongkai parse tests/data/huaian-city-2024.pdf" in capsys.readouterr().out
