"""One base domain error, mapped in one place per surface: the command prints one line and
exits 2, a page answers with the message and the error's status, the API answers JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import RequestFactory

from gongkai import cli
from gongkai.api.api import domain_error
from gongkai.errors import DomainError
from gongkai.lib.backup import BackupError
from gongkai.lib.middleware import DomainErrorMiddleware
from gongkai.report.errors import ReportParseError
from gongkai.report.formats import UnknownFormat
from gongkai.requests.guards import TransitionError
from gongkai.workdays.clock import ClockError


@pytest.mark.parametrize(
    "error", [ReportParseError, ClockError, TransitionError, BackupError, UnknownFormat]
)
def test_every_refusal_is_a_domain_error(error: type[Exception]) -> None:
    assert issubclass(error, DomainError)


def test_a_command_prints_an_uncaught_refusal_as_one_line(monkeypatch, capsys) -> None:
    def refuse(args: Any) -> int:
        raise ClockError("日期跨度过大：1999-01-01 至 2026-12-04\n（第二行不显示）")

    parser = cli.build_parser("deadline")
    monkeypatch.setattr(cli, "build_parser", lambda command=None: parser)
    parser._subparsers._group_actions[0].choices["deadline"].set_defaults(handler=refuse)  # type: ignore[union-attr]
    assert cli.main(["deadline", "2026-01-01"]) == 2
    err = capsys.readouterr().err
    assert err == "gongkai deadline: 日期跨度过大：1999-01-01 至 2026-12-04\n"


@pytest.mark.django_db
def test_a_page_answers_an_uncaught_refusal_with_its_status() -> None:
    request = RequestFactory().get("/requests/1/")
    middleware = DomainErrorMiddleware(lambda r: None)  # type: ignore[arg-type,return-value]
    response = middleware.process_exception(request, TransitionError("该申请已办结，不能再延期。"))
    assert response is not None and response.status_code == 409
    assert "该申请已办结，不能再延期。" in response.content.decode()
    assert middleware.process_exception(request, ValueError("x")) is None


def test_the_api_answers_an_uncaught_refusal_in_json() -> None:
    request = RequestFactory().post("/api/reports/check")
    response = domain_error(request, ReportParseError("不是年度报告", file="x.pdf"))
    assert response.status_code == 400
    assert json.loads(response.content) == {"detail": "x.pdf: 不是年度报告"}
