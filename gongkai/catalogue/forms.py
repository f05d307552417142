"""Forms of the catalogue's staff pages: they validate; the services write."""

from __future__ import annotations

from functools import cached_property
from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.catalogue.models import (
    Attachment,
    CatalogueSettings,
    Document,
    DocumentCorrection,
    PowerItem,
    Status,
)
from gongkai.catalogue.services import DOCUMENT_FIELDS, POWER_FIELDS
from gongkai.catalogue.tables import entered_cells, proactive_format
from gongkai.lib.uploads import DOCUMENT_KINDS, checked_kind, kinds_text

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReasonField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(label="说明（记入审计日志）", required=False, max_length=500, **kwargs)


class DocumentForm(forms.ModelForm):
    reason = ReasonField()

    class Meta:
        model = Document
        fields = DOCUMENT_FIELDS
        widgets: ClassVar[dict[str, Any]] = {
            "written_on": DATE,
            "body": forms.Textarea(attrs={"rows": 12}),
        }
        help_texts: ClassVar[dict[str, str]] = {
            "written_on": "保存为草稿；经保密审查后发布，自成文日期起 20 个工作日内应公开"
            "（条例第十七条、第二十六条）。"
        }

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Creating for one of several writable agencies (a platform operator): say which.
        if agencies is not None and agencies.count() > 1:
            self.fields["agency"] = forms.ModelChoiceField(
                label="公开机关", queryset=agencies, initial=agencies.first()
            )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="效力状态", choices=Status.choices)
    changed_on = forms.DateField(label="修改/废止日期", required=False, widget=DATE)
    # The successor by its 索引号, not a select: a list of every document of the agency is
    # thousands of options on every document page (2.5 s a page with 8,000 documents).
    replaced_by = forms.CharField(
        label="修改/替代文件的索引号",
        required=False,
        max_length=120,
        help_text="本机关目录中新文件的索引号；现行有效的文件留空。",
    )
    reason = ReasonField()

    def __init__(self, *args: Any, document: Document, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.document = document

    @cached_property
    def candidates(self) -> QuerySet[Document]:
        """The successors it may name (made when a sent form is checked, not for showing it)."""
        return Document.objects.filter(agency_id=self.document.agency_id).exclude(
            pk=self.document.pk
        )

    def clean_replaced_by(self) -> Document | None:
        value = self.cleaned_data["replaced_by"].strip()
        if not value:
            return None
        found = self.candidates.filter(index_number=value).first()
        if found is None and value.isdigit():  # the id, as the API and older forms send it
            found = self.candidates.filter(pk=int(value)).first()
        if found is None:
            raise forms.ValidationError(f"本机关目录中（本文件除外）没有索引号为“{value}”的文件。")
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") != Status.IN_FORCE and not data.get("changed_on"):
            self.add_error("changed_on", "已修改或已废止的文件须填写日期。")
        return data


class AttachmentForm(forms.Form):
    title = forms.CharField(label="附件名称", max_length=200)
    file = forms.FileField(
        label="文件",
        help_text=f"{kinds_text(DOCUMENT_KINDS)}（按内容判断，不收网页、SVG 等可执行内容）",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        checked_kind(upload, DOCUMENT_KINDS, settings.CATALOGUE_ATTACHMENT_MAX_BYTES)
        return upload


class PowerItemForm(forms.ModelForm):
    reason = ReasonField()

    class Meta:
        model = PowerItem
        fields = POWER_FIELDS
        widgets: ClassVar[dict[str, Any]] = {"legal_basis": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.agency = agency  # so the unique (agency, code) check runs in the form


class PatternForm(forms.ModelForm):
    reason = ReasonField()

    class Meta:
        model = CatalogueSettings
        fields = ("index_pattern",)


class FiguresForm(forms.Form):
    """One field per entered cell of the year's table 二 (named ``row/column``)."""

    reason = ReasonField()

    def __init__(self, *args: Any, year: int, initial_values: dict[str, Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        table = proactive_format(year)
        for row_key, column in entered_cells(year):
            key = f"{row_key}/{column.key}"
            self.fields[key] = forms.CharField(
                label=f"{table.row(row_key).label} · {column.label}",
                required=False,
                initial=initial_values.get(key, ""),
            )
        self.order_fields([*(k for k in self.fields if k != "reason"), "reason"])


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV 或 XLSX 文件")


class ChangePublishedForm(forms.Form):
    """条例第二十六条: the day an amendment or repeal was made public."""

    published_on = forms.DateField(label="变更公开日期", widget=DATE)
    reason = ReasonField()


class ReviewForm(forms.Form):
    """条例第十七条: the 保密审查 of a draft before it is published."""

    reviewed_on = forms.DateField(label="审查日期", widget=DATE)
    passed = forms.TypedChoiceField(
        label="审查结论",
        choices=(("1", "同意公开"), ("0", "不同意公开")),
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(
        label="保密审查意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    legal_opinion = forms.CharField(
        label="法制审核意见",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="规章、行政规范性文件须经法制审核（合法性审核）后发布。",
    )


class PublishForm(forms.Form):
    published_on = forms.DateField(
        label="发布日期", widget=DATE, help_text="晚于今天则到期自动在门户显示。"
    )
    reason = ReasonField()


class HistoricalDocumentForm(DocumentForm):
    """登记历史公开: the document's fields, its real 发布日期 and where that is on record."""

    published_on = forms.DateField(
        label="原发布日期",
        widget=DATE,
        help_text="本系统启用前实际公开的日期；不能晚于今天，也不能早于成文日期。",
    )
    reason = forms.CharField(
        label="原发布出处（记入审计日志）",
        max_length=500,
        help_text="如：江临市人民政府公报2018年第5期；门户网站“通知公告”栏目。",
    )

    class Meta(DocumentForm.Meta):
        help_texts: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The publication date under the date written, the source last (before the agency
        # choice that an operator with several agencies gets).
        fields = list(self.fields)
        fields.remove("published_on")
        fields.insert(fields.index("written_on") + 1, "published_on")
        fields.remove("reason")
        self.order_fields([*fields, "reason"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        published, written = data.get("published_on"), data.get("written_on")
        if published and published > timezone.localdate():
            self.add_error("published_on", "历史发布日期不能晚于今天；新文件须经保密审查后发布。")
        elif published and written and published < written:
            self.add_error("published_on", "发布日期不能早于成文日期。")
        return data


class CorrectionForm(forms.ModelForm):
    """更正 of a published document: its fields as they should read, and the 更正说明."""

    reason = ReasonField()

    class Meta:
        model = DocumentCorrection
        fields = (*DOCUMENT_FIELDS, "note")
        widgets: ClassVar[dict[str, Any]] = {
            "written_on": DATE,
            "body": forms.Textarea(attrs={"rows": 12}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class ApplyCorrectionForm(forms.Form):
    reason = ReasonField()


class CorrectionFileForm(AttachmentForm):
    """The corrected version of one of the published files."""

    replaces = forms.ModelChoiceField(label="被更正的附件", queryset=Attachment.objects.none())
    field_order = ("replaces", "title", "file")

    def __init__(self, *args: Any, document: Document, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["replaces"].queryset = document.attachments.order_by("pk")
        self.fields["title"].label = "更正后的附件名称"
        self.order_fields(self.field_order)
