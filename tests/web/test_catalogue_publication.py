"""条例第十七条: a catalogue document is a draft until its 保密审查 passes and it is published;
a draft changed after its review is reviewed again; history is recorded as such."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from xml.etree import ElementTree

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.staff import form_errors_text
from gongkai.audit.models import Event
from gongkai.catalogue.forms import PublishForm
from gongkai.catalogue.models import DocType, Document
from gongkai.catalogue.publication import (
    HISTORICAL_NOTE,
    Stage,
    document_publish,
    document_review,
    document_stage,
    document_unschedule,
)
from gongkai.catalogue.services import attachment_add, document_update
from gongkai.catalogue.tables import proactive_table
from tests.web.catalogue_helpers import make_document, review_and_publish
from tests.web.test_portal import use_attachment_dir

pytestmark = pytest.mark.django_db
DAY = date(2025, 3, 3)


@pytest.fixture
def draft(clerk_a: Any, agency_a: Any) -> Document:
    return make_document(
        clerk_a, agency_a, written_on=DAY, title="关于中小学校车安全的通知", unpublished=True
    )


def review(actor: Any, document: Document, *, passed: bool = True, **kw: Any) -> Any:
    return document_review(
        actor=actor,
        document=document,
        reviewed_on=kw.pop("reviewed_on", DAY),
        passed=passed,
        opinion=kw.pop("opinion", "不涉及国家秘密，同意公开。"),
        **kw,
    )


def actions(document: Document) -> list[str]:
    return list(
        Event.objects.filter(object_type="catalogue.document", object_id=str(document.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_a_new_document_is_a_draft_that_cannot_be_published_unreviewed(
    draft: Document, reviewer_a: Any
) -> None:
    assert draft.published_on is None and document_stage(draft) == Stage.DRAFT
    with pytest.raises(ValidationError, match="尚未经保密审查"):
        document_publish(actor=reviewer_a, document=draft, published_on=DAY)


def test_the_reviewer_reviews_then_publishes_with_an_event_for_each_step(
    draft: Document, reviewer_a: Any
) -> None:
    review(reviewer_a, draft)
    assert document_stage(draft) == Stage.REVIEWED
    document_publish(actor=reviewer_a, document=draft, published_on=DAY + timedelta(days=1))
    draft.refresh_from_db()
    assert draft.published_on == DAY + timedelta(days=1)
    assert document_stage(draft) == Stage.PUBLISHED
    assert actions(draft) == ["document.create", "document.secrecy_review", "document.publish"]
    event = Event.objects.get(action="document.secrecy_review")
    assert event.changes["passed"] == [None, True] and event.reason == "不涉及国家秘密，同意公开。"


def test_a_clerk_may_not_review_or_publish(draft: Document, clerk_a: Any, clerk_b: Any) -> None:
    for actor in (clerk_a, clerk_b):
        with pytest.raises(PermissionDenied):
            review(actor, draft)
        with pytest.raises(PermissionDenied):
            document_publish(actor=actor, document=draft, published_on=DAY)


def test_a_draft_changed_after_its_review_is_reviewed_again(
    draft: Document, clerk_a: Any, reviewer_a: Any, settings: Any, tmp_path: Any
) -> None:
    review(reviewer_a, draft)
    document_update(actor=clerk_a, document=draft, body="加入了学生名单。")
    assert document_stage(draft) == Stage.DRAFT
    with pytest.raises(ValidationError, match="审查后又作了修改"):
        document_publish(actor=reviewer_a, document=draft, published_on=DAY)
    review(reviewer_a, draft)
    use_attachment_dir(settings, tmp_path)
    attachment_add(
        actor=clerk_a, document=draft, title="名单", file=ContentFile(b"%PDF-1.4", "a.pdf")
    )
    with pytest.raises(ValidationError, match="审查后又作了修改"):
        document_publish(actor=reviewer_a, document=draft, published_on=DAY)


def test_a_refusal_stops_publication(draft: Document, reviewer_a: Any) -> None:
    review(reviewer_a, draft, passed=False, opinion="第三段涉及工作秘密，不同意公开。")
    assert document_stage(draft) == Stage.REFUSED
    with pytest.raises(ValidationError, match="涉及工作秘密"):
        document_publish(actor=reviewer_a, document=draft, published_on=DAY)


def test_a_normative_document_needs_its_legal_review(
    clerk_a: Any, admin_a: Any, agency_a: Any
) -> None:
    document = make_document(
        clerk_a, agency_a, written_on=DAY, doc_type=DocType.NORMATIVE, unpublished=True
    )
    with pytest.raises(ValidationError) as error:
        review(admin_a, document)
    assert "legal_opinion" in error.value.message_dict
    review(admin_a, document, legal_opinion="经合法性审核，同意。")
    assert document_stage(document) == Stage.REVIEWED


def test_it_refuses_a_publication_dated_before_the_review_or_a_review_in_the_future(
    draft: Document, reviewer_a: Any
) -> None:
    with pytest.raises(ValidationError) as future:
        review(reviewer_a, draft, reviewed_on=timezone.localdate() + timedelta(days=1))
    assert "reviewed_on" in future.value.message_dict
    review(reviewer_a, draft, reviewed_on=DAY + timedelta(days=2))
    with pytest.raises(ValidationError, match="早于保密审查日期"):
        document_publish(actor=reviewer_a, document=draft, published_on=DAY + timedelta(days=1))


def test_a_published_document_is_no_longer_edited_nor_given_files(
    draft: Document, clerk_a: Any, reviewer_a: Any
) -> None:
    review_and_publish(reviewer_a, draft)
    with pytest.raises(ValidationError, match="不能再修改"):
        document_update(actor=clerk_a, document=draft, title="新标题")
    with pytest.raises(ValidationError, match="不能再添加附件"):
        attachment_add(
            actor=clerk_a, document=draft, title="x", file=ContentFile(b"%PDF-1.4", "a.pdf")
        )
    with pytest.raises(ValidationError, match="不能再审查"):
        review(reviewer_a, draft)


def test_history_is_recorded_as_such_and_never_in_the_future(clerk_a: Any, agency_a: Any) -> None:
    old = make_document(clerk_a, agency_a, written_on=DAY, published_on=DAY + timedelta(days=2))
    assert old.published_on == DAY + timedelta(days=2)
    assert actions(old) == ["document.create", "document.publish_historical"]
    event = Event.objects.get(action="document.publish_historical")
    assert HISTORICAL_NOTE in event.reason
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="历史发布日期不能晚于今天"):
        make_document(clerk_a, agency_a, written_on=DAY, published_on=tomorrow)


def test_a_reviewed_draft_is_in_no_public_list_feed_api_or_count(
    client: Any, draft: Document, reviewer_a: Any
) -> None:
    review(reviewer_a, draft)
    title = draft.title
    for url in (
        "/portal/JL-JYJ/",
        "/portal/JL-JYJ/documents/",
        "/portal/JL-JYJ/documents/?q=校车安全",
        "/portal/JL-JYJ/feed/",
        f"/api/agencies/JL-JYJ/documents?q={title}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert title not in response.content.decode(), url
    assert client.get(f"/portal/JL-JYJ/documents/{draft.pk}/").status_code == 404
    document_publish(actor=reviewer_a, document=draft, published_on=DAY + timedelta(days=1))
    assert title in client.get("/portal/JL-JYJ/documents/").content.decode()
    entries = ElementTree.fromstring(client.get("/portal/JL-JYJ/feed/").content)
    assert title in ElementTree.tostring(entries, encoding="unicode")


def test_only_a_published_normative_document_counts_as_published_in_table_2(
    clerk_a: Any, reviewer_a: Any, agency_a: Any
) -> None:
    document = make_document(
        clerk_a, agency_a, written_on=date(2020, 3, 2), doc_type=DocType.NORMATIVE, unpublished=True
    )
    review(reviewer_a, document, reviewed_on=date(2020, 3, 3), legal_opinion="同意")
    counted = proactive_table(agency_a, 2020)["normative_documents"]
    assert counted == {"made": 1, "published": 0, "total_published": 0}
    document_publish(actor=reviewer_a, document=document, published_on=date(2020, 3, 4))
    counted = proactive_table(agency_a, 2020)["normative_documents"]
    assert counted == {"made": 1, "published": 1, "total_published": 1}


# --- the staff pages ---


def test_the_detail_page_offers_the_review_to_the_reviewer_only(
    client: Any, draft: Document, clerk_a: Any, reviewer_a: Any
) -> None:
    url = reverse("catalogue:detail", args=[draft.pk])
    client.force_login(clerk_a)
    page = client.get(url).content.decode()
    assert "草稿（待保密审查）" in page and 'id="review-form"' not in page
    assert "保密审查和发布由本机关的审核人或管理员进行" in page
    response = client.post(
        reverse("catalogue:review", args=[draft.pk]),
        {"reviewed_on": "2025-03-03", "passed": "1", "opinion": "同意"},
    )
    assert response.status_code == 403 and not draft.reviews.exists()
    client.force_login(reviewer_a)
    page = client.get(url).content.decode()
    assert 'id="review-form"' in page and 'id="publish-form"' not in page


def test_the_reviewer_reviews_and_publishes_through_the_pages(
    client: Any, draft: Document, reviewer_a: Any
) -> None:
    client.force_login(reviewer_a)
    client.post(
        reverse("catalogue:review", args=[draft.pk]),
        {"reviewed_on": "2025-03-04", "passed": "1", "opinion": "不涉密，同意公开。"},
    )
    page = client.get(reverse("catalogue:detail", args=[draft.pk])).content.decode()
    assert "已审查，待发布" in page and 'id="publish-form"' in page and "当前文稿" in page
    early = client.post(
        reverse("catalogue:publish", args=[draft.pk]), {"published_on": "2025-03-03"}, follow=True
    )
    assert "早于保密审查日期" in early.content.decode()
    client.post(reverse("catalogue:publish", args=[draft.pk]), {"published_on": "2025-03-05"})
    draft.refresh_from_db()
    assert draft.published_on == date(2025, 3, 5)
    edit = client.get(reverse("catalogue:edit", args=[draft.pk]), follow=True)
    assert "文件已发布，不能修改" in edit.content.decode()


def test_the_publish_page_flashes_its_outcome_or_why_it_did_not_publish(
    client: Any, draft: Document, reviewer_a: Any
) -> None:
    review(reviewer_a, draft, reviewed_on=date(2025, 3, 4))
    client.force_login(reviewer_a)
    url = reverse("catalogue:publish", args=[draft.pk])

    def flashed(data: dict[str, str]) -> list[tuple[str, str]]:
        shown = client.post(url, data, follow=True).wsgi_request  # the page shows them
        return [(m.level_tag, str(m)) for m in get_messages(shown)]

    assert flashed({}) == [("error", "未发布：" + form_errors_text(PublishForm({})))]
    assert flashed({"published_on": "2025-03-03"}) == [
        ("error", "未发布：发布日期（2025-03-03）早于保密审查日期（2025-03-04）。")
    ]
    assert flashed({"published_on": "2025-03-05"}) == [("success", "已发布，发布日期 2025-03-05。")]


def test_a_refused_review_through_the_page_names_what_is_missing(
    client: Any, draft: Document, reviewer_a: Any
) -> None:
    client.force_login(reviewer_a)
    response = client.post(
        reverse("catalogue:review", args=[draft.pk]),
        {"reviewed_on": "2025-03-04", "passed": "1", "opinion": ""},
        follow=True,
    )
    assert "保密审查未登记" in response.content.decode() and not draft.reviews.exists()


def test_staff_download_a_drafts_file_which_the_portal_does_not_serve(
    client: Any, draft: Document, clerk_a: Any, clerk_b: Any, settings: Any, tmp_path: Any
) -> None:
    use_attachment_dir(settings, tmp_path)
    item = attachment_add(
        actor=clerk_a, document=draft, title="名单", file=ContentFile(b"%PDF-1.4", "a.pdf")
    )
    url = reverse("catalogue:attachment", args=[draft.pk, item.pk])
    client.force_login(clerk_a)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert client.get(f"/portal/JL-JYJ/documents/{draft.pk}/files/{item.pk}/").status_code == 404
    client.force_login(clerk_b)
    assert client.get(url).status_code == 404


def test_the_demo_has_history_reviewed_publications_and_drafts(
    operator: Any, agency_a: Any
) -> None:
    from gongkai.demo.catalogue import load_catalogue_demo

    today = date(2024, 4, 15)
    load_catalogue_demo(operator, [agency_a], today=today)
    documents = Document.objects.filter(agency=agency_a)
    historical = Event.objects.filter(action="document.publish_historical").count()
    published = Event.objects.filter(action="document.publish").count()
    assert historical > 0 and published > 0
    assert historical + published == documents.filter(published_on__isnull=False).count()
    for document in documents.filter(published_on__isnull=False, reviews__isnull=False):
        assert document.published_on >= document.reviews.get().reviewed_on
    drafts = documents.filter(published_on__isnull=True)
    assert {document_stage(d, today) for d in drafts} <= {Stage.DRAFT, Stage.REVIEWED}


def test_a_scheduled_publication_is_cancelled_back_to_a_reviewed_draft(
    client: Any, draft: Document, clerk_a: Any, reviewer_a: Any
) -> None:
    from gongkai.catalogue.correction import correction_prepare

    later = timezone.localdate() + timedelta(days=10)
    review(reviewer_a, draft)
    document_publish(actor=reviewer_a, document=draft, published_on=later)
    draft.refresh_from_db()
    assert document_stage(draft) == Stage.SCHEDULED
    # Not yet public: nothing to correct; the clerk may not cancel it either.
    with pytest.raises(ValidationError, match="尚未公开，不需要更正"):
        correction_prepare(actor=clerk_a, document=draft, note="错别字", title="新标题")
    with pytest.raises(PermissionDenied):
        document_unschedule(actor=clerk_a, document=draft)
    client.force_login(reviewer_a)
    page = client.get(reverse("catalogue:detail", args=[draft.pk])).content.decode()
    assert (
        'id="unschedule-form"' in page and reverse("catalogue:correct", args=[draft.pk]) not in page
    )
    client.post(reverse("catalogue:unschedule", args=[draft.pk]), {"reason": "发布日期定错"})
    draft.refresh_from_db()
    assert draft.published_on is None and document_stage(draft) == Stage.REVIEWED
    event = Event.objects.get(action="document.unschedule")
    assert event.changes["published_on"] == [later.isoformat(), None]
    assert event.reason == "发布日期定错"
    # Edited now, it is reviewed again before it is published.
    document_update(actor=clerk_a, document=draft, title="关于中小学校车安全的通知（修订）")
    assert document_stage(draft) == Stage.DRAFT


def test_a_document_already_public_is_not_unscheduled(draft: Document, reviewer_a: Any) -> None:
    review(reviewer_a, draft)
    document_publish(actor=reviewer_a, document=draft, published_on=timezone.localdate())
    with pytest.raises(ValidationError, match="已公开的文件不能撤回发布"):
        document_unschedule(actor=reviewer_a, document=draft)
    draft.refresh_from_db()
    assert draft.published_on == timezone.localdate()
