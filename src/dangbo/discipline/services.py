"""Writes of discipline decisions: record a decision, record an appeal against it, settle the appeal. Each is
validated against the rule set in force on the decision date (`rules.rules_in_force`), atomic, and audited once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangbo.core.audit import log_action, snapshot
from dangbo.core.calendar import add_working_days
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.members.models import Member
from dangbo.organizations.models import Organization

from .checks import (
    check_competence,
    check_day,
    check_form,
    check_limitation,
    check_post,
    check_votes,
    member_cell_on,
    member_status_on,
    subject_class,
    vn,
)
from .enums import AppealResult, DisciplineForm, ViolationKind
from .models import Discipline
from .params import DisciplineRules
from .rules import rules_in_force

__all__ = [
    "appeal_deadline",
    "member_cell_on",
    "member_status_on",
    "record_appeal",
    "record_discipline",
    "settle_appeal",
]

AUDITED_FIELDS = [
    "member_id",
    "organization_id",
    "form",
    "violation_date",
    "violation_kind",
    "concluded_on",
    "decision_date",
    "decision_number",
    "deciding_organization_id",
    "organization_at_decision_id",
    "votes_for",
    "voters_entitled",
    "received_on",
    "state_notified_on",
    "note",
    "self_remedied",
]
APPEAL_FIELDS = ["appealed_on", "appeal_result", "appeal_decided_on", "appeal_decision_number", "form", "original_form"]


def _clean_number(value: str, field: str, what: str) -> str:
    number = " ".join((value or "").split())
    if not number:
        raise DomainError(f"Số {what} không được để trống.", field=field)
    if len(number) > 80:
        raise DomainError(f"Số {what} dài quá 80 ký tự.", field=field)
    return number


@transaction.atomic
def record_discipline(
    *,
    actor: Any,
    form: str,
    violation_date: dt.date,
    decision_date: dt.date,
    decision_number: str,
    deciding_organization: Organization,
    member: Member | None = None,
    organization: Organization | None = None,
    note: str = "",
    self_remedied: bool = False,
    violation_kind: str = ViolationKind.ORDINARY,
    votes_for: int | None = None,
    voters_entitled: int | None = None,
    received_on: dt.date | None = None,
    concluded_on: dt.date | None = None,
    state_notified_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Discipline:
    """Record a discipline decision against one member or one organization.

    Steps, each refusing with the rule it applies (the rule set in force on the decision date): exactly one
    subject; the dates sane (not before 3/2/1930, not in the future; the decision not before the violation, the
    receipt and the notice to the state body not before the decision); the form fits the subject (organizations:
    reprimand, warning, dissolution; members: reprimand, warning, dismissal, expulsion; a member probationary on the
    decision date: reprimand or warning); a dismissal needs a post held on the decision date; the vote, when given,
    counts both figures, for not over entitled, and reaches the form's threshold (both blank: a decision recorded
    from the paper files, which the pages and the API only accept with a note); the deciding organization is the
    member's cell or above it (above the organization), and its kind may decide the form; the violation is within
    its limitation period on `concluded_on` (the day the competent body concluded it warranted discipline; the
    decision date when not given), a later violation by the same subject restarting the clock; the decision number
    not recorded twice for the subject. Then save and write the audit entry.

    Recording the decision does not change the member's status: an expulsion is followed by the status change in
    the member registry."""
    today = today or timezone.localdate()
    if (member is None) == (organization is None):
        raise DomainError("Kỷ luật phải áp dụng cho đúng một đảng viên hoặc một tổ chức đảng.", field="member")
    decision_number = _clean_number(decision_number, "decision_number", "quyết định kỷ luật")
    check_day(violation_date, "ngày vi phạm", today=today, field="violation_date")
    check_day(decision_date, "ngày quyết định kỷ luật", today=today, field="decision_date")
    if decision_date < violation_date:
        raise DomainError(
            f"Ngày quyết định kỷ luật ({vn(decision_date)}) không được trước ngày vi phạm ({vn(violation_date)}).",
            field="decision_date",
        )
    concluded_on = concluded_on or decision_date
    check_day(concluded_on, "ngày kết luận vi phạm", today=today, field="concluded_on", not_before=violation_date)
    if concluded_on > decision_date:
        raise DomainError("Ngày kết luận vi phạm không được sau ngày quyết định kỷ luật.", field="concluded_on")
    check_day(received_on, "ngày nhận quyết định", today=today, field="received_on", not_before=decision_date)
    check_day(state_notified_on, "ngày thông báo", today=today, field="state_notified_on", not_before=decision_date)
    rules = rules_in_force(decision_date)
    check_form(form=form, subject=subject_class(member, decision_date), rules=rules)
    check_post(form=form, member=member, day=decision_date, rules=rules)
    check_votes(form=form, votes_for=votes_for, voters_entitled=voters_entitled, rules=rules)
    unit = member_cell_on(member, decision_date) if member is not None else organization
    assert unit is not None
    check_competence(
        form=form, deciding=deciding_organization, unit=unit, organization_subject=member is None, rules=rules
    )
    check_limitation(
        form=form,
        violation_kind=violation_kind,
        violation_date=violation_date,
        concluded_on=concluded_on,
        member=member,
        organization=organization,
        rules=rules,
    )
    same_subject = Discipline.objects.filter(member=member) if member else Discipline.objects.filter(organization=unit)
    if same_subject.filter(decision_number=decision_number).exists():
        raise DomainError(
            f"Quyết định kỷ luật số “{decision_number}” đối với đối tượng này đã được ghi nhận.",
            field="decision_number",
        )
    discipline = Discipline.objects.create(
        member=member,
        organization=organization,
        form=form,
        violation_date=violation_date,
        violation_kind=violation_kind,
        concluded_on=concluded_on,
        decision_date=decision_date,
        decision_number=decision_number,
        deciding_organization=deciding_organization,
        organization_at_decision=unit,
        votes_for=votes_for,
        voters_entitled=voters_entitled,
        received_on=received_on,
        state_notified_on=state_notified_on,
        note=(note or "").strip(),
        self_remedied=self_remedied,
        rule_set_id=rules.rule_set_id,
    )
    log_action(
        "discipline.discipline.recorded",
        actor=actor,
        object_type="discipline",
        object_id=discipline.pk,
        object_repr=str(discipline),
        scope_path=unit.path,
        after=snapshot(discipline, AUDITED_FIELDS),
    )
    return discipline


def appeal_deadline(discipline: Discipline, rules: DisciplineRules | None = None) -> dt.date:
    """The last day an appeal may be filed: the rule set's working days (30) counted from the day after the
    subject received the decision (the decision date when the receipt is not recorded)."""
    rules = rules or rules_in_force(discipline.decision_date)
    start = discipline.received_on or discipline.decision_date
    return add_working_days(start, rules.appeal_working_days)


def _lock(discipline: Discipline, expected_version: int) -> Discipline:
    locked = (
        Discipline.objects.select_for_update(of=("self",))
        .select_related("member", "organization", "organization_at_decision")
        .get(pk=discipline.pk)
    )
    if locked.version != expected_version:
        raise ConcurrentEditError()
    return locked


def _save(locked: Discipline, action: str, actor: Any, before: dict[str, Any], fields: list[str]) -> Discipline:
    locked.version += 1
    locked.save(update_fields=[*fields, "version", "updated_at"])
    log_action(
        action,
        actor=actor,
        object_type="discipline",
        object_id=locked.pk,
        object_repr=str(locked),
        scope_path=locked.organization_at_decision.path,
        before=before,
        after=snapshot(locked, APPEAL_FIELDS),
    )
    return locked


@transaction.atomic
def record_appeal(
    *, actor: Any, discipline: Discipline, filed_on: dt.date, expected_version: int, today: dt.date | None = None
) -> Discipline:
    """The subject appealed against the decision on `filed_on`. Refused when an appeal is already recorded, when
    `filed_on` is before the decision was received or after today, or after the appeal window (`appeal_deadline`:
    30 working days, the rule set's `appeal`). The decision keeps applying while the appeal is pending."""
    today = today or timezone.localdate()
    locked = _lock(discipline, expected_version)
    if locked.appealed_on is not None:
        raise DomainError(f"Đã ghi nhận khiếu nại ngày {vn(locked.appealed_on)} đối với quyết định này.")
    start = locked.received_on or locked.decision_date
    check_day(filed_on, "ngày khiếu nại", today=today, field="filed_on", not_before=start)
    rules = rules_in_force(locked.decision_date)
    deadline = appeal_deadline(locked, rules)
    if filed_on > deadline:
        received = (
            f"nhận quyết định ngày {vn(locked.received_on)}"
            if locked.received_on
            else (f"không ghi ngày nhận, tính từ ngày quyết định {vn(locked.decision_date)}")
        )
        raise DomainError(
            rules.appeal_source.cite(
                f"Khiếu nại ngày {vn(filed_on)} đã quá thời hạn một tháng ({rules.appeal_working_days} ngày làm việc) "
                f"kể từ ngày nhận quyết định ({received}): hạn cuối là ngày {vn(deadline)}"
            )
            + ".",
            field="filed_on",
        )
    before = snapshot(locked, APPEAL_FIELDS)
    locked.appealed_on = filed_on
    return _save(locked, "discipline.discipline.appealed", actor, before, ["appealed_on"])


@transaction.atomic
def settle_appeal(
    *,
    actor: Any,
    discipline: Discipline,
    result: str,
    decided_on: dt.date,
    decision_number: str,
    new_form: str | None = None,
    expected_version: int,
    today: dt.date | None = None,
) -> Discipline:
    """The competent level settled the appeal on `decided_on`: the decision upheld, its form changed to `new_form`
    (the first form kept in `original_form`), or annulled (it then never counts: not in force, not in the rating
    facts). Refused when no appeal is pending, the date is before the appeal or after today, the number is blank,
    or the new form is missing, the same, or does not fit the subject (a dismissal still needs a post)."""
    today = today or timezone.localdate()
    locked = _lock(discipline, expected_version)
    if locked.appealed_on is None:
        raise DomainError("Quyết định này chưa có khiếu nại để giải quyết.")
    if locked.appeal_result:
        raise DomainError(f"Khiếu nại đã được giải quyết ngày {vn(locked.appeal_decided_on)}.")  # type: ignore[arg-type]
    if result not in AppealResult.values:
        raise DomainError(f"Kết quả giải quyết khiếu nại “{result}” không hợp lệ.", field="result")
    check_day(decided_on, "ngày giải quyết khiếu nại", today=today, field="decided_on", not_before=locked.appealed_on)
    number = _clean_number(decision_number, "decision_number", "quyết định giải quyết khiếu nại")
    fields = ["appeal_result", "appeal_decided_on", "appeal_decision_number"]
    before = snapshot(locked, APPEAL_FIELDS)
    if result == AppealResult.CHANGED:
        if not new_form:
            raise DomainError("Cần chọn hình thức kỷ luật mới khi thay đổi hình thức.", field="new_form")
        if new_form == locked.form:
            raise DomainError(
                f"Hình thức mới trùng hình thức đã quyết định ({DisciplineForm(locked.form).label}).", field="new_form"
            )
        rules = rules_in_force(locked.decision_date)
        check_form(form=new_form, subject=subject_class(locked.member, locked.decision_date), rules=rules)
        check_post(form=new_form, member=locked.member, day=locked.decision_date, rules=rules)
        locked.original_form, locked.form = locked.form, new_form
        fields += ["original_form", "form"]
    elif new_form:
        raise DomainError("Chỉ chọn hình thức mới khi kết quả là thay đổi hình thức kỷ luật.", field="new_form")
    locked.appeal_result, locked.appeal_decided_on, locked.appeal_decision_number = result, decided_on, number
    return _save(locked, "discipline.discipline.appeal_settled", actor, before, fields)
