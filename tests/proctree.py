"""The peak resident memory of a process and all its descendants, watched from outside.

Each process's own high-water mark (VmHWM in /proc/PID/status) is read every few milliseconds
while it lives, so the peak between two looks is not missed; a descendant that lives shorter
than one look cannot have grown far. (ru_maxrss would not do: the readers' children are the
fork server's, not the test's, and Linux carries ru_maxrss across exec.)"""

from __future__ import annotations

import os
import threading
from pathlib import Path


def _ppids() -> dict[int, int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def descendants(root: int) -> set[int]:
    parents = _ppids()
    found, grown = {root}, True
    while grown:
        more = {pid for pid, parent in parents.items() if parent in found} - found
        found |= more
        grown = bool(more)
    return found


def high_water_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class TreePeak(threading.Thread):
    """``with TreePeak(pid) as watch: ...``; then ``watch.peak_mb`` (of any one process)."""

    def __init__(self, root: int, every: float = 0.01) -> None:
        super().__init__(daemon=True)
        self.root, self.every = root, every
        self.peaks: dict[int, float] = {}
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            for pid in descendants(self.root):
                self.peaks[pid] = max(self.peaks.get(pid, 0.0), high_water_mb(pid))
            self._done.wait(self.every)

    @property
    def peak_mb(self) -> float:
        return max(self.peaks.values(), default=0.0)

    def __enter__(self) -> TreePeak:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self.join()
