"""Disclosure requests (依申请公开) as data — see the package docstring and
``shared/spec/requests-workflow.md``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.functional import LazyObject

from gongkai.lib.crypto import EncryptedCharField, identity_digest
from gongkai.report.formats import APPLICANT_COLUMNS, REQUEST_COLUMNS
from gongkai.requests import outcomes

# Built from the outcome registry so that an outcome code *is* a table 三 row key, and from
# gongkai.report.formats so that an applicant category *is* a table 三 column key; nothing
# here re-spells a label.
Outcome = models.TextChoices(
    "Outcome",
    [(o.key.replace(".", "__").upper(), (o.key, o.label)) for o in outcomes.OUTCOMES],
)
Category = models.TextChoices(
    "Category",
    [(c.key.upper(), (c.key, c.label)) for c in REQUEST_COLUMNS if c.key in APPLICANT_COLUMNS],
)


# Choices use the functional API: without Django type stubs mypy would read the class syntax's
# members as tuples.

# How the application arrived; decides the receipt date (条例第三十一条).
Channel = models.TextChoices(
    "Channel",
    [
        ("IN_PERSON", ("in_person", "当面提交")),
        ("POST", ("post", "邮寄（需签收）")),
        ("LETTER", ("letter", "平常信函")),
        ("WEB", ("web", "互联网（在线申请）")),
        ("EMAIL", ("email", "电子邮件")),
        ("FAX", ("fax", "传真")),
    ],
)

# 条例第三十一条, channel by channel: which day is the day of receipt. Shown on the forms and
# the case page as what the platform records.
RECEIPT_RULES = {
    "in_person": "当面提交：提交之日为收到申请之日（条例第三十一条第（一）项）",
    "post": "邮寄需签收：本机关签收之日为收到申请之日（第三十一条第（二）项）",
    "letter": "平常信函：应于信函到达当日与申请人确认，确认之日为收到申请之日（第三十一条第（二）项）",
    "web": "互联网在线申请：提交后系统即时出具受理回执作为双方确认，提交之日为收到申请之日"
    "（第三十一条第（三）项）",
    "email": "电子邮件（互联网渠道）：与申请人确认之日为收到申请之日（第三十一条第（三）项）",
    "fax": "传真：与申请人确认之日为收到申请之日（第三十一条第（三）项）",
}

Status = models.TextChoices(
    "Status",
    [
        ("OPEN", ("open", "办理中")),
        ("CORRECTION", ("correction", "待补正")),
        ("CONSULTING", ("consulting", "征求意见中")),
        ("FEE", ("fee", "待缴费")),
        ("CLOSED", ("closed", "已办结")),
        # A record entered by mistake (a duplicate, a test, a letter that was no application):
        # kept with its trail, counted nowhere — not in table 三, the dashboard or reminders.
        ("VOID", ("void", "已作废")),
    ],
)
# The states in which no clock runs and nothing is due.
FINISHED = frozenset({Status.CLOSED, Status.VOID})

# 条例第二十九条: the form in which the applicant wants the information.
FormWanted = models.TextChoices(
    "FormWanted",
    [
        ("PAPER", ("paper", "纸质")),
        ("ELECTRONIC", ("electronic", "电子数据")),
        ("INSPECTION", ("inspection", "查阅")),
    ],
)

Delivery = models.TextChoices(
    "Delivery",
    [
        ("POST", ("post", "邮寄")),
        ("EMAIL", ("email", "电子邮件")),
        ("PICKUP", ("pickup", "当面领取")),
    ],
)

# 办法: one method per application.
FeeMethod = models.TextChoices(
    "FeeMethod",
    [
        ("PER_APPLICATION", ("per_application", "按件计收")),
        ("PER_VOLUME", ("per_volume", "按量计收")),
    ],
)


class AttachmentStorage(LazyObject):
    """Private storage outside any public media path; evaluated lazily so tests can point
    ``REQUESTS_PRIVATE_DIR`` at a temporary folder."""

    def _setup(self) -> None:
        location = getattr(settings, "REQUESTS_PRIVATE_DIR", None) or (
            settings.VAR_DIR / "private" / "requests"
        )
        self._wrapped = FileSystemStorage(location=location, base_url=None)


attachment_storage = AttachmentStorage()


def _attachment_storage() -> AttachmentStorage:
    # A callable, so the migration names this function rather than a folder of this machine.
    return attachment_storage


class TrackingCounter(models.Model):
    """The last tracking-number serial handed out per agency and year. Locked with
    ``select_for_update`` while a number is taken, so numbers are gapless and never reused."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("agency", "year"), name="requests_counter_unique"),
        )


class Application(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="受理机关", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("受理年度")
    serial = models.PositiveIntegerField("年度序号")
    tracking_number = models.CharField("受理编号", max_length=40, unique=True)
    query_code_hash = models.CharField("查询码摘要", max_length=64)
    # The online form's one-time key: a second POST of the same form (a double click, a retry
    # after a dropped connection) finds this application instead of registering another.
    submission_key = models.CharField(
        "在线提交标识", max_length=32, null=True, blank=True, unique=True, editable=False
    )
    channel = models.CharField("申请渠道", max_length=20, choices=Channel.choices)
    received_on = models.DateField("收到申请日期", db_index=True, help_text="条例第三十一条")
    # The day the application reached the office (a letter's or e-mail's arrival), when the day
    # of receipt is a later signature or confirmation (条例第三十一条).
    arrived_on = models.DateField("到达日期", null=True, blank=True)
    category = models.CharField("申请人类别", max_length=20, choices=Category.choices)
    applicant_name = models.CharField("申请人（姓名或名称）", max_length=100)
    id_type = models.CharField("身份证明类型", max_length=40, blank=True)
    # Encrypted at rest (gongkai.lib.crypto); found by its keyed hash, never by the number.
    id_number = EncryptedCharField("身份证明号码", max_length=60, blank=True)
    id_number_digest = models.CharField(
        "身份证明号码检索值", max_length=64, blank=True, db_index=True, editable=False
    )
    contact_person = models.CharField("联系人", max_length=60, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    description = models.TextField("所需信息的内容描述")
    form_wanted = models.CharField("获取信息的方式", max_length=20, choices=FormWanted.choices)
    delivery = models.CharField("提供方式", max_length=20, choices=Delivery.choices)

    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    # The day the 20-working-day reply period runs from: receipt, or receipt of the corrected
    # application (条例第三十条).
    period_start = models.DateField("答复期限起算日")
    due_on = models.DateField("当前期限", db_index=True)
    due_provisional = models.BooleanField("期限为暂定", default=False)
    extension_days = models.PositiveSmallIntegerField("延长工作日", default=0)
    # 条例第三十三条第二款: approved by the head of the disclosure office and told to the
    # applicant, both while the reply period still runs (the last extension's dates; each
    # extension is also an event and a notice).
    extension_approved_on = models.DateField("延期批准日期", null=True, blank=True)
    extension_notified_on = models.DateField("延期告知日期", null=True, blank=True)
    later_deadline = models.DateField("合理延迟答复期限", null=True, blank=True)
    # 条例第三十五条: a large or frequent request — the applicant is asked for reasons first.
    reasons_requested_on = models.DateField("要求说明理由日期", null=True, blank=True)
    reasons_received_on = models.DateField("收到理由说明日期", null=True, blank=True)
    reasons_text = models.TextField("申请人说明的理由", blank=True)

    correction_requested_on = models.DateField("补正告知日期", null=True, blank=True)
    # The period the agency granted, in working days: it runs from the applicant's receipt of
    # the notice (条例第三十条), so the due date is recomputed when the delivery is recorded.
    correction_days = models.PositiveSmallIntegerField("补正期限（工作日）", null=True, blank=True)
    correction_due_on = models.DateField("补正期限", null=True, blank=True)
    correction_received_on = models.DateField("收到补正日期", null=True, blank=True)

    fee_method = models.CharField("收费方式", max_length=20, choices=FeeMethod.choices, blank=True)
    fee_amount = models.DecimalField(
        "信息处理费（元）", max_digits=10, decimal_places=2, null=True, blank=True
    )
    fee_notice_on = models.DateField("收费通知日期", null=True, blank=True)
    fee_due_on = models.DateField("缴费期限", null=True, blank=True)
    fee_paid_on = models.DateField("缴费日期", null=True, blank=True)

    draft_outcome = models.CharField(
        "拟办理结果", max_length=40, choices=Outcome.choices, blank=True
    )
    letter_text = models.TextField("答复告知书正文", blank=True)
    outcome = models.CharField("办理结果", max_length=40, choices=Outcome.choices, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True, db_index=True)
    # The clerk handling the case, set by a reviewer or the agency's administrator
    # (services.application_assign); "我的案件" on the dashboard filters on it.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ("-received_on", "-serial", "-pk")
        constraints = (
            models.UniqueConstraint(
                fields=("agency", "year", "serial"), name="requests_tracking_unique"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status="closed", closed_on__isnull=False) & ~models.Q(outcome="")
                )
                | (~models.Q(status="closed") & models.Q(closed_on__isnull=True, outcome="")),
                name="requests_closed_has_outcome",
            ),
        )
        indexes = (
            # Covers table 三's query, in its GROUP BY order: the rows are read from the index
            # alone, already grouped (on SQLite, no temporary B-tree to sort a year's rows).
            models.Index(
                fields=["agency", "category", "outcome", "received_on", "closed_on", "status"],
                name="requests_three_group_idx2",
            ),
            models.Index(fields=["agency", "status", "due_on"]),
            # The request list: an agency's open cases in the list's order, read from the index
            # already sorted, the first page without reading the closed ones (most of them).
            models.Index(
                fields=["agency", "due_on", "received_on", "serial"],
                condition=~models.Q(status__in=sorted(FINISHED)),
                name="requests_open_due_idx",
            ),
        )

    def __str__(self) -> str:
        return f"{self.tracking_number} {self.applicant_name_masked}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.id_number_digest = identity_digest(self.id_number)
        fields = kwargs.get("update_fields")
        if fields is not None and "id_number" in fields:
            kwargs["update_fields"] = {*fields, "id_number_digest"}
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status not in FINISHED

    @property
    def applicant_name_masked(self) -> str:
        return mask_name(self.applicant_name, self.category)

    @property
    def id_number_masked(self) -> str:
        return mask_identifier(self.id_number)

    @property
    def receipt_rule(self) -> str:
        return RECEIPT_RULES.get(self.channel, "")

    @property
    def due_label(self) -> str:
        """What ``due_on`` is the deadline of."""
        return due_label(self.status)

    def outcome_label(self) -> str:
        return outcome_label(self.outcome)

    def pauses_open(self) -> bool:
        return any(c.waiting for c in self.consultations.all())


class Consultation(models.Model):
    """A written consultation of a third party (条例第三十二条) or of a co-producing agency
    (条例第三十四条). The days it is out do not count toward the reply period (第三十三条)."""

    Kind = models.TextChoices(
        "Kind",
        [
            ("THIRD_PARTY", ("third_party", "征求第三方意见（条例第三十二条）")),
            ("AGENCY", ("agency", "征求其他机关意见（条例第三十四条）")),
        ],
    )

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="consultations"
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    party = models.CharField("被征求意见方", max_length=100)
    sent_on = models.DateField("发出日期")
    # The 15 working days run from the party's receipt of the letter (条例第三十二条、第三十四条
    # "自收到征求意见书之日起"); until the receipt is recorded they are counted from sending.
    received_on = models.DateField("对方收到征求意见书日期", null=True, blank=True)
    reply_due_on = models.DateField("答复期限")
    answered_on = models.DateField("收到意见日期", null=True, blank=True)
    opinion = models.TextField("意见", blank=True)
    # No answer by the deadline: a third party's silence leaves the decision to the agency
    # (第三十二条), a co-producing agency's silence is consent (第三十四条).
    silence_recorded_on = models.DateField("逾期未答复登记日期", null=True, blank=True)

    class Meta:
        ordering = ("sent_on", "pk")

    @property
    def pause_end(self) -> date:
        """The last day of the pause: the answer or the party's deadline, whichever is first —
        a late answer does not stretch it."""
        if self.answered_on is not None and self.answered_on < self.reply_due_on:
            return self.answered_on
        return self.reply_due_on

    @property
    def waiting(self) -> bool:
        return self.answered_on is None and self.silence_recorded_on is None

    def silence_meaning(self) -> str:
        if self.kind == self.Kind.AGENCY:
            return "逾期未提出意见，视为同意公开（条例第三十四条）"
        return "逾期未提出意见，由本机关依照条例决定是否公开（条例第三十二条）"


# How a notice or letter reached its addressee (送达), and so from when periods that run from
# receipt are counted (条例第三十条 补正, 第三十二条 征求意见, 办法第七条 缴费).
DeliveryMethod = models.TextChoices(
    "DeliveryMethod",
    [
        ("IN_PERSON", ("in_person", "直接送达（当面）")),
        ("EMS", ("ems", "邮政特快专递（EMS）")),
        ("POST", ("post", "普通邮寄")),
        ("EMAIL", ("email", "电子邮件")),
        ("ONLINE", ("online", "在线平台")),
    ],
)

NoticeKind = models.TextChoices(
    "NoticeKind",
    [
        ("ACCEPTANCE", ("acceptance", "受理回执")),
        ("CORRECTION", ("correction", "补正告知书")),
        ("EXTENSION", ("extension", "延期答复告知书")),
        ("CONSULTATION", ("consultation", "征求意见函")),
        ("FEE", ("fee", "收费通知")),
        ("REASONS", ("reasons", "说明理由通知")),
        ("LATER_DEADLINE", ("later_deadline", "延迟答复告知书")),
        ("REPLY", ("reply", "答复告知书")),
    ],
)


class Notice(models.Model):
    """A notice or letter of a case sent to the applicant (or, for a consultation, to the
    consulted party), with its delivery: how it was sent, when, and when it was received."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notices")
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, null=True, blank=True, related_name="notices"
    )
    kind = models.CharField("文书", max_length=20, choices=NoticeKind.choices)
    dated_on = models.DateField("文书日期")
    method = models.CharField("送达方式", max_length=20, choices=DeliveryMethod.choices, blank=True)
    tracking_number = models.CharField("邮件号码", max_length=40, blank=True)
    sent_on = models.DateField("发出日期", null=True, blank=True)
    received_on = models.DateField("收到日期", null=True, blank=True)

    class Meta:
        verbose_name = "文书送达"
        verbose_name_plural = "文书送达"
        ordering = ("dated_on", "pk")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.dated_on:%Y-%m-%d}）"


class OnlineCorrection(models.Model):
    """A 补正 the applicant sent from the case page (条例第三十条): what they typed, and its files
    (``Attachment.correction``). Recorded by ``online.application_correct_online``, which also
    records the correction as received that day."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="online_corrections"
    )
    received_on = models.DateField("收到补正日期")
    text = models.TextField("补正内容", blank=True)
    submitted_at = models.DateTimeField("提交时间", default=timezone.now)

    class Meta:
        ordering = ("pk",)
        verbose_name = "在线补正"
        verbose_name_plural = "在线补正"

    def __str__(self) -> str:
        return f"{self.application.tracking_number} 在线补正 {self.received_on}"


class Attachment(models.Model):
    """A file the applicant sent (e.g. proof of identity), kept in private storage and served
    only to staff of the agency through a view."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(storage=_attachment_storage, upload_to="%Y/%m")
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    # Removed (uploaded by mistake) or replaced by a corrected file: kept, private, for the
    # audit trail, and hidden from the case page (corrections.attachment_remove).
    removed_at = models.DateTimeField("删除时间", null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name="替换为",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    # Sent by the applicant with an online 补正 (条例第三十条).
    correction = models.ForeignKey(
        OnlineCorrection,
        verbose_name="在线补正",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="files",
    )

    class Meta:
        ordering = ("pk",)


# What an application's ``due_on`` is the deadline of, by its status (``due_label``).
DUE_LABELS = {
    Status.CORRECTION: "申请人补正期限（条例第三十条）",
    Status.FEE: "申请人缴费期限（收费管理办法第七条）",
    Status.CONSULTING: "答复期限（征求意见时间不计入）",
    Status.CLOSED: "答复期限",
}


def due_label(status: str) -> str:
    """What the due date of an application in ``status`` is the deadline of
    (``Application.due_label``; the request list's rows read the status alone)."""
    return DUE_LABELS.get(status, "答复期限（条例第三十三条）")


def outcome_label(code: str) -> str:
    """The label of an outcome code, "" for none (``Application.outcome_label``)."""
    return str(Outcome(code).label) if code else ""


def mask_name(name: str, category: str = "natural_person") -> str:
    """张三丰 → 张**; organisations keep their name (it is not personal data)."""
    if category != "natural_person" or len(name) <= 1:
        return name
    return name[0] + "*" * (len(name) - 1)


def mask_identifier(value: str) -> str:
    """Keep the first 3 and last 2 characters: 330102199001011234 → 330*************34."""
    if len(value) <= 5:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 5) + value[-2:]


class SecrecyReview(models.Model):
    """保密审查 of a drafted reply before it is sent (条例第十七条: 建立健全政府信息公开审查机制;
    保守国家秘密法). It reviews one draft — the outcome and the letter as they stood
    (``draft_digest``); a draft changed afterwards needs a new review."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="secrecy_reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审查人", on_delete=models.PROTECT, related_name="+"
    )
    reviewed_on = models.DateField("审查日期")
    passed = models.BooleanField("审查结论：同意公开（发出）")
    opinion = models.TextField("审查意见")
    draft_digest = models.CharField("所审查答复稿的摘要", max_length=64)

    class Meta:
        ordering = ("pk",)
        verbose_name = "保密审查"
        verbose_name_plural = "保密审查"

    def __str__(self) -> str:
        return f"{self.application.tracking_number} 保密审查 {self.reviewed_on}"
