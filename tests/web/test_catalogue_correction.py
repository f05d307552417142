"""更正 of a published document: prepared (a clerk may), reviewed like a draft (条例第十七条),
applied by a reviewer; the 索引号 and 发布日期 stay, the portal shows the 更正说明, staff keep
the earlier version."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.models import Event
from gongkai.catalogue.correction import (
    correction_apply,
    correction_prepare,
    correction_replace_file,
    correction_review,
    correction_withdraw,
    open_correction,
)
from gongkai.catalogue.models import DocType, Document
from gongkai.catalogue.services import attachment_add
from tests.web.catalogue_helpers import make_document, review_and_publish
from tests.web.conftest import client_of
from tests.web.test_portal import use_attachment_dir

pytestmark = pytest.mark.django_db
DAY = date(2025, 3, 3)
WRONG, RIGHT = "关于做好校园食品安全工做的通知", "关于做好校园食品安全工作的通知"


@pytest.fixture
def published(clerk_a: Any, agency_a: Any) -> Document:
    return make_document(clerk_a, agency_a, written_on=DAY, title=WRONG, body="第一段。")


def fields(document: Document, **changed: Any) -> dict[str, Any]:
    names = ("title", "doc_number", "issuer", "written_on", "category", "doc_type", "body")
    return {name: changed.get(name, getattr(document, name)) for name in names}


def prepare(
    actor: Any, document: Document, note: str = "更正标题中的错别字", **changed: Any
) -> Any:
    return correction_prepare(
        actor=actor, document=document, note=note, **fields(document, **changed)
    )


def review(actor: Any, document: Document, passed: bool = True, **kw: Any) -> Any:
    return correction_review(
        actor=actor,
        document=document,
        reviewed_on=timezone.localdate(),
        passed=passed,
        opinion="不涉及国家秘密，同意公开更正。",
        **kw,
    )


def actions(document: Document) -> list[str]:
    events = Event.objects.filter(object_type="catalogue.document", object_id=str(document.pk))
    return list(events.order_by("pk").values_list("action", flat=True))


def test_it_corrects_the_published_document_keeping_its_index_number_and_date(
    published: Document, clerk_a: Any, reviewer_a: Any
) -> None:
    index_number = published.index_number
    prepare(clerk_a, published, title=RIGHT)
    published.refresh_from_db()
    assert published.title == WRONG  # the public sees the published text until it is applied
    review(reviewer_a, published)
    correction = correction_apply(actor=reviewer_a, document=published)
    published.refresh_from_db()
    assert published.title == RIGHT
    assert published.index_number == index_number and published.published_on == DAY
    assert correction.applied_on == timezone.localdate() and correction.applied_by == reviewer_a
    assert correction.previous["title"] == WRONG and correction.previous["body"] == "第一段。"
    assert actions(published)[-3:] == [
        "document.correction_prepare",
        "document.correction_review",
        "document.correct",
    ]
    event = Event.objects.get(action="document.correct")
    assert event.changes == {"title": [WRONG, RIGHT]}
    assert "更正标题中的错别字" in event.reason


def test_a_second_correction_keeps_every_earlier_version(
    published: Document, reviewer_a: Any
) -> None:
    for title in (RIGHT, RIGHT + "（二）"):
        prepare(reviewer_a, published, title=title, note=f"更正为{title}")
        review(reviewer_a, published)
        correction_apply(actor=reviewer_a, document=published)
    versions = list(published.corrections.order_by("pk").values_list("previous", flat=True))
    assert [v["title"] for v in versions] == [WRONG, RIGHT]
    assert open_correction(published) is None


def test_it_refuses_to_apply_an_unreviewed_a_refused_or_a_since_changed_correction(
    published: Document, clerk_a: Any, reviewer_a: Any
) -> None:
    with pytest.raises(ValidationError, match="没有待发布的更正"):
        correction_apply(actor=reviewer_a, document=published)
    prepare(clerk_a, published, title=RIGHT)
    with pytest.raises(ValidationError, match="尚未经保密审查"):
        correction_apply(actor=reviewer_a, document=published)
    review(reviewer_a, published, passed=False)
    with pytest.raises(ValidationError, match="保密审查未同意公开"):
        correction_apply(actor=reviewer_a, document=published)
    review(reviewer_a, published)
    # The 更正说明 is shown to the public too: changing it after the review needs a new one.
    prepare(clerk_a, published, title=RIGHT, note="更正标题中的错别字“做”")
    with pytest.raises(ValidationError, match="审查后又作了修改"):
        correction_apply(actor=reviewer_a, document=published)
    published.refresh_from_db()
    assert published.title == WRONG


def test_only_the_agencys_reviewer_or_admin_reviews_and_applies(
    published: Document, clerk_a: Any, clerk_b: Any, admin_b: Any, admin_a: Any
) -> None:
    with pytest.raises(PermissionDenied):
        prepare(clerk_b, published, title=RIGHT)
    prepare(clerk_a, published, title=RIGHT)
    for outsider in (clerk_a, admin_b):
        with pytest.raises(PermissionDenied):
            review(outsider, published)
    review(admin_a, published)
    for outsider in (clerk_a, admin_b):
        with pytest.raises(PermissionDenied):
            correction_apply(actor=outsider, document=published)
    correction_apply(actor=admin_a, document=published)


def test_an_unpublished_document_is_not_corrected(
    clerk_a: Any, reviewer_a: Any, agency_a: Any
) -> None:
    draft = make_document(clerk_a, agency_a, written_on=DAY, unpublished=True)
    with pytest.raises(ValidationError, match="尚未发布"):
        prepare(clerk_a, draft, title=RIGHT)
    with pytest.raises(ValidationError, match="尚未发布"):
        review(reviewer_a, draft)


def test_it_refuses_a_correction_that_changes_nothing_or_says_nothing(
    published: Document, clerk_a: Any, reviewer_a: Any
) -> None:
    prepare(clerk_a, published)  # kept: the correction may be of a file, uploaded next
    with pytest.raises(ValidationError, match="相同"):
        review(reviewer_a, published)
    published.corrections.all().delete()
    with pytest.raises(ValidationError, match="请填写更正说明"):
        prepare(clerk_a, published, title=RIGHT, note=" ")
    with pytest.raises(ValidationError, match="发布日期不能早于成文日期"):
        prepare(clerk_a, published, written_on=date(2025, 3, 4))
    assert not published.corrections.exists()


def test_a_normative_document_correction_needs_its_legal_review(
    clerk_a: Any, reviewer_a: Any, agency_a: Any
) -> None:
    document = make_document(clerk_a, agency_a, written_on=DAY, doc_type=DocType.NORMATIVE)
    prepare(clerk_a, document, body="更正后的正文。")
    with pytest.raises(ValidationError, match="法制审核"):
        review(reviewer_a, document)
    review(reviewer_a, document, legal_opinion="合法性审核通过。")
    correction_apply(actor=reviewer_a, document=document)


def test_a_corrected_written_date_moves_the_publication_deadline(
    published: Document, reviewer_a: Any
) -> None:
    due = published.publication_due
    prepare(reviewer_a, published, written_on=date(2025, 2, 3), note="更正成文日期")
    review(reviewer_a, published)
    correction_apply(actor=reviewer_a, document=published)
    published.refresh_from_db()
    assert published.written_on == date(2025, 2, 3) and published.publication_due < due
    assert published.published_on == DAY


def test_the_portal_shows_the_correction_note_and_not_the_earlier_text(
    client: Any, published: Document, reviewer_a: Any, agency_a: Any
) -> None:
    url = reverse("portal:document", args=[agency_a.short_code, published.pk])
    prepare(reviewer_a, published, title=RIGHT)
    assert "更正" not in client.get(url).content.decode()  # not before it is applied
    review(reviewer_a, published)
    correction_apply(actor=reviewer_a, document=published)
    page = client.get(url).content.decode()
    assert f"本文于{timezone.localdate():%Y-%m-%d}更正：更正标题中的错别字" in page
    assert RIGHT in page and WRONG not in page
    assert published.index_number in page and "2025年3月3日" in page
    # The full-text index follows the corrected title (its triggers survive the migration).
    listing = reverse("portal:documents", args=[agency_a.short_code])
    assert RIGHT in client.get(listing, {"q": "安全工作"}).content.decode()
    assert RIGHT not in client.get(listing, {"q": "安全工做"}).content.decode()


def test_the_lists_the_feed_and_the_api_mark_a_corrected_document(
    client: Any, published: Document, clerk_a: Any, reviewer_a: Any, agency_a: Any
) -> None:
    other = make_document(clerk_a, agency_a, written_on=DAY, title="教育工作简报")
    code = agency_a.short_code
    pages = {
        "staff list": lambda: client_of(clerk_a).get(reverse("catalogue:list")),
        "portal list": lambda: client.get(reverse("portal:documents", args=[code])),
        "portal home": lambda: client.get(reverse("portal:home", args=[code])),
        "feed": lambda: client.get(reverse("portal:feed", args=[code])),
    }
    api = f"/api/agencies/{code}/documents"
    assert not any("已更正" in get().content.decode() for get in pages.values())
    assert [d["corrected_on"] for d in client.get(api).json()["results"]] == [None, None]
    prepare(reviewer_a, published, title=RIGHT)
    review(reviewer_a, published)
    assert not any("已更正" in get().content.decode() for get in pages.values())  # not applied
    correction_apply(actor=reviewer_a, document=published)
    today = f"{timezone.localdate():%Y-%m-%d}"
    for name, get in pages.items():
        page = get().content.decode()
        assert page.count(f"已更正 {today}") == 1, name  # the corrected one, not the other
    feed = pages["feed"]().content.decode()
    entry = feed[feed.index(f"<title>{RIGHT}</title>") :].split("</entry>")[0]
    assert f"<updated>{today}T09:00:00" in entry and "<published>2025-03-03T09:00:00" in entry
    marks = {d["id"]: d["corrected_on"] for d in client.get(api).json()["results"]}
    assert marks == {published.pk: today, other.pk: None}
    assert client.get(f"{api}/{published.pk}").json()["corrected_on"] == today


def _latest_applied(document: Document) -> date | None:
    days = [c.applied_on for c in document.corrections.all() if c.applied_on]
    return max(days, default=None)


def test_the_stored_correction_date_is_the_latest_applied_correction_s(
    published: Document, reviewer_a: Any, clerk_a: Any, agency_a: Any
) -> None:
    """The lists read ``Document.corrected_on`` instead of the corrections: it must say what
    the corrections say, after each one applied, withdrawn or left open, and after the
    migration that filled it in for the documents corrected before it existed."""
    import importlib

    from django.apps import apps

    fill = importlib.import_module(
        "gongkai.catalogue.migrations.0007_document_corrected_on"
    ).fill_corrected_on
    other = make_document(clerk_a, agency_a, written_on=DAY, title="教育工作简报")
    assert published.corrected_on is None and _latest_applied(published) is None
    for title in (RIGHT, RIGHT + "（二）"):
        prepare(reviewer_a, published, title=title)
        review(reviewer_a, published)
        correction_apply(actor=reviewer_a, document=published)
        published.refresh_from_db()
        assert published.corrected_on == _latest_applied(published) == timezone.localdate()
    prepare(reviewer_a, published, title="尚未发布的更正")  # open: not applied, not marked
    published.refresh_from_db()
    assert published.corrected_on == _latest_applied(published)
    Document.objects.update(corrected_on=None)
    fill(apps, None)
    for document in (published, other):
        document.refresh_from_db()
        assert document.corrected_on == _latest_applied(document)
    assert other.corrected_on is None


# --- the staff page ---------------------------------------------------------------------


def _form(document: Document, **changed: Any) -> dict[str, Any]:
    data = {**fields(document), "written_on": document.written_on.isoformat(), "reason": ""}
    return {**data, "note": "更正标题中的错别字", **changed}


def test_the_staff_page_prepares_reviews_and_applies_a_correction(
    published: Document, clerk_a: Any, reviewer_a: Any
) -> None:
    url = reverse("catalogue:correct", args=[published.pk])
    detail = client_of(reviewer_a).get(reverse("catalogue:detail", args=[published.pk]))
    assert url in detail.content.decode()
    clerk = client_of(clerk_a)
    # Bad input: the page again, with everything typed, and nothing saved.
    response = clerk.post(url, _form(published, title=RIGHT, note="", written_on="2025-13-01"))
    assert response.status_code == 400
    page = response.content.decode()
    assert RIGHT in page and "2025-13-01" in page
    assert not published.corrections.exists()
    assert clerk.post(url, _form(published, title=RIGHT)).status_code == 302
    page = clerk.get(url).content.decode()
    assert "尚未经保密审查" in page and "correction-review-form" not in page  # a clerk drafts
    reviewer = client_of(reviewer_a)
    review_url = reverse("catalogue:correction_review", args=[published.pk])
    response = reviewer.post(
        review_url, {"reviewed_on": "2025-03-03", "passed": "1", "opinion": ""}
    )
    assert response.status_code == 400 and "2025-03-03" in response.content.decode()
    today = timezone.localdate().isoformat()
    response = reviewer.post(review_url, {"reviewed_on": today, "passed": "1", "opinion": "同意"})
    assert response.status_code == 302
    response = reviewer.post(reverse("catalogue:correction_apply", args=[published.pk]), {})
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.title == RIGHT
    page = reviewer.get(url).content.decode()
    assert WRONG in page and RIGHT in page  # the earlier version, for staff


def test_the_staff_page_refuses_other_agencies_and_unpublished_documents(
    published: Document, clerk_a: Any, clerk_b: Any, agency_a: Any
) -> None:
    url = reverse("catalogue:correct", args=[published.pk])
    assert client_of(clerk_b).get(url).status_code == 404
    assert client_of(clerk_b).post(url, _form(published, title=RIGHT)).status_code == 404
    assert (
        client_of(clerk_a)
        .post(reverse("catalogue:correction_apply", args=[published.pk]), {})
        .status_code
        == 403
    )
    draft = make_document(clerk_a, agency_a, written_on=DAY, unpublished=True)
    response = client_of(clerk_a).get(reverse("catalogue:correct", args=[draft.pk]))
    assert response.status_code == 302
    assert not published.corrections.exists()


def test_the_api_lists_the_corrections_of_a_document(
    client: Any, published: Document, reviewer_a: Any, agency_a: Any
) -> None:
    url = f"/api/agencies/{agency_a.short_code}/documents/{published.pk}"
    assert client.get(url).json()["corrections"] == []
    prepare(reviewer_a, published, title=RIGHT)
    review(reviewer_a, published)
    correction_apply(actor=reviewer_a, document=published)
    shown = client.get(url).json()
    assert shown["title"] == RIGHT and shown["index_number"] == published.index_number
    assert shown["corrections"] == [
        {"corrected_on": timezone.localdate().isoformat(), "note": "更正标题中的错别字"}
    ]


# --- files ----------------------------------------------------------------------------------


@pytest.fixture
def with_file(settings: Any, tmp_path: Any, clerk_a: Any, reviewer_a: Any, agency_a: Any) -> Any:
    use_attachment_dir(settings, tmp_path)
    document = make_document(clerk_a, agency_a, written_on=DAY, unpublished=True)
    attachment = attachment_add(
        actor=clerk_a,
        document=document,
        title="附件1：报名表（错误版）",
        file=ContentFile(b"%PDF-1.4 wrong", name="wrong.pdf"),
    )
    review_and_publish(reviewer_a, document)
    return document, attachment


def test_a_file_is_corrected_in_place_after_its_review(
    client: Any, with_file: Any, clerk_a: Any, reviewer_a: Any, agency_a: Any
) -> None:
    document, attachment = with_file
    public = reverse("portal:attachment", args=[agency_a.short_code, document.pk, attachment.pk])
    prepare(clerk_a, document, note="更正附件1")
    replacement = correction_replace_file(
        actor=clerk_a,
        document=document,
        attachment=attachment,
        title="附件1：报名表",
        file=ContentFile(b"%PDF-1.4 right", name="right.pdf"),
    )
    assert b"wrong" in b"".join(client.get(public).streaming_content)  # not before it is applied
    review(reviewer_a, document)
    # Another upload after the review changes what the public would see: reviewed again.
    correction_replace_file(
        actor=clerk_a,
        document=document,
        attachment=attachment,
        title="附件1：报名表",
        file=ContentFile(b"%PDF-1.4 right again", name="right.pdf"),
    )
    with pytest.raises(ValidationError, match="审查后又作了修改"):
        correction_apply(actor=reviewer_a, document=document)
    review(reviewer_a, document)
    correction_apply(actor=reviewer_a, document=document)
    attachment.refresh_from_db()
    replacement.refresh_from_db()
    assert (
        attachment.title == "附件1：报名表"
        and replacement.previous_title == "附件1：报名表（错误版）"
    )
    assert b"right again" in b"".join(client.get(public).streaming_content)  # same link
    staff = client_of(reviewer_a)
    old = reverse("catalogue:correction_file_previous", args=[document.pk, replacement.pk])
    assert b"wrong" in b"".join(staff.get(old).streaming_content)
    assert "document.correct_file" in actions(document)


def test_a_file_upload_is_refused_without_a_correction_or_from_another_agency(
    with_file: Any, clerk_a: Any, clerk_b: Any
) -> None:
    document, attachment = with_file
    upload = reverse("catalogue:correction_upload", args=[document.pk])
    data = {"replaces": attachment.pk, "title": "附件1：报名表"}
    response = client_of(clerk_a).post(
        upload, {**data, "file": ContentFile(b"%PDF-1.4 x", name="x.pdf")}
    )
    assert response.status_code == 400 and "请先保存更正稿" in response.content.decode()
    assert "附件1：报名表" in response.content.decode()
    prepare(clerk_a, document, note="更正附件1")
    response = client_of(clerk_b).post(
        upload, {**data, "file": ContentFile(b"%PDF-1.4 x", name="x.pdf")}
    )
    assert response.status_code == 404
    response = client_of(clerk_a).post(
        upload, {**data, "file": ContentFile(b"<html>x</html>", name="x.pdf")}
    )
    assert response.status_code == 400 and not open_correction(document).files.exists()
    response = client_of(clerk_a).post(
        upload, {**data, "file": ContentFile(b"%PDF-1.4 x", name="x.pdf")}
    )
    assert response.status_code == 302 and open_correction(document).files.count() == 1


def test_a_withdrawn_correction_changes_nothing_public_and_a_new_one_may_follow(
    published: Document, clerk_a: Any, reviewer_a: Any, clerk_b: Any
) -> None:
    prepare(clerk_a, published, title=RIGHT)
    review(reviewer_a, published)
    with pytest.raises(PermissionDenied):
        correction_withdraw(actor=clerk_b, document=published)
    response = client_of(clerk_a).post(
        reverse("catalogue:correction_withdraw", args=[published.pk]), {"reason": "改用新稿"}
    )
    assert response.status_code == 302
    with pytest.raises(ValidationError, match="没有待发布的更正"):
        correction_apply(actor=reviewer_a, document=published)
    published.refresh_from_db()
    assert published.title == WRONG and published.corrections.get().withdrawn_on is not None
    prepare(clerk_a, published, title=RIGHT, note="再次更正")
    assert published.corrections.count() == 2
    assert "document.correction_withdraw" in actions(published)
