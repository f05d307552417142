from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from gongkai.catalogue.forms import DATE, ReasonField
from gongkai.readingroom.models import RegisterDay
from gongkai.readingroom.services import TRACKED


class RegisterDayForm(forms.ModelForm):
    reason = ReasonField()

    class Meta:
        model = RegisterDay
        fields = ("day", *TRACKED)
        widgets: ClassVar[dict[str, Any]] = {"day": DATE}

    def validate_unique(self) -> None:
        # Saving a day that already has a row corrects it (register_day_save), not an error.
        pass
