"""Forms only validate; the views hand the cleaned data to a service function."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.lib.uploads import IDENTITY_KINDS, IDENTITY_MAX_BYTES, checked_kind
from gongkai.requests import codes, guards, outcomes
from gongkai.requests.models import (
    RECEIPT_RULES,
    Application,
    Consultation,
    DeliveryMethod,
    FeeMethod,
    Notice,
)

MAX_FILES = 5
MAX_FILE_BYTES = IDENTITY_MAX_BYTES
APPLICANT_FIELDS = (
    "category",
    "applicant_name",
    "id_type",
    "id_number",
    "contact_person",
    "phone",
    "email",
    "address",
    "description",
    "form_wanted",
    "delivery",
)


class DateInput(forms.DateInput):
    """An HTML date picker; it only accepts ISO dates, whatever the locale's format."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format or "%Y-%m-%d")


def _date_field(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput, initial=timezone.localdate, **kwargs)


def _checked_received(day: Any) -> Any:
    """条例第三十一条 dates inside the platform's window (``guards.check_received_on``)."""
    try:
        guards.check_received_on(day)
    except guards.TransitionError as error:
        raise forms.ValidationError(str(error)) from None
    return day


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to ``MAX_FILES`` files of at most ``MAX_FILE_BYTES`` each, PDF/JPEG/PNG by content."""

    widget = MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", f"身份证明等材料：PDF、JPG 或 PNG，最多 {MAX_FILES} 个，每个不超过 5 MB。"
        )
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png"

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if self.required and not files:
            raise forms.ValidationError("请上传身份证明材料。")
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"最多上传 {MAX_FILES} 个附件。")
        return [self._check(super(AttachmentsField, self).clean(f, initial)) for f in files]

    @staticmethod
    def _check(upload: UploadedFile) -> UploadedFile:
        # Proof of identity and the like: PDF or a photo; the content decides, not the name.
        kind = checked_kind(upload, IDENTITY_KINDS, MAX_FILE_BYTES)
        upload.content_type = kind.mime
        return upload


class RegisterForm(forms.ModelForm):
    """Staff register a letter, visit, fax or e-mail (条例第二十九条、第三十一条)."""

    agency = forms.ModelChoiceField(label="受理机关", queryset=Agency.objects.none())
    received_on = _date_field("收到申请日期", help_text="；".join(RECEIPT_RULES.values()) + "。")
    arrived_on = forms.DateField(
        label="到达日期",
        widget=DateInput,
        required=False,
        help_text="邮寄、平常信函、电子邮件、传真：申请到达本机关的日期（签收或确认晚于到达时填写）。",
    )
    files = AttachmentsField(label="附件")

    class Meta:
        model = Application
        fields = ("agency", "channel", "received_on", "arrived_on", *APPLICANT_FIELDS)
        widgets: ClassVar[dict[str, Any]] = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies if agencies is not None else Agency.objects.none()
        if field.queryset.count() == 1:
            field.initial = field.queryset.first()

    def clean_received_on(self) -> Any:
        return _checked_received(self.cleaned_data["received_on"])


class PublicApplyForm(forms.ModelForm):
    """The online form on the portal (互联网渠道)."""

    agency = forms.ModelChoiceField(
        label="向哪个机关申请", queryset=Agency.objects.filter(is_active=True)
    )
    files = AttachmentsField(label="身份证明等附件")
    # How the applicant is told of each step (gongkai.notifications): stored with the case.
    notify_email = forms.BooleanField(
        label="办理进展通过电子邮件通知我（须填写电子邮箱）", required=False, initial=True
    )
    notify_sms = forms.BooleanField(
        label="办理进展通过短信通知我（发送到联系电话）", required=False
    )
    agree = forms.BooleanField(label="我确认以上信息真实，并知悉：" + RECEIPT_RULES["web"])
    # The one-time key (signed): posting this same form again registers nothing new.
    submission = forms.CharField(widget=forms.HiddenInput, required=False)
    data: Any  # the bound POST; replaced by a re-keyed copy when the key is refused

    class Meta:
        model = Application
        fields = ("agency", *APPLICANT_FIELDS)
        widgets: ClassVar[dict[str, Any]] = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts: ClassVar[dict[str, str]] = {
            "description": "请写明所需信息的名称、文号或便于查询的其他特征（条例第二十九条）。"
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("phone", "id_type", "id_number"):
            self.fields[name].required = True
        self.fields["email"].help_text = "填写后，办理进展和查询链接可发送到此邮箱。"
        if not self.is_bound:
            self.initial["submission"] = codes.submission_token_new()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("delivery") == "email" and not data.get("email"):
            self.add_error("email", "选择电子邮件方式提供时，请填写电子邮箱。")
        if data.get("delivery") == "post" and not data.get("address"):
            self.add_error("address", "选择邮寄方式提供时，请填写通信地址。")
        # E-mail notification without an address is simply not sent (the box is ticked by
        # default); SMS needs the phone number (required here anyway).
        if data.get("notify_sms") and not data.get("phone"):
            self.add_error("phone", "选择短信通知时，请填写联系电话。")
        key = codes.submission_key(data.get("submission") or "")
        if key is None:
            # Shown again with a fresh key; everything the applicant typed stays in the form.
            self.data = self.data.copy()  # the POST itself is immutable
            self.data[self.add_prefix("submission")] = codes.submission_token_new()
            raise ValidationError(
                "申请表缺少或带有无效的提交标识（页面可能来自别处或已被改动），未登记。"
                "请核对内容后再次提交。"
            )
        data["submission"] = key
        return data


class StatusForm(forms.Form):
    tracking_number = forms.CharField(label="受理编号", max_length=40)
    query_code = forms.CharField(label="查询码", max_length=20, widget=forms.PasswordInput)


# --- one form per transition ------------------------------------------------------------------

DELIVERY_KEYS = {
    "delivery_method": "method",
    "delivery_sent_on": "sent_on",
    "delivery_received_on": "received_on",
    "delivery_tracking": "tracking_number",
}


class DeliveryFields(forms.Form):
    """送达: how the notice went out and when it was received; may be left for later
    ("登记送达" on the case page). Periods that run from receipt start from the date given."""

    delivery_method = forms.ChoiceField(
        label="送达方式",
        choices=[("", "稍后登记"), *DeliveryMethod.choices],
        required=False,
    )
    delivery_sent_on = forms.DateField(label="发出日期", widget=DateInput, required=False)
    delivery_received_on = forms.DateField(
        label="对方收到日期",
        widget=DateInput,
        required=False,
        help_text="当面送达、电子邮件为发出当日；邮寄以签收日期为准。期限自收到之日起算。",
    )
    delivery_tracking = forms.CharField(label="邮件号码（EMS）", max_length=40, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.field_order is None:  # the transition's own fields first, delivery after
            self.order_fields([k for k in self.fields if k not in DELIVERY_KEYS])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("delivery_method") and not data.get("delivery_sent_on"):
            self.add_error("delivery_sent_on", "请填写发出日期。")
        return data


def split_delivery(data: dict[str, Any]) -> dict[str, Any]:
    """The cleaned data with the delivery fields folded into ``delivery`` (None if not sent)."""
    delivery = {new: data.pop(old, None) for old, new in DELIVERY_KEYS.items()}
    delivery["tracking_number"] = delivery["tracking_number"] or ""
    data["delivery"] = delivery if delivery["method"] else None
    return data


class RecordDeliveryForm(DeliveryFields):
    notice = forms.ModelChoiceField(label="文书", queryset=Notice.objects.none())

    field_order: ClassVar[list[str]] = ["notice", *DELIVERY_KEYS]

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["notice"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = application.notices.all()
        self.fields["delivery_method"].required = True
        self.fields["delivery_sent_on"].required = True


class RequestCorrectionForm(DeliveryFields):
    requested_on = _date_field("补正告知日期")
    correction_days = forms.IntegerField(
        label="补正期限（工作日）", min_value=1, max_value=60, initial=10
    )
    items = forms.CharField(label="需要补正的全部事项", widget=forms.Textarea(attrs={"rows": 4}))


class ReceiveCorrectionForm(forms.Form):
    received_on = _date_field("收到补正申请日期")

    def clean_received_on(self) -> Any:
        return _checked_received(self.cleaned_data["received_on"])


class ConsultForm(DeliveryFields):
    kind = forms.ChoiceField(label="类型", choices=Consultation.Kind.choices)
    party = forms.CharField(label="被征求意见方", max_length=100)
    sent_on = _date_field("书面征求意见日期")


class ReceiveOpinionForm(forms.Form):
    consultation = forms.ModelChoiceField(label="征求意见", queryset=Consultation.objects.none())
    answered_on = _date_field("收到意见日期")
    opinion = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["consultation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = application.consultations.filter(answered_on__isnull=True)


class RecordSilenceForm(forms.Form):
    consultation = forms.ModelChoiceField(label="征求意见", queryset=Consultation.objects.none())
    on = _date_field("登记日期")

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["consultation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = application.consultations.filter(
            answered_on__isnull=True, silence_recorded_on__isnull=True
        )


class AskReasonsForm(DeliveryFields):
    asked_on = _date_field(
        "要求说明理由日期", help_text="条例第三十五条：申请数量、频次明显超过合理范围"
    )


class RecordReasonsForm(forms.Form):
    received_on = _date_field("收到理由说明日期")
    reasons = forms.CharField(label="申请人说明的理由", widget=forms.Textarea(attrs={"rows": 4}))


class ExtendForm(DeliveryFields):
    days = forms.IntegerField(label="延长工作日", min_value=1, max_value=20, initial=20)
    reason = forms.CharField(
        label="延长理由（告知申请人）", widget=forms.Textarea(attrs={"rows": 3})
    )
    approved_on = _date_field("负责人批准日期", help_text="条例第三十三条第二款：须在答复期限内")
    notified_on = _date_field("告知申请人日期", help_text="须在答复期限内")


class LaterDeadlineForm(forms.Form):
    deadline = forms.DateField(label="合理答复期限", widget=DateInput)
    reason = forms.CharField(label="理由（告知申请人）", widget=forms.Textarea(attrs={"rows": 3}))


class FeeNoticeForm(DeliveryFields):
    method = forms.ChoiceField(label="收费方式", choices=FeeMethod.choices)
    notice_on = _date_field("收费通知日期")
    pages = forms.IntegerField(label="页数（按量计收）", min_value=1, required=False)


class RecordPaymentForm(forms.Form):
    paid_on = _date_field("缴费日期")


WITHHELD_ROWS = 8


def _variant_choices() -> list[tuple[str, str]]:
    extra = [(v.key, v.label) for o in outcomes.OUTCOMES for v in o.variants if v.key]
    return [("", "一般情形"), *extra]


def _ground_choices() -> list[tuple[str, str]]:
    grounds = [(o.key, o.label) for o in outcomes.OUTCOMES if o.ground]
    return [("", "（选择理由）"), *grounds]


class DraftReplyForm(forms.Form):
    """The reply: the outcome, the details its letter states (条例第三十六条、第三十七条) and
    the letter itself. The details' rules are ``documents.replies.reply_problems``."""

    outcome = forms.ChoiceField(label="办理结果", choices=outcomes.answer_choices())
    variant = forms.ChoiceField(
        label="答复情形",
        choices=_variant_choices,
        required=False,
        help_text="予以公开时，已主动公开的信息适用第三十六条第（一）项；本机关没有的信息，"
        "不属于本机关负责公开的适用第三十六条第（五）项。",
    )
    published_where = forms.CharField(
        label="已主动公开的获取方式、途径", max_length=300, required=False
    )
    reason = forms.CharField(label="不属于本机关负责公开的理由", max_length=300, required=False)
    holder = forms.CharField(
        label="负责公开的行政机关（能够确定的）", max_length=100, required=False
    )
    holder_contact = forms.CharField(label="该机关的联系方式", max_length=200, required=False)
    disclosed_part = forms.CharField(
        label="予以公开的部分（部分公开）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    letter_text = forms.CharField(
        label="答复告知书正文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="留空或不改动则按办理结果和以上要素生成标准文本；生成后可再修改。",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, WITHHELD_ROWS + 1):
            self.fields[f"withheld_{n}_part"] = forms.CharField(
                label=f"不予公开的部分 {n}", max_length=300, required=False
            )
            self.fields[f"withheld_{n}_ground"] = forms.ChoiceField(
                label=f"理由 {n}", choices=_ground_choices, required=False
            )
        rows = [
            f"withheld_{n}_{part}"
            for n in range(1, WITHHELD_ROWS + 1)
            for part in ("part", "ground")
        ]
        self.order_fields([*list(self.fields)[: -len(rows) - 1], *rows, "letter_text"])

    def clean(self) -> dict[str, Any]:
        from gongkai.documents.replies import reply_problems
        from gongkai.requests.letters import Reply

        data = super().clean() or {}
        rows = []
        for n in range(1, WITHHELD_ROWS + 1):
            part = data.pop(f"withheld_{n}_part", "").strip()
            ground = data.pop(f"withheld_{n}_ground", "")
            if part and ground:
                rows.append((part, ground))
            elif part or ground:
                self.add_error(f"withheld_{n}_part", "每一项须写明不予公开的内容并选择理由。")
        if "outcome" not in data:
            return data
        fields = ("variant", "published_where", "reason", "holder", "holder_contact")
        reply = Reply(
            **{f: data.pop(f, "") for f in fields},
            disclosed_part=data.pop("disclosed_part", ""),
            withheld=tuple(rows),
        )
        for field, message in reply_problems(data["outcome"], reply).items():
            self.add_error("withheld_1_part" if field == "withheld" else field, message)
        data["reply"] = reply
        return data


class AnswerForm(forms.Form):
    answered_on = _date_field("答复日期")


class WithdrawForm(forms.Form):
    withdrawn_on = _date_field("撤回日期")
    reason = forms.CharField(label="说明", required=False)


class DeemAbandonedForm(forms.Form):
    on = _date_field("认定日期")
