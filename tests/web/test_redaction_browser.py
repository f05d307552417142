"""In headless Chromium: a clerk uploads a real report to a case, draws a box on a page image
(the static drawing script fills in the coordinates), marks a phrase on every page and releases
the document; the released PDF holds none of the marked text."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pymupdf

from gongkai.redaction import pdf
from gongkai.redaction.models import Redaction
from gongkai.redaction.services import read
from tests.web.browser import MARKS, click_to_page, log_in, new_page
from tests.web.requests_fixtures import register, use_private_dir

pytestmark = MARKS
DATA = Path(__file__).parents[1] / "data"


def test_it_draws_marks_and_releases_the_document(
    transactional_db: Any,
    live_server: Any,
    browser: Any,
    settings: Any,
    tmp_path: Any,
    operator: Any,
    agency_a: Any,
    clerk_a: Any,
) -> None:
    use_private_dir(settings, tmp_path / "private")
    application, _ = register(operator, agency_a, date(2026, 2, 2))
    page = new_page(browser, width=1400, height=1000)
    log_in(page, live_server, clerk_a.username)
    page.goto(f"{live_server.url}/requests/{application.pk}/")
    click_to_page(page, "#redaction-link")
    page.set_input_files("#id_file", str(DATA / "hongze-district-2023.pdf"))
    click_to_page(page, "#redaction-start button")
    image = page.locator("#page-image")
    image.evaluate("img => img.complete || new Promise(r => img.onload = r)")
    box = image.bounding_box()
    # Drag over the title block: from 25%/10% to 75%/16% of the rendered page.
    page.mouse.move(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.10)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.16, steps=5)
    page.mouse.up()
    x0, y0 = float(page.input_value("#id_x0")), float(page.input_value("#id_y0"))
    x1, y1 = float(page.input_value("#id_x1")), float(page.input_value("#id_y1"))
    assert abs(x0 - 595 * 0.25) < 4 and abs(x1 - 595 * 0.75) < 4
    assert abs(y0 - 842 * 0.10) < 4 and abs(y1 - 842 * 0.16) < 4
    page.select_option("#area-form select[name=ground]", "withheld.process_information")
    click_to_page(page, "#area-form button")
    page.wait_for_selector("text=已标记第 1 页上的区域")
    page.fill("#id_phrase", "hzzwgk@126.com")
    page.select_option("#phrase-form select[name=ground]", "withheld.third_party_rights")
    click_to_page(page, "#phrase-form button")
    page.wait_for_selector("text=已标记“hzzwgk@126.com”")
    click_to_page(page, "#release")
    page.wait_for_selector("#released-link")
    redaction = Redaction.objects.get()
    released = read(redaction.released)
    assert "hzzwgk@126.com" not in pdf.text_of(released)
    title_block = pymupdf.open(stream=released)[0].get_text(clip=(x0, y0, x1, y1))
    assert not title_block.strip()
    assert "洪泽区人民政府" in pymupdf.open(stream=read(redaction.original))[0].get_text()
