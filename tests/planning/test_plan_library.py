"""A plan is linked to its own entry in the documents library (same number and symbol, same year): when the plan is
saved, when the entry is recorded after the plan, and for the seed plan by the migration; the plan's page and the
API show the link to those who may read the entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from dangbo.core.audit import AuditEntry
from dangbo.library import services as library
from dangbo.library.models import PartyDocument
from dangbo.organizations.models import Organization
from dangbo.planning import plans
from dangbo.planning.models import Plan

from ..conftest import TODAY, World
from .plan_world import ISSUED, PlanWorld

pytestmark = pytest.mark.django_db


def entry(world: World, *, number: str = "35", symbol: str = "KH/ĐUK", issued_on: dt.date = ISSUED,
          issuer: Organization | None = None, audience: str = "whole_tree",
          organizations: Sequence[Organization] = ()) -> PartyDocument:  # fmt: skip
    issuer = issuer or world.bloc
    return library.create_document(
        actor=world.bloc_officer, keeper=issuer, issuer=issuer, number=number, symbol=symbol, kind="plan",
        title="Kế hoạch thử", issued_on=issued_on, audience=audience, organizations=organizations, today=TODAY,
    )  # fmt: skip


def test_the_seed_plan_is_linked_to_its_preloaded_entry() -> None:
    seed = Plan.objects.get(document_number="20-KH/ĐUK")
    assert seed.document is not None
    assert (seed.document.number, seed.document.symbol, seed.document.issued_on) == ("20", "KH/ĐUK", seed.issued_on)


def test_a_plan_saved_after_its_entry_is_linked_at_once(world: World) -> None:
    document = entry(world)
    plan = plans.create_plan(
        actor=world.bloc_officer, issuer=world.bloc, document_number="35-KH/ĐUK", title="Kế hoạch thử",
        issued_on=ISSUED, year_from=2025, year_to=2027, today=TODAY,
    )  # fmt: skip
    assert plan.document == document
    created = AuditEntry.objects.get(action="planning.plan.created", object_id=str(plan.pk))
    assert created.after["document_id"] == document.pk


def test_an_entry_recorded_after_the_plan_links_it(pw: PlanWorld) -> None:
    assert pw.plan.document is None
    other_year = entry(pw.w, issued_on=dt.date(2024, 5, 2))  # same number, another year: not the plan's
    pw.plan.refresh_from_db()
    assert pw.plan.document is None
    document = entry(pw.w)
    pw.plan.refresh_from_db()
    assert pw.plan.document == document and other_year.plans.count() == 0
    linked = AuditEntry.objects.get(action="planning.plan.linked")
    assert linked.object_id == str(pw.plan.pk) and linked.after == {"document_id": document.pk}


def test_of_two_entries_with_one_number_the_issuers_own_is_linked(world: World) -> None:
    entry(world, issuer=world.org_a)  # grassroots A's own 35-KH/ĐUK of the same year
    own = entry(world)
    plan = plans.create_plan(
        actor=world.bloc_officer, issuer=world.bloc, document_number="35-KH/ĐUK", title="Kế hoạch thử",
        issued_on=ISSUED, year_from=2025, year_to=2027, today=TODAY,
    )  # fmt: skip
    assert plan.document == own


def test_renumbering_the_plan_follows_the_library(pw: PlanWorld) -> None:
    document = entry(pw.w, number="36")
    assert pw.plan.document is None
    edited = plans.update_plan(actor=pw.w.bloc_officer, plan=pw.plan, expected_version=pw.plan.version,
                               data={"document_number": "36-KH/ĐUK"}, today=TODAY)  # fmt: skip
    assert edited.document == document
    edited = plans.update_plan(actor=pw.w.bloc_officer, plan=edited, expected_version=edited.version,
                               data={"document_number": "37-KH/ĐUK"}, today=TODAY)  # fmt: skip
    assert edited.document is None


@pytest.mark.parametrize("number", ["35", "KH/ĐUK", "-KH/ĐUK", "35-"])
def test_a_number_without_number_and_symbol_links_nothing(world: World, number: str) -> None:
    entry(world)
    assert plans.library_entry(number, ISSUED, world.bloc) is None


def test_the_page_links_the_entry_for_readers_only(pw: PlanWorld, client: Client) -> None:
    url = reverse("planning:plan", args=[pw.plan.pk])
    client.force_login(pw.w.bloc_officer)
    assert "Chưa có trong thư viện văn bản" in client.get(url).content.decode()
    document = entry(pw.w, audience="organizations", organizations=[pw.w.org_b])  # not published to grassroots A
    library_url = reverse("library:detail", args=[document.pk])
    assert library_url in client.get(url).content.decode()
    client.force_login(pw.w.officer)  # grassroots A's officer sees the plan, not this entry
    page = client.get(url).content.decode()
    assert library_url not in page and "bạn không được xem" in page


def test_the_api_gives_the_entry_id(pw: PlanWorld) -> None:
    document = entry(pw.w)
    api = APIClient()
    api.force_authenticate(pw.w.bloc_officer)
    answer = api.get(f"/api/v1/plans/{pw.plan.pk}/")
    assert answer.status_code == 200 and answer.json()["document"] == document.pk
