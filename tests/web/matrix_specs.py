"""What the access matrix requests: for every staff URL, how to point it at one of agency A's
records, which roles its decorator lets in, and a form payload that, sent by the right persona of
A, really changes something — so that the same payload sent by an outsider and changing nothing
proves the refusal, not a bad payload. Used by tests/web/test_views_matrix.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.reports.views import _cell_choices
from tests.web.matrix_world import World, redaction_pdf

STAFF = frozenset({"clerk", "reviewer", "admin", "supervisor"})
WRITERS = frozenset({"clerk", "reviewer", "admin"})
APPROVERS = frozenset({"reviewer", "admin"})
ADMINS = frozenset({"admin"})
SUPERVISORS = frozenset({"supervisor"})

Payload = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Spec:
    """One URL pointed at one of A's records (or at A itself through ``?agency=``)."""

    url: Callable[[World], str]
    roles: frozenset[str] = STAFF  # roles the decorator admits before any object lookup
    get: bool = True  # False: POST only (a GET is answered 405)
    post: Payload | None = None  # None: the view does not write; an outsider's POST is refused
    insider: str = "clerk_a"  # the persona of A (or above it) for whom the URL works
    writes: bool = True  # the insider's POST adds to A's audit trail

    def expected_refusal(self, role: str, method: str) -> int:
        if method == "GET" and not self.get:
            return 405
        return 403 if role not in self.roles else 404


def _path(name: str, **kwargs: Callable[[World], Any]) -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs={k: get(w) for k, get in kwargs.items()})


def _of_a(name: str, **query: str) -> Callable[[World], str]:
    """A page about one agency, chosen by ``?agency=`` — pointed at A."""
    extra = "".join(f"&{k}={v}" for k, v in query.items())
    return lambda w: f"{reverse(name)}?agency={w.a.pk}{extra}"


def _pk(name: str) -> Callable[[World], Any]:
    return lambda w: w[name].pk


def _pdf(name: str = "证明.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 matrix", content_type="application/pdf")


def case_form(w: World, applicant: str) -> dict[str, Any]:
    return {
        "kind": "review",
        "route": "",
        "body": "江临市人民政府",
        "case_number": "江府复〔2026〕99号",
        "applicant": applicant,
        "application": "",
        "request_number": "",
        "review_case": "",
        "filed_on": "2026-01-05",
        "stage": "review",
        "summary": "矩阵测试改写的案情",
        "reason": "矩阵测试",
    }


def document_form(w: World) -> dict[str, Any]:
    return {
        "title": "被改写的文件标题",
        "doc_number": "",
        "issuer": w.a.name,
        "written_on": "2026-02-02",
        "category": w["document"].category,
        "doc_type": "other",
        "body": "改写的正文。",
        "reason": "矩阵测试",
    }


def _visit_form(w: World) -> dict[str, Any]:
    return {
        "day": "2026-02-27",
        "visitor": "东方既白",
        "purpose": "矩阵测试改写的查阅目的",
        "consulted": "",
        **dict.fromkeys(("current_docs", "files_physical", "files_electronic"), 1),
        "copies": 3,
        "certificates": 0,
        "note": "",
    }


def _day_form(w: World) -> dict[str, Any]:
    counters = ("files_physical", "files_electronic", "current_doc_visits", "current_docs")
    return {
        "day": "2026-02-27",
        "visitors": 99,
        **dict.fromkeys(counters, 0),
        "copies": 0,
        "certificates": 0,
        "note": "被改写的登记",
        "reason": "矩阵测试",
    }


def _first_cell(w: World) -> str:
    return _cell_choices(w["report"].report)[0][0]


SPECS: dict[str, Spec] = {
    # --- accounts and agencies ---
    "accounts:user_edit": Spec(
        _path("accounts:user_edit", pk=lambda w: w.users["clerk_a"].pk),
        roles=ADMINS,
        post=lambda w: {"role": "reviewer", "is_active": "on", "reason": "调岗"},
        insider="admin_a",
    ),
    "agencies:detail": Spec(_path("agencies:detail", pk=lambda w: w.a.pk)),
    "agencies:guide": Spec(
        _path("agencies:guide", pk=lambda w: w.a.pk),
        roles=ADMINS,
        post=lambda w: {
            "request_office": "被改写的受理机构",
            "address": w.a.address,
            "postcode": w.a.postcode,
            "office_hours": w.a.office_hours,
            "phone": w.a.phone,
            "fax": w.a.fax,
            "email": w.a.email,
            "guide_procedure": "矩阵测试写入的说明",
            "reason": "矩阵测试",
        },
        insider="admin_a",
    ),
    "agencies:edit": Spec(
        _path("agencies:edit", pk=lambda w: w.a.pk),
        roles=ADMINS,
        post=lambda w: {
            "disclosure_unit": "被改写的办公室",
            "address": "",
            "postcode": "",
            "phone": "0571-87000210",
            "fax": "",
            "email": "",
            "office_hours": "",
            "reading_room": w.a.reading_room,
            "reason": "矩阵测试",
        },
        insider="admin_a",
    ),
    # --- requests ---
    "requests:detail": Spec(_path("requests:detail", pk=_pk("application"))),
    "requests:letter": Spec(_path("requests:letter", pk=_pk("application"), kind=lambda w: "docx")),
    "requests:fee_notice": Spec(
        _path("requests:fee_notice", pk=_pk("fee_application"), kind=lambda w: "docx")
    ),
    "requests:attachment": Spec(
        _path("requests:attachment", pk=_pk("application"), attachment_pk=_pk("attachment"))
    ),
    "requests:id_number": Spec(
        _path("requests:id_number", pk=_pk("application")),
        roles=WRITERS,
        get=False,
        post=lambda w: {},
    ),
    "requests:action": Spec(
        _path("requests:action", pk=_pk("application"), action=lambda w: "consult"),
        post=lambda w: {"kind": "third_party", "party": "某公司", "sent_on": "2026-03-02"},
    ),
    "requests:action#assign": Spec(
        _path("requests:action", pk=_pk("application"), action=lambda w: "assign"),
        post=lambda w: {"assignee": w.users["clerk_a"].pk, "reason": "矩阵测试"},
        insider="reviewer_a",
    ),
    "requests:action#correct": Spec(
        _path("requests:action", pk=_pk("application"), action=lambda w: "correct"),
        post=lambda w: {
            **{
                name: getattr(w["application"], name) or ""
                for name in ("applicant_name", "contact_person", "phone", "email", "address")
            },
            "description": "矩阵测试更正的内容描述",
            "channel": w["application"].channel,
            "received_on": w["application"].received_on,
            "arrived_on": w["application"].arrived_on,
            "reason": "矩阵测试",
        },
    ),
    "requests:action#void": Spec(
        _path("requests:action", pk=_pk("application"), action=lambda w: "void"),
        post=lambda w: {"reason": "矩阵测试"},
        insider="reviewer_a",
    ),
    "requests:action#secrecy_review": Spec(
        _path("requests:action", pk=_pk("application"), action=lambda w: "secrecy_review"),
        post=lambda w: {"reviewed_on": "2026-03-02", "passed": "yes", "opinion": "矩阵测试"},
        insider="reviewer_a",
    ),
    "requests:attachment_remove": Spec(
        _path("requests:attachment_remove", pk=_pk("application"), attachment_pk=_pk("attachment")),
        roles=WRITERS,
        post=lambda w: {"reason": "矩阵测试"},
    ),
    # --- documents (issue 18) ---
    "documents:case": Spec(
        _path("documents:case", pk=_pk("application")), post=lambda w: {"kind": "receipt"}
    ),
    "documents:detail": Spec(_path("documents:detail", pk=_pk("paper"))),
    "documents:file": Spec(_path("documents:file", pk=_pk("paper"), kind=lambda w: "pdf")),
    "documents:step": Spec(
        _path("documents:step", pk=_pk("paper"), step=lambda w: "edit"),
        get=False,
        post=lambda w: {"text": "欧阳明哲：\n矩阵测试改写的回执。\n江临市教育局\n2026年3月2日"},
    ),
    "documents:step#return": Spec(
        _path("documents:step", pk=_pk("paper"), step=lambda w: "return"),
        roles=STAFF,
        get=False,
        post=lambda w: {"comments": "矩阵测试的审核意见"},
        insider="reviewer_a",
    ),
    "documents:settings": Spec(
        _path("documents:settings", pk=lambda w: w.a.pk),
        roles=ADMINS,
        post=lambda w: {"number_prefix": "江临教", "review_body": ""},
        insider="admin_a",
    ),
    "requests:history_import": Spec(
        _of_a("requests:history_import"),
        roles=WRITERS,
        post=lambda w: {
            "commit": "1",
            "file": SimpleUploadedFile(
                "台账.csv",
                "收到日期,申请人,申请人类别,申请内容,申请渠道\n"
                "2025-03-03,矩阵测试人,自然人,校车采购合同,当面提交\n".encode(),
            ),
        },
    ),
    # --- the outbox ---
    "notifications:outbox": Spec(
        _of_a("notifications:outbox", status="failed"),
        roles=frozenset({"admin", "supervisor"}),
        insider="admin_a",
    ),
    "notifications:retry": Spec(
        _path("notifications:retry", pk=_pk("failed_notification")),
        roles=frozenset({"admin", "supervisor"}),
        get=False,
        insider="admin_a",
        post=lambda w: {"reason": "矩阵测试"},
    ),
    # --- catalogue ---
    "catalogue:list": Spec(_of_a("catalogue:list")),
    "catalogue:detail": Spec(_path("catalogue:detail", pk=_pk("document"))),
    "catalogue:edit": Spec(
        _path("catalogue:edit", pk=_pk("draft_document")), roles=WRITERS, post=document_form
    ),
    "catalogue:review": Spec(
        _path("catalogue:review", pk=_pk("draft_document")),
        roles=WRITERS,
        get=False,
        insider="reviewer_a",
        post=lambda w: {"reviewed_on": "2026-02-06", "passed": "1", "opinion": "同意公开"},
    ),
    "catalogue:publish": Spec(
        _path("catalogue:publish", pk=_pk("reviewed_document")),
        roles=WRITERS,
        get=False,
        insider="reviewer_a",
        post=lambda w: {"published_on": "2026-02-06", "reason": "矩阵测试"},
    ),
    "catalogue:unschedule": Spec(
        _path("catalogue:unschedule", pk=_pk("scheduled_document")),
        roles=WRITERS,
        get=False,
        insider="reviewer_a",
        post=lambda w: {"reason": "矩阵测试"},
    ),
    "catalogue:correct": Spec(
        _path("catalogue:correct", pk=_pk("corrected_document")),
        roles=WRITERS,
        post=lambda w: {
            **document_form(w),
            "written_on": "2026-02-02",
            "note": "矩阵测试的更正说明",
        },
    ),
    "catalogue:correction_review": Spec(
        _path("catalogue:correction_review", pk=_pk("corrected_document")),
        roles=WRITERS,
        get=False,
        insider="reviewer_a",
        post=lambda w: {"reviewed_on": "2026-03-02", "passed": "1", "opinion": "同意公开更正"},
    ),
    "catalogue:correction_apply": Spec(
        _path("catalogue:correction_apply", pk=_pk("corrected_document")),
        roles=WRITERS,
        get=False,
        insider="reviewer_a",
        post=lambda w: {"reason": "矩阵测试"},
    ),
    "catalogue:correction_withdraw": Spec(
        _path("catalogue:correction_withdraw", pk=_pk("corrected_document")),
        roles=WRITERS,
        get=False,
        post=lambda w: {"reason": "矩阵测试"},
    ),
    "catalogue:correction_upload": Spec(
        _path("catalogue:correction_upload", pk=_pk("corrected_document")),
        roles=WRITERS,
        get=False,
        post=lambda w: {
            "replaces": w["corrected_attachment"].pk,
            "title": "矩阵测试更正附件",
            "file": _pdf(),
        },
    ),
    "catalogue:correction_file": Spec(
        _path(
            "catalogue:correction_file",
            pk=_pk("corrected_document"),
            file_id=_pk("correction_file"),
        )
    ),
    "catalogue:correction_file_previous": Spec(
        _path(
            "catalogue:correction_file_previous",
            pk=_pk("corrected_document"),
            file_id=_pk("correction_file"),
        )
    ),
    "catalogue:attachment": Spec(
        _path(
            "catalogue:attachment", pk=_pk("draft_document"), attachment_id=_pk("draft_attachment")
        )
    ),
    "catalogue:status": Spec(
        _path("catalogue:status", pk=_pk("document")),
        roles=WRITERS,
        get=False,
        post=lambda w: {"status": "repealed", "changed_on": "2026-03-01", "reason": "废止"},
    ),
    "catalogue:change_published": Spec(
        _path("catalogue:change_published", pk=_pk("repealed_document")),
        roles=WRITERS,
        get=False,
        post=lambda w: {"published_on": "2026-03-02", "reason": "已公开"},
    ),
    "catalogue:attach": Spec(
        _path("catalogue:attach", pk=_pk("draft_document")),
        roles=WRITERS,
        get=False,
        post=lambda w: {"title": "附件一", "file": _pdf()},
    ),
    "catalogue:figures": Spec(
        _of_a("catalogue:figures", year="2025"),
        post=lambda w: {"licensing/decisions": "17", "reason": "矩阵测试"},
    ),
    "catalogue:figures_import": Spec(
        _of_a("catalogue:figures_import"),
        roles=WRITERS,
        get=False,
        post=lambda w: {
            "file": SimpleUploadedFile(
                "figures.csv", "年度,项目,栏目,数值\n2025,行政许可,本年处理决定数量,12\n".encode()
            )
        },
    ),
    "catalogue:powers": Spec(_of_a("catalogue:powers")),
    "catalogue:power_new": Spec(
        _of_a("catalogue:power_new"),
        roles=WRITERS,
        post=lambda w: {
            "code": "JYJ-XK-0100",
            "kind": "licensing",
            "name": "校外培训机构设立审批",
            "legal_basis": "《民办教育促进法》",
            "implementing_body": w.a.name,
            "responsibility": "依法审批",
            "reason": "",
        },
    ),
    "catalogue:pattern": Spec(
        _of_a("catalogue:pattern"),
        roles=WRITERS,
        post=lambda w: {"index_pattern": "JYJ-{year}-{serial:05d}", "reason": "矩阵测试"},
    ),
    # --- appeals and the reading room ---
    "appeals:file_upload": Spec(
        _path("appeals:file_upload", pk=_pk("case")),
        roles=WRITERS,
        get=False,
        post=lambda w: {"title": "行政复议申请书", "file": _pdf("申请书.pdf")},
    ),
    "appeals:file": Spec(_path("appeals:file", pk=_pk("case"), file_pk=_pk("case_file"))),
    "appeals:request_search": Spec(
        lambda w: f"{reverse('appeals:request_search')}?agency={w.a.pk}&q=JL-JYJ",
        roles=WRITERS,
    ),
    "appeals:list": Spec(_of_a("appeals:list")),
    "appeals:new": Spec(
        _of_a("appeals:new"), roles=WRITERS, post=lambda w: case_form(w, "新登记的申请人")
    ),
    "appeals:detail": Spec(_path("appeals:detail", pk=_pk("case"))),
    "appeals:edit": Spec(
        _path("appeals:edit", pk=_pk("case")),
        roles=WRITERS,
        post=lambda w: case_form(w, "上官婉清"),
    ),
    "appeals:decide": Spec(
        _path("appeals:decide", pk=_pk("case")),
        roles=WRITERS,
        get=False,
        post=lambda w: {
            "stage": "review",
            "result": "upheld",
            "decided_on": "2026-03-01",
            "reason": "矩阵测试",
        },
    ),
    "readingroom:register": Spec(_of_a("readingroom:register", year="2026")),
    "readingroom:day": Spec(
        _of_a("readingroom:day", day="2026-02-27"), roles=WRITERS, post=_day_form
    ),
    "readingroom:visit_new": Spec(
        _of_a("readingroom:visit_new", day="2026-02-27"), roles=WRITERS, post=_visit_form
    ),
    "readingroom:visit_edit": Spec(
        _path("readingroom:visit_edit", pk=_pk("visit")),
        roles=WRITERS,
        post=lambda w: {**_visit_form(w), "reason": "矩阵测试"},
    ),
    # --- redaction for 部分公开 ---
    "redaction:new": Spec(
        _path("redaction:new", pk=_pk("application")),
        roles=WRITERS,
        post=lambda w: {"file": SimpleUploadedFile("合同.pdf", redaction_pdf())},
    ),
    "redaction:edit": Spec(_path("redaction:edit", pk=_pk("redaction"))),
    "redaction:page": Spec(_path("redaction:page", pk=_pk("redaction"), page=lambda w: 1)),
    "redaction:mark": Spec(
        _path("redaction:mark", pk=_pk("redaction")),
        roles=WRITERS,
        get=False,
        post=lambda w: {
            "page": 1,
            "x0": 10,
            "y0": 10,
            "x1": 60,
            "y1": 40,
            "ground": "withheld.internal_affairs",
        },
    ),
    "redaction:phrase": Spec(
        _path("redaction:phrase", pk=_pk("redaction")),
        roles=WRITERS,
        get=False,
        post=lambda w: {"phrase": "甲方", "ground": "withheld.third_party_rights"},
    ),
    "redaction:unmark": Spec(
        _path("redaction:unmark", pk=_pk("redaction"), mark_pk=_pk("mark")),
        roles=WRITERS,
        get=False,
        post=lambda w: {},
    ),
    "redaction:release": Spec(
        _path("redaction:release", pk=_pk("redaction")),
        roles=WRITERS,
        get=False,
        post=lambda w: {},
    ),
    # --- annual reports ---
    "reports:index": Spec(_of_a("reports:index")),
    "reports:build": Spec(
        _of_a("reports:build", year="2022"), roles=WRITERS, get=False, post=lambda w: {}
    ),
    "reports:edit": Spec(
        _path("reports:edit", pk=_pk("report")),
        post=lambda w: {"overview": "改写的总体情况。", "problems": "", "other": ""},
    ),
    "reports:check": Spec(
        _path("reports:check", pk=_pk("report")),
        get=False,
        post=lambda w: {"overview": "本年度新收政府信息公开申请1件。"},
        writes=False,  # the live check reads only
    ),
    "reports:override": Spec(
        _path("reports:override", pk=_pk("report")),
        roles=WRITERS,
        get=False,
        post=lambda w: {"cell": _first_cell(w), "value": "3", "reason": "核对原始记录后更正"},
    ),
    "reports:acknowledge": Spec(
        _path("reports:acknowledge", pk=_pk("report")),
        roles=WRITERS,
        get=False,
        post=lambda w: {"key": "R6", "reason": "上年数据口径不同"},
    ),
    "reports:submit": Spec(
        _path("reports:submit", pk=_pk("report")),
        roles=APPROVERS,
        get=False,
        post=lambda w: {},
        insider="reviewer_a",
    ),
    "reports:publish": Spec(
        _path("reports:publish", pk=_pk("submitted")),
        roles=APPROVERS,
        get=False,
        post=lambda w: {},
        insider="reviewer_a",
    ),
    "reports:return": Spec(
        _path("reports:return", pk=_pk("submitted")),
        roles=SUPERVISORS,
        get=False,
        post=lambda w: {"comments": "请补充第五部分。"},
        insider="supervisor",
    ),
    "reports:accept": Spec(
        _path("reports:accept", pk=_pk("submitted")),
        roles=SUPERVISORS,
        get=False,
        post=lambda w: {"comments": "数据核对无误。"},
        insider="supervisor",
    ),
    "reports:correct": Spec(
        _path("reports:correct", pk=_pk("published")),
        roles=APPROVERS,
        get=False,
        post=lambda w: {"change_note": "更正表三一处笔误。"},
        insider="reviewer_a",
    ),
    "reports:download": Spec(_path("reports:download", pk=_pk("published"), kind=lambda w: "docx")),
    "reports:download#draft": Spec(
        _path("reports:download", pk=_pk("report"), kind=lambda w: "xlsx")
    ),
}
