"""Shared fixtures and helpers for the 依申请公开 tests (imported by tests/web/test_requests_*)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import time_machine

from gongkai.agencies.models import Agency
from gongkai.requests.models import Application
from gongkai.requests.services import application_register


def register(
    actor: Any,
    agency: Agency,
    received_on: date,
    *,
    category: str = "natural_person",
    name: str = "张三丰",
    description: str = "2025年江临市义务教育阶段学校招生计划",
    channel: str = "in_person",
    **extra: Any,
) -> tuple[Application, str]:
    return application_register(
        actor=actor,
        agency=agency,
        channel=channel,
        received_on=received_on,
        category=category,
        applicant_name=name,
        id_type="居民身份证",
        id_number="330102199001011234",
        phone="13800000000",
        description=description,
        form_wanted="electronic",
        delivery="email",
        email="zhang@example.com",
        **extra,
    )


def use_private_dir(settings: Any, path: Any) -> Any:
    """Point attachment storage at ``path`` (the storage object is lazy and cached)."""
    from django.utils.functional import empty

    from gongkai.requests.models import attachment_storage

    settings.REQUESTS_PRIVATE_DIR = path
    attachment_storage._wrapped = empty  # re-read the setting on next use
    return path


def secrecy_passed(reviewer: Any, application: Application, on: date | None = None) -> None:
    """The 保密审查 of the drafted reply, passed (required before it is sent, 条例第十七条)."""
    from gongkai.requests.secrecy import application_secrecy_review

    application.refresh_from_db()
    application_secrecy_review(
        actor=reviewer,
        application=application,
        reviewed_on=on or application.received_on,
        passed=True,
        opinion="不涉及国家秘密、商业秘密和个人隐私，同意发出。",
    )


@pytest.fixture
def on_monday() -> Iterator[None]:
    """Monday 2 March 2026, 10:00 in Beijing; import it and ``usefixtures("on_monday")``."""
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        yield


@pytest.fixture
def private_attachments(settings: Any, tmp_path: Any) -> Any:
    return use_private_dir(settings, tmp_path / "private")
