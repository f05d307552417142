"""Scanned copies of a PDF for tests: each page rasterised (``pdftoppm``) and wrapped as an
image-only PDF (PyMuPDF), as an agency's scan of its printed report is."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pymupdf


def scanned(pdf: bytes, dpi: int = 300) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source), f"{folder}/page"],
            check=True,
            timeout=120,
        )
        out = pymupdf.open()
        for image in sorted(Path(folder).glob("page-*.png")):
            pixels = pymupdf.Pixmap(str(image))
            page = out.new_page(width=pixels.width * 72 / dpi, height=pixels.height * 72 / dpi)
            page.insert_image(page.rect, filename=str(image))
        return bytes(out.tobytes(garbage=3, deflate=True, deflate_images=True))
