"""A member's political theory qualifications: recorded with the diploma or certificate, its date and the
institution, corrected when typed wrongly. A qualification higher than the level on the member sheet raises the
sheet's `political_theory_level` through the registry's own entry point (`members.services.update_member`), which
writes the member's audit entry for the sheet; the qualification writes its own. Nothing ever lowers the level.

Both take the version of the record the page showed: recording takes the member's (so a sheet edited meanwhile,
the level included, is not overwritten), correcting takes the qualification's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangbo.core.audit import diff, log_action, snapshot
from dangbo.core.dates import add_years
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.members import services as member_services
from dangbo.members.enums import TheoryLevel
from dangbo.members.models import Member

from .courses import clean_text
from .enums import LEVEL_RANK, QUALIFICATION_LEVELS
from .models import Enrollment, Qualification
from .rules import d

FIELDS = ["member_id", "level", "certificate_number", "issued_on", "institution", "note"]
NUMBER_LENGTH, INSTITUTION_LENGTH, NOTE_LENGTH = 60, 255, 500
MIN_AGE_AT_ISSUE = 16


def _check_issued_on(member: Member, issued_on: dt.date, today: dt.date) -> None:
    if issued_on > today:
        raise DomainError(f"Ngày cấp ({d(issued_on)}) không được sau ngày hôm nay.", field="issued_on")
    if issued_on < add_years(member.birth_date, MIN_AGE_AT_ISSUE):
        raise DomainError(
            f"Ngày cấp ({d(issued_on)}) không hợp lý: {member.full_name} sinh ngày {d(member.birth_date)}.",
            field="issued_on",
        )


def _audit(action: str, *, actor: Any, q: Qualification, member: Member, **entry: Any) -> None:
    log_action(
        f"training.qualification.{action}", actor=actor, object_type="qualification", object_id=q.pk,
        object_repr=f"{member.full_name} — {q.get_level_display()}", scope_path=member.organization.path, **entry,
    )  # fmt: skip


@transaction.atomic
def record_qualification(
    *, actor: Any, member: Member, expected_version: int, level: str, certificate_number: str,
    issued_on: dt.date, institution: str, note: str = "", enrollment: Enrollment | None = None,
    today: dt.date | None = None,
) -> Qualification:  # fmt: skip
    """Record one qualification of a member.

    Steps: lock the member and compare its version; check the level (one record per level and member), the
    texts and the issue date (not in the future, not before the member was 16); save; audit; when the level is
    above the sheet's, raise the sheet's level through `members.services.update_member`."""
    today = today or timezone.localdate()
    locked = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    if locked.version != expected_version:
        raise ConcurrentEditError()
    if level not in dict(QUALIFICATION_LEVELS):
        raise DomainError("Trình độ lý luận chính trị không hợp lệ.", field="level")
    number = clean_text(certificate_number, label="số bằng, giấy chứng nhận", field="certificate_number",
                    max_length=NUMBER_LENGTH, required=True)  # fmt: skip
    where = clean_text(institution, label="cơ sở đào tạo", field="institution", max_length=INSTITUTION_LENGTH,
                   required=True)  # fmt: skip
    remark = clean_text(note, label="ghi chú", field="note", max_length=NOTE_LENGTH, required=False)
    _check_issued_on(locked, issued_on, today)
    existing = locked.theory_qualifications.filter(level=level).first()
    if existing is not None:
        raise DomainError(
            f"{locked.full_name} đã có trình độ {existing.get_level_display().lower()} "
            f"(số {existing.certificate_number}, cấp ngày {d(existing.issued_on)}): hãy sửa bản ghi đó.",
            field="level",
        )
    if enrollment is not None and enrollment.member_id != locked.pk:
        raise DomainError("Lớp học được chọn không phải của đảng viên này.", field="enrollment")
    q = Qualification.objects.create(
        member=locked, level=level, certificate_number=number, issued_on=issued_on, institution=where, note=remark,
        enrollment=enrollment,
    )  # fmt: skip
    _audit("recorded", actor=actor, q=q, member=locked, after=snapshot(q, FIELDS))
    if LEVEL_RANK[level] > LEVEL_RANK.get(locked.political_theory_level, 0):
        member_services.update_member(
            actor=actor, member=locked, expected_version=locked.version, data={"political_theory_level": level},
            today=today,
        )  # fmt: skip
    return q


@transaction.atomic
def correct_qualification(
    *, actor: Any, qualification: Qualification, expected_version: int, data: dict[str, Any],
    today: dt.date | None = None,
) -> Qualification:  # fmt: skip
    """Correct the number, date, institution or note of a qualification (the level stays: a wrong level is a
    different qualification). A stale version is refused."""
    today = today or timezone.localdate()
    locked = Qualification.objects.select_for_update().select_related("member__organization").get(pk=qualification.pk)
    if locked.version != expected_version:
        raise ConcurrentEditError()
    before = snapshot(locked, FIELDS)
    locked.certificate_number = clean_text(
        data.get("certificate_number", locked.certificate_number), label="số bằng, giấy chứng nhận",
        field="certificate_number", max_length=NUMBER_LENGTH, required=True,
    )  # fmt: skip
    locked.institution = clean_text(data.get("institution", locked.institution), label="cơ sở đào tạo",
                                field="institution", max_length=INSTITUTION_LENGTH, required=True)  # fmt: skip
    locked.note = clean_text(data.get("note", locked.note), label="ghi chú", field="note", max_length=NOTE_LENGTH,
                         required=False)  # fmt: skip
    issued_on = data.get("issued_on", locked.issued_on)
    _check_issued_on(locked.member, issued_on, today)
    locked.issued_on = issued_on
    changed_before, changed_after = diff(before, snapshot(locked, FIELDS))
    if not changed_after:
        return locked
    locked.version += 1
    locked.save()
    _audit("corrected", actor=actor, q=locked, member=locked.member, before=changed_before, after=changed_after)
    return locked


def level_label(level: str) -> str:
    return str(TheoryLevel(level).label) if level in TheoryLevel.values else level
