"""Reads: an agency's document settings, the documents staff may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from gongkai.accounts.access import scope_to_user
from gongkai.agencies.models import Agency
from gongkai.documents.models import Document, DocumentSettings
from gongkai.documents.remedies import review_body


def settings_for(agency: Agency) -> DocumentSettings:
    """The agency's settings, unsaved defaults when it has none."""
    found = DocumentSettings.objects.filter(agency=agency).first()
    return found or DocumentSettings(agency=agency)


def review_body_for(agency: Agency) -> str:
    """The 复议机关 named in the agency's letters (行政复议法第二十四条)."""
    return review_body(agency, settings_for(agency).review_body)


def number_prefix_for(agency: Agency) -> str:
    return settings_for(agency).number_prefix.strip() or agency.name


def documents_for(user: Any) -> QuerySet[Document]:
    return scope_to_user(Document.objects.select_related("agency", "application", "notice"), user)
