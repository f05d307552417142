"""``gongkai demo --scale N``: the demo catalogue and requests N times over, for load tests."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

import pytest
from django.db import transaction

from gongkai import demo as demo_module
from gongkai.agencies.models import Agency
from gongkai.catalogue.models import DocType, Document, Status
from gongkai.cli import main
from gongkai.demo.catalogue import load_catalogue_demo


class _Rollback(Exception):
    pass


def _catalogue_at_scale(operator: Any, agency: Agency, scale: int) -> tuple[int, int, int]:
    """(documents, distinct 文号, documents no longer in force) after loading six weeks of the
    demo catalogue; rolled back, so each scale starts from the same empty catalogue."""
    with contextlib.suppress(_Rollback), transaction.atomic():
        load_catalogue_demo(operator, [agency], today=date(2024, 2, 15), scale=scale)
        documents = Document.objects.filter(agency=agency).exclude(doc_type=DocType.ANNUAL_REPORT)
        found = (
            documents.count(),
            documents.values("doc_number").distinct().count(),
            documents.exclude(status=Status.IN_FORCE).count(),
        )
        raise _Rollback
    return found


def test_it_writes_scale_documents_on_each_demo_day(operator, agency_a) -> None:
    single, single_numbers, _ = _catalogue_at_scale(operator, agency_a, 1)
    triple, triple_numbers, replaced = _catalogue_at_scale(operator, agency_a, 3)
    assert single > 5
    assert triple == 3 * single
    # Every document keeps its own 文号, and a larger catalogue still has replaced 规范性文件.
    assert (single_numbers, triple_numbers) == (single, triple)
    assert replaced > 0


def test_it_refuses_a_scale_below_one(operator, agency_a) -> None:
    with pytest.raises(ValueError, match="scale"):
        load_catalogue_demo(operator, [agency_a], today=date(2024, 2, 15), scale=0)
    with pytest.raises(ValueError, match="scale"):
        demo_module.load_demo(scale=0)


def test_the_command_passes_the_scale_to_the_loader(db, settings, capsys, monkeypatch) -> None:
    settings.DEBUG = True
    scales: list[int] = []

    def fake_load_demo(scale: int = 1) -> list[Any]:
        scales.append(scale)
        return []

    monkeypatch.setattr(demo_module, "load_demo", fake_load_demo)
    assert main(["demo", "--no-serve", "--scale", "7"]) == 0
    assert main(["demo", "--no-serve"]) == 0
    assert scales == [7, 1]
    assert "放大 7 倍" in capsys.readouterr().out


def test_it_says_the_scale_does_nothing_to_an_existing_demo(
    db, settings, capsys, monkeypatch
) -> None:
    settings.DEBUG = True
    monkeypatch.setattr(demo_module, "demo_loaded", lambda: True)
    monkeypatch.setattr(demo_module, "demo_logins", lambda: [])
    assert main(["demo", "--no-serve", "--scale", "5"]) == 0
    captured = capsys.readouterr()
    assert "演示数据已存在" in captured.out
    assert "--scale 未起作用" in captured.err


@pytest.mark.parametrize(("value", "message"), [("0", "1 至 1000"), ("x", "须为整数")])
def test_it_rejects_a_bad_scale_in_one_line(capsys, value, message) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["demo", "--no-serve", "--scale", value])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
