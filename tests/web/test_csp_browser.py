"""In headless Chromium: the HTML/SVG-attachment escalation of issue 16 fails, and every main
page carries the Content-Security-Policy and loads without a single violation.

The escalation: a clerk gets a page with a script onto the platform (today the upload is
refused by content; a file stored before the allow-list is still there), the platform operator
opens its link while logged in, and the script would post the admin's user form with
``is_superuser`` ticked. A positive control serves the same script inline on the platform's
origin (through Playwright's router) and watches it work — so the test would fail if the
attachment were ever shown inline again."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.base import ContentFile

from gongkai.accounts.models import User
from gongkai.catalogue.models import Attachment, attachment_storage
from tests.web.browser import MARKS, log_in, new_page
from tests.web.catalogue_helpers import make_document, review_and_publish
from tests.web.test_portal import use_attachment_dir

pytestmark = MARKS

ESCALATE = """
(async () => {
  const url = "/admin/accounts/user/%(pk)s/change/";
  const page = await (await fetch(url, {credentials: "include"})).text();
  const form = new DOMParser().parseFromString(page, "text/html").querySelector("#user_form");
  const data = new FormData(form);
  data.set("is_superuser", "on");
  data.set("is_staff", "on");
  await fetch(url, {method: "POST", body: data, credentials: "include"});
  document.title = "escalated";
})();
"""


def _payload(kind: str, pk: int) -> bytes:
    script = ESCALATE % {"pk": pk}
    if kind == "svg":
        return (
            '<svg xmlns="http://www.w3.org/2000/svg"><script><![CDATA['
            + script
            + "]]></script></svg>"
        ).encode()
    return f"<!doctype html><title>通知</title><script>{script}</script>".encode()


def _wait_for_title(page: Any, title: str, timeout: float = 10_000) -> bool:
    try:
        page.wait_for_function(f"document.title === {title!r}", timeout=timeout)
    except Exception:
        return False
    return True


@pytest.mark.parametrize("kind", ["html", "svg"])
def test_an_uploaded_page_cannot_make_a_clerk_superuser(
    transactional_db: Any,
    live_server: Any,
    browser: Any,
    settings: Any,
    tmp_path: Any,
    operator: User,
    clerk_a: User,
    clerk_b: User,
    reviewer_a: User,
    agency_a: Any,
    kind: str,
) -> None:
    use_attachment_dir(settings, tmp_path)
    # A draft: files are added before the 保密审查 and publication (条例第十七条).
    document = make_document(clerk_a, agency_a, written_on=date(2025, 3, 3), unpublished=True)

    # The clerk tries the upload through the page: refused by content.
    clerk = new_page(browser)
    log_in(clerk, live_server, "clerk_a")
    clerk.goto(f"{live_server.url}/catalogue/{document.pk}/")
    upload = {"name": f"通知.{kind}", "mimeType": "application/pdf", "buffer": _payload(kind, 1)}
    clerk.fill("input[name=title]", "通知")
    clerk.set_input_files("input[name=file]", files=[upload])
    with clerk.expect_navigation():
        clerk.click("form[enctype] button[type=submit]")
    assert "附件未上传" in clerk.content()
    assert not Attachment.objects.exists()
    clerk.context.close()

    # One stored before the allow-list existed.
    name = attachment_storage.save(f"2024/old.{kind}", ContentFile(_payload(kind, clerk_a.pk)))
    stored = Attachment.objects.create(document=document, title="旧通知", file=name)
    review_and_publish(reviewer_a, document)
    link = f"{live_server.url}/portal/JL-JYJ/documents/{document.pk}/files/{stored.pk}/"

    admin = new_page(browser)
    log_in(admin, live_server, "operator")

    # Positive control: the same script, shown inline on our origin, does escalate (clerk B).
    control = f"{live_server.url}/portal/control-{kind}/"
    content_type = "image/svg+xml" if kind == "svg" else "text/html"
    admin.route(
        control,
        lambda route: route.fulfill(
            status=200, content_type=content_type, body=_payload(kind, clerk_b.pk)
        ),
    )
    admin.goto(control)
    assert _wait_for_title(admin, "escalated")
    clerk_b.refresh_from_db()
    assert clerk_b.is_superuser  # the payload works when a page runs it

    # The real link: a download, never a page; nothing runs, nothing changes.
    with admin.expect_download() as download:
        try:
            admin.goto(link)
        except Exception as exc:  # Chromium reports a navigation that became a download
            assert "Download is starting" in str(exc)
    assert download.value.suggested_filename.endswith(f".{kind}")
    response = admin.request.get(link)
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["content-security-policy"].startswith("sandbox")
    assert response.headers["x-content-type-options"] == "nosniff"
    admin.wait_for_timeout(1500)  # time the script would have needed
    clerk_a.refresh_from_db()
    assert not clerk_a.is_superuser and not clerk_a.is_staff
    admin.context.close()


STAFF_PAGES = [
    "/",
    "/requests/",
    "/requests/new/",
    "/requests/statistics/",
    "/catalogue/",
    "/appeals/",
    "/readingroom/",
    "/reports/",
    "/audit/",
    "/calendar/",
    "/calendar/deadline/",
    "/agencies/",
]
PUBLIC_PAGES = [
    "/login/",
    "/apply/",
    "/status/",
    "/portal/JL-JYJ/",
    "/portal/JL-JYJ/documents/",
    "/portal/JL-JYJ/guide/",
    "/api/docs",
]
OPERATOR_PAGES = [
    "/admin/",
    "/admin/accounts/user/",
    "/reports/supervise/summary/",
    "/notifications/",
    "/catalogue/historical/",
]


def _visit_all(page: Any, base: str, paths: list[str]) -> list[str]:
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(f"{page.url}: {m.text}")
            if "Content Security Policy" in m.text or "Content-Security-Policy" in m.text
            else None
        ),
    )
    for path in paths:
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy, path
        assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        page.wait_for_load_state("networkidle")
    return problems


def test_every_main_page_carries_the_policy_and_violates_nothing(
    transactional_db: Any,
    live_server: Any,
    browser: Any,
    clerk_a: User,
    supervisor: User,
) -> None:
    document = make_document(clerk_a, clerk_a.agency, written_on=date(2025, 3, 3))
    visitor = new_page(browser)
    problems = _visit_all(visitor, live_server.url, PUBLIC_PAGES)
    visitor.context.close()
    clerk = new_page(browser)
    log_in(clerk, live_server, "clerk_a")
    correction = f"/catalogue/{document.pk}/correct/"  # 更正 of a published document
    problems += _visit_all(clerk, live_server.url, [*STAFF_PAGES, correction])
    # htmx still works under the policy: the deadline calculator answers without a reload.
    clerk.goto(f"{live_server.url}/calendar/deadline/")
    clerk.evaluate("window.notReloaded = true")
    clerk.fill("input[name=received]", "2026-09-28")
    clerk.dispatch_event("input[name=received]", "change")
    clerk.wait_for_selector("#result")
    assert clerk.evaluate("window.notReloaded") is True
    clerk.context.close()
    operator = new_page(browser)
    log_in(operator, live_server, "operator")
    problems += _visit_all(operator, live_server.url, OPERATOR_PAGES)
    operator.context.close()
    assert problems == []
