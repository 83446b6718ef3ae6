"""A member's reply to a meeting's invitation: the service's refusals (nothing saved), one reply per member and
meeting changed until the start, the audit entry, the secretary's view of the replies and the attendance roll
they pre-fill, the member's page and the API (own cell only, another cell's meeting 404 and logged)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from dangbo.accounts.enums import RoleKind
from dangbo.accounts.models import User
from dangbo.accounts.tokens import issue_token
from dangbo.core.errors import DomainError
from dangbo.core.models import AuditEntry
from dangbo.meetings import services
from dangbo.meetings.enums import MeetingKind, MeetingStatus, ReplyAnswer
from dangbo.meetings.models import Meeting, MeetingReply
from dangbo.meetings.replies import REASON_LIMIT, reply_to_meeting

from ..conftest import login
from ..factories import make_user
from .helpers import at, hold, plan


def ahead(org, days: int = 5, **extra) -> Meeting:
    day = timezone.localdate() + dt.timedelta(days=days)
    return services.schedule_meeting(actor=None, organization=org, kind=extra.pop("kind", MeetingKind.THEMATIC),
                                     planned_start=at(day, 14), topic=extra.pop("topic", "Chuyên đề"),
                                     place="Hội trường", **extra)  # fmt: skip


def denied(what: str, pk) -> int:
    return AuditEntry.objects.filter(action="core.access.denied", object_type=what, object_id=str(pk)).count()


@pytest.fixture
def secretary(world):
    return login(make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1))


def test_reply_then_change_until_start_one_row_audited(world):
    meeting = ahead(world.cell_a1)
    reply_to_meeting(actor=world.member_user, member=world.m1, meeting=meeting, answer=ReplyAnswer.ATTEND)
    row = reply_to_meeting(actor=world.member_user, member=world.m1, meeting=meeting, answer="absent",
                           reason="  Đi   công tác Hà Nội ")  # fmt: skip
    assert MeetingReply.objects.filter(meeting=meeting).count() == 1
    assert (row.answer, row.reason) == ("absent", "Đi công tác Hà Nội")
    entries = AuditEntry.objects.filter(action="meetings.reply.recorded", object_id=str(meeting.pk)).order_by("id")
    assert [e.after["answer"] for e in entries] == ["attend", "absent"]
    assert entries.last().before == {"answer": "attend", "reason": ""}
    back = reply_to_meeting(actor=None, member=world.m1, meeting=meeting, answer="attend", reason="bỏ qua")
    assert back.reason == ""


@pytest.mark.parametrize(
    ("answer", "reason", "message"),
    [
        ("absent", "   ", "Xin vắng phải ghi lý do."),
        ("absent", "x" * (REASON_LIMIT + 1), f"Lý do vắng dài quá {REASON_LIMIT} ký tự."),
        ("maybe", "", "Câu trả lời không hợp lệ"),
    ],
)
def test_bad_answers_refused_nothing_saved(world, answer, reason, message):
    meeting = ahead(world.cell_a1)
    with pytest.raises(DomainError, match=message):
        reply_to_meeting(actor=None, member=world.m1, meeting=meeting, answer=answer, reason=reason)
    assert not MeetingReply.objects.exists()
    assert not AuditEntry.objects.filter(action="meetings.reply.recorded").exists()


def test_meetings_that_take_no_reply(world):
    other_cell = ahead(world.cell_b1)
    with pytest.raises(DomainError, match="không thuộc chi bộ"):
        reply_to_meeting(actor=None, member=world.m1, meeting=other_cell, answer="attend")
    past = plan(world.cell_a1)
    with pytest.raises(DomainError, match="đã bắt đầu"):
        reply_to_meeting(actor=None, member=world.m1, meeting=past, answer="attend")
    held = hold(plan(world.cell_a1, day=dt.date(2026, 4, 7)))
    with pytest.raises(DomainError, match="đã tổ chức"):
        reply_to_meeting(actor=None, member=world.m1, meeting=held, answer="attend")
    soon = ahead(world.cell_a1, days=1)
    with pytest.raises(DomainError, match="đã bắt đầu"):
        reply_to_meeting(actor=None, member=world.m1, meeting=soon, answer="attend",
                         now=soon.planned_start + dt.timedelta(minutes=1))  # fmt: skip
    cancelled = services.cancel_meeting(actor=None, meeting=soon, expected_version=soon.version, reason="Bão")
    with pytest.raises(DomainError, match="đã hủy"):
        reply_to_meeting(actor=None, member=world.m1, meeting=cancelled, answer="attend")
    committee = ahead(world.cell_a1, days=9, kind=MeetingKind.CELL_COMMITTEE)
    with pytest.raises(DomainError, match="cấp ủy"):
        reply_to_meeting(actor=None, member=world.m1, meeting=committee, answer="attend")
    assert not MeetingReply.objects.exists()


def test_member_page_one_tap_and_refusals(world, as_member):
    meeting = ahead(world.cell_a1, topic="Học tập Nghị quyết 57")
    held = hold(plan(world.cell_a1, day=dt.date(2026, 4, 7), topic="Tháng tư"))
    services.record_minutes(actor=None, meeting=held, expected_version=held.version, minutes="Đồng chí A phát biểu",
                            resolutions="Hoàn thành chỉ tiêu")  # fmt: skip
    page = as_member.get(reverse("meetings:mine")).content.decode()
    assert "Học tập Nghị quyết 57" in page and "Chưa trả lời." in page and "Tài liệu chưa được công bố." in page
    assert "Đồng chí A phát biểu" in page and "Hoàn thành chỉ tiêu" in page
    done = as_member.post(reverse("meetings:reply", args=[meeting.pk]), {"answer": "attend"})
    assert done.status_code == 302
    assert MeetingReply.objects.get(meeting=meeting, member=world.m1).answer == "attend"
    bad = as_member.post(reverse("meetings:reply", args=[meeting.pk]), {"answer": "absent", "reason": ""})
    assert bad.status_code == 400 and "Xin vắng phải ghi lý do." in bad.content.decode()
    assert MeetingReply.objects.get(meeting=meeting, member=world.m1).answer == "attend"


def test_member_page_other_cell_404_logged_and_non_members_403(world, as_member, as_officer):
    other = ahead(world.cell_b1)
    response = as_member.post(reverse("meetings:reply", args=[other.pk]), {"answer": "attend"})
    assert response.status_code == 404 and denied("meeting", other.pk) == 1
    assert as_member.post(reverse("meetings:reply", args=[999999]), {"answer": "attend"}).status_code == 404
    assert as_officer.get(reverse("meetings:mine")).status_code == 403
    assert as_member.get(reverse("meetings:reply", args=[other.pk])).status_code == 405
    page = as_member.get(reverse("meetings:mine")).content.decode()
    assert "Chuyên đề" not in page  # another cell's meeting is not listed


def test_home_and_nav_lead_to_the_page(world, as_member):
    page = as_member.get("/").content.decode()
    assert reverse("meetings:mine") in page and 'id="nav-my-meetings"' in page


def test_secretary_sees_replies_and_roll_prefilled(world, secretary):
    meeting = ahead(world.cell_a1)
    reply_to_meeting(actor=None, member=world.m1, meeting=meeting, answer="absent", reason="Ốm, nằm viện")
    reply_to_meeting(actor=None, member=world.m2, meeting=meeting, answer="attend")
    page = secretary.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert f'id="reply-of-{world.m1.pk}"' in page and "Ốm, nằm viện" in page and "Sẽ dự" in page
    # the meeting is held on its day: the roll reads the replies
    Meeting.objects.filter(pk=meeting.pk).update(day=dt.date(2026, 4, 7), planned_start=at(dt.date(2026, 4, 7)))
    roll = secretary.get(reverse("meetings:attendance", args=[meeting.pk])).content.decode()
    assert "Ốm, nằm viện" in roll


def test_late_document_warns_the_secretary(world, secretary):
    from django.core.files.uploadedfile import SimpleUploadedFile

    meeting = ahead(world.cell_a1, days=0)
    pdf = SimpleUploadedFile("tai-lieu.pdf", b"%PDF-1.4 tai lieu", content_type="application/pdf")
    response = secretary.post(reverse("meetings:upload", args=[meeting.pk]), {"kind": "document", "file": pdf},
                              follow=True)  # fmt: skip
    text = response.content.decode()
    assert "Lưu ý:" in text and "muộn hơn hạn" in text
    early = ahead(world.cell_a1, days=10)
    pdf = SimpleUploadedFile("tai-lieu.pdf", b"%PDF-1.4 tai lieu", content_type="application/pdf")
    response = secretary.post(reverse("meetings:upload", args=[early.pk]), {"kind": "document", "file": pdf},
                              follow=True)  # fmt: skip
    assert "Lưu ý:" not in response.content.decode()


def token_client(user: User):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user=user, name='app', second_factor=True)[1]}")
    return client


def test_api_lists_own_cell_and_replies(world):
    mine = ahead(world.cell_a1, topic="Của chi bộ tôi")
    other = ahead(world.cell_b1, topic="Chi bộ khác")
    client = token_client(world.member_user)
    rows = client.get("/api/v1/my-meetings/").json()["results"]
    assert [r["id"] for r in rows] == [mine.pk]
    assert rows[0]["may_reply"] is True and rows[0]["reply"] is None
    done = client.post(f"/api/v1/my-meetings/{mine.pk}/reply/", {"answer": "absent", "reason": "Đi học"},
                       format="json")  # fmt: skip
    assert done.status_code == 200 and done.json()["reply"] == {"answer": "absent", "reason": "Đi học"}
    bad = client.post(f"/api/v1/my-meetings/{mine.pk}/reply/", {"answer": "absent"}, format="json")
    assert bad.status_code == 400 and "lý do" in str(bad.json())
    hidden = client.post(f"/api/v1/my-meetings/{other.pk}/reply/", {"answer": "attend"}, format="json")
    assert hidden.status_code == 404 and denied("meeting", other.pk) == 1
    assert token_client(world.officer).get("/api/v1/my-meetings/").status_code == 403
    assert Meeting.objects.get(pk=other.pk).status == MeetingStatus.PLANNED
