"""A cell's quarter (`meetings.compliance`): every colour at its boundary, the reasons naming the rules, the
bulk recompute agreeing with the one-cell refresh, and quarters across a transfer and a restructuring."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from dangbo.meetings.compliance import recompute, refresh_cell_quarter
from dangbo.meetings.enums import Compliance, MeetingKind, MeetingStatus
from dangbo.meetings.models import CellQuarter, Meeting, MeetingGuest
from dangbo.organizations.models import Organization

from ..conftest import World
from ..factories import make_org

# Quarter 1 of 2026 has ended, quarter 2 is running (April has ended, May has not).
TODAY = dt.date(2026, 5, 15)
TZ = timezone.get_current_timezone()


def held(
    cell: Organization, day: dt.date, kind: str = MeetingKind.REGULAR, *, minutes: int = 120, present: int = 9,
    expected: int = 10, status: str = MeetingStatus.HELD, guest: Any = None,
) -> Meeting:  # fmt: skip
    """A meeting written directly (the meeting services are tested on their own), with its counts."""
    start = dt.datetime.combine(day, dt.time(14, 0), tzinfo=TZ)
    meeting = Meeting.objects.create(
        organization=cell, kind=kind, status=status, planned_start=start, day=day, topic="Chủ đề",
        started_at=start, ended_at=start + dt.timedelta(minutes=minutes),
        attendance_recorded_at=start if expected else None, present_count=present, expected_count=expected,
    )  # fmt: skip
    if guest is not None:
        MeetingGuest.objects.create(meeting=meeting, member=guest)
    return meeting


def row(cell: Organization, quarter: int, year: int = 2026, today: dt.date = TODAY) -> CellQuarter:
    refresh_cell_quarter(organization=cell, year=year, quarter=quarter, today=today)
    return CellQuarter.objects.get(organization=cell, year=year, quarter=quarter)


def full_quarter(cell: Organization, quarter: int = 1, year: int = 2026, **kwargs: Any) -> None:
    """Monthly meetings in every month of the quarter, the first one combined with the thematic meeting."""
    first = 3 * (quarter - 1) + 1
    held(cell, dt.date(year, first, 10), MeetingKind.COMBINED, **kwargs)
    held(cell, dt.date(year, first + 1, 10), **kwargs)
    held(cell, dt.date(year, first + 2, 10), **kwargs)


@pytest.mark.django_db
def test_full_quarter_green(world: World) -> None:
    full_quarter(world.cell_a1)
    r = row(world.cell_a1, 1)
    assert (r.status, r.months_due, r.monthly_held, r.thematic_held, r.meetings_held) == (Compliance.GREEN, 3, 3, 1, 3)
    assert (r.present, r.expected, r.grassroots_id, r.path) == (27, 30, world.org_a.pk, world.cell_a1.path)
    assert r.reasons == []


@pytest.mark.django_db
def test_a_missing_month_is_red_naming_the_month_and_rule(world: World) -> None:
    held(world.cell_a1, dt.date(2026, 1, 10), MeetingKind.COMBINED)
    held(world.cell_a1, dt.date(2026, 3, 10))
    r = row(world.cell_a1, 1)
    assert (r.status, r.months_due, r.monthly_held) == (Compliance.RED, 3, 2)
    assert "Tháng 02/2026 chưa có buổi sinh hoạt chi bộ thường kỳ" in r.reasons[0]
    assert "Kế hoạch 20-KH/ĐUK" in r.reasons[0]


@pytest.mark.django_db
def test_thematic_missing_in_an_ended_quarter_is_red(world: World) -> None:
    for month in (1, 2, 3):
        held(world.cell_a1, dt.date(2026, month, 10))
    r = row(world.cell_a1, 1)
    assert (r.status, r.thematic_held) == (Compliance.RED, 0)
    assert r.reasons == [
        "Quý 1/2026 đã kết thúc mà chưa đủ buổi sinh hoạt chuyên đề (0/1); sinh hoạt chuyên đề ít nhất 01 lần/quý "
        "(Kế hoạch 20-KH/ĐUK; Chỉ thị 50-CT/TW, Hướng dẫn 42-HD/BTCTW (2025))."
    ]


@pytest.mark.django_db
def test_thematic_missing_in_a_running_quarter_is_amber(world: World) -> None:
    held(world.cell_a1, dt.date(2026, 4, 10))
    r = row(world.cell_a1, 2)
    assert (r.status, r.months_due, r.monthly_held) == (Compliance.AMBER, 1, 1)
    assert "Quý 2/2026 đang diễn ra, chưa có đủ buổi sinh hoạt chuyên đề (0/1)" in r.reasons[0]


@pytest.mark.django_db
def test_the_running_month_counts_once_it_has_its_meeting(world: World) -> None:
    held(world.cell_a1, dt.date(2026, 4, 10), MeetingKind.COMBINED)
    held(world.cell_a1, dt.date(2026, 5, 5))  # May has not ended: due only because it is held
    r = row(world.cell_a1, 2)
    assert (r.status, r.months_due, r.monthly_held) == (Compliance.GREEN, 2, 2)
    assert row(world.cell_a1, 2, today=dt.date(2026, 6, 1)).status == Compliance.GREEN  # May over, held
    assert row(world.cell_a1, 2, today=dt.date(2026, 7, 1)).status == Compliance.RED  # June over, missed


@pytest.mark.django_db
def test_nothing_due_nothing_held_is_no_data(world: World) -> None:
    r = row(world.cell_a1, 2, today=dt.date(2026, 4, 20))
    assert (r.status, r.months_due) == (Compliance.NONE, 0)
    assert r.reasons == ["Quý 2/2026: chưa đến hạn sinh hoạt tháng nào."]


@pytest.mark.django_db
def test_no_rule_set_for_the_quarter_is_no_data(world: World) -> None:
    r = row(world.cell_a1, 1, year=2010)
    assert r.status == Compliance.NONE
    assert r.reasons == ["Chưa có bộ quy tắc sinh hoạt chi bộ áp dụng cho quý 1/2010."]


@pytest.mark.django_db
@pytest.mark.parametrize(("present", "status"), [(85, Compliance.GREEN), (84, Compliance.AMBER)])
def test_attendance_at_the_threshold_is_good(world: World, present: int, status: str) -> None:
    held(world.cell_a1, dt.date(2026, 1, 10), MeetingKind.COMBINED, present=present, expected=100)
    held(world.cell_a1, dt.date(2026, 2, 10), present=85, expected=100)
    held(world.cell_a1, dt.date(2026, 3, 10), present=85, expected=100)
    r = row(world.cell_a1, 1)
    assert (r.status, r.present, r.expected) == (status, 170 + present, 300)
    if status == Compliance.AMBER:
        assert r.reasons[0].startswith("Tỷ lệ đảng viên dự sinh hoạt bình quân 84,7% (254/300 lượt) thấp hơn 85% (")
        assert "Hướng dẫn 12-HD/BTCTW (2018); chưa thật chắc chắn" in r.reasons[0]


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "minutes", "short"), [
    (MeetingKind.COMBINED, 119, 1), (MeetingKind.COMBINED, 120, 0), (MeetingKind.REGULAR, 89, 1),
    (MeetingKind.REGULAR, 90, 0), (MeetingKind.THEMATIC, 89, 1),
])  # fmt: skip
def test_a_short_meeting_is_amber_with_the_length_rule(world: World, kind: str, minutes: int, short: int) -> None:
    full_quarter(world.cell_a1)
    held(world.cell_a1, dt.date(2026, 3, 20), kind, minutes=minutes)
    r = row(world.cell_a1, 1)
    assert (r.too_short, r.status) == (short, Compliance.AMBER if short else Compliance.GREEN)
    if short:
        assert r.reasons == [
            "1 buổi sinh hoạt chưa đủ thời lượng tối thiểu (ít nhất 90 phút, 120 phút khi sinh hoạt thường kỳ kết "
            "hợp chuyên đề) (Hướng dẫn 42-HD/BTCTW (2025))."
        ]


@pytest.mark.django_db
def test_no_length_minimum_before_the_2025_rules(world: World) -> None:
    full_quarter(world.cell_a1, quarter=3, year=2025, minutes=30)
    r = row(world.cell_a1, 3, year=2025)
    assert (r.too_short, r.status) == (0, Compliance.GREEN)


@pytest.mark.django_db
def test_only_held_meetings_of_the_counted_kinds_count(world: World) -> None:
    full_quarter(world.cell_a1, guest=world.m3)
    held(world.cell_a1, dt.date(2026, 2, 20), MeetingKind.THEMATIC, status=MeetingStatus.PLANNED)
    held(world.cell_a1, dt.date(2026, 2, 21), MeetingKind.THEMATIC, status=MeetingStatus.CANCELLED)
    held(world.cell_a1, dt.date(2026, 2, 22), MeetingKind.CELL_COMMITTEE, present=2, expected=3)
    r = row(world.cell_a1, 1)
    assert (r.thematic_held, r.meetings_held, r.with_guest, r.present, r.expected) == (1, 4, 3, 27, 30)
    held(world.cell_a2, dt.date(2026, 1, 22), MeetingKind.CELL_COMMITTEE)
    held(world.cell_a2, dt.date(2026, 2, 22), MeetingKind.EXTRAORDINARY)
    r2 = row(world.cell_a2, 1)
    assert (r2.status, r2.monthly_held, r2.months_due) == (Compliance.RED, 0, 3)


@pytest.mark.django_db
def test_a_grassroots_cell_is_its_own_grassroots_and_committees_are_ignored(world: World) -> None:
    cell = make_org(name="Chi bộ cơ sở Trường", kind="grassroots_cell", parent=world.bloc)
    full_quarter(cell)
    assert row(cell, 1).grassroots_id == cell.pk
    refresh_cell_quarter(organization=world.org_a, year=2026, quarter=1, today=TODAY)
    assert not CellQuarter.objects.filter(organization=world.org_a).exists()


@pytest.mark.django_db
def test_a_cell_founded_within_the_quarter_owes_its_whole_months(world: World) -> None:
    cell = make_org(name="Chi bộ mới", parent=world.org_a, founded_on=dt.date(2026, 2, 10))
    held(cell, dt.date(2026, 3, 10), MeetingKind.COMBINED)
    r = row(cell, 1)
    assert (r.status, r.months_due, r.monthly_held) == (Compliance.GREEN, 1, 1)
    assert r.reasons == ["Chi bộ thành lập ngày 10/02/2026: chỉ xét các tháng chi bộ hoạt động trọn tháng."]


@pytest.mark.django_db
def test_quarters_across_a_merger_of_cells(world: World) -> None:
    from dangbo.structure.restructuring import merge

    full_quarter(world.cell_a2, quarter=4, year=2025)
    held(world.cell_a1, dt.date(2026, 1, 10))
    held(world.cell_a2, dt.date(2026, 1, 12))
    merged = merge(actor=None, orgs=[world.cell_a1, world.cell_a2], code="A12", name="Chi bộ Ngân sách – Văn phòng",
                   kind="cell", parent=world.org_a, effective_date=dt.date(2026, 2, 15))  # fmt: skip
    held(merged, dt.date(2026, 3, 10), MeetingKind.COMBINED)
    world.cell_a1.refresh_from_db()
    old, new = row(world.cell_a1, 1), row(merged, 1)
    # The old cell owed January only (dissolved mid-February) and no thematic meeting (gone at the quarter's end).
    assert (old.status, old.months_due, old.monthly_held) == (Compliance.GREEN, 1, 1)
    assert old.reasons == ["Chi bộ giải thể ngày 15/02/2026: chỉ xét các tháng chi bộ hoạt động trọn tháng."]
    # The new cell owed March, with the quarter's thematic meeting.
    assert (new.status, new.months_due, new.thematic_held) == (Compliance.GREEN, 1, 1)
    assert not CellQuarter.objects.filter(organization=world.cell_a1, quarter=2).exists()
    refresh_cell_quarter(organization=world.cell_a1, year=2026, quarter=2, today=TODAY)
    assert not CellQuarter.objects.filter(organization=world.cell_a1, quarter=2).exists()


@pytest.mark.django_db
def test_a_cell_handed_to_another_grassroots_moves_its_rows_on_recompute(world: World) -> None:
    from dangbo.structure.restructuring import reparent

    full_quarter(world.cell_a1)
    recompute(year=2026, quarter=1, root=world.bloc, today=TODAY)
    assert CellQuarter.objects.get(organization=world.cell_a1, quarter=1).grassroots_id == world.org_a.pk
    reparent(actor=None, org=world.cell_a1, new_parent=world.org_b, effective_date=dt.date(2026, 4, 1))
    recompute(year=2026, quarter=None, root=world.org_b, today=TODAY)
    moved = CellQuarter.objects.get(organization=world.cell_a1, quarter=1)
    assert (moved.grassroots_id, moved.status) == (world.org_b.pk, Compliance.GREEN)
    assert moved.path.startswith(world.org_b.path)


@pytest.mark.django_db
def test_recompute_agrees_with_the_one_cell_refresh(world: World) -> None:
    full_quarter(world.cell_a1)
    held(world.cell_b1, dt.date(2026, 1, 10))
    cell = make_org(name="Chi bộ giải thể", parent=world.org_b, founded_on=dt.date(2000, 1, 1))
    result = recompute(year=2026, quarter=None, root=world.bloc, today=TODAY)
    assert (result.quarters, result.rows) == ([1, 2], 8)
    bulk = {(r.organization_id, r.quarter): (r.status, r.reasons, r.months_due, r.present)
            for r in CellQuarter.objects.all()}  # fmt: skip
    CellQuarter.objects.all().delete()
    for c in (world.cell_a1, world.cell_a2, world.cell_b1, cell):
        for q in (1, 2):
            refresh_cell_quarter(organization=c, year=2026, quarter=q, today=TODAY)
    one = {(r.organization_id, r.quarter): (r.status, r.reasons, r.months_due, r.present)
           for r in CellQuarter.objects.all()}  # fmt: skip
    assert bulk == one
    assert bulk[(world.cell_b1.pk, 1)][0] == Compliance.RED
    Organization.objects.filter(pk=cell.pk).update(dissolved_on=dt.date(2025, 12, 1))
    recompute(year=2026, quarter=1, root=world.org_b, today=TODAY)
    assert not CellQuarter.objects.filter(organization=cell, quarter=1).exists()
    assert CellQuarter.objects.filter(organization=world.cell_a1, quarter=1).exists()  # outside the root: kept


@pytest.mark.django_db
def test_a_member_moving_cells_within_the_quarter_counts_in_each_cell_once(world: World) -> None:
    """The attendance save (the meeting services) reads the roll of the meeting's day: a member moved from A1 to
    A2 in February is expected at A1's January meeting and at A2's March meeting, and each cell's quarter
    counts its own meetings."""
    from dangbo.meetings.attendance import Mark, save_attendance
    from dangbo.meetings.enums import Presence
    from dangbo.members.services import move_to_cell

    january = held(world.cell_a1, dt.date(2026, 1, 10), MeetingKind.COMBINED, expected=0)
    move_to_cell(actor=None, member=world.m1, organization=world.cell_a2, on=dt.date(2026, 2, 15))
    march = held(world.cell_a2, dt.date(2026, 3, 10), MeetingKind.COMBINED, expected=0)
    save_attendance(actor=world.officer, meeting=january, expected_version=january.version, exceptions={},
                    today=TODAY)  # fmt: skip
    march.refresh_from_db()
    save_attendance(actor=world.officer, meeting=march, expected_version=march.version,
                    exceptions={world.m1.pk: Mark(Presence.UNEXCUSED)}, today=TODAY)  # fmt: skip
    a1 = CellQuarter.objects.get(organization=world.cell_a1, year=2026, quarter=1)
    a2 = CellQuarter.objects.get(organization=world.cell_a2, year=2026, quarter=1)
    assert (a1.present, a1.expected) == (2, 2)  # m1 and m2 in January
    assert (a2.present, a2.expected) == (0, 1)  # m1 alone in March, absent
    assert "thấp hơn 85%" in a2.reasons[-1]
