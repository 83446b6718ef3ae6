"""Results and certificates of a course, entered for the whole list at once: all rows are checked first, then
written in one transaction with one audit entry, or nothing is written.

A row names one enrollment of the course (an enrollment of another course, or an id that is nobody's, refuses
the whole save), its version when the page was opened (stale: `ConcurrentEditError`), the result and, for a
person who passed, the certificate: number, issue date (not before the course ended, not after today) and, when
the certificate states one, the last day it is valid (not before the issue date, not beyond the rule set's
validity). Without a stated end, the validity comes from the training rule set in force on the issue date
(`rules.rules_for_certificate`), with its explanation stored beside it. A result taken back from "passed" removes
the certificate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangbo.core.audit import log_action
from dangbo.core.errors import ConcurrentEditError, DomainError

from .enums import Result
from .models import Certificate, Course, Enrollment
from .rules import d, rules_for_certificate, validity_sentence

NOTE_LENGTH, NUMBER_LENGTH = 500, 60


@dataclass(frozen=True)
class ResultRow:
    """What the page or the API sends for one enrollment."""

    enrollment_id: int
    version: int
    result: str
    note: str = ""
    certificate_number: str = ""
    issued_on: dt.date | None = None
    valid_until: dt.date | None = None


@dataclass
class _Plan:
    enrollment: Enrollment
    row: ResultRow
    number: str
    note: str
    valid_until: dt.date | None = None
    validity_note: str = ""
    rule_set_id: int | None = None


def _certificate_plan(plan: _Plan, course: Course, today: dt.date) -> None:
    """Check the certificate of a passed row and work out its validity."""
    row, who = plan.row, plan.enrollment.full_name
    if row.issued_on is None:
        raise DomainError(f"{who}: chưa nhập ngày cấp giấy chứng nhận số {plan.number}.", field="issued_on")
    if row.issued_on < course.ends_on:
        raise DomainError(
            f"{who}: giấy chứng nhận cấp ngày {d(row.issued_on)}, trước ngày bế giảng ({d(course.ends_on)}).",
            field="issued_on",
        )
    if row.issued_on > today:
        raise DomainError(f"{who}: ngày cấp giấy chứng nhận ({d(row.issued_on)}) sau ngày hôm nay.", field="issued_on")
    rules, older = rules_for_certificate(row.issued_on)
    by_rule = rules.validity(course.kind).valid_until(row.issued_on)
    plan.rule_set_id = rules.rule_set_id
    plan.validity_note = validity_sentence(rules, course.kind, row.issued_on) + "." + older
    if row.valid_until is None:
        plan.valid_until = by_rule
        return
    if row.valid_until < row.issued_on:
        raise DomainError(
            f"{who}: giấy chứng nhận cấp ngày {d(row.issued_on)}, sau ngày hết hạn ({d(row.valid_until)}).",
            field="valid_until",
        )
    if by_rule is not None and row.valid_until > by_rule:
        raise DomainError(
            f"{who}: ngày hết hạn ghi trên giấy ({d(row.valid_until)}) vượt thời hạn theo quy định. "
            + plan.validity_note,
            field="valid_until",
        )
    plan.valid_until = row.valid_until
    plan.validity_note = f"Thời hạn ghi trên giấy chứng nhận: đến hết ngày {d(row.valid_until)}."


def _plan(course: Course, rows: list[ResultRow], today: dt.date) -> list[_Plan]:
    """Every row checked against the course's list, nothing written."""
    by_id = {e.pk: e for e in Enrollment.objects.select_for_update().filter(course=course)}
    certificates = {c.enrollment_id: c for c in Certificate.objects.filter(enrollment__course=course)}
    plans: list[_Plan] = []
    seen: set[int] = set()
    numbers: dict[str, str] = {}
    for i, row in enumerate(rows, start=1):
        enrollment = by_id.get(row.enrollment_id)
        if enrollment is None:
            raise DomainError(
                f"Dòng {i}: người này không có tên trong danh sách học viên của lớp “{course.title}”.",
                field="rows",
            )
        if enrollment.pk in seen:
            raise DomainError(f"Kết quả của {enrollment.full_name} được nhập hai lần.", field="rows")
        seen.add(enrollment.pk)
        if enrollment.version != row.version:
            raise ConcurrentEditError()
        if row.result not in Result.values:
            raise DomainError(f"{enrollment.full_name}: kết quả không hợp lệ.", field="result")
        if row.result != Result.PENDING and course.ends_on > today:
            raise DomainError(
                f"Lớp bế giảng ngày {d(course.ends_on)}: chưa ghi được kết quả của {enrollment.full_name}.",
                field="result",
            )
        note = " ".join(str(row.note or "").split())
        if len(note) > NOTE_LENGTH:
            raise DomainError(f"{enrollment.full_name}: nhận xét dài quá {NOTE_LENGTH} ký tự.", field="note")
        number = " ".join(str(row.certificate_number or "").split())
        if len(number) > NUMBER_LENGTH:
            raise DomainError(f"{enrollment.full_name}: số giấy chứng nhận dài quá {NUMBER_LENGTH} ký tự.",
                              field="certificate_number")  # fmt: skip
        plan = _Plan(enrollment, row, number, note)
        if number and row.result != Result.PASSED:
            raise DomainError(
                f"{enrollment.full_name}: chỉ cấp giấy chứng nhận cho người có kết quả “{Result.PASSED.label}”.",
                field="certificate_number",
            )
        if not number and (row.issued_on or row.valid_until):
            raise DomainError(f"{enrollment.full_name}: chưa nhập số giấy chứng nhận.", field="certificate_number")
        if number:
            if number in numbers:
                raise DomainError(
                    f"Số giấy chứng nhận {number} được nhập cho cả {numbers[number]} và {enrollment.full_name}.",
                    field="certificate_number",
                )
            numbers[number] = enrollment.full_name
            _certificate_plan(plan, course, today)
        plans.append(plan)
    for plan in plans:  # numbers already given in this course to someone not in this save
        for other_id, cert in certificates.items():
            if cert.number == plan.number and other_id not in seen:
                raise DomainError(f"Số giấy chứng nhận {plan.number} đã cấp cho người khác trong lớp này.",
                                  field="certificate_number")  # fmt: skip
    return plans


def _apply(plan: _Plan, existing: Certificate | None) -> str | None:
    """Write one row; what changed, in a sentence for the audit entry (None: nothing did)."""
    e, row, issued = plan.enrollment, plan.row, plan.row.issued_on
    stated = row.valid_until is not None
    wanted = (plan.number, issued, plan.valid_until, stated) if plan.number and issued else None
    had = (existing.number, existing.issued_on, existing.valid_until, existing.validity_stated) if existing else None
    if e.result == row.result and e.result_note == plan.note and wanted == had:
        return None
    e.result, e.result_note = row.result, plan.note
    e.version += 1
    e.save(update_fields=["result", "result_note", "version", "updated_at"])
    line = f"{e.full_name}: {Result(row.result).label}"
    if wanted is None or issued is None:
        if existing is not None:
            existing.delete()
        return line
    if wanted != had:
        cert = existing or Certificate(enrollment=e)
        cert.number, cert.issued_on, cert.valid_until = plan.number, issued, plan.valid_until
        cert.validity_stated = stated
        cert.validity_note, cert.rule_set_id = plan.validity_note[:500], plan.rule_set_id
        if existing is not None:
            cert.version += 1
        cert.save()
    until = f"đến hết ngày {d(plan.valid_until)}" if plan.valid_until else "không thời hạn"
    return f"{line}, giấy chứng nhận số {plan.number} cấp ngày {d(issued)}, {until}"


@transaction.atomic
def record_results(*, actor: Any, course: Course, rows: list[ResultRow], today: dt.date | None = None) -> int:
    """Save the results (and certificates) of `rows` for `course`, all or nothing; returns how many rows changed.

    Steps: lock the course and its enrollments; check every row (enrolled in this course, version, result after
    the course ended, certificate number unique in the course, its dates and validity); write the changed rows;
    one audit entry listing them (none when nothing changed)."""
    today = today or timezone.localdate()
    course = Course.objects.select_for_update().get(pk=course.pk)
    if not rows:
        raise DomainError("Chưa có dòng kết quả nào.", field="rows")
    plans = _plan(course, rows, today)
    existing = {c.enrollment_id: c for c in Certificate.objects.filter(enrollment__course=course)}
    changed = [c for p in plans if (c := _apply(p, existing.get(p.enrollment.pk))) is not None]
    if changed:
        log_action(
            "training.course.results_recorded", actor=actor, object_type="course", object_id=course.pk,
            object_repr=course.title, scope_path=course.path, data={"results": changed},
        )  # fmt: skip
    return len(changed)
