"""Scanned copies of a PDF for tests and benches: each page rasterised (``pdftoppm``), optionally
turned a little and speckled as a scanner does, and wrapped as an image-only PDF (PyMuPDF), as an
agency's scan of its printed report is."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pymupdf


def scanned(pdf: bytes, dpi: int = 300, *, rotate: float = 0.0, noise: float = 0.0) -> bytes:
    """``rotate``: degrees counter-clockwise; ``noise``: the standard deviation of Gaussian noise
    added to each pixel (0–255 grey levels)."""
    from PIL import Image, ImageChops

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
            if rotate or noise:
                with Image.open(image) as opened:
                    picture = opened.convert("L")
                if rotate:
                    picture = picture.rotate(rotate, Image.Resampling.BICUBIC, fillcolor=255)
                if noise:
                    speckle = Image.effect_noise(picture.size, noise)
                    picture = ImageChops.add(picture, speckle, offset=-128)
                picture.save(image)
            pixels = pymupdf.Pixmap(str(image))
            page = out.new_page(width=pixels.width * 72 / dpi, height=pixels.height * 72 / dpi)
            page.insert_image(page.rect, filename=str(image))
        return bytes(out.tobytes(garbage=3, deflate=True, deflate_images=True))
