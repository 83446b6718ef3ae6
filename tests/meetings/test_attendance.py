"""Attendance of the whole roll in one save: present by default, the roll of the meeting's day from the dated
history (moved out the day before: refused; moved in the day after: refused), exempt members counted only when
they came, temporarily transferred members not counted, counts and quorum base stored, stale saves refused, a
locked quarter refused, and the number of queries bounded whatever the size of the cell."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.models import AuditEntry
from dangbo.meetings.attendance import Mark
from dangbo.meetings.enums import AbsenceReason, MeetingKind, Presence
from dangbo.meetings.models import Attendance, QuarterLock
from dangbo.meetings.review import review
from dangbo.meetings.selectors import roll_of
from dangbo.members import services as member_services

from ..factories import make_member
from .helpers import DAY, TODAY, attend, hold, plan

EXCUSED = Mark(Presence.EXCUSED, AbsenceReason.SICK, "Nằm viện")
UNEXCUSED = Mark(Presence.UNEXCUSED)


@pytest.fixture
def cell(world):
    """cell A1 on 10/03/2026: m1, m2 and three more full members, one probationary, one exempt, one temporarily
    transferred out; one member moved out the day before, one moved in the day after."""
    extra = [make_member(organization=world.cell_a1, given_name=f"Thêm{i}") for i in range(3)]
    probationary = make_member(
        organization=world.cell_a1, given_name="Dự Bị", full_membership_date=None,
        admission_decision_date=dt.date(2025, 12, 1), ceremony_date=dt.date(2025, 12, 20),
    )  # fmt: skip
    exempt = make_member(organization=world.cell_a1, given_name="Miễn")
    member_services.change_status(actor=None, member=exempt, status="exempt", on=dt.date(2025, 1, 1))
    away = make_member(organization=world.cell_a1, given_name="Tạm Chuyển")
    member_services.change_status(actor=None, member=away, status="temp_transferred_out", on=dt.date(2025, 6, 1))
    left = make_member(organization=world.cell_a1, given_name="Chuyển Đi")
    member_services.move_to_cell(actor=None, member=left, organization=world.cell_a2, on=DAY)  # gone on the day
    came = make_member(organization=world.cell_a2, given_name="Chuyển Đến")
    member_services.move_to_cell(actor=None, member=came, organization=world.cell_a1, on=DAY + dt.timedelta(days=1))
    return {"extra": extra, "probationary": probationary, "exempt": exempt, "away": away, "left": left,
            "came": came}  # fmt: skip


def test_roll_from_the_dated_history(world, cell):
    meeting = plan(world.cell_a1)
    names = {e.member.pk: e for e in roll_of(meeting)}
    assert cell["left"].pk not in names and cell["came"].pk not in names
    assert names[cell["exempt"].pk].optional and not names[cell["away"].pk].counted
    assert names[cell["probationary"].pk].expected and names[world.m1.pk].expected
    assert len(names) == 2 + 3 + 3


def test_everyone_present_by_default(world, cell):
    meeting = attend(hold(plan(world.cell_a1)), actor=world.officer)
    assert (meeting.present_count, meeting.expected_count, meeting.excused_count, meeting.unexcused_count) == (
        6,
        6,
        0,
        0,
    )
    assert meeting.quorum_base == 5  # five full members; the probationary one is not in the base
    assert Attendance.objects.filter(meeting=meeting).count() == 6
    row = Attendance.objects.get(meeting=meeting, member=cell["probationary"])
    assert (row.day, row.organization_id, row.member_status) == (DAY, world.cell_a1.pk, "probationary")
    entry = AuditEntry.objects.get(action="meetings.meeting.attendance_saved")
    assert entry.after["present_count"] == 6 and entry.data["absent"] == []


def test_exceptions_exempt_present_and_counts(world, cell):
    meeting = hold(plan(world.cell_a1))
    marks = {world.m1.pk: EXCUSED, world.m2.pk: UNEXCUSED, cell["exempt"].pk: Mark(Presence.PRESENT)}
    saved = attend(meeting, marks)
    assert (saved.present_count, saved.expected_count, saved.excused_count, saved.unexcused_count) == (5, 7, 1, 1)
    assert saved.quorum_base == 6  # five full members and the exempt one who came
    excused = Attendance.objects.get(meeting=saved, member=world.m1)
    assert (excused.reason, excused.reason_note) == ("sick", "Nằm viện")
    report = review(saved, today=TODAY)
    quorum = next(v for v in report.verdicts if v.rule == "quorum")
    assert quorum.ok is True and quorum.message.startswith("Có mặt 4/6")
    assert "1 đồng chí chuyển sinh hoạt tạm thời" in quorum.message
    assert [a.member_id for a in report.exempt_present] == [cell["exempt"].pk]
    assert [e.member.pk for e in report.not_counted] == [cell["away"].pk]


def test_saving_again_replaces_the_marks(world, cell):
    meeting = attend(hold(plan(world.cell_a1)), {world.m1.pk: UNEXCUSED})
    again = attend(meeting, {})
    assert (again.present_count, again.unexcused_count) == (6, 0)
    assert Attendance.objects.filter(meeting=meeting, presence=Presence.UNEXCUSED).count() == 0


@pytest.mark.parametrize("who", ["left", "came", "stranger"])
def test_member_not_in_the_cell_that_day_refused(world, cell, who):
    meeting = hold(plan(world.cell_a1))
    member = world.m3 if who == "stranger" else cell[who]
    with pytest.raises(DomainError) as caught:
        attend(meeting, {member.pk: UNEXCUSED, world.m1.pk: UNEXCUSED})
    assert f"không sinh hoạt tại “{world.cell_a1.name}” vào ngày 10/03/2026" in caught.value.message
    assert member.given_name in caught.value.message
    meeting.refresh_from_db()
    assert (meeting.attendance_recorded_at, meeting.version) == (None, 2)
    assert not Attendance.objects.exists()


def test_not_counted_member_and_missing_reason_refused(world, cell):
    meeting = hold(plan(world.cell_a1))
    with pytest.raises(DomainError, match="không thuộc diện điểm danh"):
        attend(meeting, {cell["away"].pk: Mark(Presence.PRESENT)})
    with pytest.raises(DomainError, match="Hãy chọn lý do vắng"):
        attend(meeting, {world.m1.pk: Mark(Presence.EXCUSED)})
    with pytest.raises(DomainError, match="không hợp lệ"):
        attend(meeting, {world.m1.pk: Mark("late")})
    assert not Attendance.objects.exists()


def test_concurrent_saves_the_second_is_refused(world, cell):
    meeting = hold(plan(world.cell_a1))
    opened_version = meeting.version
    attend(meeting, {world.m1.pk: UNEXCUSED})
    with pytest.raises(ConcurrentEditError):
        attend(meeting, {world.m2.pk: UNEXCUSED})  # the same stale copy, opened before the first save
    assert meeting.version == opened_version
    stored = Attendance.objects.filter(meeting=meeting, presence=Presence.UNEXCUSED)
    assert [a.member_id for a in stored] == [world.m1.pk]


def test_locked_quarter_cancelled_and_future_meetings_refused(world, cell):
    meeting = hold(plan(world.cell_a1))
    QuarterLock.objects.create(organization=world.bloc, path=world.bloc.path, year=2026, quarter=1)
    with pytest.raises(DomainError, match=r"quý 1/2026 .* đã được khóa"):
        attend(meeting)
    ahead = plan(world.cell_a2, day=dt.date(2026, 12, 15))
    with pytest.raises(DomainError, match="chưa diễn ra"):
        attend(ahead)
    assert not Attendance.objects.exists()


def test_committee_meeting_roll_is_the_committee(world, cell):
    from dangbo.organizations.enums import CommitteePosition
    from dangbo.structure import committees

    committee = committees.create_committee(actor=None, organization=world.cell_a1, term_label="2025-2027",
                                            term_start=dt.date(2025, 1, 1))  # fmt: skip
    committees.add_seat(actor=None, committee=committee, member=world.m1, position=CommitteePosition.SECRETARY,
                        start=dt.date(2025, 1, 1))  # fmt: skip
    meeting = attend(hold(plan(world.cell_a1, kind=MeetingKind.CELL_COMMITTEE)))
    assert (meeting.present_count, meeting.expected_count) == (1, 1)


def test_attendance_save_query_count_does_not_grow_with_the_cell(world, cell):
    meeting = hold(plan(world.cell_a1))
    with CaptureQueriesContext(connection) as small:
        meeting = attend(meeting, {world.m1.pk: UNEXCUSED})
    for i in range(25):
        make_member(organization=world.cell_a1, given_name=f"Đông{i}")
    meeting.refresh_from_db()
    with CaptureQueriesContext(connection) as large:
        attend(meeting, {world.m1.pk: UNEXCUSED})
    assert len(large) == len(small) <= 21  # 20, and one read of the suspension and attachment records


def test_excused_too_many_times_in_a_row_warned(world, cell):
    for month in (1, 2, 3, 4):
        meeting = hold(plan(world.cell_a1, day=dt.date(2026, month, 10)))
        meeting = attend(meeting, {world.m1.pk: EXCUSED})
    warnings = review(meeting, today=TODAY).warnings
    assert len(warnings) == 1
    assert "vắng có lý do 4 lần liên tiếp trong năm, quá 3 lần" in warnings[0].message
