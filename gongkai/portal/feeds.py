"""The Atom feed of an agency's newly published documents. A corrected one (更正) says so in its
summary, and its ``<updated>`` is the 更正日期: a reader shows it as changed."""

from __future__ import annotations

from datetime import date, datetime, time

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from gongkai.agencies.models import Agency
from gongkai.catalogue.models import Document
from gongkai.catalogue.selectors import public_documents
from gongkai.lib.safe_cells import xml_text
from gongkai.portal.views import portal_agency

FEED_SIZE = 30


class NewDocumentsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, code: str) -> Agency:
        return portal_agency(code)

    def title(self, agency: Agency) -> str:
        return f"{agency.name} · 主动公开信息"

    def subtitle(self, agency: Agency) -> str:
        return f"{agency.name}新发布的主动公开政府信息"

    def link(self, agency: Agency) -> str:
        return reverse("portal:documents", args=[agency.short_code])

    def items(self, agency: Agency) -> list[Document]:
        documents = list(public_documents(agency.pk).order_by("-published_on", "-id")[:FEED_SIZE])
        for document in documents:
            document.agency = agency  # item_link's short code, without a query per item
        return documents

    def item_title(self, item: Document) -> str:
        return xml_text(item.title)  # a plain-text <title>; XML cannot hold control characters

    def item_description(self, item: Document) -> str:
        """Django writes this as ``<summary type="html">``: a reader renders it as HTML, so the
        document's text is HTML-escaped here (the XML writer then escapes it once more)."""
        parts = [item.doc_number, item.issuer, f"索引号 {item.index_number}"]
        if item.corrected_on:
            parts.append(f"已更正 {item.corrected_on:%Y-%m-%d}")
        lead = item.body.strip().splitlines()[0][:200] if item.body.strip() else ""
        text = " · ".join(p for p in parts if p) + (f"\n{lead}" if lead else "")
        return str(escape(xml_text(text)))

    def item_link(self, item: Document) -> str:
        return reverse("portal:document", args=[item.agency.short_code, item.pk])

    def item_pubdate(self, item: Document) -> datetime:
        assert item.published_on is not None  # public_documents() only yields published ones
        return _morning(item.published_on)

    def item_updateddate(self, item: Document) -> datetime:
        assert item.published_on is not None
        return _morning(item.corrected_on or item.published_on)

    def item_guid(self, item: Document) -> str:
        return f"tag:gongkai,{item.written_on.year}:{item.index_number}"

    item_guid_is_permalink = False


def _morning(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))
