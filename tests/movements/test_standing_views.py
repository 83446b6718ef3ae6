"""The standing pages with the three personas: the grassroots officer records and approves, the member sees no
page, the other organization's officer gets 404 (logged) for ids outside their scope, in the URL or posted."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from dangbo.accounts.enums import RoleKind
from dangbo.core.audit import AuditEntry
from dangbo.movements import abroad
from dangbo.movements.models import Movement
from tests.conftest import login
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _application(world: Any) -> Movement:
    m = abroad.apply_abroad(
        actor=None,
        member=world.m1,
        applied_on=dt.date(2025, 8, 1),
        country="Nhật Bản",
        planned_start=dt.date(2025, 9, 1),
        planned_end=dt.date(2025, 10, 15),
    )
    return abroad.record_abroad_opinion(actor=None, movement=m, opinion_on=dt.date(2025, 8, 5), expected_version=1)


def test_officer_records_a_suspension_and_sees_it(world: Any, as_officer: Any) -> None:
    url = reverse("movements:standing_new", args=["dinh-chi"])
    assert as_officer.get(url).status_code == 200
    response = as_officer.post(
        url,
        {
            "member": world.m2.pk,
            "decision_number": "12-QĐ/ĐU",
            "decision_date": "28/02/2025",
            "start": "01/03/2025",
            "planned_end": "29/05/2025",
        },
    )
    movement = Movement.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{movement.pk}/")
    page = as_officer.get(response["Location"]).content.decode()
    assert "đình chỉ sinh hoạt đảng từ 01/03/2025 đến 29/05/2025 theo Quyết định số 12-QĐ/ĐU" in page
    assert AuditEntry.objects.filter(action="movements.movement.viewed").exists()


def test_refusal_shown_with_nothing_saved(world: Any, as_officer: Any) -> None:
    url = reverse("movements:standing_new", args=["tam-thoi-di"])
    response = as_officer.post(
        url,
        {
            "member": world.m1.pk,
            "purpose": "work",
            "start": "01/09/2025",
            "planned_end": "31/08/2026",
            "to_organization": world.cell_b1.pk,
        },
    )
    assert response.status_code == 200 and "từ 12 tháng trở lên" in response.content.decode()
    assert not Movement.objects.exists()


def test_member_has_no_page(world: Any, as_member: Any) -> None:
    assert as_member.get(reverse("movements:standing")).status_code == 403
    assert as_member.get(reverse("movements:standing_new", args=["mien"])).status_code == 403


def test_outsider_gets_404_and_the_attempt_is_logged(world: Any, as_outsider: Any) -> None:
    movement = _application(world)
    assert as_outsider.get(reverse("movements:standing_detail", args=[movement.pk])).status_code == 404
    step = reverse("movements:standing_step", args=[movement.pk, "dong-y"])
    assert as_outsider.post(step, {"dong-y-on": "12/08/2025", "version": movement.version}).status_code == 404
    assert as_outsider.get(reverse("movements:standing") + f"?dang_vien={world.m1.pk}").status_code == 404
    posted = as_outsider.post(
        reverse("movements:standing_new", args=["mien"]),
        {"member": world.m1.pk, "applied_on": "01/03/2025", "decision_number": "05", "decision_date": "10/03/2025"},
    )
    assert posted.status_code == 404
    assert AuditEntry.objects.filter(action__contains="denied").count() >= 4
    assert Movement.objects.get(pk=movement.pk).approved_on is None


def test_secretary_cannot_approve_the_officer_can(world: Any, as_officer: Any) -> None:
    movement = _application(world)
    secretary = login(make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1))
    page = secretary.get(reverse("movements:standing_detail", args=[movement.pk])).content.decode()
    assert "step-dong-y" not in page
    step = reverse("movements:standing_step", args=[movement.pk, "dong-y"])
    assert secretary.post(step, {"dong-y-on": "12/08/2025", "version": movement.version}).status_code == 403
    assert as_officer.post(step, {"dong-y-on": "12/08/2025", "version": movement.version}).status_code == 302
    assert Movement.objects.get(pk=movement.pk).approved_on == dt.date(2025, 8, 12)


def test_member_opened_from_their_record_is_offered_beyond_the_first_page(
    world: Any, as_officer: Any, monkeypatch: Any
) -> None:
    """The select lists at most OFFER_LIMIT members; the one the page was opened for is always among them."""
    from dangbo.movements import standing_forms

    monkeypatch.setattr(standing_forms, "OFFER_LIMIT", 1)
    url = reverse("movements:standing_new", args=["dinh-chi"])
    listed = as_officer.get(url).content.decode()
    offered = [m for m in (world.m1, world.m2) if f'value="{m.pk}"' in listed]
    assert len(offered) == 1
    other = world.m2 if offered == [world.m1] else world.m1
    page = as_officer.get(f"{url}?dang_vien={other.pk}").content.decode()
    assert f'value="{other.pk}" selected' in page
