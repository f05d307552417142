"""Demo 行政复议 and 行政诉讼 cases: a year of them for one department, one still pending,
and a suit after review this year (table 四 of the demo reports)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.appeals.models import CaseKind, Result, Route, Stage
from gongkai.appeals.services import case_create, case_decide


def load_appeals_demo(actor: Any, agency: Agency, today: date | None = None) -> None:
    _cases(actor, agency, today or timezone.localdate())


def _cases(actor: Any, agency: Agency, today: date) -> None:
    year = today.year - 1
    specs = [
        (CaseKind.REVIEW, "", "江临市人民政府", date(year, 3, 12), Result.UPHELD, 55),
        (CaseKind.REVIEW, "", "江临市人民政府", date(year, 6, 2), Result.CORRECTED, 50),
        (CaseKind.REVIEW, "", "江临市人民政府", date(year, 11, 20), Result.UPHELD, 60),
        (
            CaseKind.LITIGATION,
            Route.DIRECT,
            "江临市江北区人民法院",
            date(year, 5, 8),
            Result.UPHELD,
            90,
        ),
        (
            CaseKind.LITIGATION,
            Route.DIRECT,
            "江临市江北区人民法院",
            date(year, 12, 1),
            Result.PENDING,
            0,
        ),
    ]
    review = None
    for number, (kind, route, body, filed, result, days) in enumerate(specs, start=1):
        case = case_create(
            actor=actor,
            agency=agency,
            kind=kind,
            route=route,
            body=body,
            case_number=f"临{'府复' if kind == CaseKind.REVIEW else '行初'}〔{year}〕{number}号",
            applicant=["张某", "李某", "王某", "陈某", "刘某"][number - 1],
            request_number=f"{agency.short_code}-{year}-{number * 7:04d}",
            filed_on=filed,
            stage=Stage.REVIEW if kind == CaseKind.REVIEW else Stage.FIRST,
            summary="申请人对本机关政府信息公开申请答复不服。",
            reason="演示数据",
        )
        if result != Result.PENDING:
            case_decide(
                actor=actor,
                case=case,
                result=result,
                decided_on=min(filed + timedelta(days=days), today),
            )
        review = review or case
    case_create(
        actor=actor,
        agency=agency,
        kind=CaseKind.LITIGATION,
        route=Route.AFTER_REVIEW,
        review_case=review,
        body="江临市中级人民法院",
        case_number=f"临行初〔{today.year}〕3号",
        applicant="张某",
        request_number=review.request_number if review else "",
        filed_on=min(date(today.year, 2, 10), today),
        stage=Stage.FIRST,
        reason="演示数据：复议后起诉",
    )
