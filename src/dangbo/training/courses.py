"""Writes to courses and their lists of people: one entry point per change, each checked, audited once and
refused in Vietnamese with nothing written.

A course is held by a unit (`organizer`) of one kind between two days. People are enrolled one at a time: a member
(the member's name, birth date, citizen id and cell are copied onto the enrollment as they are that day), or a
person who is not a member yet (a candidate for the awareness course, or anyone in an "other" course) with the
cell that prepares them. Nobody is enrolled twice in a course (same member, same citizen id, or same name and
birth date); an enrollment with a result is not removed (its result is corrected instead).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangbo.core.audit import diff, log_action, snapshot
from dangbo.core.date_limits import PARTY_FOUNDED
from dangbo.core.dates import add_years
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.text import normalize_search, sort_key_for
from dangbo.members.enums import ON_ROLLS
from dangbo.members.models import Member
from dangbo.members.validation import CITIZEN_ID_RE, check_birth_date
from dangbo.organizations.models import Organization

from .enums import CourseKind, Result
from .models import Course, Enrollment
from .rules import d

COURSE_FIELDS = ["kind", "title", "organizer_id", "starts_on", "ends_on", "venue", "note"]
ENROLLMENT_FIELDS = ["course_id", "member_id", "full_name", "birth_date", "citizen_id", "organization_id"]
# Courses open to people who are not members yet.
OPEN_TO_NON_MEMBERS = {CourseKind.AWARENESS, CourseKind.OTHER}
MAX_COURSE_YEARS = 5  # the longest programme (a bachelor's in political theory) takes four years
PLANNED_YEARS_AHEAD = 2
TITLE_LENGTH, VENUE_LENGTH, NOTE_LENGTH, NAME_LENGTH = 255, 255, 2000, 200


def clean_text(value: Any, *, label: str, field: str, max_length: int, required: bool = False) -> str:
    """The text with single spaces; refused (with `label` in the message) when required and empty or too long."""
    text = " ".join(str(value or "").split())
    if required and not text:
        raise DomainError(f"Chưa nhập {label}.", field=field)
    if len(text) > max_length:
        raise DomainError(f"{label[0].upper()}{label[1:]} dài quá {max_length} ký tự.", field=field)
    return text


def _check_course(*, kind: str, organizer: Organization, starts_on: dt.date, ends_on: dt.date, today: dt.date) -> None:
    if kind not in CourseKind.values:
        raise DomainError("Loại lớp không hợp lệ.", field="kind")
    if not organizer.is_active:
        raise DomainError(f"“{organizer.name}” đã giải thể, không thể tổ chức lớp.", field="organizer")
    if starts_on < PARTY_FOUNDED:
        raise DomainError(f"Ngày khai giảng không được trước ngày {d(PARTY_FOUNDED)}.", field="starts_on")
    latest = add_years(today, PLANNED_YEARS_AHEAD)
    if starts_on > latest:
        raise DomainError(f"Ngày khai giảng không được sau ngày {d(latest)}.", field="starts_on")
    if ends_on < starts_on:
        raise DomainError(
            f"Ngày bế giảng ({d(ends_on)}) không được trước ngày khai giảng ({d(starts_on)}).", field="ends_on"
        )
    if ends_on > add_years(starts_on, MAX_COURSE_YEARS):
        raise DomainError(f"Một lớp không kéo dài quá {MAX_COURSE_YEARS} năm.", field="ends_on")


def _course_audit(action: str, *, actor: Any, course: Course, **entry: Any) -> None:
    log_action(
        f"training.course.{action}", actor=actor, object_type="course", object_id=course.pk,
        object_repr=course.title, scope_path=course.path, **entry,
    )  # fmt: skip


@transaction.atomic
def create_course(
    *, actor: Any, kind: str, title: str, organizer: Organization, starts_on: dt.date, ends_on: dt.date,
    venue: str = "", note: str = "", today: dt.date | None = None,
) -> Course:  # fmt: skip
    """Record a course. Steps: clean the texts; check the kind, the organizer (not dissolved) and the dates (in
    order, not before 1930, at most two years ahead, at most five years long); save; audit."""
    today = today or timezone.localdate()
    title = clean_text(title, label="tên lớp", field="title", max_length=TITLE_LENGTH, required=True)
    venue = clean_text(venue, label="địa điểm", field="venue", max_length=VENUE_LENGTH)
    note = str(note or "").strip()
    if len(note) > NOTE_LENGTH:
        raise DomainError(f"Ghi chú dài quá {NOTE_LENGTH} ký tự.", field="note")
    _check_course(kind=kind, organizer=organizer, starts_on=starts_on, ends_on=ends_on, today=today)
    course = Course.objects.create(
        kind=kind, title=title, organizer=organizer, path=organizer.path, starts_on=starts_on, ends_on=ends_on,
        venue=venue, note=note,
    )  # fmt: skip
    _course_audit("created", actor=actor, course=course, after=snapshot(course, COURSE_FIELDS))
    return course


@transaction.atomic
def update_course(
    *, actor: Any, course: Course, expected_version: int, data: dict[str, Any], today: dt.date | None = None
) -> Course:
    """Edit a course (kind, title, dates, venue, note; the organizer stays). A stale version is refused; the kind
    does not change once a result is recorded, and the end does not move after a certificate's issue date."""
    today = today or timezone.localdate()
    locked = Course.objects.select_for_update().select_related("organizer").get(pk=course.pk)
    if locked.version != expected_version:
        raise ConcurrentEditError()
    before = snapshot(locked, COURSE_FIELDS)
    kind = data.get("kind", locked.kind)
    starts_on, ends_on = data.get("starts_on", locked.starts_on), data.get("ends_on", locked.ends_on)
    _check_course(kind=kind, organizer=locked.organizer, starts_on=starts_on, ends_on=ends_on, today=today)
    graded = locked.enrollments.exclude(result=Result.PENDING)
    if kind != locked.kind and graded.exists():
        raise DomainError("Lớp đã có kết quả học tập: không đổi được loại lớp.", field="kind")
    first = graded.filter(certificate__issued_on__lt=ends_on).order_by("certificate__issued_on").first()
    if first is not None:
        raise DomainError(
            f"Giấy chứng nhận của {first.full_name} cấp ngày {d(first.certificate.issued_on)}, trước ngày bế giảng "
            f"mới ({d(ends_on)}).",
            field="ends_on",
        )
    locked.kind, locked.starts_on, locked.ends_on = kind, starts_on, ends_on
    locked.title = clean_text(
        data.get("title", locked.title), label="tên lớp", field="title", max_length=TITLE_LENGTH, required=True
    )
    locked.venue = clean_text(data.get("venue", locked.venue), label="địa điểm", field="venue", max_length=VENUE_LENGTH)
    locked.note = str(data.get("note", locked.note) or "").strip()
    if len(locked.note) > NOTE_LENGTH:
        raise DomainError(f"Ghi chú dài quá {NOTE_LENGTH} ký tự.", field="note")
    locked.version += 1
    locked.save()
    changed_before, changed_after = diff(before, snapshot(locked, COURSE_FIELDS))
    _course_audit("updated", actor=actor, course=locked, before=changed_before, after=changed_after)
    return locked


def _duplicate(course: Course, *, member: Member | None, citizen_id: str | None, key: str, birth_date: dt.date) -> None:
    """Refuse a second enrollment of the same person in `course`."""
    taken = course.enrollments.all()
    if member is not None and taken.filter(member=member).exists():
        raise DomainError(f"Đảng viên {member.full_name} đã có tên trong lớp này.", field="member")
    if citizen_id and taken.filter(citizen_id=citizen_id).exists():
        raise DomainError(f"Người có số CCCD {citizen_id} đã có tên trong lớp này.", field="citizen_id")
    same = taken.filter(search_name=key, birth_date=birth_date).first()
    if same is not None:
        raise DomainError(f"{same.full_name}, sinh ngày {d(birth_date)}, đã có tên trong lớp này.", field="full_name")


def _enrollment_audit(action: str, *, actor: Any, enrollment: Enrollment, **entry: Any) -> None:
    log_action(
        f"training.enrollment.{action}", actor=actor, object_type="enrollment", object_id=enrollment.pk,
        object_repr=f"{enrollment.full_name} — {enrollment.course.title}"[:255], scope_path=enrollment.path,
        **entry,
    )  # fmt: skip


def _save_enrollment(actor: Any, enrollment: Enrollment) -> Enrollment:
    enrollment.search_name = normalize_search(enrollment.full_name)
    enrollment.sort_key = sort_key_for(enrollment.full_name)
    enrollment.save()
    _enrollment_audit("created", actor=actor, enrollment=enrollment, after=snapshot(enrollment, ENROLLMENT_FIELDS))
    return enrollment


@transaction.atomic
def enroll_member(*, actor: Any, course: Course, member: Member) -> Enrollment:
    """Enroll a member on the rolls (not in the awareness course, which is for people not yet admitted)."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.kind == CourseKind.AWARENESS:
        raise DomainError(
            f"Lớp “{CourseKind.AWARENESS.label}” dành cho quần chúng chưa vào Đảng; {member.full_name} đã là "
            "đảng viên.",
            field="member",
        )
    if member.status not in ON_ROLLS:
        raise DomainError(
            f"{member.full_name} không còn trong danh sách đảng viên ({member.get_status_display()}).", field="member"
        )
    _duplicate(course, member=member, citizen_id=member.citizen_id, key=member.search_name,
               birth_date=member.birth_date)  # fmt: skip
    return _save_enrollment(
        actor,
        Enrollment(
            course=course, member=member, full_name=member.full_name, birth_date=member.birth_date,
            citizen_id=member.citizen_id, organization=member.organization, path=member.organization.path,
        ),
    )  # fmt: skip


@transaction.atomic
def enroll_person(
    *, actor: Any, course: Course, full_name: str, birth_date: dt.date, citizen_id: str | None,
    organization: Organization, today: dt.date | None = None,
) -> Enrollment:  # fmt: skip
    """Enroll a person who is not a member (the awareness course, or an "other" course), with the cell that
    prepares them. A citizen id that belongs to a member is refused: that member is enrolled as a member."""
    today = today or timezone.localdate()
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.kind not in OPEN_TO_NON_MEMBERS:
        raise DomainError(f"Lớp “{course.get_kind_display()}” chỉ dành cho đảng viên.", field="full_name")
    name = clean_text(full_name, label="họ và tên", field="full_name", max_length=NAME_LENGTH, required=True)
    check_birth_date(birth_date, today=today)
    if birth_date >= course.starts_on:
        raise DomainError("Ngày sinh phải trước ngày khai giảng.", field="birth_date")
    cid = (citizen_id or "").strip() or None
    if cid is not None:
        if not CITIZEN_ID_RE.match(cid):
            raise DomainError("Số CCCD phải gồm đúng 12 chữ số.", field="citizen_id")
        owner = Member.objects.filter(citizen_id=cid).first()
        if owner is not None:
            raise DomainError(
                f"Số CCCD {cid} là của đảng viên {owner.full_name}: hãy ghi danh đảng viên.", field="citizen_id"
            )
    if not organization.holds_members or not organization.is_active:
        raise DomainError(f"“{organization.name}” không phải chi bộ đang hoạt động.", field="organization")
    _duplicate(course, member=None, citizen_id=cid, key=normalize_search(name), birth_date=birth_date)
    return _save_enrollment(
        actor,
        Enrollment(
            course=course, full_name=name, birth_date=birth_date, citizen_id=cid, organization=organization,
            path=organization.path,
        ),
    )  # fmt: skip


@transaction.atomic
def remove_enrollment(*, actor: Any, enrollment: Enrollment, expected_version: int) -> None:
    """Take a person off a course's list (entered by mistake); refused once a result is recorded."""
    locked = Enrollment.objects.select_for_update().select_related("course").get(pk=enrollment.pk)
    if locked.version != expected_version:
        raise ConcurrentEditError()
    if locked.result != Result.PENDING:
        raise DomainError(
            f"{locked.full_name} đã có kết quả “{locked.get_result_display()}”: hãy sửa kết quả thay vì xóa tên.",
            field="result",
        )
    _enrollment_audit("removed", actor=actor, enrollment=locked, before=snapshot(locked, ENROLLMENT_FIELDS))
    locked.delete()


@transaction.atomic
def enroll_members(*, actor: Any, course: Course, members: list[Member]) -> list[Enrollment]:
    """Enroll several members at once (the members of a cell ticked on the page): each as `enroll_member`, with
    its own audit entry; one refusal and none is enrolled."""
    if not members:
        raise DomainError("Chưa chọn đảng viên nào.", field="members")
    return [enroll_member(actor=actor, course=course, member=m) for m in members]
