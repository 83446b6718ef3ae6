"""The meeting pages with the three personas (the officer of the unit, a member of it, an officer of another unit
who is refused), the cell secretary, bad input answered in Vietnamese with nothing saved, out-of-scope ids
answered 404 and logged, and hostile text kept as text."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangbo.accounts.enums import RoleKind
from dangbo.core.models import AuditEntry
from dangbo.meetings import services
from dangbo.meetings.enums import MeetingStatus, Presence
from dangbo.meetings.models import Attendance, Meeting

from ..conftest import login
from ..factories import make_user
from .helpers import attend, hold, plan

HOSTILE = '<script>alert("x")</script> =HYPERLINK("http://x") & co'


def denied(what: str, pk) -> int:
    return AuditEntry.objects.filter(action="core.access.denied", object_type=what, object_id=str(pk)).count()


@pytest.fixture
def secretary(world):
    return login(make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1))


def test_hub_for_officer_member_and_nobody(world, as_officer, as_member, db):
    meeting = plan(world.cell_a1, topic="Học tập Nghị quyết")
    page = as_officer.get(reverse("meetings:home")).content.decode()
    assert "Học tập Nghị quyết" in page and 'id="compliance-link"' in page and 'id="schedule-link"' in page
    assert 'id="assignments-link"' in page and 'id="screening-link"' in page
    own = as_member.get(reverse("meetings:home"))
    assert own.status_code == 200
    text = own.content.decode()
    assert 'id="own-upcoming"' in text and 'id="meeting-calendar"' not in text and 'id="schedule-link"' not in text
    assert "Học tập Nghị quyết" not in text  # a past meeting is not "ahead"
    nobody = login(make_user("khach"))
    assert nobody.get(reverse("meetings:home")).status_code == 403
    assert as_member.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 403


def test_nav_link_for_every_persona(world, as_officer, as_member, as_bloc_officer):
    for client in (as_officer, as_member, as_bloc_officer):
        assert 'id="nav-cell-life"' in client.get("/").content.decode()


def test_hub_filters_and_out_of_scope_unit(world, as_officer):
    plan(world.cell_a1, topic="Tháng ba")
    plan(world.cell_a2, day=dt.date(2026, 4, 7), topic="Tháng tư")
    page = as_officer.get(reverse("meetings:home"), {"to_chuc": world.cell_a2.pk}).content.decode()
    assert "Tháng tư" in page and "Tháng ba" not in page
    page = as_officer.get(reverse("meetings:home"), {"thang": 3, "nam": 2026}).content.decode()
    assert "Tháng ba" in page and "Tháng tư" not in page
    page = as_officer.get(reverse("meetings:home"), {"loai": "thematic"}).content.decode()
    assert "Không có buổi sinh hoạt nào khớp" in page
    bad = as_officer.get(reverse("meetings:home"), {"thang": 13, "nam": 2026})
    assert "Bộ lọc không hợp lệ" in bad.content.decode()
    response = as_officer.get(reverse("meetings:home"), {"to_chuc": world.cell_b1.pk})
    assert response.status_code == 404 and denied("organization", world.cell_b1.pk) == 1


def test_hub_query_count_does_not_grow_with_rows(world, as_officer):
    plan(world.cell_a1)
    with CaptureQueriesContext(connection) as one:
        as_officer.get(reverse("meetings:home"))
    plan(world.cell_a2)
    plan(world.cell_a1, day=dt.date(2026, 5, 5))
    with CaptureQueriesContext(connection) as three:
        as_officer.get(reverse("meetings:home"))
    assert len(one) == len(three)


def test_meeting_page_out_of_scope_is_404_and_logged(world, as_outsider, as_officer):
    meeting = plan(world.cell_a1)
    for name in ("detail", "edit", "held", "attendance", "minutes", "guests", "cancel", "minutes_docx"):
        assert as_outsider.get(reverse(f"meetings:{name}", args=[meeting.pk])).status_code == 404
    assert denied("meeting", meeting.pk) == 8
    assert as_officer.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200
    assert AuditEntry.objects.filter(action="meetings.meeting.viewed", object_id=str(meeting.pk)).count() == 1


def test_bloc_officer_reads_but_does_not_change(world, as_bloc_officer):
    meeting = plan(world.cell_a1)
    assert as_bloc_officer.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200
    assert as_bloc_officer.get(reverse("meetings:held", args=[meeting.pk])).status_code == 403
    assert as_bloc_officer.get(reverse("meetings:schedule")).status_code == 403


def test_schedule_through_the_form(world, secretary):
    url = reverse("meetings:schedule")
    form = secretary.get(url).content.decode()
    assert f'value="{world.cell_a1.pk}" selected' in form  # the secretary's only cell is chosen
    data = {"to_chuc": world.cell_a1.pk, "kind": "thematic", "day": "10/03/2026", "time": "1400",
            "place": "Hội trường", "topic": "Chuyên đề quý I", "agenda": "1. Khai mạc\n2. Thảo luận"}  # fmt: skip
    response = secretary.post(url, data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    assert meeting.planned_start.astimezone(dt.timezone(dt.timedelta(hours=7))).strftime("%d/%m/%Y %H:%M") == (
        "10/03/2026 14:00"
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("day", "31/02/2026", "Ngày phải có dạng dd/mm/yyyy"), ("day", "01/01/1999", "không được trước 01/01/2000"),
     ("time", "25:00", "Giờ phải có dạng hh:mm"), ("time", "chiều", "Giờ phải có dạng hh:mm"),
     ("topic", "", "Trường này là bắt buộc.")],
)  # fmt: skip
def test_schedule_bad_input_keeps_nothing(world, secretary, field, value, message):
    data = {"to_chuc": world.cell_a1.pk, "kind": "regular", "day": "10/03/2026", "time": "14:00", "topic": "x"}
    data[field] = value
    response = secretary.post(reverse("meetings:schedule"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Meeting.objects.exists()


def test_schedule_second_regular_meeting_message(world, secretary):
    plan(world.cell_a1)
    data = {"to_chuc": world.cell_a1.pk, "kind": "regular", "day": "20/03/2026", "time": "14:00", "topic": "x"}
    response = secretary.post(reverse("meetings:schedule"), data)
    assert response.status_code == 400
    assert "Không thể có hai buổi sinh hoạt thường kỳ của một chi bộ trong một tháng" in response.content.decode()
    assert Meeting.objects.count() == 1


def test_schedule_in_another_units_cell_refused_and_logged(world, secretary):
    data = {"to_chuc": world.cell_b1.pk, "kind": "regular", "day": "10/03/2026", "time": "14:00", "topic": "x"}
    response = secretary.post(reverse("meetings:schedule"), data)
    assert response.status_code == 400 and "Không tìm thấy tổ chức này trong phạm vi" in response.content.decode()
    assert denied("organization", world.cell_b1.pk) == 1
    assert secretary.get(reverse("meetings:schedule"), {"to_chuc": world.cell_b1.pk}).status_code == 404


def test_record_held_end_before_start_refused(world, secretary):
    meeting = plan(world.cell_a1)
    url = reverse("meetings:held", args=[meeting.pk])
    response = secretary.post(url, {"version": 1, "day": "10/03/2026", "start": "14:00", "end": "13:30"})
    assert response.status_code == 400 and "Giờ kết thúc phải sau giờ bắt đầu" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
    response = secretary.post(url, {"version": 1, "day": "10/03/2026", "start": "14:00", "end": "15:29"})
    assert response.status_code == 302
    page = secretary.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "chỉ kéo dài 89 phút" in page and 'data-rule="length" data-ok="0"' in page


def test_stale_form_refused(world, secretary):
    meeting = plan(world.cell_a1)
    services.update_plan(actor=None, meeting=meeting, expected_version=1, kind="regular",
                         planned_start=meeting.planned_start, topic="Đã sửa")  # fmt: skip
    response = secretary.post(reverse("meetings:cancel", args=[meeting.pk]), {"version": 1, "reason": "x"})
    assert response.status_code == 400 and "đã được người khác sửa" in response.content.decode()


def test_attendance_page_everyone_present_then_one_exception(world, secretary):
    meeting = hold(plan(world.cell_a1))
    url = reverse("meetings:attendance", args=[meeting.pk])
    page = secretary.get(url).content.decode()
    assert page.count('value="present" checked') == 2 and "Có mặt 2/2" in page
    response = secretary.post(url, {"version": meeting.version, f"m-{world.m1.pk}": "excused",
                                     f"r-{world.m1.pk}": "work", f"m-{world.m2.pk}": "present"})  # fmt: skip
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.present_count, meeting.excused_count, meeting.expected_count) == (1, 1, 2)
    assert Attendance.objects.get(member=world.m1).reason == "work"
    again = secretary.get(url).content.decode()
    assert again.count('value="excused" checked') == 1  # what was saved is shown


def test_attendance_page_missing_reason_keeps_the_marks(world, secretary):
    meeting = hold(plan(world.cell_a1))
    url = reverse("meetings:attendance", args=[meeting.pk])
    response = secretary.post(url, {"version": meeting.version, f"m-{world.m1.pk}": "excused"})
    page = response.content.decode()
    assert response.status_code == 400 and "Hãy chọn lý do vắng của đồng chí Nguyễn Văn Hùng" in page
    assert page.count('value="excused" checked') == 1
    assert not Attendance.objects.exists()


def test_attendance_for_a_hidden_member_is_404_and_logged(world, secretary):
    meeting = hold(plan(world.cell_a1))
    url = reverse("meetings:attendance", args=[meeting.pk])
    response = secretary.post(url, {"version": meeting.version, f"m-{world.m3.pk}": "unexcused"})
    assert response.status_code == 404 and denied("member", world.m3.pk) == 1
    assert not Attendance.objects.exists()


def test_attendance_for_a_visible_member_not_on_the_roll_is_refused(world, as_officer):
    meeting = hold(plan(world.cell_a1))
    from ..factories import make_member

    newcomer = make_member(organization=world.cell_a2, admission_decision_date=dt.date(2026, 6, 1),
                           ceremony_date=dt.date(2026, 6, 10), full_membership_date=None)  # fmt: skip
    url = reverse("meetings:attendance", args=[meeting.pk])
    response = as_officer.post(url, {"version": meeting.version, f"m-{newcomer.pk}": "unexcused"})
    assert response.status_code == 400
    assert "không sinh hoạt tại “Chi bộ Phòng Ngân sách” vào ngày 10/03/2026" in response.content.decode()
    assert not Attendance.objects.exists()


def test_attendance_stale_version_refused(world, secretary):
    meeting = hold(plan(world.cell_a1))
    attend(meeting)
    url = reverse("meetings:attendance", args=[meeting.pk])
    response = secretary.post(url, {"version": meeting.version, f"m-{world.m1.pk}": "unexcused"})
    assert response.status_code == 400 and "đã được người khác sửa" in response.content.decode()
    assert Attendance.objects.filter(presence=Presence.UNEXCUSED).count() == 0


def test_hostile_text_is_escaped_in_pages(world, secretary, as_officer):
    meeting = hold(plan(world.cell_a1, topic=HOSTILE, place=HOSTILE))
    services.record_minutes(actor=None, meeting=meeting, expected_version=meeting.version, minutes=HOSTILE,
                            resolutions=HOSTILE)  # fmt: skip
    for client, url in ((secretary, reverse("meetings:detail", args=[meeting.pk])),
                        (as_officer, reverse("meetings:home"))):  # fmt: skip
        page = client.get(url).content.decode()
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_member_sees_upcoming_meeting_and_history(world, as_member):
    ahead = plan(world.cell_a1, day=dt.date(2026, 12, 20), topic="Tổng kết năm")
    past = attend(hold(plan(world.cell_a1, topic="Tháng ba")), {})
    page = as_member.get(reverse("meetings:home")).content.decode()
    assert f'id="upcoming-{ahead.pk}"' in page and "Tổng kết năm" in page
    assert "Tài liệu chưa được công bố." in page
    assert "Tháng ba" in page and "Có mặt" in page
    assert 'id="own-tasks-link"' in page and reverse("assignments:mine") in page
    home = as_member.get("/").content.decode()
    assert 'id="home-next-meeting"' in home and "Tổng kết năm" in home
    assert past.pk != ahead.pk


def test_guests_form(world, secretary):
    meeting = hold(plan(world.cell_a1))
    page = secretary.get(reverse("meetings:guests", args=[meeting.pk])).content.decode()
    assert "Không có cấp ủy viên cấp trên" in page
    response = secretary.post(reverse("meetings:guests", args=[meeting.pk]),
                              {"version": meeting.version, "guests": [world.m3.pk]})  # fmt: skip
    assert response.status_code == 404 and not meeting.guests.exists()  # outside the scope: see test_attacks
