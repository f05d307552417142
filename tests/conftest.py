"""Fixtures shared by the engine and platform tests: a session's hostile files, written once to a
temporary folder (built by tests/hostile.py, never stored)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile import HOSTILE


@pytest.fixture(scope="session")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for name, build in HOSTILE.values():
        (folder / name).write_bytes(build())
    return folder


@pytest.fixture(scope="session")
def office_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real reports as .doc/.wps/.xls/.et, made once a session by LibreOffice."""
    from tests.office_files import make_office_files, soffice_missing

    if soffice_missing():
        pytest.skip("LibreOffice (soffice) is not installed: make sysdeps")
    return make_office_files(tmp_path_factory.mktemp("office"))
