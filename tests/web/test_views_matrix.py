"""Every view × role, tested for access denial across agencies (issue 9, security).

One world is built per module (tests/web/matrix_world.py): agency A holds a record of every
kind, B a few of its own. For every staff URL that points at one of A's records — discovered
from the URL map, so a new one fails ``test_every_url_is_in_the_matrix`` until it is added to
tests/web/matrix_specs.py — each persona of B and another city's supervisor is refused (404: A's
record is not acknowledged; 403 when the role is refused first), sees none of A's texts, and a
plausible POST changes nothing and adds no audit event; the persona of A with the right role
gets through with the same payload, so the refusals are not a bad payload's. The lists, exports
and the API's staff endpoint show B nothing of A's; identity numbers are masked wherever staff
look, and the one view of a full proof of identity (the attachment) is audited every time.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.functional import empty
from openpyxl import load_workbook

from gongkai.audit.models import Event
from gongkai.catalogue.services import attachment_add
from gongkai.requests.actions import ACTIONS
from gongkai.requests.models import Attachment
from tests.web.matrix_specs import SPECS, STAFF, case_form
from tests.web.matrix_world import (
    A_ROWS,
    FULL_ID,
    NOW,
    OUTSIDERS,
    PLATFORM,
    World,
    agency_state,
    build_world,
    last_event_pk,
)
from tests.web.test_views_permissions import OWN_ACCOUNT, ROUTES

DATA = Path(__file__).parents[1] / "data"


def _reset_storages() -> None:
    from gongkai.catalogue.models import attachment_storage as catalogue_storage
    from gongkai.requests.models import attachment_storage as requests_storage

    requests_storage._wrapped = empty
    catalogue_storage._wrapped = empty


def _correction_file(built: World) -> None:
    """A file of the published document with an open correction, and its corrected version
    (catalogue:correction_file, …_previous, …_upload)."""
    from gongkai.catalogue.correction import correction_replace_file, correction_review
    from gongkai.catalogue.models import Attachment as DocumentAttachment

    document = built["corrected_document"]
    # As registered with a historical publication: the file was published with the document.
    attachment = DocumentAttachment.objects.create(
        document=document, title="更正前附件", file=ContentFile(b"%PDF-1.4 old", name="old.pdf")
    )
    built.objects["correction_file"] = correction_replace_file(
        actor=built.users["clerk_a"],
        document=document,
        attachment=attachment,
        title="更正后附件",
        file=SimpleUploadedFile("new.pdf", b"%PDF-1.4 new"),
    )
    built.objects["corrected_attachment"] = attachment
    correction_review(  # the correction as it now stands, file included
        actor=built.users["reviewer_a"],
        document=document,
        reviewed_on=date(2026, 3, 2),
        passed=True,
        opinion="同意公开更正",
    )


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[World]:
    """Built once, inside a transaction rolled back after the module; each test runs in its own
    savepoint (pytest-django's ``db``), so one test's writes never reach the next."""
    private = tmp_path_factory.mktemp("matrix")
    with (
        django_db_blocker.unblock(),
        time_machine.travel(NOW, tick=False),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            REQUESTS_PRIVATE_DIR=private / "requests",
            CATALOGUE_ATTACHMENTS_DIR=private / "catalogue",
        ),
    ):
        _reset_storages()
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_world()
            attachment_add(
                actor=built.users["clerk_a"],
                document=built["draft_document"],
                title="征求意见稿附件",
                file=SimpleUploadedFile("draft.pdf", b"%PDF-1.4 draft"),
            )
            built.objects["draft_attachment"] = built["draft_document"].attachments.get()
            _correction_file(built)
            # Logged in once, here: a session made inside a test would be rolled back with it.
            for persona, user in built.users.items():
                CLIENTS[persona] = Client()
                CLIENTS[persona].force_login(user)
            yield built
        finally:
            CLIENTS.clear()
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            _reset_storages()


CLIENTS: dict[str, Client] = {}


def _client(world: World, persona: str) -> Client:
    return CLIENTS[persona]


def _send(client: Client, method: str, url: str, payload: dict[str, Any]) -> HttpResponse:
    return client.get(url) if method == "GET" else client.post(url, payload)


def _text(response: Any) -> str:
    """What a reader of the response sees: HTML, CSV and JSON as text, the cells of a workbook,
    the words of a DOCX, streamed files as bytes decoded."""
    body = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        book = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    if kind == "application/pdf":
        import pdfplumber

        with pdfplumber.open(io.BytesIO(body)) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    if "wordprocessingml" in kind:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return archive.read("word/document.xml").decode()
    return body.decode("utf-8", errors="replace")


def _leaks(world: World, response: Any, secrets: list[str] | None = None) -> list[str]:
    text = _text(response)
    return [s for s in (world.secrets if secrets is None else secrets) if s in text]


# --- the map is covered -------------------------------------------------------------------

# Lists and exports: scoped by who looks, tested in test_lists_show_b_nothing_of_as.
LISTS: dict[str, tuple[str, frozenset[str]]] = {
    # name → (query pointing the page at A, roles the decorator admits)
    "home": ("", STAFF),
    "agencies:list": ("", STAFF),
    "accounts:user_list": ("", frozenset({"admin", "supervisor"})),
    "audit:event_list": ("agency={a}", STAFF),
    "audit:export_csv": ("agency={a}", STAFF),
    "audit:export_xlsx": ("agency={a}", STAFF),
    "requests:dashboard": ("agency={a}&closed=1", STAFF),
    "requests:ledger": ("agency={a}&year=2026", STAFF),
    "requests:statistics": ("agency={a}&year=2026", STAFF),
    "documents:ledger": ("agency={a}&year=2026", STAFF),
    "documents:ledger_export": ("agency={a}&year=2026", STAFF),
    # the preview finds a case by its tracking number, among the cases the user may see
    "documents:preview": ("kind=receipt&tracking_number={tracking}", STAFF),
    "reports:dashboard": ("", frozenset({"supervisor"})),
    "reports:summary": ("year=2023", frozenset({"supervisor"})),
    "reports:export": ("year=2023", frozenset({"supervisor"})),
}
# Creating a record for an agency named in the form: tested in test_forms_create_nothing_in_a.
FORM_CHOSEN = {
    "requests:register",
    "requests:bulk_assign",
    "requests:bulk_remind",  # changes no record, only sends: test_bulk_remind_sends_b_nothing_of_as
    "catalogue:new",
    "catalogue:historical",
    "reports:import",
    "accounts:user_new",
}
# A user's own saved searches: each user reaches only their own (test_requests_saved_filters).
OWN_RECORDS = {"requests:filter_save", "requests:filter_delete"}
# The working-day calendar is the platform's, not any agency's record.
NOT_AGENCY_RECORDS = {"workdays:overview", "workdays:year", "workdays:deadline"}
# The token-only endpoint of the API (tested in test_the_api_shows_a_token_of_b_nothing_of_as).
API_STAFF = {"api:staff_open_requests"}
# Public routes that point at one record, tested in test_the_public_side_shows_only_published.
PUBLIC_RECORDS = {
    "portal:document",
    "portal:attachment",
    "portal:report",
    "portal:report_file",
    "api:document_detail",
    "api:report_detail",
    # one issued letter of the case held in the session after the query-code look-up (tested
    # in test_applicant_case.py: a draft, another case's letter or no session is a 404)
    "requests:case_letter",
    # one file released with the reply of the case in the session (tested in
    # test_applicant_files.py: the original, another case's file or no session is a 404)
    "requests:case_file",
    # a signed one-time link mailed to the address on file (tested in test_applicant_recovery.py)
    "requests:case_link",
    # a signed link to one stored file, handed out by portal:attachment or requests:attachment
    # after their own checks (tested in test_uploads.py: forged or stale links are a 404)
    "media",
}


def test_every_url_is_in_the_matrix() -> None:
    covered = {key.split("#")[0] for key in SPECS}
    staff = {name for name, _kw, view in ROUTES if not getattr(view, "gongkai_public", False)}
    staff -= {"login", "logout"}
    unclassified = (
        staff
        - covered
        - set(LISTS)
        - FORM_CHOSEN
        - NOT_AGENCY_RECORDS
        - API_STAFF
        - OWN_ACCOUNT
        - OWN_RECORDS
    )
    assert not unclassified, f"add these views to tests/web/matrix_specs.py: {unclassified}"
    with_record = {name for name, kwargs, _view in ROUTES if set(kwargs) - {"code"}}
    public = {name for name, _kw, view in ROUTES if getattr(view, "gongkai_public", False)}
    missing = (with_record - public) - covered - NOT_AGENCY_RECORDS - OWN_RECORDS
    assert not missing, f"object-scoped views without an object factory: {missing}"
    assert (with_record & public) - PUBLIC_RECORDS == set()
    assert not (covered - {name for name, _kw, _view in ROUTES})  # no stale entries


def test_every_model_of_an_agencys_records_is_compared() -> None:
    """A model added later that belongs to an agency must join ``A_ROWS`` (else a POST that
    changed it would pass as "nothing changed")."""
    from django.apps import apps

    from gongkai.agencies.models import Agency

    def reaches_agency(model: type[models.Model], depth: int = 0) -> bool:
        for f in model._meta.concrete_fields:
            target = getattr(f, "related_model", None)
            if target is Agency or (
                target is not None and depth < 1 and f.name != "actor" and reaches_agency(target, 1)
            ):
                return True
        return False

    ours = [m for m in apps.get_models() if m.__module__.startswith("gongkai.")]
    owned = {m for m in ours if reaches_agency(m)} - {Event}
    assert owned - set(A_ROWS) == set()


# --- one record, every persona ------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(SPECS))
def test_outsiders_are_refused_and_change_nothing(world: World, db: Any, key: str) -> None:
    spec = SPECS[key]
    url = spec.url(world)
    before, last = agency_state(world.a), last_event_pk()
    for persona in OUTSIDERS:
        client = _client(world, persona)
        role = world.users[persona].role
        for method in ("GET", "POST"):
            response = _send(client, method, url, spec.post(world) if spec.post else {})
            expected = spec.expected_refusal(role, method)
            assert response.status_code == expected, (persona, method, response.status_code)
            assert not _leaks(world, response), (persona, method)
        assert last_event_pk() == last, persona
    assert agency_state(world.a) == before


@pytest.mark.parametrize("key", sorted(SPECS))
def test_the_platform_roles_reach_no_agency_record(world: World, db: Any, key: str) -> None:
    """三权分立: the system and security administrators and the auditor hold no agency; every
    record of A is refused them before any look-up (403), and their POSTs change nothing."""
    spec = SPECS[key]
    url = spec.url(world)
    before, last = agency_state(world.a), last_event_pk()
    for persona in PLATFORM:
        for method in ("GET", "POST"):
            response = _send(
                _client(world, persona), method, url, spec.post(world) if spec.post else {}
            )
            expected = 405 if method == "GET" and not spec.get else 403
            assert response.status_code == expected, (persona, method, response.status_code)
            assert not _leaks(world, response), (persona, method)
    assert agency_state(world.a) == before and last_event_pk() == last


@pytest.mark.parametrize("name", sorted({*LISTS, *FORM_CHOSEN}))
def test_the_platform_roles_see_no_list_but_the_auditor_the_trail(world: World, db: Any, name: str):
    before = agency_state(world.a)
    for persona in PLATFORM:
        response = _client(world, persona).get(reverse(name))
        if name == "home":  # each lands on its own work (admin, users, audit trail)
            assert response.status_code == 302, persona
        elif name.startswith("audit:") and persona == "auditor":
            assert response.status_code == 200
            for record in ("application", "b_application"):
                number = world[record].tracking_number
                found = _client(world, persona).get(f"{reverse(name)}?text={number}")
                assert number in _text(found), (name, record)
        else:
            assert response.status_code == 403, (persona, response.status_code)
            assert not _leaks(world, response), persona
    assert agency_state(world.a) == before


@pytest.mark.parametrize("key", sorted(k for k, s in SPECS.items() if s.post and s.writes))
def test_the_supervisor_above_a_reads_but_changes_nothing(world: World, db: Any, key: str):
    spec = SPECS[key]
    if spec.insider == "supervisor":
        pytest.skip("the supervisor is the one who may do this")
    assert spec.post is not None
    before, last = agency_state(world.a), last_event_pk()
    response = _client(world, "supervisor").post(spec.url(world), spec.post(world))
    assert response.status_code == 403
    assert agency_state(world.a) == before and last_event_pk() == last


@pytest.mark.parametrize("key", sorted(SPECS))
def test_the_right_persona_of_a_gets_through(world: World, db: Any, key: str) -> None:
    spec = SPECS[key]
    url = spec.url(world)
    client = _client(world, spec.insider)
    if spec.get:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
    if spec.post is not None:
        last = last_event_pk()
        response = client.post(url, spec.post(world))
        assert response.status_code in {200, 302}, response.status_code
        if spec.writes:
            added = Event.objects.filter(pk__gt=last, agency=world.a)
            assert added.exists(), f"the payload changed nothing: {_text(response)[:2000]}"


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_no_action_on_as_request_opens_for_an_outsider(world: World, db: Any, action: str):
    before, last = agency_state(world.a), last_event_pk()
    for name in ("application", "fee_application"):
        url = reverse("requests:action", kwargs={"pk": world[name].pk, "action": action})
        for persona in ("clerk_b", "reviewer_b"):
            client = _client(world, persona)
            assert client.get(url).status_code == 404
            response = client.post(url, {"reason": "x", "on": "2026-03-02"})
            assert response.status_code == 404 and not _leaks(world, response)
    assert agency_state(world.a) == before and last_event_pk() == last


def test_b_cannot_point_its_own_records_at_as(world: World, db: Any) -> None:
    """Forms on B's own records offer only B's records to link to; a posted id of A's is
    refused, and A's records are neither changed nor served through B's URLs."""
    from gongkai.requests import services as requests

    a_app, b_app = world["application"], world["b_application"]
    requests.application_consult(
        actor=world.users["clerk_a"],
        application=a_app,
        kind="agency",
        party="市财政局",
        sent_on=date(2026, 3, 2),
    )
    requests.application_consult(
        actor=world.users["clerk_b"],
        application=b_app,
        kind="agency",
        party="市财政局",
        sent_on=date(2026, 3, 2),
    )
    a_consultation = a_app.consultations.get()
    b_attachment = Attachment.objects.create(
        application=b_app,
        file=ContentFile(b"%PDF-1.4 b", name="b.pdf"),
        original_name="b.pdf",
        content_type="application/pdf",
        size=10,
    )
    before, last = agency_state(world.a), last_event_pk()
    client = _client(world, "clerk_b")
    b_case, b_document = world["b_case"], world["b_document"]
    edit = reverse("appeals:edit", args=[b_case.pk])
    a_number = a_app.tracking_number  # the request is chosen by its number (a search)
    for field, value in (("application", a_number), ("review_case", world["case"].pk)):
        response = client.post(edit, {**case_form(world, "诸葛青云"), field: value})
        assert response.status_code == 200 and "errorlist" in response.content.decode(), field
    b_case.refresh_from_db()
    assert b_case.application_id is None and b_case.review_case_id is None
    new_case = {**case_form(world, "诸葛青云"), "application": a_number}
    assert client.post(reverse("appeals:new"), new_case).status_code == 200
    status = {"status": "amended", "changed_on": "2026-03-01", "replaced_by": world["document"].pk}
    client.post(reverse("catalogue:status", args=[b_document.pk]), status)
    b_document.refresh_from_db()
    assert b_document.replaced_by_id is None and b_document.status == "in_force"
    opinion = {"consultation": a_consultation.pk, "answered_on": "2026-03-02", "opinion": "同意"}
    url = reverse("requests:action", args=[b_app.pk, "receive_opinion"])
    assert client.post(url, opinion).status_code == 200
    through_b = reverse("requests:attachment", args=[b_app.pk, world["attachment"].pk])
    assert client.get(through_b).status_code == 404
    assert agency_state(world.a) == before and last_event_pk() == last
    through_a = reverse("requests:attachment", args=[a_app.pk, b_attachment.pk])
    assert _client(world, "clerk_a").get(through_a).status_code == 404
    assert last_event_pk() == last


# --- lists and exports --------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(LISTS))
def test_lists_show_b_nothing_of_as(world: World, db: Any, name: str) -> None:
    query, roles = LISTS[name]
    tracking = world["application"].tracking_number
    pointed = f"{reverse(name)}?{query.format(a=world.a.pk, tracking=tracking)}"
    for persona in OUTSIDERS:
        client = _client(world, persona)
        allowed = world.users[persona].role in roles
        for url in (reverse(name), pointed):
            response = client.get(url)
            assert response.status_code == (200 if allowed else 403), (persona, url)
            assert not _leaks(world, response), (persona, url)


LIST_SHOWS = {
    # name → (persona, a text of A the page must show them, a text of B's clerk_b must see)
    "requests:dashboard": ("clerk_a", "application", "b_application"),
    "requests:ledger": ("clerk_a", "application", "b_application"),
    "documents:ledger": ("clerk_a", "application", "b_application"),
    "documents:ledger_export": ("clerk_a", "application", "b_application"),
    "audit:event_list": ("clerk_a", "application", "b_application"),
    "audit:export_csv": ("clerk_a", "application", "b_application"),
    "audit:export_xlsx": ("clerk_a", "application", "b_application"),
}


@pytest.mark.parametrize("name", sorted(LIST_SHOWS))
def test_lists_do_show_each_agency_its_own(world: World, db: Any, name: str) -> None:
    persona, a_record, b_record = LIST_SHOWS[name]
    a_number, b_number = world[a_record].tracking_number, world[b_record].tracking_number

    def url(number: str) -> str:
        # The audit trail is paged and grows with every log-in: look the record up.
        query = "closed=1" if name == "requests:dashboard" else "year=2026"
        return f"{reverse(name)}?{f'text={number}' if name.startswith('audit:') else query}"

    assert a_number in _text(_client(world, persona).get(url(a_number)))
    searched = _text(_client(world, persona).get(url(b_number)))
    searched = searched.replace(f'value="{b_number}"', "").replace(f"text={b_number}", "")
    assert b_number not in searched  # (the search box repeats what was searched)
    assert b_number in _text(_client(world, "clerk_b").get(url(b_number)))


def test_the_supervisors_pages_cover_only_their_city(world: World, db: Any) -> None:
    own = _client(world, "supervisor")
    other = _client(world, "other_supervisor")
    for name, query in (("reports:dashboard", "year=2025"), ("reports:export", "year=2023")):
        url = f"{reverse(name)}?{query}"
        assert world.a.name in _text(own.get(url))
        assert world.a.name not in _text(other.get(url))
    users = reverse("accounts:user_list")
    assert "王晓燕" in _text(own.get(users)) and "王晓燕" not in _text(other.get(users))


def test_the_api_shows_a_token_of_b_nothing_of_as(world: World, db: Any) -> None:
    url = "/api/staff/requests"
    for persona in ("clerk_b", "admin_b", "other_supervisor"):
        bearer = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens[persona]}"}
        for query in ("", f"?agency={world.a.short_code}"):
            response = Client().get(url + query, **bearer)
            assert response.status_code == 200
            assert not _leaks(world, response), (persona, query)
            if persona != "other_supervisor" and not query:
                assert world["b_application"].tracking_number in _text(response)
    mine = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {world.tokens['clerk_a']}")
    assert world["application"].tracking_number in _text(mine)


# --- forms that name an agency ------------------------------------------------------------


def _register_form(w: World) -> dict[str, Any]:
    return {
        "agency": w.a.pk,
        "channel": "in_person",
        "received_on": "2026-03-02",
        "category": "natural_person",
        "applicant_name": "冒名申请人",
        "id_type": "居民身份证",
        "id_number": "330102199202021111",
        "phone": "13900000000",
        "description": "冒名登记的申请",
        "form_wanted": "electronic",
        "delivery": "email",
        "email": "x@example.com",
    }


def _import_form(w: World) -> dict[str, Any]:
    content = (DATA / "yingkou-archives-2020.json").read_bytes()
    return {"agency": w.a.pk, "year": 2020, "file": SimpleUploadedFile("2020.json", content)}


def _document_new_form(w: World) -> dict[str, Any]:
    from tests.web.matrix_specs import document_form

    return {**document_form(w), "agency": w.a.pk}


def _historical_form(w: World) -> dict[str, Any]:
    return {**_document_new_form(w), "published_on": "2026-02-03", "reason": "江临市政府公报"}


FORMS: dict[str, tuple[Any, tuple[str, ...], str]] = {
    # name → (payload naming A, outsiders who may open the form, A's persona who may send it)
    "requests:register": (_register_form, ("clerk_b", "reviewer_b", "admin_b"), "clerk_a"),
    "catalogue:new": (_document_new_form, ("clerk_b", "admin_b"), "clerk_a"),
    # 登记历史公开 skips the 保密审查: A's clerk is refused too (test_catalogue_historical.py)
    "catalogue:historical": (_historical_form, ("clerk_b", "reviewer_b", "admin_b"), "reviewer_a"),
    "requests:bulk_assign": (
        lambda w: {"cases": [w["application"].pk], "assignee": w.users["clerk_a"].pk},
        ("clerk_b", "reviewer_b", "admin_b"),
        "reviewer_a",
    ),
    "reports:import": (_import_form, ("admin_b", "other_supervisor"), "admin_a"),
    "accounts:user_new": (
        lambda w: {
            "agency": w.a.pk,
            "username": "planted",
            "full_name": "混入者",
            "role": "clerk",
            "password": "Planted-pass-2026!",
            "password2": "Planted-pass-2026!",
        },
        ("admin_b",),
        "admin_a",
    ),
}


def _named(payload: dict[str, Any], persona: str) -> dict[str, Any]:
    """A user name is unique platform-wide: each persona plants its own."""
    if "username" in payload:
        payload["username"] = f"planted_{persona}"
    return payload


@pytest.mark.parametrize("name", sorted(FORMS))
def test_forms_create_nothing_in_a(world: World, db: Any, name: str) -> None:
    payload, outsiders, insider = FORMS[name]
    url = reverse(name)
    before, last = agency_state(world.a), last_event_pk()
    for persona in outsiders:
        response = _client(world, persona).post(url, _named(payload(world), persona))
        assert response.status_code in {200, 302, 403}, (persona, response.status_code)
        assert agency_state(world.a) == before, persona
        assert not Event.objects.filter(pk__gt=last, agency=world.a).exists(), persona
    response = _client(world, insider).post(url, _named(payload(world), insider))
    assert response.status_code == 302, _text(response)[:2000]
    assert agency_state(world.a) != before


def test_bulk_remind_sends_b_nothing_of_as(world: World, db: Any) -> None:
    from django.core import mail

    url, payload = reverse("requests:bulk_remind"), {"cases": [world["application"].pk]}
    last = last_event_pk()
    for persona in ("clerk_b", "reviewer_b", "admin_b", "supervisor"):
        response = _client(world, persona).post(url, payload)
        assert response.status_code in {302, 403}, (persona, response.status_code)
        assert not Event.objects.filter(pk__gt=last, agency=world.a).exists(), persona
    assert mail.outbox == []
    assert _client(world, "reviewer_a").post(url, payload).status_code == 302
    assert Event.objects.filter(pk__gt=last, agency=world.a, action="application.remind").exists()


# --- the public side ----------------------------------------------------------------------


def test_the_public_side_shows_only_published_records(world: World, db: Any) -> None:
    anonymous = Client()
    a, b = world.a.short_code, world.b.short_code
    doc, draft = world["document"], world["draft_document"]
    attachment = world["draft_attachment"]

    def status(name: str, **kwargs: Any) -> int:
        return anonymous.get(reverse(name, kwargs=kwargs)).status_code

    assert status("portal:document", code=a, pk=doc.pk) == 200
    assert status("portal:document", code=b, pk=doc.pk) == 404
    assert status("portal:document", code=a, pk=draft.pk) == 404
    assert status("portal:attachment", code=a, pk=draft.pk, attachment_id=attachment.pk) == 404
    assert status("portal:attachment", code=a, pk=doc.pk, attachment_id=attachment.pk) == 404
    assert status("portal:report", code=a, year=2023) == 200
    for year in (2024, 2025):  # submitted, draft
        assert status("portal:report", code=a, year=year) == 404
        assert status("portal:report_file", code=a, year=year, kind="pdf") == 404
    assert status("portal:report", code=b, year=2023) == 404
    assert anonymous.get(f"/api/agencies/{a}/documents/{draft.pk}").status_code == 404
    assert anonymous.get(f"/api/agencies/{b}/documents/{doc.pk}").status_code == 404
    assert anonymous.get(f"/api/agencies/{a}/reports/2025").status_code == 404
    unpublished = [draft.title, "2024年度校车专项整治", "2025年度校车专项整治", FULL_ID, "欧阳明哲"]
    for url in (
        reverse("portal:home", kwargs={"code": a}),
        reverse("portal:documents", kwargs={"code": a}),
        reverse("portal:reports", kwargs={"code": a}),
        reverse("portal:feed", kwargs={"code": a}),
        reverse("portal:report", kwargs={"code": a, "year": 2023}),
        f"/api/agencies/{a}/documents",
        f"/api/agencies/{a}/reports",
    ):
        response = anonymous.get(url)
        assert response.status_code == 200, url
        assert not _leaks(world, response, unpublished), url


# --- identity numbers ---------------------------------------------------------------------


def test_identity_numbers_are_masked_wherever_staff_look(world: World, db: Any) -> None:
    application = world["application"]
    masked = application.id_number_masked
    pages = [
        (reverse("requests:dashboard"), None),
        (f"{reverse('requests:ledger')}?year=2026", None),
        (reverse("requests:detail", args=[application.pk]), masked),
        (reverse("requests:action", args=[application.pk, "consult"]), None),
        (reverse("requests:letter", args=[application.pk, "docx"]), None),
        (reverse("requests:fee_notice", args=[world["fee_application"].pk, "docx"]), None),
        (reverse("audit:event_list"), None),
        (reverse("audit:export_csv"), None),
        (reverse("audit:export_xlsx"), None),
        (reverse("home"), None),
    ]
    for persona in ("clerk_a", "reviewer_a", "admin_a", "supervisor", "operator"):
        client = _client(world, persona)
        for url, shown in pages:
            text = _text(client.get(url))
            assert FULL_ID not in text, (persona, url)
            assert shown is None or shown in text, (persona, url)
    admin = _client(world, "operator")
    for url in (
        reverse("admin:requests_application_changelist"),
        reverse("admin:requests_application_change", args=[application.pk]),
        reverse("admin:audit_event_changelist"),
    ):
        assert FULL_ID not in _text(admin.get(url)), url
    letter = _text(
        _client(world, "clerk_a").get(reverse("requests:letter", args=[application.pk, "pdf"]))
    )
    assert application.tracking_number in letter and FULL_ID not in letter
    api = Client().get(
        "/api/staff/requests", HTTP_AUTHORIZATION=f"Bearer {world.tokens['clerk_a']}"
    )
    assert FULL_ID not in _text(api) and masked in _text(api)


def test_every_opening_of_a_proof_of_identity_is_audited(world: World, db: Any) -> None:
    application, item = world["application"], world["attachment"]
    url = reverse("requests:attachment", args=[application.pk, item.pk])
    for persona in ("clerk_a", "supervisor", "operator"):
        last = last_event_pk()
        response = _client(world, persona).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 identity card"
        event = Event.objects.get(pk__gt=last)
        assert event.action == "application.view_attachment"
        assert event.actor_id == world.users[persona].pk and event.agency_id == world.a.pk
