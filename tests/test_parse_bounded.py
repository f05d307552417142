"""``gongkai parse`` on hostile files (built at test time): each is refused with exit code 2 and
one line naming the file, within 20 s, and no process of the command — the fork server and the
reading child included — reaches 512 MB. In the bounded worker (the default) and in-process
(``--trusted``: the readers' own bounds alone)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.hostile import HOSTILE
from tests.proctree import TreePeak

GONGKAI = Path(sys.executable).parent / "gongkai"
DATA = Path(__file__).parent / "data"
MAX_PEAK_MB = 512
MAX_SECONDS = 20


def _parse(folder: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], float, float]:
    env = {"PATH": os.environ["PATH"], "HOME": str(folder), "LANG": "C.UTF-8"}
    started = time.monotonic()
    process = subprocess.Popen(
        [str(GONGKAI), "parse", *args],
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with TreePeak(process.pid) as watch:
        out, err = process.communicate(timeout=120)
    done = subprocess.CompletedProcess(process.args, process.returncode, out, err)
    return done, time.monotonic() - started, watch.peak_mb


@pytest.mark.parametrize("mode", ["bounded", "trusted"])
@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_it_refuses_a_hostile_file_in_one_line_within_the_bounds(
    kind: str,
    mode: str,
    hostile_dir: Path,
    tmp_path: Path,
) -> None:
    name = HOSTILE[kind][0]
    (tmp_path / name).write_bytes((hostile_dir / name).read_bytes())
    flags = ["--trusted"] if mode == "trusted" else []
    done, seconds, peak = _parse(tmp_path, *flags, name)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and name in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert seconds < MAX_SECONDS, (seconds, done.stderr)
    assert peak < MAX_PEAK_MB, (peak, done.stderr)


def test_the_bounded_read_gives_what_the_in_process_read_gives(tmp_path: Path) -> None:
    for name in ("huaian-city-2024.pdf", "shanghai-gov-office-2019.html"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
        bounded, _, peak = _parse(tmp_path, name)
        trusted, _, _ = _parse(tmp_path, "--trusted", name)
        assert bounded.returncode == trusted.returncode == 0, bounded.stderr
        assert bounded.stdout == trusted.stdout
        assert peak < MAX_PEAK_MB


def test_check_and_audit_refuse_every_hostile_file_and_go_on(
    hostile_dir: Path, tmp_path: Path
) -> None:
    names = sorted(name for name, _ in HOSTILE.values())
    for name in names:
        (tmp_path / name).write_bytes((hostile_dir / name).read_bytes())
    (tmp_path / "good.json").write_bytes((DATA / "hongze-district-2023.json").read_bytes())
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    for command in (
        ["check", "--json", *names, "good.json"],
        ["audit", "--json", "--jobs", "2", "."],
    ):
        started = time.monotonic()
        process = subprocess.Popen(
            [str(GONGKAI), *command],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        with TreePeak(process.pid) as watch:
            out, err = process.communicate(timeout=300)
        assert process.returncode == 2, err
        assert time.monotonic() - started < MAX_SECONDS * 3
        assert watch.peak_mb < MAX_PEAK_MB
        for name in names:
            assert name in out, (name, out[-2000:])
        assert "洪泽区" in out and "Traceback" not in err
