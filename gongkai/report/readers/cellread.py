"""Each cell of a scanned table read on its own by Tesseract, numbers by a digits-only pass.

A cell's inside (without its rules) is cropped to its ink, given a white margin, and written as
an image; all the cells of a page go to one Tesseract run as a list of images (the language
data is loaded once), each read as a block (``--psm 6``: a label wraps over lines) in Simplified
Chinese. A cell read there without any Chinese character is a number (or a blank mark): the
page's numbers are read again, stacked one under another in one image, with only digits, the
point and the dash allowed, so that a 0 cannot come back as O or 。 nor a 1 as l or |; one the
stack leaves unread is read on its own as a single line (``--psm 7``). Nothing is corrected:
what the digits pass reads is what the page prints, or a misread the consistency rules report
(a cell that reads as no number is left blank with a warning by the recogniser).
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from gongkai.report.errors import ReportParseError
from gongkai.report.readers.ocrgrid import Table

LANGUAGES = "chi_sim+eng"
DIGITS = "0123456789.-"
# Seconds for each Tesseract run over a page's cells (a page of table 三: about 3 s).
CELLS_SECONDS = 60
_INSIDE = 6  # pixels cut off each side of a cell: its rules, even if the page is not quite level
_MARGIN = 16  # white pixels around a cell's text: Tesseract reads poorly up to an image's edge
_TIGHT = 8  # white pixels around a number read on its own
_GAP = 20  # white pixels between the numbers stacked for the digits pass
_MIN_INK = 12  # fewer dark pixels than this is an empty cell (dust)
_DARK = 160
_SMALL = (
    20  # a cell's ink shorter than this (pixels: tiny print) is enlarged twice before it is read
)


# A label's bracketed enumeration that OCR could not read: "（六）" comes back as "A)" or "CS)",
# "（二）" as "(=)". Left there, it hides the label from the recogniser; dropped, the label is
# matched by its words as any label without its enumeration is (formats.strip_enumeration).
# Only a label's enumeration: a number is never changed.
_GARBLED_ENUMERATION = re.compile(r"^[^\u3400-\u9fff\s]{1,4}[)）]\s*(?=[\u3400-\u9fff])")


def _cjk(text: str) -> bool:
    return any("\u3400" <= char <= "\u9fff" for char in text)


def read_cells(
    gray: Any, tables: list[Table], folder: Path, number: int, file: str, deadline: float | None
) -> list[list[str]]:
    """The text of every cell of ``tables`` (in their order), "" for an empty cell."""
    from PIL import ImageOps

    crops: list[tuple[int, int, Any]] = []  # (table, cell, image)
    texts = [["" for _ in table.cells] for table in tables]
    for t, table in enumerate(tables):
        for c, cell in enumerate(table.cells):
            image = _crop(gray, cell.box)
            if image is not None:
                crops.append((t, c, image))
    if not crops:
        return texts
    first = _read_all([image for _, _, image in crops], folder / "cells", number, file, deadline)
    numeric = [i for i, text in enumerate(first) if not _cjk(text)]
    digits = _read_stacked(
        [crops[i][2] for i in numeric], folder / "digits.png", number, file, deadline
    )
    # What the stack left unread (a short number such as 11 can vanish there) is read on its
    # own as one line, in a tighter frame (measured: 8 pixels reads it, 16 does not).
    unread = [i for i, text in zip(numeric, digits, strict=True) if not text.strip()]
    alone = _read_all(
        [ImageOps.crop(crops[i][2], _MARGIN - _TIGHT) for i in unread],
        folder / "alone",
        number,
        file,
        deadline,
        ("-l", "eng", "--psm", "7", "-c", f"tessedit_char_whitelist={DIGITS}"),
    )
    read = dict(zip(numeric, digits, strict=True)) | dict(zip(unread, alone, strict=True))
    for i, text in read.items():
        if text.strip():
            first[i] = text
    for (t, c, _), text in zip(crops, first, strict=True):
        texts[t][c] = _GARBLED_ENUMERATION.sub("", text) if _cjk(text) else text
    return texts


def _crop(gray: Any, box: Any) -> Any:
    """The inside of a cell, trimmed to its ink and framed in white; None when it is empty."""
    import numpy as np
    from PIL import Image, ImageOps

    left, top = box.left + _INSIDE, box.top + _INSIDE
    right, bottom = box.right - _INSIDE, box.bottom - _INSIDE
    if right - left < 4 or bottom - top < 4:
        return None
    inside = gray.crop((left, top, right, bottom))
    dark = np.asarray(inside, dtype=np.uint8) < _DARK
    if int(dark.sum()) < _MIN_INK:
        return None
    rows, columns = np.flatnonzero(dark.any(axis=1)), np.flatnonzero(dark.any(axis=0))
    inked = inside.crop((int(columns[0]), int(rows[0]), int(columns[-1]) + 1, int(rows[-1]) + 1))
    if inked.height < _SMALL:
        inked = inked.resize((inked.width * 2, inked.height * 2), Image.Resampling.LANCZOS)
    return ImageOps.expand(inked, _MARGIN, fill=255)


def _read_stacked(
    images: list[Any], path: Path, number: int, file: str, deadline: float | None
) -> list[str]:
    """The numbers' crops stacked one under another in one image, read as a block with only
    digits allowed: what each line reads is its cell's number ("" where nothing was read).

    A block rather than a line per cell: Tesseract's line model reads a lone digit unreliably
    when it is the whole image (a lone 5 or 0 came back empty depending on a few pixels of
    margin), and reliably as one line of a block (measured on every real report in tests/data).
    """
    from PIL import Image

    if not images:
        return []
    width = max(image.width for image in images) + 2 * _GAP
    height = sum(image.height + _GAP for image in images) + _GAP
    canvas = Image.new("L", (width, height), 255)
    spans = []
    y = _GAP
    for image in images:
        canvas.paste(image, (_GAP, y))
        spans.append((y - _GAP / 2, y + image.height + _GAP / 2))
        y += image.height + _GAP
    canvas.save(path)
    tsv = run_tool(
        [
            "tesseract",
            str(path),
            "-",
            "-l",
            "eng",
            "--psm",
            "6",
            "-c",
            f"tessedit_char_whitelist={DIGITS}",
            "tsv",
        ],
        _seconds(deadline),
        f"第 {number} 页表格数字识别",
        file,
    )
    texts = ["" for _ in images]
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        middle = float(row["top"]) + float(row["height"]) / 2
        for i, (top, bottom) in enumerate(spans):
            if top <= middle < bottom:
                texts[i] += text
                break
    return texts


def _seconds(deadline: float | None) -> float:
    if deadline is None:
        return CELLS_SECONDS
    return max(0.1, min(CELLS_SECONDS, deadline - time.monotonic()))


def _read_all(
    images: list[Any],
    folder: Path,
    number: int,
    file: str,
    deadline: float | None,
    options: tuple[str, ...] = ("-l", LANGUAGES, "--psm", "6"),
) -> list[str]:
    """One Tesseract run over ``images``: the text of each (lines joined by a newline)."""
    if not images:
        return []
    folder.mkdir(exist_ok=True)
    names = []
    for i, image in enumerate(images):
        name = folder / f"{i:04d}.png"
        image.save(name)
        names.append(str(name))
    listing = folder / "list.txt"
    listing.write_text("\n".join(names) + "\n")
    tsv = run_tool(
        ["tesseract", str(listing), "-", *options, "tsv"],
        _seconds(deadline),
        f"第 {number} 页表格文字识别",
        file,
    )
    lines: dict[int, dict[tuple[str, str, str], list[str]]] = defaultdict(dict)
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        page = int(row["page_num"]) - 1
        key = (row["block_num"], row["par_num"], row["line_num"])
        lines[page].setdefault(key, []).append(text)
    return [
        "\n".join(_joined(words) for words in lines.get(i, {}).values()) for i in range(len(images))
    ]


def _joined(words: list[str]) -> str:
    """A line's words: Chinese words run together (Tesseract spaces them unevenly)."""
    text = words[0]
    for word in words[1:]:
        text += word if _cjk(text[-1]) or _cjk(word[0]) else " " + word
    return text


def run_tool(command: list[str], seconds: float, what: str, file: str) -> str:
    """A tool's output, or a refusal naming what it was doing when it failed or ran too long."""
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            timeout=seconds,
            check=False,
            stdin=subprocess.DEVNULL,
            # One thread: Tesseract's OpenMP threads spin on a busy server and gain little.
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "OMP_THREAD_LIMIT": "1"},
        )
    except subprocess.TimeoutExpired:
        raise ReportParseError(f"PDF {what}超过 {seconds:.0f} 秒，不予读取", file=file) from None
    if done.returncode != 0:
        error = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = error[-1] if error else f"退出码 {done.returncode}"
        raise ReportParseError(f"PDF {what}失败（{reason}）", file=file)
    return done.stdout.decode("utf-8", "replace")
