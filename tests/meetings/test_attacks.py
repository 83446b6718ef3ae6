"""The meeting pages attacked: a cell secretary reaching into the neighbouring cell, a plain member posting to
every form, member ids outside the scope in the guests' body, files always sent as downloads, the attendance
page audited, absurd dates and sizes answered in Vietnamese with nothing saved, and stale forms refused."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dangbo.accounts.enums import RoleKind
from dangbo.core.models import AuditEntry
from dangbo.meetings import services
from dangbo.meetings.enums import MeetingStatus
from dangbo.meetings.models import Attendance, Meeting, MeetingFile

from ..conftest import login
from ..factories import make_user
from .helpers import attend, hold, plan
from .test_files import PDF, PNG, upload

WRITES = {
    "edit": {"kind": "regular", "day": "10/03/2026", "time": "14:00", "topic": "Chiếm quyền"},
    "held": {"day": "10/03/2026", "start": "14:00", "end": "16:00"},
    "attendance": {},
    "minutes": {"minutes": "x", "resolutions": "y"},
    "guests": {},
    "cancel": {"reason": "x"},
}


def denied(what: str, pk) -> int:
    return AuditEntry.objects.filter(action="core.access.denied", object_type=what, object_id=str(pk)).count()


@pytest.fixture
def secretary(world):
    return login(make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1))


def test_the_secretary_of_a1_cannot_read_or_touch_a_meeting_of_a2(world, secretary):
    meeting = hold(plan(world.cell_a2, topic="Chi bộ bên cạnh"))
    document = upload(meeting, PDF)
    for name in ("detail", "edit", "held", "attendance", "minutes", "guests", "cancel", "minutes_docx", "minutes_pdf"):
        assert secretary.get(reverse(f"meetings:{name}", args=[meeting.pk])).status_code == 404, name
    for name, data in WRITES.items():
        response = secretary.post(reverse(f"meetings:{name}", args=[meeting.pk]), {"version": meeting.version, **data})
        assert response.status_code == 404, name
    pdf = SimpleUploadedFile("x.pdf", PDF)
    response = secretary.post(reverse("meetings:upload", args=[meeting.pk]), {"kind": "document", "file": pdf})
    assert response.status_code == 404
    assert secretary.get(reverse("meetings:file", args=[document.pk])).status_code == 404
    assert denied("meeting", meeting.pk) == 9 + len(WRITES) + 1
    assert denied("meeting_file", document.pk) == 1
    assert secretary.get(reverse("meetings:home"), {"to_chuc": world.cell_a2.pk}).status_code == 404
    assert "Chi bộ bên cạnh" not in secretary.get(reverse("meetings:home")).content.decode()
    meeting.refresh_from_db()
    assert meeting.topic == "Chi bộ bên cạnh" and meeting.status == MeetingStatus.HELD
    assert MeetingFile.objects.count() == 1 and not Attendance.objects.exists()


def test_a_member_who_is_not_a_secretary_cannot_write(world, as_member):
    meeting = hold(plan(world.cell_a1, topic="Của chi bộ"))
    assert as_member.get(reverse("meetings:schedule")).status_code == 403
    for name, data in WRITES.items():
        response = as_member.post(reverse(f"meetings:{name}", args=[meeting.pk]), {"version": meeting.version, **data})
        assert response.status_code == 403, name
    meeting.refresh_from_db()
    assert meeting.topic == "Của chi bộ" and meeting.version == 2 and not Attendance.objects.exists()


def test_a_guest_out_of_scope_in_the_body_is_404_and_logged(world, secretary):
    meeting = hold(plan(world.cell_a1))
    url = reverse("meetings:guests", args=[meeting.pk])
    response = secretary.post(url, {"version": meeting.version, "guests": [world.m3.pk]})
    assert response.status_code == 404 and denied("member", world.m3.pk) == 1
    response = secretary.post(url, {"version": meeting.version, "guests": [world.m1.pk]})  # visible, not offered
    assert response.status_code == 400 and denied("member", world.m1.pk) == 0
    assert not meeting.guests.exists()


@pytest.mark.parametrize(("content", "name"), [(PDF, "bien-ban.pdf"), (PNG, "anh.png")])
def test_a_file_is_always_a_download_with_nosniff(world, as_officer, content, name):
    record = upload(hold(plan(world.cell_a1)), content, name)
    response = as_officer.get(reverse("meetings:file", args=[record.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_html_disguised_as_a_pdf_is_refused(world, as_officer):
    meeting = plan(world.cell_a1)
    html = SimpleUploadedFile("tai-lieu.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = as_officer.post(reverse("meetings:upload", args=[meeting.pk]), {"kind": "document", "file": html})
    assert response.status_code == 400 and "Chỉ nhận tệp PDF, Word" in response.content.decode()
    assert not MeetingFile.objects.exists()


def test_opening_the_attendance_page_is_audited(world, secretary):
    meeting = attend(hold(plan(world.cell_a1)))
    assert secretary.get(reverse("meetings:attendance", args=[meeting.pk])).status_code == 200
    entry = AuditEntry.objects.get(action="meetings.meeting.viewed", object_id=str(meeting.pk))
    assert entry.data == {"page": "attendance"}


def test_ten_thousand_rows_in_the_attendance_body_are_refused_in_vietnamese(world, secretary):
    meeting = hold(plan(world.cell_a1))
    body = {"version": meeting.version, **{f"m-{900000 + i}": "unexcused" for i in range(10_000)}}
    response = secretary.post(reverse("meetings:attendance", args=[meeting.pk]), body)
    assert response.status_code == 400
    assert "Dữ liệu gửi lên quá lớn" in response.content.decode() and "Chưa lưu gì" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.attendance_recorded_at is None and not Attendance.objects.exists()


def test_ids_not_on_the_roll_are_refused_with_few_queries(world, secretary, django_assert_max_num_queries):
    """Hundreds of made-up ids in the body: 404 in a handful of queries, one audit entry per real member only."""
    meeting = hold(plan(world.cell_a1))
    body = {"version": meeting.version, f"m-{world.m3.pk}": "unexcused",
            **{f"m-{900000 + i}": "unexcused" for i in range(500)}}  # fmt: skip
    with django_assert_max_num_queries(40):
        response = secretary.post(reverse("meetings:attendance", args=[meeting.pk]), body)
    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", object_type="member").count() == 1
    assert not Attendance.objects.exists()


def test_a_large_cells_attendance_form_fits_in_one_request(world, secretary):
    """Three fields a member (mark, reason, note): a cell of 400 members posts 1,200 fields, more than Django's
    default limit of 1,000."""
    meeting = hold(plan(world.cell_a1))
    body = {"version": meeting.version, f"m-{world.m1.pk}": "present", f"m-{world.m2.pk}": "unexcused",
            **{f"n-{900000 + i}": "" for i in range(1_200)},
            **{f"r-{900000 + i}": "" for i in range(1_200)}}  # fmt: skip
    response = secretary.post(reverse("meetings:attendance", args=[meeting.pk]), body)
    assert response.status_code == 302
    assert Attendance.objects.filter(meeting=meeting).count() == 2


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [("schedule", {"day": "01/01/1800"}, "không được trước 01/01/2000"),
     ("schedule", {"day": "31/12/9999"}, "không được sau"),
     ("schedule", {"topic": "x" * 501}, "tối đa 500 kí tự (hiện có 501)"),
     ("schedule", {"agenda": "x" * 5_001}, "tối đa 5000 kí tự"),
     ("schedule", {"place": "x" * 256}, "tối đa 255 kí tự")],
)  # fmt: skip
def test_absurd_plans_are_refused_in_vietnamese(world, secretary, name, data, message):
    body = {"to_chuc": world.cell_a1.pk, "kind": "regular", "day": "10/03/2026", "time": "14:00", "topic": "x"}
    response = secretary.post(reverse(f"meetings:{name}"), {**body, **data})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [("held", {"day": "01/01/1800", "start": "14:00", "end": "16:00"}, "không được trước 01/01/2000"),
     ("held", {"day": "31/12/9999", "start": "14:00", "end": "16:00"}, "không được sau"),
     ("minutes", {"minutes": "x" * 50_001, "resolutions": ""}, "tối đa 50000 kí tự"),
     ("cancel", {"reason": "x" * 256}, "tối đa 255 kí tự")],
)  # fmt: skip
def test_absurd_changes_are_refused_in_vietnamese(world, secretary, name, data, message):
    meeting = plan(world.cell_a1, topic="Giữ nguyên")
    if name == "minutes":
        meeting = hold(meeting)
    before = (meeting.version, meeting.status, meeting.minutes)
    response = secretary.post(reverse(f"meetings:{name}", args=[meeting.pk]), {"version": meeting.version, **data})
    assert response.status_code == 400 and message in response.content.decode()
    meeting.refresh_from_db()
    assert (meeting.version, meeting.status, meeting.minutes) == before


@pytest.mark.parametrize("name", ["edit", "held", "minutes", "guests", "cancel"])
def test_the_second_of_two_saves_gets_the_concurrent_edit_message(world, secretary, name):
    meeting = hold(plan(world.cell_a1))
    opened = meeting.version
    services.record_minutes(actor=None, meeting=meeting, expected_version=opened, minutes="Người thứ nhất",
                            resolutions="")  # fmt: skip
    response = secretary.post(reverse(f"meetings:{name}", args=[meeting.pk]), {"version": opened, **WRITES[name]})
    assert response.status_code == 400 and "đã được người khác sửa" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.minutes == "Người thứ nhất" and meeting.status == MeetingStatus.HELD
