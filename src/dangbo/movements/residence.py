"""Writes of the residence liaison (Quy định 213-QĐ/TW): introduce a working member to the party cell where they
live, end the introduction, record (and correct) the residence cell's yearly feedback.

Every service takes keyword arguments, runs in one transaction, refuses bad input with a Vietnamese `DomainError`
(nothing saved), compares the version of an edited record (`ConcurrentEditError` when stale) and writes one audit
entry. Who may write is the view's check (the right to manage movements over the member's cell); the rules are here:

- the member introduced is working on the day of the introduction: on a cell's rolls with a probationary or full
  status (dated history); the introduction belongs to that cell (its path is the cell's); one open introduction
  per member (end it before introducing again, when the member moves house);
- the day of the introduction and of its end are real days, not after today; the end is not before the start nor
  before a feedback already received under it;
- a feedback needs an introduction in force during its year, made on or before the day the feedback was received;
  it is received in its year or the next, not after today, once per member and year.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangbo.core.audit import diff, log_action, snapshot
from dangbo.core.date_limits import DEFAULT_LIMITS
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.members.models import CellMembership, Member, MemberStatusPeriod
from dangbo.organizations.models import Organization

from .enums import FeedbackAssessment
from .models import ResidenceFeedback, ResidenceIntroduction
from .residence_selectors import WORKING_STATUSES, covering

INTRODUCTION_AUDITED = ("member_id", "organization_id", "introduced_on", "ward", "residence_cell",
                        "residence_committee", "letter_number", "ended_on", "note")  # fmt: skip
FEEDBACK_AUDITED = ("member_id", "introduction_id", "year", "received_on", "assessment", "content")
TEXT_MAX = 255
LETTER_MAX = 80
CONTENT_MAX = 5000
FIRST_YEAR = 2020  # Quy định 213-QĐ/TW dates from 02/01/2020


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _check_day(day: dt.date, what: str, field: str, today: dt.date) -> None:
    if DEFAULT_LIMITS.too_early(day) or DEFAULT_LIMITS.too_late(day, today=today):
        raise DomainError(f"{what} {_d(day)} không hợp lệ.", field=field)
    if day > today:
        raise DomainError(f"{what} {_d(day)} chưa đến: chỉ ghi việc đã làm.", field=field)


def _text(value: str, what: str, field: str, *, limit: int = TEXT_MAX, required: bool = False) -> str:
    value = value.strip()
    if required and not value:
        raise DomainError(f"Hãy ghi {what}.", field=field)
    if len(value) > limit:
        raise DomainError(f"{what.capitalize()} dài {len(value)} ký tự, quá {limit} ký tự.", field=field)
    return value


def working_cell_on(member: Member, day: dt.date) -> Organization:
    """The cell where `member` works on `day` (on its rolls, probationary or full), or a refusal saying why not."""
    status = MemberStatusPeriod.objects.filter(covering(day), member_id=member.pk).order_by("-start", "-id").first()
    cell = (
        CellMembership.objects.filter(covering(day), member_id=member.pk)
        .select_related("organization")
        .order_by("-start", "-id")
        .first()
    )
    if status is None or cell is None:
        raise DomainError(f"{member.full_name} chưa sinh hoạt ở chi bộ nào ngày {_d(day)}.", field="introduced_on")
    if status.status not in WORKING_STATUSES:
        raise DomainError(
            f"{member.full_name} đang ở trạng thái “{status.get_status_display()}” ngày {_d(day)}: chỉ giới thiệu "
            "đảng viên dự bị hoặc chính thức đang công tác về sinh hoạt nơi cư trú.",
            field="introduced_on",
            code="member_not_working",
        )
    return cell.organization


def _audit(action: str, obj: ResidenceIntroduction | ResidenceFeedback, actor: Any, before: dict[str, Any] | None,
           after: dict[str, Any] | None, data: dict[str, Any] | None = None) -> None:  # fmt: skip
    kind = "residence_introduction" if isinstance(obj, ResidenceIntroduction) else "residence_feedback"
    log_action(f"movements.{kind}.{action}", actor=actor, object_type=kind, object_id=obj.pk,
               object_repr=str(obj), scope_path=obj.path, before=before, after=after, data=data)  # fmt: skip


@transaction.atomic
def introduce(
    *,
    actor: Any,
    member: Member,
    introduced_on: dt.date,
    ward: str,
    residence_cell: str,
    residence_committee: str = "",
    letter_number: str = "",
    note: str = "",
    today: dt.date | None = None,
) -> ResidenceIntroduction:
    """Introduce a working member to the party cell where they live.

    Steps: check the texts and the day; lock the member row (two introductions at once cannot both pass); refuse a
    second open introduction; find the member's cell on the day (working there, from the dated history); create
    the introduction with the cell's path; one audit entry."""
    today = today or timezone.localdate()
    ward = _text(ward, "xã, phường nơi cư trú", "ward", required=True)
    residence_cell = _text(residence_cell, "tên chi bộ nơi cư trú", "residence_cell", required=True)
    residence_committee = _text(residence_committee, "đảng ủy xã, phường", "residence_committee")
    letter_number = _text(letter_number, "số giấy giới thiệu", "letter_number", limit=LETTER_MAX)
    note = _text(note, "ghi chú", "note", limit=CONTENT_MAX)
    _check_day(introduced_on, "Ngày giới thiệu", "introduced_on", today)
    Member.objects.select_for_update().filter(pk=member.pk).first()
    current = ResidenceIntroduction.objects.filter(member_id=member.pk, ended_on__isnull=True).first()
    if current is not None:
        raise DomainError(
            f"{member.full_name} đang được giới thiệu về {current.residence_cell}, {current.ward} từ ngày "
            f"{_d(current.introduced_on)}. Hãy ghi ngày kết thúc giới thiệu đó trước khi giới thiệu nơi mới.",
            field="residence_cell",
            code="already_introduced",
        )
    cell = working_cell_on(member, introduced_on)
    intro = ResidenceIntroduction.objects.create(
        member=member, organization=cell, path=cell.path, introduced_on=introduced_on, ward=ward,
        residence_cell=residence_cell, residence_committee=residence_committee, letter_number=letter_number,
        note=note,
    )  # fmt: skip
    _audit("created", intro, actor, None, snapshot(intro, INTRODUCTION_AUDITED))
    return intro


def _locked(model: type[Any], obj: Any, expected_version: int) -> Any:
    locked = model.objects.select_for_update(of=("self",)).select_related("member").filter(pk=obj.pk).first()
    if locked is None or locked.version != expected_version:
        raise ConcurrentEditError()
    return locked


@transaction.atomic
def end_introduction(
    *,
    actor: Any,
    introduction: ResidenceIntroduction,
    expected_version: int,
    ended_on: dt.date,
    reason: str = "",
    today: dt.date | None = None,
) -> ResidenceIntroduction:
    """End an introduction (the member moved house, left the cell, retired...). Steps: lock and compare the
    version; refuse an introduction already ended, an end before its start, not yet come, or before a feedback
    already received under it; save; audit."""
    today = today or timezone.localdate()
    reason = _text(reason, "lý do", "reason", limit=500)
    locked: ResidenceIntroduction = _locked(ResidenceIntroduction, introduction, expected_version)
    if locked.ended_on is not None:
        raise DomainError(f"Giới thiệu này đã kết thúc ngày {_d(locked.ended_on)}.", field="ended_on")
    _check_day(ended_on, "Ngày kết thúc", "ended_on", today)
    if ended_on < locked.introduced_on:
        raise DomainError(
            f"Ngày kết thúc {_d(ended_on)} không được trước ngày giới thiệu {_d(locked.introduced_on)}.",
            field="ended_on",
        )
    last = locked.feedback.order_by("-received_on").first()
    if last is not None and ended_on < last.received_on:
        raise DomainError(
            f"Ngày kết thúc {_d(ended_on)} trước ngày nhận nhận xét năm {last.year} ({_d(last.received_on)}).",
            field="ended_on",
        )
    before = snapshot(locked, INTRODUCTION_AUDITED)
    locked.ended_on = ended_on
    if reason:
        locked.note = f"{locked.note}\n{reason}".strip() if locked.note else reason
    locked.version += 1
    locked.save()
    old, new = diff(before, snapshot(locked, INTRODUCTION_AUDITED))
    _audit("ended", locked, actor, old, new)
    return locked


def _check_feedback(*, member: Member, year: int, received_on: dt.date, assessment: str, content: str,
                    today: dt.date) -> tuple[ResidenceIntroduction, str]:  # fmt: skip
    """The introduction a feedback belongs to, and its cleaned content; or the refusal."""
    if not FIRST_YEAR <= year <= today.year:
        raise DomainError(f"Năm {year} không hợp lệ: nhận xét cho các năm từ {FIRST_YEAR} đến {today.year}.",
                          field="year")  # fmt: skip
    _check_day(received_on, "Ngày nhận", "received_on", today)
    if received_on.year not in (year, year + 1):
        raise DomainError(
            f"Ngày nhận {_d(received_on)} không khớp với nhận xét năm {year} (nhận trong năm {year} hoặc đầu năm "
            f"{year + 1}).",
            field="received_on",
        )
    if assessment not in FeedbackAssessment.values:
        raise DomainError(f"Nhận xét chung “{assessment}” không hợp lệ.", field="assessment")
    content = _text(content, "nội dung nhận xét", "content", limit=CONTENT_MAX, required=True)
    intros = ResidenceIntroduction.objects.filter(member_id=member.pk)
    if not intros.exists():
        raise DomainError(
            f"{member.full_name} chưa được giới thiệu về sinh hoạt nơi cư trú: hãy ghi giấy giới thiệu trước khi "
            "ghi nhận xét của chi bộ nơi cư trú.",
            field="member",
            code="not_introduced",
        )
    intro = intros.filter(introduced_on__lte=received_on).order_by("-introduced_on", "-id").first()
    if intro is None:
        first = intros.order_by("introduced_on").first()
        assert first is not None
        raise DomainError(
            f"Ngày nhận {_d(received_on)} trước ngày giới thiệu về nơi cư trú {_d(first.introduced_on)}.",
            field="received_on",
            code="before_introduction",
        )
    if intro.introduced_on.year > year or (intro.ended_on is not None and intro.ended_on < dt.date(year, 1, 1)):
        raise DomainError(
            f"{member.full_name} không được giới thiệu về nơi cư trú trong năm {year} (giới thiệu ngày "
            f"{_d(intro.introduced_on)}{', kết thúc ' + _d(intro.ended_on) if intro.ended_on else ''}).",
            field="year",
            code="not_introduced",
        )
    return intro, content


@transaction.atomic
def record_feedback(
    *,
    actor: Any,
    member: Member,
    year: int,
    received_on: dt.date,
    assessment: str,
    content: str,
    today: dt.date | None = None,
) -> ResidenceFeedback:
    """Record the residence cell's feedback on a member for a year.

    Steps: lock the member row; check the year, the day and the text; find the introduction in force (refused for a
    member never introduced, or a day before the introduction); refuse a second feedback for the year; create it
    with the introducing cell's path; one audit entry."""
    today = today or timezone.localdate()
    Member.objects.select_for_update().filter(pk=member.pk).first()
    intro, content = _check_feedback(member=member, year=year, received_on=received_on, assessment=assessment,
                                     content=content, today=today)  # fmt: skip
    existing = ResidenceFeedback.objects.filter(member_id=member.pk, year=year).first()
    if existing is not None:
        raise DomainError(
            f"Đã có nhận xét nơi cư trú năm {year} của {member.full_name} (nhận ngày {_d(existing.received_on)}). "
            "Mỗi năm một nhận xét: hãy sửa nhận xét đã ghi nếu cần.",
            field="year",
            code="duplicate",
        )
    feedback = ResidenceFeedback.objects.create(
        introduction=intro, member=member, year=year, received_on=received_on, assessment=assessment,
        content=content, path=intro.path,
    )  # fmt: skip
    _audit("recorded", feedback, actor, None, snapshot(feedback, FEEDBACK_AUDITED))
    return feedback


@transaction.atomic
def correct_feedback(
    *,
    actor: Any,
    feedback: ResidenceFeedback,
    expected_version: int,
    received_on: dt.date,
    assessment: str,
    content: str,
    today: dt.date | None = None,
) -> ResidenceFeedback:
    """Correct a recorded feedback (its day, assessment or content; the member and year stay). The same checks as
    recording it; audit the changed fields."""
    today = today or timezone.localdate()
    locked: ResidenceFeedback = _locked(ResidenceFeedback, feedback, expected_version)
    intro, content = _check_feedback(member=locked.member, year=locked.year, received_on=received_on,
                                     assessment=assessment, content=content, today=today)  # fmt: skip
    before = snapshot(locked, FEEDBACK_AUDITED)
    locked.introduction, locked.path = intro, intro.path
    locked.received_on, locked.assessment, locked.content = received_on, assessment, content
    locked.version += 1
    locked.save()
    old, new = diff(before, snapshot(locked, FEEDBACK_AUDITED))
    _audit("corrected", locked, actor, old, new)
    return locked
