"""The demo's study marks and questions (issue 12 items 4 and 5):

- "studied" marks on the documents published to the whole system or the whole bloc (the plan 20-KH/ĐUK, Nghị
  quyết 21-NQ/TW, the bloc's notice 12-TB/ĐUK) for part of the members on the rolls (about 60 %, 40 % and 25 %),
  written in bulk; the demo member `dangvien` is left to mark them, with 20-KH/ĐUK saved in their list;
- a few questions and proposals of the members of the demo secretary's cell (`chibo`), to the cell and to its
  grassroots committee, through the questions' services: answered, closed, waiting, one overdue.

    build_study(bloc=bloc, seed=2024, today=dt.date(2026, 12, 6))
    build_questions(bloc=bloc, today=dt.date(2026, 12, 6))
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from dangbo.accounts.models import Role, User
from dangbo.core.calendar import add_working_days
from dangbo.library import study
from dangbo.library.models import PartyDocument, Publication, StudyMark
from dangbo.members.enums import ON_ROLLS
from dangbo.members.models import Member
from dangbo.organizations.models import Organization
from dangbo.questions import services as questions

BATCH = 5000
# (number, symbol, year): the share of the members reached who marked it studied
STUDIED = ((("20", "KH/ĐUK"), 0.6), (("21", "NQ/TW"), 0.4), (("12", "TB/ĐUK"), 0.25))


@dataclass
class StudyResult:
    marks: int
    documents: int


@dataclass
class QuestionsResult:
    questions: int
    answered: int
    closed: int


def build_study(*, bloc: Organization, seed: int, today: dt.date) -> StudyResult:
    rng = random.Random(seed + 48)
    demo_member = getattr(User.objects.filter(username="dangvien").first(), "member", None)
    members = list(
        Member.objects.filter(status__in=ON_ROLLS, organization__path__startswith=bloc.path)
        .exclude(pk=getattr(demo_member, "pk", 0))
        .values_list("pk", flat=True)
    )
    lines = ["", bloc.path]
    marks = documents = 0
    for (number, symbol), share in STUDIED:
        document = (
            PartyDocument.objects.filter(
                number=number, symbol=symbol, pk__in=Publication.objects.filter(path__in=lines).values("document_id")
            )
            .order_by("-issued_on")
            .first()
        )
        if document is None:
            continue
        documents += 1
        start = max(document.issued_on, today - dt.timedelta(days=300))
        span = max((today - start).days, 0)
        rows = [
            StudyMark(member_id=pk, document=document, studied_on=start + dt.timedelta(days=rng.randint(0, span)))
            for pk in rng.sample(members, int(len(members) * share))
        ]
        StudyMark.objects.bulk_create(rows, batch_size=BATCH)
        marks += len(rows)
        if demo_member is not None and number == "20":
            study.add_bookmark(actor=demo_member.user, member=demo_member, document=document)
    return StudyResult(marks=marks, documents=documents)


QUESTIONS = (
    ("cell", "question", "Lịch sinh hoạt chuyên đề quý IV",
     "Đề nghị chi bộ cho biết lịch sinh hoạt chuyên đề quý IV và tài liệu cần đọc trước.",
     "Chi bộ sinh hoạt chuyên đề vào ngày 15/12, tài liệu là Nghị quyết 21-NQ/TW, đã có trong thư viện văn bản.",
     True),
    ("grassroots", "proposal", "Kiến nghị tổ chức lớp bồi dưỡng lý luận chính trị",
     "Kiến nghị đảng ủy mở lớp bồi dưỡng lý luận chính trị cho đảng viên trẻ trong quý I năm sau.",
     "Đảng ủy ghi nhận, sẽ phối hợp với Trung tâm Chính trị mở lớp vào tháng 3.", False),
    ("cell", "question", "Mức đóng đảng phí khi nghỉ hưu",
     "Tôi sắp nghỉ hưu, xin hỏi mức đóng đảng phí từ tháng sau tính thế nào?", "", False),
    ("grassroots", "question", "Thủ tục chuyển sinh hoạt đảng tạm thời",
     "Tôi được cử đi học dài hạn 8 tháng, xin hỏi thủ tục chuyển sinh hoạt đảng tạm thời.", "", False),
)  # fmt: skip


def build_questions(*, bloc: Organization, today: dt.date) -> QuestionsResult:
    secretary_role = Role.objects.filter(user__username="chibo").select_related("organization", "user").first()
    if secretary_role is None:
        return QuestionsResult(0, 0, 0)
    cell = secretary_role.organization
    grassroots = cell.parent or cell
    officer = User.objects.filter(username="coso").first()
    askers = list(
        Member.objects.filter(organization=cell, status__in=ON_ROLLS).select_related("organization", "user")
        .order_by("-user_id", "pk")[: len(QUESTIONS)]
    )  # fmt: skip
    made = answered = closed = 0
    for index, (to, kind, subject, body, answer, close) in enumerate(QUESTIONS):
        if not askers:
            break
        member = askers[index % len(askers)]
        asked_on = add_working_days(today, -(14 if index == 3 else 3 + index))
        question = questions.ask(
            actor=member.user, member=member, addressee=cell if to == "cell" else grassroots, kind=kind,
            subject=subject, body=body, today=asked_on,
        )  # fmt: skip
        made += 1
        if answer:
            actor = secretary_role.user if to == "cell" else officer
            question = questions.answer(actor=actor, question=question, expected_version=1, text=answer)
            answered += 1
            if close:
                questions.close(actor=member.user, question=question, expected_version=question.version)
                closed += 1
    return QuestionsResult(questions=made, answered=answered, closed=closed)
