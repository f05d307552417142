"""A case as the applicant sees it after the reply: a 部分公开 whose redacted PDF was released
before the reply went out (shared by tests/web/test_applicant_*.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from gongkai.redaction import services as redaction
from gongkai.requests import services
from gongkai.requests.models import Application, Attachment
from tests.web.requests_fixtures import secrecy_passed

DATA = Path(__file__).parents[1] / "data"
PDF_NAME = "hongze-district-2023.pdf"


def release_redacted(clerk: Any, application: Application) -> Attachment:
    """The agency's document with one phrase withheld (条例第三十七条), released as a new PDF."""
    started = redaction.redaction_start(
        actor=clerk,
        application=application,
        name=PDF_NAME,
        content=(DATA / PDF_NAME).read_bytes(),
    )
    redaction.mark_phrase(
        actor=clerk,
        redaction=started,
        phrase="hzzwgk@126.com",
        ground="withheld.third_party_rights",
    )
    return redaction.redaction_release(actor=clerk, redaction=started)


def reply_with_release(
    clerk: Any, reviewer: Any, application: Application, on: date
) -> tuple[Application, Attachment]:
    """Release the redacted file, draft a 部分公开 reply, pass 保密审查 and send the reply."""
    released = release_redacted(clerk, application)
    application.refresh_from_db()
    services.application_draft_reply(
        actor=clerk, application=application, outcome="partially_disclosed"
    )
    secrecy_passed(reviewer, application, on)
    answered = services.application_answer(actor=reviewer, application=application, answered_on=on)
    return answered, released
