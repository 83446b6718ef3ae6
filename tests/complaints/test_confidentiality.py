"""The complainant's identity, persona by persona, on the pages and the API: only the inspection officers (the bloc's,
and grassroots A's for letters A handles) see it, on its own page or endpoint, every view audited; everyone else
(member, cell secretary, grassroots officer, the other grassroots organization's inspection officer, the bloc's
organization, propaganda and office officers) gets 404 and a `core.access.denied` entry. No list, record, export or
audit entry carries the identity."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.core.models import AuditEntry
from tests.api.conftest import api_client
from tests.conftest import login

from .conftest import PERSON, denounce

pytestmark = pytest.mark.django_db

ALLOWED = ("bloc_inspector", "inspector_a")
REFUSED = ("member", "secretary_a1", "grassroots_officer", "inspector_b", "bloc_organization", "propaganda", "office",
           "grassroots_officer_b")  # fmt: skip


def persona(world: Any, people: Any, name: str) -> Any:
    return {
        "member": world.member_user, "grassroots_officer": world.officer, "bloc_organization": world.bloc_officer,
        "grassroots_officer_b": world.outsider,
    }.get(name) or getattr(people, name)  # fmt: skip


def identity_views() -> int:
    return AuditEntry.objects.filter(action="complaints.identity.viewed").count()


@pytest.mark.parametrize("name", ALLOWED)
def test_inspection_officers_see_the_identity_page_and_each_view_is_audited(world: Any, people: Any,
                                                                           name: str) -> None:  # fmt: skip
    letter = denounce(world)
    client = login(persona(world, people, name))
    detail = client.get(reverse("complaints:detail", args=[letter.pk])).content.decode()
    assert 'id="link-identity"' in detail and PERSON["full_name"] not in detail
    page = client.get(reverse("complaints:identity", args=[letter.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for value in PERSON.values():
        assert value in html
    client.get(reverse("complaints:identity", args=[letter.pk]))
    assert identity_views() == 2
    entry = AuditEntry.objects.filter(action="complaints.identity.viewed").latest("pk")
    assert entry.actor == persona(world, people, name) and entry.data == {"via": "page"}
    assert not any(v in str(entry.before) + str(entry.after) + entry.object_repr for v in PERSON.values())


@pytest.mark.parametrize("name", ALLOWED)
def test_inspection_officers_read_the_identity_endpoint(world: Any, people: Any, name: str) -> None:
    letter = denounce(world)
    client = api_client(persona(world, people, name))
    answer = client.get(f"/api/v1/complaints/{letter.pk}/identity/")
    assert answer.status_code == 200 and answer.json() == PERSON
    assert AuditEntry.objects.get(action="complaints.identity.viewed").data == {"via": "api"}


@pytest.mark.parametrize("name", REFUSED)
def test_everyone_else_gets_404_and_is_logged_on_the_page(world: Any, people: Any, name: str) -> None:
    letter = denounce(world)
    client = login(persona(world, people, name))
    response = client.get(reverse("complaints:identity", args=[letter.pk]))
    assert response.status_code == 404
    assert PERSON["full_name"] not in response.content.decode()
    denied = AuditEntry.objects.filter(action="core.access.denied", object_type="complainant_identity")
    assert denied.count() == 1 and denied.get().object_id == str(letter.pk)
    assert identity_views() == 0
    posted = client.post(reverse("complaints:identity", args=[letter.pk]), {"full_name": "X", "version": "1"})
    assert posted.status_code == 404 and letter.identity.full_name == PERSON["full_name"]


@pytest.mark.parametrize("name", REFUSED)
def test_everyone_else_gets_404_and_is_logged_on_the_api(world: Any, people: Any, name: str) -> None:
    letter = denounce(world)
    answer = api_client(persona(world, people, name)).get(f"/api/v1/complaints/{letter.pk}/identity/")
    assert answer.status_code == 404 and PERSON["full_name"] not in answer.content.decode()
    assert AuditEntry.objects.filter(action="core.access.denied", object_type="complainant_identity").count() == 1
    assert identity_views() == 0


def test_unknown_letter_is_404_without_a_trace_of_existence(world: Any, people: Any) -> None:
    client = login(people.inspector_a)
    assert client.get(reverse("complaints:identity", args=[999999])).status_code == 404
    assert api_client(people.inspector_a).get("/api/v1/complaints/999999/identity/").status_code == 404


def test_the_grassroots_officer_handles_letters_without_the_identity(world: Any) -> None:
    letter = denounce(world)
    client = login(world.officer)
    for url in (reverse("complaints:home"), reverse("complaints:detail", args=[letter.pk])):
        html = client.get(url).content.decode()
        assert "kê khai tài sản" in html or url == reverse("complaints:home")
        assert 'id="link-identity"' not in html
        for value in PERSON.values():
            assert value not in html
    api = api_client(world.officer)
    for url in ("/api/v1/complaints/", f"/api/v1/complaints/{letter.pk}/"):
        body = api.get(url).content.decode()
        for value in PERSON.values():
            assert value not in body


def test_lists_exports_and_audit_never_carry_the_identity(world: Any, people: Any) -> None:
    letter = denounce(world, summary='=HYPERLINK("http://x","y") <b>đậm</b>')
    client = login(people.bloc_inspector)
    client.get(reverse("complaints:identity", args=[letter.pk]))
    export = client.get(reverse("complaints:export"))
    assert export.status_code == 200
    book = load_workbook(io.BytesIO(export.content))
    cells = [str(c.value) for row in book.active.iter_rows() for c in row if c.value is not None]
    for value in PERSON.values():
        assert all(value not in cell for cell in cells)
    summary = next(c for row in book.active.iter_rows() for c in row if str(c.value).startswith("=HYPERLINK"))
    assert summary.data_type == "s" and summary.quotePrefix  # text, never a formula
    report = client.get(reverse("complaints:report_export") + "?nam=2026&ngay=30/06/2026")
    assert report.status_code == 200
    audit = " ".join(str([e.before, e.after, e.data, e.object_repr]) for e in AuditEntry.objects.all())
    for value in PERSON.values():
        assert value not in audit
    page = client.get(reverse("complaints:detail", args=[letter.pk])).content.decode()
    assert "&lt;b&gt;đậm&lt;/b&gt;" in page and "<b>đậm</b>" not in page


def test_letters_of_another_grassroots_organization_are_404_everywhere(world: Any, people: Any) -> None:
    letter = denounce(world)
    client = login(people.inspector_b)
    assert client.get(reverse("complaints:detail", args=[letter.pk])).status_code == 404
    assert api_client(people.inspector_b).get(f"/api/v1/complaints/{letter.pk}/").status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", object_type="complaint").count() == 2
    listed = api_client(people.inspector_b).get("/api/v1/complaints/").json()
    assert listed["count"] == 0


@pytest.mark.parametrize("name", ("member", "secretary_a1", "bloc_organization", "propaganda", "office"))
def test_roles_without_the_right_get_no_pages_and_no_api(world: Any, people: Any, name: str) -> None:
    denounce(world)
    user = persona(world, people, name)
    client = login(user)
    assert client.get(reverse("complaints:home")).status_code == 403
    hub = client.get(reverse("home:oversight"))  # the navigation's "inspection and discipline" entry
    assert hub.status_code == 403 or 'id="oversight-complaints"' not in hub.content.decode()
    assert api_client(user).get("/api/v1/complaints/").status_code == 403
