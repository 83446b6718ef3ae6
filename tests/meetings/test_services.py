"""Scheduling, editing, holding, minutes, guests and cancelling: each bad input of the issue refused in Vietnamese
with nothing saved, one audit entry per write, the version compared."""

from __future__ import annotations

import datetime as dt

import pytest

from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.models import AuditEntry
from dangbo.meetings import services
from dangbo.meetings.enums import MeetingKind, MeetingStatus
from dangbo.meetings.models import Meeting, QuarterLock
from dangbo.meetings.review import review
from dangbo.meetings.selectors import guest_choices, is_locked
from dangbo.organizations.enums import CommitteePosition
from dangbo.structure import committees

from ..factories import make_member
from .helpers import DAY, TODAY, at, hold, plan


def lock(org, year=2026, quarter=1):
    return QuarterLock.objects.create(organization=org, path=org.path, year=year, quarter=quarter)


def test_schedule_sets_the_rule_set_and_the_month(world):
    meeting = plan(world.cell_a1, actor=world.officer, place="Phòng họp tầng 2")
    assert meeting.rule_set.code == "SH-2025"
    assert meeting.monthly_slot == "2026-03"
    assert meeting.day == DAY and meeting.status == MeetingStatus.PLANNED
    entry = AuditEntry.objects.get(action="meetings.meeting.scheduled")
    assert entry.object_id == str(meeting.pk) and entry.scope_path == world.cell_a1.path


def test_two_regular_meetings_in_one_month_refused(world):
    plan(world.cell_a1)
    with pytest.raises(DomainError) as caught:
        plan(world.cell_a1, day=dt.date(2026, 3, 25))
    assert "Không thể có hai buổi sinh hoạt thường kỳ của một chi bộ trong một tháng" in caught.value.message
    with pytest.raises(DomainError):
        plan(world.cell_a1, kind=MeetingKind.COMBINED, day=dt.date(2026, 3, 25))  # combined counts as monthly
    assert Meeting.objects.count() == 1
    thematic = plan(world.cell_a1, kind=MeetingKind.THEMATIC, day=dt.date(2026, 3, 25))
    assert thematic.monthly_slot is None
    plan(world.cell_a2)  # another cell, same month
    plan(world.cell_a1, day=dt.date(2026, 4, 7))  # the next month


def test_cancelled_meeting_frees_its_month(world):
    first = plan(world.cell_a1)
    with pytest.raises(DomainError):
        services.cancel_meeting(actor=None, meeting=first, expected_version=first.version, reason="  ")
    services.cancel_meeting(actor=None, meeting=first, expected_version=first.version, reason="Trùng lịch họp cơ quan")
    first.refresh_from_db()
    assert (first.status, first.monthly_slot) == (MeetingStatus.CANCELLED, None)
    plan(world.cell_a1, day=dt.date(2026, 3, 20))


def test_edit_plan_into_an_occupied_month_refused(world):
    plan(world.cell_a1)
    other = plan(world.cell_a1, day=dt.date(2026, 4, 7))
    with pytest.raises(DomainError):
        services.update_plan(actor=None, meeting=other, expected_version=other.version, kind="regular",
                             planned_start=at(dt.date(2026, 3, 28)), topic="x", today=TODAY)  # fmt: skip
    other.refresh_from_db()
    assert other.day == dt.date(2026, 4, 7)
    with pytest.raises(ConcurrentEditError):
        services.update_plan(actor=None, meeting=other, expected_version=other.version - 1, kind="regular",
                             planned_start=at(dt.date(2026, 4, 8)), topic="x", today=TODAY)  # fmt: skip
    updated = services.update_plan(actor=None, meeting=other, expected_version=other.version, kind="thematic",
                                   planned_start=at(dt.date(2026, 4, 8)), topic="Chuyên đề", today=TODAY)  # fmt: skip
    assert (updated.version, updated.monthly_slot, updated.day) == (2, None, dt.date(2026, 4, 8))
    entry = AuditEntry.objects.get(action="meetings.meeting.plan_updated")
    assert entry.before["kind"] == "regular" and entry.after["kind"] == "thematic"


def test_bad_units_kinds_days_and_topics_refused(world):
    with pytest.raises(DomainError, match="không phải chi bộ"):
        plan(world.org_a)
    with pytest.raises(DomainError, match="không phải đảng bộ"):
        plan(world.cell_a1, kind=MeetingKind.GRASSROOTS_COMMITTEE)
    plan(world.org_a, kind=MeetingKind.GRASSROOTS_COMMITTEE)
    with pytest.raises(DomainError, match="không hợp lệ"):
        plan(world.cell_a1, kind="weekly")
    with pytest.raises(DomainError, match="Chưa nhập chủ đề"):
        plan(world.cell_a1, topic="   ")
    with pytest.raises(DomainError, match="không được trước 01/01/2000"):
        plan(world.cell_a1, day=dt.date(1999, 12, 31))
    with pytest.raises(DomainError, match="tối đa một năm"):
        plan(world.cell_a1, day=dt.date(2028, 1, 1))
    with pytest.raises(DomainError, match="Chưa có bộ quy tắc sinh hoạt"):
        plan(world.cell_a1, day=dt.date(2017, 1, 10))
    assert Meeting.objects.filter(organization=world.cell_a1).count() == 0


def test_locked_quarter_refuses_every_change(world):
    meeting = plan(world.cell_a1)
    lock(world.org_a)  # a lock on the grassroots organization covers its cells
    assert is_locked(world.cell_a1, 2026, 1) and not is_locked(world.cell_a1, 2026, 2)
    assert not is_locked(world.cell_b1, 2026, 1)
    with pytest.raises(DomainError, match=r"quý 1/2026 .* đã được khóa"):
        plan(world.cell_a1, kind=MeetingKind.THEMATIC, day=dt.date(2026, 2, 5))
    with pytest.raises(DomainError, match="đã được khóa"):
        hold(meeting)
    with pytest.raises(DomainError, match="đã được khóa"):  # moving it out of the locked quarter too
        services.update_plan(actor=None, meeting=meeting, expected_version=1, kind="regular",
                             planned_start=at(dt.date(2026, 4, 2)), topic="x", today=TODAY)  # fmt: skip
    meeting.refresh_from_db()
    assert (meeting.status, meeting.version) == (MeetingStatus.PLANNED, 1)
    plan(world.cell_a1, day=dt.date(2026, 4, 2))  # the next quarter is open


def test_meeting_ending_before_it_starts_refused(world):
    meeting = plan(world.cell_a1)
    start = at(DAY, 14)
    for end in (start - dt.timedelta(minutes=30), start):
        with pytest.raises(DomainError, match="Giờ kết thúc phải sau giờ bắt đầu"):
            services.record_held(actor=None, meeting=meeting, expected_version=1, started_at=start, ended_at=end)
    with pytest.raises(DomainError, match="hơn 12 giờ"):
        services.record_held(actor=None, meeting=meeting, expected_version=1, started_at=start,
                             ended_at=start + dt.timedelta(hours=13))  # fmt: skip
    future = at(dt.date(2099, 1, 1))
    with pytest.raises(DomainError, match="chưa diễn ra"):
        services.record_held(actor=None, meeting=meeting, expected_version=1, started_at=future,
                             ended_at=future + dt.timedelta(hours=2))  # fmt: skip
    meeting.refresh_from_db()
    assert (meeting.status, meeting.started_at, meeting.version) == (MeetingStatus.PLANNED, None, 1)
    assert not AuditEntry.objects.filter(action="meetings.meeting.held").exists()


def test_short_meeting_recorded_but_flagged(world):
    meeting = hold(plan(world.cell_a1), minutes=89)
    assert meeting.status == MeetingStatus.HELD
    length = next(v for v in review(meeting, today=TODAY).verdicts if v.rule == "length")
    assert length.ok is False
    assert "89 phút" in length.message and "90 phút" in length.message
    combined = hold(plan(world.cell_a2, kind=MeetingKind.COMBINED), minutes=119)
    assert next(v for v in review(combined, today=TODAY).verdicts if v.rule == "length").ok is False


def test_held_on_another_day_moves_the_month(world):
    meeting = plan(world.cell_a1, day=dt.date(2026, 3, 31))
    start = at(dt.date(2026, 4, 2))
    held = services.record_held(actor=None, meeting=meeting, expected_version=1, started_at=start,
                                ended_at=start + dt.timedelta(minutes=95))  # fmt: skip
    assert (held.day, held.monthly_slot) == (dt.date(2026, 4, 2), "2026-04")


def test_minutes_only_once_held(world):
    meeting = plan(world.cell_a1)
    with pytest.raises(DomainError, match="sau khi đã ghi nhận"):
        services.record_minutes(actor=None, meeting=meeting, expected_version=1, minutes="x", resolutions="")
    meeting = hold(meeting)
    done = services.record_minutes(actor=None, meeting=meeting, expected_version=meeting.version,
                                   minutes="  Đồng chí Bí thư khai mạc.\n", resolutions="Thống nhất.")  # fmt: skip
    assert done.minutes == "Đồng chí Bí thư khai mạc."
    with pytest.raises(DomainError, match="Chỉ hủy được"):
        services.cancel_meeting(actor=None, meeting=done, expected_version=done.version, reason="x")


def test_guests_chosen_among_oversight_and_upper_seats(world):
    boss = make_member(organization=world.cell_b1, family_name="Lê", given_name="Phụ Trách")
    committee = committees.create_committee(actor=None, organization=world.bloc, term_label="2025-2030",
                                            term_start=dt.date(2025, 10, 1))  # fmt: skip
    committees.add_seat(actor=None, committee=committee, member=boss, position=CommitteePosition.COMMITTEE_MEMBER,
                        start=dt.date(2025, 10, 1))  # fmt: skip
    seated = make_member(organization=world.cell_b1, given_name="Ủy Viên")
    committees.add_seat(actor=None, committee=committee, member=seated, position=CommitteePosition.COMMITTEE_MEMBER,
                        start=dt.date(2025, 10, 1))  # fmt: skip
    committees.assign_oversight(actor=None, organization=world.org_a, member=boss, start=dt.date(2025, 11, 1))
    meeting = hold(plan(world.cell_a1))
    choices = guest_choices(meeting)
    assert [c.member.pk for c in choices] == [boss.pk, seated.pk]
    assert choices[0].assignment is not None and "phụ trách Đảng bộ Sở Tài chính" in choices[0].label
    with pytest.raises(DomainError, match="Chỉ ghi nhận cấp ủy viên cấp trên"):
        services.set_guests(actor=None, meeting=meeting, expected_version=meeting.version, member_ids=[world.m3.pk])
    done = services.set_guests(actor=None, meeting=meeting, expected_version=meeting.version, member_ids=[boss.pk])
    guest = done.guests.get()
    assert guest.member == boss and guest.assignment is not None
    entry = AuditEntry.objects.get(action="meetings.meeting.guests_recorded")
    assert entry.after == {"guests": [boss.pk]}
