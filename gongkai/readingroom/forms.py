from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from gongkai.catalogue.forms import DATE, ReasonField
from gongkai.readingroom.models import RegisterDay, Visit
from gongkai.readingroom.services import TRACKED, VISIT_FIELDS


class RegisterDayForm(forms.ModelForm):
    """A correction of a day's totals entered before visits were registered one by one."""

    reason = ReasonField()

    class Meta:
        model = RegisterDay
        fields = ("day", *TRACKED)
        widgets: ClassVar[dict[str, Any]] = {"day": DATE}

    def validate_unique(self) -> None:
        # Saving a day that already has a row corrects it (register_day_save), not an error.
        pass


class VisitForm(forms.ModelForm):
    class Meta:
        model = Visit
        fields = VISIT_FIELDS
        widgets: ClassVar[dict[str, Any]] = {"day": DATE}


class VisitCorrectForm(VisitForm):
    reason = forms.CharField(label="更正理由（记入审计日志）", max_length=500)
