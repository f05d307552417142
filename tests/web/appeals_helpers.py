"""An administrative review (复议) or lawsuit (诉讼) case against agency A's decision, as the
tests of deadlines, the board, the report and the case files open one."""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai.appeals.models import Case, CaseKind, Stage
from gongkai.appeals.services import case_create


def open_case(
    actor: Any,
    agency: Any,
    filed_on: date,
    *,
    kind: str = CaseKind.REVIEW,
    applicant: str = "张某",
    **fields: Any,
) -> Case:
    """A case filed on ``filed_on``: a review before 江临市人民政府 at its review stage, or a
    lawsuit before 江北区人民法院 at first instance; ``fields`` are further case fields
    (``copy_received_on``, ``route``, …)."""
    review = kind == CaseKind.REVIEW
    return case_create(
        actor=actor,
        agency=agency,
        kind=kind,
        body="江临市人民政府" if review else "江北区人民法院",
        applicant=applicant,
        filed_on=filed_on,
        stage=Stage.REVIEW if review else Stage.FIRST,
        **fields,
    )
