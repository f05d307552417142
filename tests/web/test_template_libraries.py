"""Every page template loads the tag libraries it uses: a tag or filter that is not loaded fails
when the template is compiled, whichever page would have shown it first. The shared tags and
filters (url_kept, iso_date, cn_date, choice_label) are gongkai.lib.web_tags', not an app's."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.template import engines

import gongkai

ROOT = Path(gongkai.__file__).parent
TEMPLATES = sorted(
    p for p in ROOT.rglob("templates/**/*.html") if not any(part == ".venv" for part in p.parts)
)


def _name(path: Path) -> str:
    parts = path.parts
    return "/".join(parts[len(parts) - 1 - parts[::-1].index("templates") + 1 :])


def test_the_templates_are_found() -> None:
    names = {_name(p) for p in TEMPLATES}
    assert {"base.html", "requests/dashboard.html", "catalogue/document_list.html"} <= names


@pytest.mark.parametrize("path", TEMPLATES, ids=_name)
def test_each_template_compiles(path: Path) -> None:
    engines["django"].from_string(path.read_text(encoding="utf-8"))


def test_the_shared_filters_are_no_longer_the_catalogue_s() -> None:
    from gongkai.catalogue.templatetags import catalogue_tags
    from gongkai.lib import web_tags

    shared = {"iso_date", "cn_date", "choice_label"}
    assert shared <= set(web_tags.register.filters)
    assert "url_kept" in web_tags.register.tags
    assert not shared & set(catalogue_tags.register.filters)
    assert "url_kept" not in catalogue_tags.register.tags
