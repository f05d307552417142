"""The world of the access matrix (tests/web/test_views_matrix.py), built once per module.

Two departments of one city, A (教育局) and B (档案局), below the city's 政务公开办, and a second
city's office. A holds one record of every kind the staff pages serve — requests with an
attachment, a reply letter and a fee notice, documents, a power item, a case, a reading-room day,
annual reports in each state (draft, submitted, published) — all made through the services, as a
clerk would. B holds a few records of its own, so that B's lists are not empty for a reason
that has nothing to do with access. Every text that identifies A's records is in
``World.secrets``: none may reach a page an outsider sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone

from gongkai.accounts.models import SavedFilter, User
from gongkai.agencies.models import Agency
from gongkai.agencies.services import agency_create
from gongkai.api.models import StaffToken, staff_token_create
from gongkai.appeals.models import Case, CaseFile
from gongkai.appeals.services import case_create
from gongkai.audit.models import Event
from gongkai.catalogue.correction import correction_prepare, correction_review
from gongkai.catalogue.models import Attachment as DocumentAttachment
from gongkai.catalogue.models import (
    CatalogueSettings,
    CorrectionFile,
    Document,
    DocumentCorrection,
    DocumentReview,
    IndexCounter,
    PowerItem,
    YearFigures,
)
from gongkai.catalogue.publication import document_publish, document_review
from gongkai.catalogue.services import document_set_status, power_item_create
from gongkai.documents.models import Document as Paper
from gongkai.documents.models import DocumentCounter, DocumentSettings, ReplyDetails
from gongkai.documents.services import document_generate
from gongkai.notifications.models import ApplicantChoice, Notification
from gongkai.portal.models import CaseLink
from gongkai.readingroom.models import RegisterDay, Visit
from gongkai.readingroom.services import register_day_save, visit_record
from gongkai.redaction import services as redaction
from gongkai.redaction.models import Mark, Redaction
from gongkai.reports import services as reports
from gongkai.reports.models import ReportVersion
from gongkai.requests import services as requests
from gongkai.requests.models import (
    Application,
    Attachment,
    Consultation,
    Notice,
    OnlineCorrection,
    SecrecyReview,
    TrackingCounter,
)
from tests.web.catalogue_helpers import make_document
from tests.web.conftest import _platform, _staff
from tests.web.reports_fixtures import YEAR, year_of_requests
from tests.web.requests_fixtures import register

NOW = "2026-03-02 10:00 +0800"
CORRECTED_FIELDS = ("title", "doc_number", "issuer", "written_on", "category", "doc_type", "body")
TODAY = date(2026, 3, 2)
FULL_ID = "330102199001011234"  # every application of requests_fixtures.register carries it

# Who is who: A's staff, B's staff, the city's supervisor (above both) and another city's.
INSIDERS = ("clerk_a", "reviewer_a", "admin_a")
OUTSIDERS = ("clerk_b", "reviewer_b", "admin_b", "other_supervisor")
# The platform roles (三权分立): no agency, so no agency's records; the auditor reads the trail.
PLATFORM = ("sysadmin", "secadmin", "auditor")


@dataclass
class World:
    a: Agency
    b: Agency
    users: dict[str, User]
    objects: dict[str, Any] = field(default_factory=dict)
    secrets: list[str] = field(default_factory=list)  # A's texts no outsider may see
    b_markers: list[str] = field(default_factory=list)  # B's texts B's lists do show
    tokens: dict[str, str] = field(default_factory=dict)  # persona → clear API token

    def __getitem__(self, name: str) -> Any:
        return self.objects[name]


def _agencies(operator: User) -> tuple[Agency, Agency, Agency, Agency]:
    city = agency_create(
        actor=operator,
        name="江临市人民政府办公室",
        short_code="JL",
        kind=Agency.Kind.OFFICE,
        disclosure_unit="江临市政务公开办公室",
    )
    a = agency_create(
        actor=operator,
        name="江临市教育局",
        short_code="JL-JYJ",
        kind=Agency.Kind.DEPARTMENT,
        parent=city,
        disclosure_unit="办公室",
        phone="0571-87000210",
        reading_room="江临市教育局一楼政务公开查阅点",
    )
    b = agency_create(
        actor=operator,
        name="江临市档案局",
        short_code="JL-DAJ",
        kind=Agency.Kind.DEPARTMENT,
        parent=city,
        disclosure_unit="利用服务处",
        reading_room="江临市档案馆一楼",
    )
    other = agency_create(
        actor=operator,
        name="河阳市人民政府办公室",
        short_code="HY",
        kind=Agency.Kind.OFFICE,
        disclosure_unit="河阳市政务公开办公室",
    )
    return city, a, b, other


def _users(operator: User, city: Agency, a: Agency, b: Agency, other: Agency) -> dict[str, User]:
    role = User.Role
    return {
        "operator": operator,
        "clerk_a": _staff(operator, "clerk_a", a, role.CLERK, "王晓燕"),
        "reviewer_a": _staff(operator, "reviewer_a", a, role.REVIEWER, "李建国"),
        "admin_a": _staff(operator, "admin_a", a, role.ADMIN, "陈静"),
        "clerk_b": _staff(operator, "clerk_b", b, role.CLERK, "赵敏"),
        "reviewer_b": _staff(operator, "reviewer_b", b, role.REVIEWER, "钱多多"),
        "admin_b": _staff(operator, "admin_b", b, role.ADMIN, "孙丽"),
        "supervisor": _staff(operator, "supervisor", city, role.SUPERVISOR, "周正"),
        "other_supervisor": _staff(operator, "other_sup", other, role.SUPERVISOR, "吴强"),
        "sysadmin": _platform(operator, "sysadmin", role.SYSADMIN, "冯立"),
        "secadmin": _platform(operator, "secadmin", role.SECADMIN, "卫东"),
        "auditor": _platform(operator, "auditor", role.AUDITOR, "蒋审"),
    }


def _requests(world: World) -> None:
    clerk, a = world.users["clerk_a"], world.a
    application, _ = register(
        clerk,
        a,
        date(2026, 2, 26),
        name="欧阳明哲",
        description="江临市第七中学校车采购合同及验收记录",
    )
    Attachment.objects.create(
        application=application,
        file=ContentFile(b"%PDF-1.4 identity card", name="id.pdf"),
        original_name="欧阳明哲身份证.pdf",
        content_type="application/pdf",
        size=22,
    )
    requests.application_draft_reply(actor=clerk, application=application, outcome="disclosed")
    fee, _ = register(
        clerk, a, date(2026, 2, 6), name="欧阳明哲", description="江临市第七中学食堂承包合同"
    )
    requests.application_send_fee_notice(
        actor=clerk, application=fee, method="per_volume", notice_on=TODAY, pages=40
    )
    b_case, _ = register(
        world.users["clerk_b"],
        world.b,
        date(2026, 2, 20),
        name="司马光明",
        description="江临市档案馆馆藏民国地契目录",
    )
    application.refresh_from_db()
    fee.refresh_from_db()
    paper = document_generate(actor=clerk, application=application, kind="receipt")
    document_generate(actor=world.users["clerk_b"], application=b_case, kind="receipt")
    world.objects.update(application=application, fee_application=fee, b_application=b_case)
    world.objects["paper"] = paper
    world.objects["attachment"] = application.attachments.get()
    world.secrets += [
        "欧阳明哲",
        application.tracking_number,
        fee.tracking_number,
        "江临市第七中学",
        FULL_ID,
    ]
    world.b_markers += [b_case.tracking_number]


def _catalogue_and_cases(world: World) -> None:
    clerk, a = world.users["clerk_a"], world.a
    document = make_document(
        clerk, a, written_on=date(2026, 2, 2), title="关于江临市中小学校车安全专项整治的通知"
    )
    draft = make_document(
        clerk, a, written_on=date(2026, 2, 3), title="江临市教育局内部征求意见稿", unpublished=True
    )
    # 条例第十七条: reviewed but not yet published, so still not public.
    reviewed = make_document(
        clerk, a, written_on=date(2026, 2, 4), title="江临市教育局待发布通知", unpublished=True
    )
    document_review(
        actor=world.users["reviewer_a"],
        document=reviewed,
        reviewed_on=date(2026, 2, 5),
        passed=True,
        opinion="同意公开",
    )
    b_document = make_document(
        world.users["clerk_b"], world.b, written_on=date(2026, 2, 2), title="江临市档案开放目录"
    )
    repealed = document_set_status(  # 条例第二十六条: its repeal awaits publication
        actor=clerk,
        document=make_document(clerk, a, written_on=date(2025, 2, 3), title="已废止的旧通知"),
        status="repealed",
        changed_on=date(2026, 2, 2),
    )
    power = power_item_create(
        actor=clerk,
        agency=a,
        code="JYJ-XK-0099",
        kind="licensing",
        name="民办幼儿园筹设审批",
        legal_basis="《中华人民共和国民办教育促进法》",
        implementing_body="江临市教育局",
        responsibility="依法审批",
    )
    case = case_create(
        actor=clerk,
        agency=a,
        kind="review",
        route="",
        body="江临市人民政府",
        applicant="上官婉清",
        filed_on=date(2026, 1, 5),
        stage="review",
    )
    b_case = case_create(
        actor=world.users["clerk_b"],
        agency=world.b,
        kind="review",
        route="",
        body="江临市人民政府",
        applicant="诸葛青云",
        filed_on=date(2026, 1, 6),
        stage="review",
    )
    day = register_day_save(
        actor=clerk, agency=a, day=date(2026, 2, 27), visitors=7, note="校车资料查阅登记"
    )
    register_day_save(
        actor=world.users["clerk_b"], agency=world.b, day=date(2026, 2, 27), note="地契查阅登记"
    )
    visit = visit_record(
        actor=clerk,
        agency=a,
        day=date(2026, 2, 27),
        visitor="东方既白",
        purpose="查阅校车采购档案",
        files_physical=2,
    )
    world.objects["visit"] = visit
    world.secrets += ["东方", "查阅校车采购档案"]
    world.objects.update(document=document, draft_document=draft, power=power, case=case, day=day)
    world.objects.update(repealed_document=repealed)
    # A message of A's outbox that failed for good, to be sent again (notifications:retry).
    world.objects["failed_notification"] = Notification.objects.create(
        agency=a,
        application=world["application"],
        kind="received",
        channel="email",
        recipient="a.failed@example.org",
        subject="矩阵失败通知",
        body="……",
        status="failed",
        attempts=5,
        next_attempt_at=timezone.now(),
        last_error="SMTPRecipientsRefused: 550",
    )
    world.secrets += ["a.failed@example.org"]
    world.objects.update(reviewed_document=reviewed)
    # Reviewed and set to be published on a later day: not public yet (catalogue:unschedule).
    scheduled = make_document(
        clerk, a, written_on=date(2026, 2, 4), title="江临市教育局定期发布通知", unpublished=True
    )
    document_review(
        actor=world.users["reviewer_a"],
        document=scheduled,
        reviewed_on=date(2026, 2, 5),
        passed=True,
        opinion="同意公开",
    )
    document_publish(
        actor=world.users["reviewer_a"], document=scheduled, published_on=date(2099, 1, 4)
    )
    world.objects.update(scheduled_document=scheduled)
    world.secrets += ["江临市教育局定期发布通知"]
    # 更正 of a published document, prepared and reviewed, not yet applied.
    corrected = make_document(
        clerk, a, written_on=date(2026, 2, 2), title="江临市教育局关于春季开学的通和"
    )
    correction_prepare(
        actor=clerk,
        document=corrected,
        note="更正标题中的错别字",
        **{
            **{f: getattr(corrected, f) for f in CORRECTED_FIELDS},
            "title": "江临市教育局春季开学更正稿",
        },
    )
    correction_review(
        actor=world.users["reviewer_a"],
        document=corrected,
        reviewed_on=date(2026, 3, 2),
        passed=True,
        opinion="同意公开更正",
    )
    world.objects.update(corrected_document=corrected)
    world.secrets += ["江临市教育局春季开学更正稿"]
    world.objects["case_file"] = CaseFile.objects.create(
        case=case,
        title="行政复议答复书",
        file=ContentFile(b"%PDF-1.4 answer", name="answer.pdf"),
        original_name="answer.pdf",
        size=15,
        uploaded_by=clerk,
    )
    world.secrets += [reviewed.title]
    world.objects.update(b_document=b_document, b_case=b_case)
    world.secrets += [document.title, draft.title, power.name, case.applicant, day.note]
    world.b_markers += [b_document.title, "诸葛青云", "地契查阅登记"]


def redaction_pdf() -> bytes:
    """A one-page PDF holding a phrase of A's case (the matrix marks and releases it)."""
    import pymupdf

    document = pymupdf.open()
    page = document.new_page()
    page.insert_text((72, 100), "江临市第七中学校车采购合同 甲方：江临市教育局", fontname="china-s")
    return bytes(document.tobytes())


def _redaction(world: World) -> None:
    clerk, application = world.users["clerk_a"], world["application"]
    started = redaction.redaction_start(
        actor=clerk, application=application, name="校车采购合同.pdf", content=redaction_pdf()
    )
    mark = redaction.mark_area(
        actor=clerk,
        redaction=started,
        page=1,
        rect=(60.0, 80.0, 300.0, 110.0),
        ground="withheld.third_party_rights",
    )
    world.objects.update(redaction=started, mark=mark)


def _reports(world: World) -> None:
    """A's reports: 2025 a clean draft, 2024 submitted, 2023 published (each can be moved on)."""
    clerk, reviewer, a = world.users["clerk_a"], world.users["reviewer_a"], world.a
    year_of_requests(world.users["operator"], a, count=6)
    drafts = {}
    for year in (YEAR, YEAR - 1, YEAR - 2):
        draft = reports.report_build(actor=clerk, agency=a, year=year)
        draft.report.sections["problems"] = f"{year}年度校车专项整治仍需加强（矩阵标记）。"
        reports.report_update(actor=clerk, draft=draft, sections=draft.report.sections)
        for checked in reports.draft_findings(draft):
            if checked.blocks and not checked.is_error:
                reports.report_acknowledge(actor=clerk, draft=draft, key=checked.key, reason="无")
        drafts[year] = draft
    reports.report_submit(actor=reviewer, draft=drafts[YEAR - 1])
    reports.report_submit(actor=reviewer, draft=drafts[YEAR - 2])
    reports.report_publish(actor=reviewer, draft=drafts[YEAR - 2])
    for draft in drafts.values():
        draft.refresh_from_db()
    world.objects.update(
        report=drafts[YEAR], submitted=drafts[YEAR - 1], published=drafts[YEAR - 2]
    )
    world.secrets.append("校车专项整治仍需加强")


def build_world() -> World:
    operator = User.objects.create_superuser(username="operator", password="x-operator-pass")
    city, a, b, other = _agencies(operator)
    world = World(a=a, b=b, users=_users(operator, city, a, b, other))
    world.objects["city"] = city
    # A itself and its people: nobody outside A's city may even learn who works there.
    world.secrets += [a.name, a.reading_room, "王晓燕", "李建国", "陈静"]
    _requests(world)
    _catalogue_and_cases(world)
    _redaction(world)
    _reports(world)
    for persona in ("clerk_a", "clerk_b", "admin_b", "other_supervisor"):
        _token, raw = staff_token_create(actor=operator, user=world.users[persona], name="矩阵")
        world.tokens[persona] = raw
    return world


# --- "nothing changed" ----------------------------------------------------------------------

# Every model holding an agency's records, with the path from it to the agency (and the
# columns that change by merely being used: a log-in, a token's last day of use, stored files).
A_ROWS: dict[type[models.Model], tuple[str, frozenset[str]]] = {
    Agency: ("pk", frozenset()),
    User: ("agency", frozenset({"last_login"})),
    StaffToken: ("user__agency", frozenset({"last_used_on"})),
    Application: ("agency", frozenset()),
    Consultation: ("application__agency", frozenset()),
    Attachment: ("application__agency", frozenset()),
    Notice: ("application__agency", frozenset()),
    OnlineCorrection: ("application__agency", frozenset()),
    SecrecyReview: ("application__agency", frozenset()),
    TrackingCounter: ("agency", frozenset()),
    Paper: ("agency", frozenset()),
    DocumentCounter: ("agency", frozenset()),
    DocumentSettings: ("agency", frozenset()),
    ReplyDetails: ("application__agency", frozenset()),
    CaseLink: ("application__agency", frozenset()),
    Document: ("agency", frozenset()),
    DocumentAttachment: ("document__agency", frozenset()),
    DocumentReview: ("document__agency", frozenset()),
    DocumentCorrection: ("document__agency", frozenset()),
    CorrectionFile: ("correction__document__agency", frozenset()),
    CaseFile: ("case__agency", frozenset()),
    SavedFilter: ("user__agency", frozenset()),
    CatalogueSettings: ("agency", frozenset()),
    IndexCounter: ("agency", frozenset()),
    PowerItem: ("agency", frozenset()),
    YearFigures: ("agency", frozenset()),
    Case: ("agency", frozenset()),
    RegisterDay: ("agency", frozenset()),
    Visit: ("agency", frozenset()),
    Redaction: ("application__agency", frozenset()),
    Mark: ("redaction__application__agency", frozenset()),
    ReportVersion: ("agency", frozenset({"html", "docx", "pdf"})),
    Notification: ("agency", frozenset()),
    ApplicantChoice: ("application__agency", frozenset()),
}


def agency_state(agency: Agency) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the agency's records, column by column (the audit trail apart)."""
    state = {}
    for model, (path, volatile) in A_ROWS.items():
        columns = [f.attname for f in model._meta.concrete_fields if f.name not in volatile]
        rows = model._default_manager.filter(**{path: agency.pk}).order_by("pk")
        state[model._meta.label] = [tuple(map(repr, r)) for r in rows.values_list(*columns)]
    return state


def last_event_pk() -> int:
    return Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
