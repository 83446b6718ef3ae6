"""Going abroad in order, its report deadline on the working-day calendar, and what the records change elsewhere:
the meeting roll and quorum, and the rating's not-rated reasons naming the record."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangbo.accounts.scope import scope_for
from dangbo.core.audit import AuditEntry
from dangbo.core.errors import DomainError
from dangbo.evaluations.models import Rating
from dangbo.evaluations.services import open_campaign
from dangbo.meetings.attendance import Mark
from dangbo.meetings.enums import Presence
from dangbo.meetings.review import review as review_of
from dangbo.meetings.selectors import roll_on
from dangbo.members.enums import MemberStatus
from dangbo.members.models import Member
from dangbo.members.selectors import member_counts_as_of
from dangbo.movements import abroad, standing
from dangbo.movements.enums import TemporaryPurpose
from dangbo.movements.models import Movement
from dangbo.movements.selectors import overdue_abroad_reports, report_due, standing_for
from tests.factories import make_member
from tests.meetings.helpers import attend, hold, plan

TODAY = dt.date(2026, 11, 27)
pytestmark = pytest.mark.django_db


def _apply(world: Any) -> Movement:
    return abroad.apply_abroad(
        actor=world.officer,
        member=world.m1,
        applied_on=dt.date(2025, 8, 1),
        country="Nhật Bản",
        planned_start=dt.date(2025, 9, 1),
        planned_end=dt.date(2025, 10, 15),
        today=TODAY,
    )


def _steps(world: Any, movement: Movement) -> Movement:
    m = abroad.record_abroad_opinion(
        actor=None, movement=movement, opinion_on=dt.date(2025, 8, 5), expected_version=movement.version, today=TODAY
    )
    m = abroad.approve_abroad(
        actor=None,
        movement=m,
        approved_on=dt.date(2025, 8, 12),
        decision_number="88-CV/ĐU",
        expected_version=m.version,
        today=TODAY,
    )
    return abroad.record_departure(
        actor=None, movement=m, on=dt.date(2025, 9, 2), expected_version=m.version, today=TODAY
    )


def test_abroad_in_order_and_report_deadline(world: Any) -> None:
    movement = _steps(world, _apply(world))
    assert Member.objects.get(pk=world.m1.pk).status == MemberStatus.ABROAD
    counts = member_counts_as_of(scope_for(world.bloc_officer), day=dt.date(2025, 9, 15))
    assert counts[world.cell_a1.pk] == 2  # abroad members stay on the rolls
    movement = abroad.record_abroad_return(
        actor=None, movement=movement, on=dt.date(2025, 10, 10), expected_version=movement.version, today=TODAY
    )
    assert Member.objects.get(pk=world.m1.pk).status == MemberStatus.FULL
    assert report_due(movement) == dt.date(2025, 11, 21)  # 30 working days after Friday 10/10/2025
    qs = standing_for(scope_for(world.officer))
    assert overdue_abroad_reports(qs, today=dt.date(2025, 11, 21)) == []
    assert [d.movement.pk for d in overdue_abroad_reports(qs, today=dt.date(2025, 11, 24))] == [movement.pk]
    with pytest.raises(DomainError, match="không thể trước ngày xuất cảnh"):
        abroad.record_abroad_report(
            actor=None,
            movement=movement,
            report_on=dt.date(2025, 8, 30),
            expected_version=movement.version,
            today=TODAY,
        )
    with pytest.raises(DomainError, match="không thể trước ngày về nước"):
        abroad.record_abroad_report(
            actor=None,
            movement=movement,
            report_on=dt.date(2025, 10, 1),
            expected_version=movement.version,
            today=TODAY,
        )
    assert Movement.objects.get(pk=movement.pk).report_on is None
    abroad.record_abroad_report(
        actor=None, movement=movement, report_on=dt.date(2025, 10, 20), expected_version=movement.version, today=TODAY
    )
    assert overdue_abroad_reports(qs, today=dt.date(2025, 12, 1)) == []


def test_abroad_steps_out_of_order_refused(world: Any) -> None:
    movement = _apply(world)
    audits = AuditEntry.objects.count()
    with pytest.raises(DomainError, match="Chưa có ý kiến của chi bộ"):
        abroad.approve_abroad(
            actor=None,
            movement=movement,
            approved_on=dt.date(2025, 8, 12),
            expected_version=movement.version,
            today=TODAY,
        )
    with pytest.raises(DomainError, match="Chưa có ý kiến của chi bộ"):
        abroad.record_departure(
            actor=None, movement=movement, on=dt.date(2025, 9, 2), expected_version=movement.version, today=TODAY
        )
    with pytest.raises(DomainError, match="trước ngày làm đơn"):
        abroad.record_abroad_opinion(
            actor=None,
            movement=movement,
            opinion_on=dt.date(2025, 7, 1),
            expected_version=movement.version,
            today=TODAY,
        )
    fresh = Movement.objects.get(pk=movement.pk)
    assert (fresh.opinion_on, fresh.approved_on, fresh.departed_on, fresh.version) == (None, None, None, 1)
    assert AuditEntry.objects.count() == audits
    assert Member.objects.get(pk=world.m1.pk).status == MemberStatus.FULL
    with pytest.raises(DomainError, match="chưa hoàn tất"):
        _apply(world)


def test_return_before_departure_refused(world: Any) -> None:
    movement = _steps(world, _apply(world))
    with pytest.raises(DomainError, match="phải sau ngày xuất cảnh"):
        abroad.record_abroad_return(
            actor=None, movement=movement, on=dt.date(2025, 9, 1), expected_version=movement.version, today=TODAY
        )
    assert Member.objects.get(pk=world.m1.pk).status == MemberStatus.ABROAD


def test_host_roll_lists_attached_member_not_counted(world: Any) -> None:
    """At the host cell the attached member may be marked present, but the quorum and rates are the host's own;
    at home they are listed, not expected."""
    standing.record_temporary_out(
        actor=None,
        member=world.m1,
        start=dt.date(2026, 1, 5),
        planned_end=dt.date(2026, 6, 30),
        purpose=TemporaryPurpose.WORK,
        to_organization=world.cell_b1,
        today=TODAY,
    )
    host = hold(plan(world.cell_b1))
    roll = roll_on(world.cell_b1, host.day, host.kind)
    assert [(e.member.pk, e.attached, e.expected) for e in roll] == [
        (world.m3.pk, False, True),
        (world.m1.pk, True, False),
    ]
    host = attend(host, {world.m1.pk: Mark(Presence.PRESENT)})
    assert (host.present_count, host.expected_count, host.quorum_base) == (1, 1, 1)
    review = review_of(host, today=TODAY)
    assert [a.member_id for a in review.attached_present] == [world.m1.pk]
    assert review.quorum is not None and review.quorum.excluded == 0
    home = attend(hold(plan(world.cell_a1)))
    assert (home.present_count, home.expected_count, home.quorum_base) == (1, 1, 1)  # m2 only


def test_quorum_leaves_out_suspended_member(world: Any) -> None:
    make_member(organization=world.cell_a1)
    standing.record_suspension(
        actor=None,
        member=world.m1,
        start=dt.date(2026, 3, 1),
        planned_end=dt.date(2026, 5, 29),
        decision_number="12-QĐ/ĐU",
        decision_date=dt.date(2026, 2, 27),
        today=TODAY,
    )
    during = attend(hold(plan(world.cell_a1)))  # 10/03/2026
    assert (during.quorum_base, during.expected_count) == (2, 2)
    review = review_of(during, today=TODAY)
    assert review.quorum is not None and review.quorum.suspended == 1
    assert any("1 đồng chí đang bị đình chỉ sinh hoạt đảng" in v.message for v in review.verdicts)
    with pytest.raises(DomainError, match="đình chỉ"):
        attend(during, {world.m1.pk: Mark(Presence.PRESENT)})
    before = attend(hold(plan(world.cell_a1, day=dt.date(2026, 2, 10))))
    after = attend(hold(plan(world.cell_a1, day=dt.date(2026, 6, 9))))
    assert before.quorum_base == after.quorum_base == 3


def test_rating_reason_names_the_record(world: Any) -> None:
    standing.record_suspension(
        actor=None,
        member=world.m1,
        start=dt.date(2025, 12, 1),
        planned_end=dt.date(2026, 2, 28),
        decision_number="12-QĐ/ĐU",
        decision_date=dt.date(2025, 11, 28),
        today=TODAY,
    )
    standing.record_exemption(
        actor=None,
        member=world.m2,
        applied_on=dt.date(2025, 3, 1),
        decision_number="05-NQ/CB",
        decision_date=dt.date(2025, 3, 10),
        today=TODAY,
    )
    open_campaign(actor=world.bloc_officer, organization=world.bloc, year=2025)
    r1 = Rating.objects.get(member=world.m1, year=2025)
    r2 = Rating.objects.get(member=world.m2, year=2025)
    r3 = Rating.objects.get(member=world.m3, year=2025)
    assert r1.not_rated and r2.not_rated and not r3.not_rated
    assert any(
        "đình chỉ sinh hoạt đảng từ 01/12/2025 đến 28/02/2026 theo Quyết định số 12-QĐ/ĐU ngày 28/11/2025" in reason
        for reason in r1.reasons
    ), r1.reasons
    assert any("miễn công tác và sinh hoạt đảng từ 10/03/2025 theo Quyết định số 05-NQ/CB" in r for r in r2.reasons)
