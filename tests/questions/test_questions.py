"""Questions and proposals: asking, answering and closing through the services (every refusal, nothing saved), and
the pages for the member and the three officer personas (cell secretary, grassroots officer, bloc officer)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from dangbo.accounts.enums import RoleKind
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.models import AuditEntry
from dangbo.questions import services
from dangbo.questions.enums import QuestionState
from dangbo.questions.models import Question

from ..conftest import World, login
from ..factories import make_user
from ..library.helpers import DOCX, PDF

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 16)  # a Monday
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@dataclass
class Desk:
    world: World
    secretary: Client  # cell A1's secretary
    to_cell: Question  # m1 → cell A1
    to_org_a: Question  # m1 → grassroots A
    to_bloc: Question  # m1 → the bloc
    from_b: Question  # m3 → cell B1


def ask(world: World, member=None, addressee=None, **extra) -> Question:
    data = {"subject": "Về sinh hoạt chi bộ", "body": "Xin hỏi lịch sinh hoạt tháng này?", "today": TODAY}
    data.update(extra)
    return services.ask(actor=None, member=member or world.m1, addressee=addressee or world.cell_a1, **data)


@pytest.fixture
def desk(world: World) -> Desk:
    secretary = make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)
    return Desk(
        world, login(secretary), ask(world), ask(world, addressee=world.org_a, subject="Đề nghị đảng ủy"),
        ask(world, addressee=world.bloc, subject="Kiến nghị lên Khối", kind="proposal"),
        ask(world, member=world.m3, addressee=world.cell_b1, subject="Câu hỏi của B"),
    )  # fmt: skip


# ---- services --------------------------------------------------------------------------------------------------


def test_ask_sets_deadline_in_working_days_and_audits(desk: Desk) -> None:
    q = desk.to_cell
    assert q.state == QuestionState.OPEN and q.path == desk.world.cell_a1.path
    assert q.due_on == dt.date(2026, 3, 30)  # ten working days after Monday 16/03/2026
    assert AuditEntry.objects.filter(action="questions.question.asked", object_id=str(q.pk)).count() == 1


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"body": "   "}, "Chưa nhập nội dung"),
        ({"body": "x" * 4001}, "dài quá 4000 ký tự"),
        ({"subject": ""}, "Chưa nhập tiêu đề"),
        ({"subject": "y" * 201}, "dài quá 200 ký tự"),
        ({"kind": "complaint"}, "không hợp lệ"),
        ({"uploaded": SimpleUploadedFile("a.pdf", b"MZ\x90\x00 not a pdf")}, "không phải PDF"),
        ({"uploaded": SimpleUploadedFile("a.pdf", b"")}, "rỗng"),
    ],
)
def test_ask_refusals_save_nothing(world: World, extra, message) -> None:
    with pytest.raises(DomainError, match=message):
        ask(world, **extra)
    assert not Question.objects.exists()


def test_attachment_of_20_mb_refused_and_kinds_by_content(world: World) -> None:
    big = SimpleUploadedFile("bien-ban.pdf", PDF + b"0" * (20 * 1024 * 1024))
    with pytest.raises(DomainError, match="tối đa 10 MB"):
        ask(world, uploaded=big)
    assert not Question.objects.exists()
    for name, content, kind in (("a.PDF", PDF, "pdf"), ("anh", PNG, "png"), ("x.jpg", JPEG, "jpg"),
                                ("d.docx", DOCX, "docx")):  # fmt: skip
        question = ask(world, uploaded=SimpleUploadedFile(name, content))
        assert question.attachment_type == kind and question.attachment_name == name


@override_settings(DANGBO_QUESTION_FILE_MAX_BYTES=1024)
def test_attachment_limit_is_a_setting(world: World) -> None:
    with pytest.raises(DomainError, match="Tệp đính kèm quá lớn"):
        ask(world, uploaded=SimpleUploadedFile("a.pdf", PDF + b"0" * 2000))


def test_addressee_outside_my_line_refused(world: World) -> None:
    for other in (world.cell_a2, world.org_b, world.cell_b1):
        with pytest.raises(DomainError, match="Chỉ gửi được"):
            ask(world, addressee=other)
    assert not Question.objects.exists()


def test_answer_close_and_their_refusals(desk: Desk) -> None:
    q = desk.to_cell
    with pytest.raises(DomainError, match="chưa được trả lời"):
        services.close(actor=None, question=q, expected_version=q.version)
    with pytest.raises(DomainError, match="Chưa nhập nội dung trả lời"):
        services.answer(actor=None, question=q, expected_version=q.version, text=" ")
    with pytest.raises(DomainError, match="dài quá 4000"):
        services.answer(actor=None, question=q, expected_version=q.version, text="z" * 4001)
    with pytest.raises(ConcurrentEditError):
        services.answer(actor=None, question=q, expected_version=q.version + 5, text="Trả lời")
    q.refresh_from_db()
    assert q.state == QuestionState.OPEN and q.answer == "" and q.version == 1
    q = services.answer(actor=None, question=q, expected_version=1, text="Ngày 5 hằng tháng.")
    q = services.answer(actor=None, question=q, expected_version=2, text="Ngày 5 hằng tháng, 14 giờ.")
    q = services.close(actor=None, question=q, expected_version=3)
    assert q.state == QuestionState.CLOSED
    with pytest.raises(DomainError, match="đã đóng"):
        services.answer(actor=None, question=q, expected_version=q.version, text="Thêm")
    with pytest.raises(DomainError, match="đã đóng"):
        services.close(actor=None, question=q, expected_version=q.version)
    q.refresh_from_db()
    assert q.answer == "Ngày 5 hằng tháng, 14 giờ."
    actions = AuditEntry.objects.filter(object_type="question", object_id=str(q.pk)).values_list("action", flat=True)
    assert sorted(actions) == sorted(["questions.question.asked", *["questions.question.answered"] * 2,
                                      "questions.question.closed"])  # fmt: skip


# ---- pages -----------------------------------------------------------------------------------------------------


def ids(page: str, questions) -> set[int]:
    return {q.pk for q in questions if f'id="question-{q.pk}"' in page}


def test_member_sees_only_their_own(desk: Desk, as_member) -> None:
    page = as_member.get(reverse("questions:mine")).content.decode()
    assert ids(page, [desk.to_cell, desk.to_org_a, desk.to_bloc, desk.from_b]) == {
        desk.to_cell.pk, desk.to_org_a.pk, desk.to_bloc.pk,
    }  # fmt: skip
    assert as_member.get(reverse("questions:detail", args=[desk.to_cell.pk])).status_code == 200
    response = as_member.get(reverse("questions:detail", args=[desk.from_b.pk]))
    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", object_id=str(desk.from_b.pk)).exists()
    assert as_member.get(reverse("questions:inbox")).status_code == 403
    response = as_member.post(reverse("questions:answer", args=[desk.to_cell.pk]), {"version": 1, "answer": "x"})
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="questions.question.viewed").exists()


def test_three_officers_see_their_scope(desk: Desk, as_officer, as_bloc_officer, as_outsider) -> None:
    everything = [desk.to_cell, desk.to_org_a, desk.to_bloc, desk.from_b]
    inbox = reverse("questions:inbox")
    assert ids(desk.secretary.get(inbox).content.decode(), everything) == {desk.to_cell.pk}
    assert ids(as_officer.get(inbox).content.decode(), everything) == {desk.to_cell.pk, desk.to_org_a.pk}
    assert ids(as_bloc_officer.get(inbox).content.decode(), everything) == {q.pk for q in everything}
    assert ids(as_outsider.get(inbox).content.decode(), everything) == {desk.from_b.pk}
    # the secretary opens a question to their cell: audited; one to the grassroots committee: 404, logged
    assert desk.secretary.get(reverse("questions:detail", args=[desk.to_cell.pk])).status_code == 200
    assert AuditEntry.objects.filter(action="questions.question.viewed", object_id=str(desk.to_cell.pk)).count() == 1
    assert desk.secretary.get(reverse("questions:detail", args=[desk.to_org_a.pk])).status_code == 404
    assert as_outsider.get(reverse("questions:detail", args=[desk.to_cell.pk])).status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", object_type="question").count() == 2


def test_answer_outside_scope_404_logged_nothing_saved(desk: Desk, as_outsider) -> None:
    url = reverse("questions:answer", args=[desk.to_cell.pk])
    response = as_outsider.post(url, {"version": 1, "answer": "Trả lời"})
    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", object_id=str(desk.to_cell.pk)).exists()
    desk.to_cell.refresh_from_db()
    assert desk.to_cell.answer == "" and desk.to_cell.state == QuestionState.OPEN


def test_secretary_answers_stale_and_closed_refused(desk: Desk, as_member) -> None:
    url = reverse("questions:answer", args=[desk.to_cell.pk])
    response = desk.secretary.post(url, {"version": 1, "answer": ""})
    assert response.status_code == 400 and "Chưa nhập nội dung trả lời" in response.content.decode()
    response = desk.secretary.post(url, {"version": 1, "answer": "Sinh hoạt ngày 5."})
    assert response.status_code == 302
    response = desk.secretary.post(url, {"version": 1, "answer": "Bản cũ"})
    assert response.status_code == 409
    desk.to_cell.refresh_from_db()
    assert desk.to_cell.answer == "Sinh hoạt ngày 5."
    # the member sees the answer and closes it
    page = as_member.get(reverse("questions:detail", args=[desk.to_cell.pk])).content.decode()
    assert "Sinh hoạt ngày 5." in page and 'id="question-close"' in page
    response = as_member.post(reverse("questions:close", args=[desk.to_cell.pk]), {"version": 2})
    assert response.status_code == 302
    response = desk.secretary.post(url, {"version": 3, "answer": "Thêm"})
    assert response.status_code == 400 and "đã đóng" in response.content.decode()


def test_member_asks_through_the_page(world: World, as_member) -> None:
    url = reverse("questions:ask")
    page = as_member.get(url).content.decode()
    assert world.cell_a1.name in page and world.org_a.name in page and world.org_b.name not in page
    data = {"kind": "question", "addressee": world.cell_a1.pk, "subject": "Hỏi", "body": ""}
    response = as_member.post(url, data)
    assert response.status_code == 400 and "Chưa nhập nội dung" in response.content.decode()
    response = as_member.post(url, {**data, "addressee": world.cell_b1.pk, "body": "Nội dung"})
    assert response.status_code == 400  # not a choice: the form refuses it
    big = SimpleUploadedFile("a.pdf", PDF + b"0" * (20 * 1024 * 1024))
    response = as_member.post(url, {**data, "body": "Nội dung", "attachment": big})
    assert response.status_code == 400 and "tối đa 10 MB" in response.content.decode()
    exe = SimpleUploadedFile("a.docx", b"MZ" + b"\x00" * 100)
    response = as_member.post(url, {**data, "body": "Nội dung", "attachment": exe})
    assert response.status_code == 400 and "không phải PDF" in response.content.decode()
    assert not Question.objects.exists()
    response = as_member.post(url, {**data, "body": "Nội dung", "attachment": SimpleUploadedFile("a.png", PNG)})
    question = Question.objects.get()
    assert response.status_code == 302 and question.attachment_type == "png"
    file_response = as_member.get(reverse("questions:attachment", args=[question.pk]))
    assert file_response.status_code == 200


def test_text_fields_escaped(world: World, desk: Desk, as_member) -> None:
    evil = ask(world, subject="<b>x</b>=1+1", body="<script>alert(1)</script>")
    services.answer(actor=None, question=evil, expected_version=1, text="<img src=x onerror=alert(1)>")
    for client in (as_member, desk.secretary):
        for name in ("questions:detail",):
            page = client.get(reverse(name, args=[evil.pk])).content.decode()
            assert "<script>alert" not in page and "<img src=x" not in page and "&lt;b&gt;x&lt;/b&gt;" in page
    page = desk.secretary.get(reverse("questions:inbox")).content.decode()
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page


def test_inbox_open_first_and_overdue_filter(desk: Desk, as_officer) -> None:
    services.answer(actor=None, question=desk.to_cell, expected_version=1, text="Đã trả lời")
    Question.objects.filter(pk=desk.to_org_a.pk).update(due_on=dt.date(2020, 1, 1))
    page = as_officer.get(reverse("questions:inbox")).content.decode()
    assert page.index(f'id="question-{desk.to_org_a.pk}"') < page.index(f'id="question-{desk.to_cell.pk}"')
    overdue = as_officer.get(reverse("questions:inbox") + "?state=overdue").content.decode()
    assert ids(overdue, [desk.to_cell, desk.to_org_a]) == {desk.to_org_a.pk}
    assert as_officer.get(reverse("questions:inbox") + "?state=nonsense").status_code == 400


def test_home_and_nav_reach_the_pages(desk: Desk, as_member, as_officer) -> None:
    page = as_member.get("/").content.decode()
    assert 'id="home-questions-shortcut"' in page and 'id="home-library-shortcut"' in page
    assert 'id="nav-questions"' in page
    page = as_officer.get("/").content.decode()
    assert 'id="home-question-inbox"' in page and 'id="nav-question-inbox"' in page
    page = desk.secretary.get("/").content.decode()
    assert 'id="home-question-inbox"' in page
