"""Temporary attachment, exemption and suspension: each refusal with nothing written, and the effect on the
registry's counts as of days before, during and after each record."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangbo.accounts.scope import scope_for
from dangbo.core.audit import AuditEntry
from dangbo.core.audit_guard import audit_unlocked
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.members.enums import MemberStatus
from dangbo.members.models import Member, MemberStatusPeriod
from dangbo.members.selectors import member_counts_as_of
from dangbo.members.services import change_status
from dangbo.movements import standing
from dangbo.movements.enums import MovementKind, TemporaryPurpose
from dangbo.movements.models import Movement
from dangbo.movements.selectors import exempt_on, return_reminders, standing_for, suspended_on

TODAY = dt.date(2026, 6, 30)
pytestmark = pytest.mark.django_db


def _nothing_written(member: Member, periods: int) -> None:
    assert not Movement.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="movements.").exists()
    member.refresh_from_db()
    assert MemberStatusPeriod.objects.filter(member=member).count() == periods


def attach(world: Any, **over: Any) -> Movement:
    data: dict[str, Any] = dict(
        actor=world.officer,
        member=world.m1,
        start=dt.date(2025, 9, 1),
        planned_end=dt.date(2026, 2, 28),
        purpose=TemporaryPurpose.WORK,
        to_organization=world.cell_b1,
        today=TODAY,
    )
    data.update(over)
    return standing.record_temporary_out(**data)


@pytest.mark.parametrize(
    ("start", "end", "purpose", "words"),
    [
        (dt.date(2025, 9, 1), dt.date(2026, 8, 31), TemporaryPurpose.WORK, "từ 12 tháng trở lên"),
        (dt.date(2025, 9, 1), dt.date(2025, 11, 30), TemporaryPurpose.WORK, None),  # exactly 3 months: allowed
        (dt.date(2025, 9, 1), dt.date(2025, 11, 29), TemporaryPurpose.WORK, "ngắn hơn 3 tháng"),
        (dt.date(2024, 9, 1), dt.date(2026, 9, 1), TemporaryPurpose.STUDY, "dài quá 24 tháng"),
        (dt.date(2024, 9, 1), dt.date(2026, 8, 31), TemporaryPurpose.STUDY, None),  # two years of study
        (dt.date(2025, 9, 1), dt.date(2026, 8, 30), TemporaryPurpose.WORK, None),  # under a year
    ],
)
def test_temporary_period_limits(world: Any, start: dt.date, end: dt.date, purpose: str, words: str | None) -> None:
    if words is None:
        attach(world, start=start, planned_end=end, purpose=purpose)
        assert Member.objects.get(pk=world.m1.pk).status == MemberStatus.TEMP_TRANSFERRED_OUT
        return
    with pytest.raises(DomainError) as err:
        attach(world, start=start, planned_end=end, purpose=purpose)
    assert words in err.value.message and "/TW" in err.value.message  # the source is cited
    _nothing_written(world.m1, 2)


@pytest.mark.parametrize(
    ("over", "words"),
    [
        ({"to_organization": None}, "Hãy chọn chi bộ nơi đến"),
        ({"start": dt.date(2026, 7, 1), "planned_end": dt.date(2026, 12, 31)}, "chưa đến"),
        ({"planned_end": None}, "ngày kết thúc dự kiến"),
    ],
)
def test_temporary_bad_input(world: Any, over: dict[str, Any], words: str) -> None:
    with pytest.raises(DomainError) as err:
        attach(world, **over)
    assert words in err.value.message
    _nothing_written(world.m1, 2)


def test_temporary_to_own_cell_refused(world: Any) -> None:
    with pytest.raises(DomainError, match="khác chi bộ đang sinh hoạt"):
        attach(world, to_organization=world.cell_a1)
    _nothing_written(world.m1, 2)


def test_member_not_on_the_rolls_refused(world: Any) -> None:
    change_status(actor=None, member=world.m2, status=MemberStatus.TRANSFERRED_OUT, on=dt.date(2025, 1, 10))
    with audit_unlocked():  # count only what the refusals below write
        AuditEntry.objects.all().delete()
    for call in (
        lambda: attach(world, member=world.m2),
        lambda: standing.record_exemption(
            actor=None,
            member=world.m2,
            applied_on=dt.date(2025, 3, 1),
            decision_number="01-QĐ/CB",
            decision_date=dt.date(2025, 3, 5),
            today=TODAY,
        ),
        lambda: standing.record_suspension(
            actor=None,
            member=world.m2,
            start=dt.date(2025, 3, 1),
            planned_end=dt.date(2025, 5, 29),
            decision_number="12-QĐ/ĐU",
            decision_date=dt.date(2025, 2, 28),
            today=TODAY,
        ),
    ):
        with pytest.raises(DomainError, match="không còn trong danh sách đảng viên"):
            call()
    _nothing_written(world.m2, 3)


def test_overlapping_temporary_refused(world: Any) -> None:
    first = attach(world)
    standing.record_temporary_return(
        actor=None, movement=first, on=dt.date(2026, 2, 1), expected_version=first.version, today=TODAY
    )
    before = Movement.objects.count()
    with pytest.raises(DomainError, match="trùng thời gian"):
        attach(world, start=dt.date(2026, 1, 15), planned_end=dt.date(2026, 5, 31))
    assert Movement.objects.count() == before


def test_temporary_counts_home_not_host(world: Any) -> None:
    """Home totals keep the attached member before, during and after; the host's never include them."""
    movement = attach(world)
    scope = scope_for(world.bloc_officer)
    for day in (dt.date(2025, 8, 31), dt.date(2025, 12, 1), dt.date(2026, 4, 1)):
        counts = member_counts_as_of(scope, day=day)
        assert counts[world.cell_a1.pk] == 2 and counts[world.cell_b1.pk] == 1, day
    standing.record_temporary_return(
        actor=world.officer, movement=movement, on=dt.date(2026, 3, 1), expected_version=movement.version, today=TODAY
    )
    m1 = Member.objects.get(pk=world.m1.pk)
    assert m1.status == MemberStatus.FULL and m1.organization_id == world.cell_a1.pk
    statuses = list(MemberStatusPeriod.objects.filter(member=m1).order_by("start").values_list("status", "end"))
    assert statuses[-2:] == [(MemberStatus.TEMP_TRANSFERRED_OUT, dt.date(2026, 3, 1)), (MemberStatus.FULL, None)]
    assert member_counts_as_of(scope, day=dt.date(2026, 4, 1))[world.cell_b1.pk] == 1


def test_return_reminders_and_stale_version(world: Any) -> None:
    movement = attach(world)
    qs = standing_for(scope_for(world.officer))
    assert [d.movement.pk for d in return_reminders(qs, today=dt.date(2026, 2, 15))] == [movement.pk]  # 13 days
    assert return_reminders(qs, today=dt.date(2026, 2, 1)) == []  # 27 days ahead: not yet
    overdue = return_reminders(qs, today=dt.date(2026, 3, 5))
    assert overdue[0].overdue
    assert return_reminders(standing_for(scope_for(world.outsider)), today=dt.date(2026, 3, 5)) != []  # host sees
    with pytest.raises(ConcurrentEditError):
        standing.record_temporary_return(
            actor=None, movement=movement, on=dt.date(2026, 3, 1), expected_version=movement.version + 1, today=TODAY
        )


def test_temporary_in_from_outside(world: Any) -> None:
    movement = standing.record_temporary_in(
        actor=world.officer,
        person_name="Lê Văn Nam",
        external_organization="Chi bộ Trường THPT Lê Lợi, tỉnh X",
        to_organization=world.cell_a2,
        start=dt.date(2025, 9, 1),
        planned_end=dt.date(2026, 5, 31),
        purpose=TemporaryPurpose.STUDY,
        today=TODAY,
    )
    assert movement.member is None and movement.to_path == world.cell_a2.path
    counts = member_counts_as_of(scope_for(world.bloc_officer), day=dt.date(2025, 12, 1))
    assert counts[world.cell_a2.pk] == 0  # counted by their home organization, outside the tree
    with pytest.raises(DomainError, match="Hãy nhập họ và tên"):
        standing.record_temporary_in(
            actor=None,
            person_name=" ",
            external_organization="X",
            to_organization=world.cell_a2,
            start=dt.date(2025, 9, 1),
            planned_end=dt.date(2026, 5, 31),
            purpose=TemporaryPurpose.WORK,
            today=TODAY,
        )


def exempt(world: Any, **over: Any) -> Movement:
    data: dict[str, Any] = dict(
        actor=world.officer,
        member=world.m2,
        applied_on=dt.date(2025, 3, 1),
        decision_number="05-NQ/CB",
        decision_date=dt.date(2025, 3, 10),
        today=TODAY,
    )
    data.update(over)
    return standing.record_exemption(**data)


def test_exemption_status_and_counts(world: Any) -> None:
    movement = exempt(world, informed_on=dt.date(2025, 3, 12))
    scope = scope_for(world.bloc_officer)
    assert Member.objects.get(pk=world.m2.pk).status == MemberStatus.EXEMPT
    for day in (dt.date(2025, 3, 9), dt.date(2025, 6, 1), dt.date(2026, 1, 1)):
        assert member_counts_as_of(scope, day=day)[world.cell_a1.pk] == 2  # exempt members stay on the rolls
    assert world.m2.pk not in exempt_on(dt.date(2025, 3, 9)) and world.m2.pk in exempt_on(dt.date(2025, 3, 10))
    standing.end_exemption(
        actor=world.officer,
        movement=movement,
        decision_number="09-NQ/CB",
        decision_date=dt.date(2025, 12, 1),
        expected_version=movement.version,
        today=TODAY,
    )
    assert Member.objects.get(pk=world.m2.pk).status == MemberStatus.FULL
    assert world.m2.pk not in exempt_on(dt.date(2025, 12, 1)) and world.m2.pk in exempt_on(dt.date(2025, 11, 30))
    assert AuditEntry.objects.filter(action="movements.movement.exemption_ended").count() == 1


@pytest.mark.parametrize(
    ("over", "words"),
    [
        ({"decision_date": dt.date(2025, 2, 20)}, "trước ngày đảng viên làm đơn"),
        ({"decision_number": ""}, "Hãy nhập số quyết định"),
        ({"informed_on": dt.date(2025, 3, 1)}, "không được trước ngày chi bộ quyết định"),
    ],
)
def test_exemption_refusals(world: Any, over: dict[str, Any], words: str) -> None:
    with pytest.raises(DomainError) as err:
        exempt(world, **over)
    assert words in err.value.message
    _nothing_written(world.m2, 2)


def test_exemption_overlapping_temporary_refused(world: Any) -> None:
    attach(world, member=world.m2)
    before = (Movement.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError, match="đang chuyển sinh hoạt tạm thời đi"):
        exempt(world, decision_date=dt.date(2025, 10, 1))
    assert (Movement.objects.count(), AuditEntry.objects.count()) == before


def suspend(world: Any, **over: Any) -> Movement:
    data: dict[str, Any] = dict(
        actor=world.officer,
        member=world.m1,
        start=dt.date(2025, 3, 1),
        planned_end=dt.date(2025, 5, 29),
        decision_number="12-QĐ/ĐU",
        decision_date=dt.date(2025, 2, 28),
        today=TODAY,
    )
    data.update(over)
    return standing.record_suspension(**data)


def test_suspension_is_a_record_not_a_status(world: Any) -> None:
    movement = suspend(world)
    assert Member.objects.get(pk=world.m1.pk).status == MemberStatus.FULL
    assert suspended_on(dt.date(2025, 2, 28)) == {}
    assert suspended_on(dt.date(2025, 3, 1))[world.m1.pk].pk == movement.pk
    assert world.m1.pk in suspended_on(dt.date(2025, 5, 29), [world.m1.pk])
    assert suspended_on(dt.date(2025, 5, 30)) == {}
    assert suspended_on(dt.date(2025, 4, 1), [world.m2.pk]) == {}
    standing.end_suspension_early(
        actor=None,
        movement=movement,
        on=dt.date(2025, 4, 15),
        decision_number="20-QĐ/ĐU",
        decision_date=dt.date(2025, 4, 14),
        expected_version=movement.version,
        today=TODAY,
    )
    assert world.m1.pk in suspended_on(dt.date(2025, 4, 14)) and suspended_on(dt.date(2025, 4, 15)) == {}


@pytest.mark.parametrize(
    ("over", "words"),
    [
        ({"start": dt.date(2025, 2, 1)}, "trước ngày quyết định"),
        ({"planned_end": dt.date(2025, 2, 28)}, "không được trước ngày bắt đầu"),
        ({"decision_number": " "}, "Hãy nhập số quyết định đình chỉ"),
    ],
)
def test_suspension_refusals(world: Any, over: dict[str, Any], words: str) -> None:
    with pytest.raises(DomainError) as err:
        suspend(world, **over)
    assert words in err.value.message
    _nothing_written(world.m1, 2)


def test_overlapping_suspension_refused(world: Any) -> None:
    suspend(world)
    with pytest.raises(DomainError, match="trùng thời gian"):
        suspend(world, start=dt.date(2025, 5, 29), planned_end=dt.date(2025, 8, 26), decision_date=dt.date(2025, 5, 1))
    assert Movement.objects.filter(kind=MovementKind.SUSPENSION).count() == 1
    suspend(world, start=dt.date(2025, 5, 30), planned_end=dt.date(2025, 8, 27), decision_date=dt.date(2025, 5, 1))
