"""Locking a quarter (grassroots committee or above, ended quarters only, audited) and unlocking it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from dangbo.accounts.enums import RoleKind
from dangbo.core.errors import DomainError
from dangbo.core.models import AuditEntry
from dangbo.meetings.enums import Compliance
from dangbo.meetings.models import CellQuarter, QuarterLock
from dangbo.meetings.quarter_locks import lock_quarter, unlock_quarter

from ..conftest import World, login
from ..factories import make_user
from .test_compliance_pages import last_quarter, page
from .test_compliance_rows import full_quarter

TODAY = dt.date(2026, 5, 15)


def lock_url(org_id: int) -> str:
    return reverse("meetings:lock_quarter", args=[org_id])


def unlock_url(org_id: int) -> str:
    return reverse("meetings:unlock_quarter", args=[org_id])


@pytest.mark.django_db
def test_lock_recomputes_then_locks_and_audits(world: World) -> None:
    full_quarter(world.cell_a1)
    lock = lock_quarter(actor=world.officer, organization=world.org_a, year=2026, quarter=1, today=TODAY)
    assert (lock.path, lock.locked_by) == (world.org_a.path, world.officer)
    statuses = dict(CellQuarter.objects.filter(year=2026, quarter=1).values_list("organization_id", "status"))
    assert statuses == {world.cell_a1.pk: Compliance.GREEN, world.cell_a2.pk: Compliance.RED}
    entry = AuditEntry.objects.get(action="meetings.quarter.locked")
    assert (entry.actor, entry.scope_path, entry.data) == (
        world.officer,
        world.org_a.path,
        {"organization_id": world.org_a.pk, "year": 2026, "quarter": 1},
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("quarter", "year", "message"), [
    (2, 2026, "Quý 2/2026 chưa kết thúc (hết ngày 30/06/2026): chỉ khóa được quý đã kết thúc."),
    (3, 2027, "Quý 3/2027 chưa kết thúc (hết ngày 30/09/2027): chỉ khóa được quý đã kết thúc."),
    (5, 2026, "Quý phải từ 1 đến 4."),
])  # fmt: skip
def test_lock_refuses_a_quarter_not_ended(world: World, quarter: int, year: int, message: str) -> None:
    with pytest.raises(DomainError) as error:
        lock_quarter(actor=world.officer, organization=world.org_a, year=year, quarter=quarter, today=TODAY)
    assert error.value.message == message
    assert not QuarterLock.objects.exists() and not AuditEntry.objects.filter(action__startswith="meetings").exists()


@pytest.mark.django_db
def test_lock_refuses_a_cell_and_a_quarter_locked_above(world: World) -> None:
    with pytest.raises(DomainError, match="Chỉ cấp ủy cơ sở trở lên"):
        lock_quarter(actor=world.officer, organization=world.cell_a1, year=2026, quarter=1, today=TODAY)
    lock_quarter(actor=world.bloc_officer, organization=world.bloc, year=2026, quarter=1, today=TODAY)
    with pytest.raises(DomainError) as error:
        lock_quarter(actor=world.officer, organization=world.org_a, year=2026, quarter=1, today=TODAY)
    assert error.value.message == f"Số liệu sinh hoạt quý 1/2026 đã được {world.bloc.name} khóa."
    with pytest.raises(DomainError) as error:
        unlock_quarter(actor=world.officer, organization=world.org_a, year=2026, quarter=1)
    assert error.value.message == f"Số liệu sinh hoạt quý 1/2026 do {world.bloc.name} khóa: chỉ cấp đó mở khóa được."
    unlock_quarter(actor=world.bloc_officer, organization=world.bloc, year=2026, quarter=1)
    assert not QuarterLock.objects.exists()
    assert AuditEntry.objects.filter(action="meetings.quarter.unlocked", actor=world.bloc_officer).count() == 1
    with pytest.raises(DomainError, match="chưa bị khóa"):
        unlock_quarter(actor=world.bloc_officer, organization=world.bloc, year=2026, quarter=1)


@pytest.mark.django_db
def test_officer_locks_and_unlocks_from_the_page(world: World, as_officer: Client) -> None:
    year, quarter = last_quarter()
    html = page(as_officer, nam=year, quy=quarter)
    assert "compliance-lock-button" in html and "Quý này chưa bị khóa." in html
    response = as_officer.post(lock_url(world.org_a.pk), {"nam": year, "quy": quarter})
    assert response.status_code == 302
    html = page(as_officer, nam=year, quy=quarter)
    assert f"Đã khóa số liệu sinh hoạt quý {quarter}/{year}" in html
    assert f"đã được {world.org_a.name} khóa ngày" in html and "compliance-unlock-button" in html
    # A cell of the locked organization shows the lock too.
    assert f"đã được {world.org_a.name} khóa ngày" in page(as_officer, nam=year, quy=quarter, to_chuc=world.cell_a1.pk)
    as_officer.post(unlock_url(world.org_a.pk), {"nam": year, "quy": quarter})
    assert not QuarterLock.objects.exists()


@pytest.mark.django_db
def test_lock_bad_input_is_said_and_nothing_saved(world: World, as_officer: Client) -> None:
    response = as_officer.post(lock_url(world.org_a.pk), {"nam": "2026", "quy": "9"}, follow=True)
    assert "Quý phải từ 1 đến 4." in response.content.decode()
    response = as_officer.post(lock_url(world.cell_a1.pk), {"nam": "2025", "quy": "1"}, follow=True)
    assert "Chỉ cấp ủy cơ sở trở lên mới khóa số liệu sinh hoạt theo quý." in response.content.decode()
    assert not QuarterLock.objects.exists()


@pytest.mark.django_db
def test_lock_outside_the_scope_is_404_and_logged_without_the_right_403(
    world: World, as_outsider: Client, as_member: Client
) -> None:
    assert as_outsider.post(lock_url(world.org_a.pk), {"nam": 2025, "quy": 1}).status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", object_id=str(world.org_a.pk)).exists()
    assert as_member.post(lock_url(world.org_a.pk), {"nam": 2025, "quy": 1}).status_code == 403
    secretary = login(make_user("bithu", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1))
    assert secretary.post(lock_url(world.cell_a1.pk), {"nam": 2025, "quy": 1}).status_code == 403
    assert as_outsider.get(lock_url(world.org_b.pk)).status_code == 405
    assert not QuarterLock.objects.exists()
