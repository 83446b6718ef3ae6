"""The conclusion of a case, and the discipline it decides or proposes.

A conclusion comes after the draft report and the subject's explanation, and after the findings it rests on. When
it finds a violation that warrants discipline (only for a kind whose rule allows it: an inspection, not a
supervision), the form is decided by the inspecting organization itself when its kind is competent for that form
(the discipline rule set's competence table, `discipline.params`): the decision is then recorded through
`discipline.services.record_discipline` in the same transaction (its checks apply: the vote, a post for a dismissal,
the limitation period on the conclusion's day; a refusal there saves nothing here either) and linked to the case.
Otherwise the case records the proposal and the nearest level above that is competent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangbo.core.errors import DomainError
from dangbo.discipline.enums import DisciplineForm
from dangbo.discipline.models import Discipline
from dangbo.discipline.rules import rules_in_force as discipline_rules
from dangbo.discipline.services import record_discipline
from dangbo.organizations.models import Organization

from .enums import CaseState, ConclusionResult, Stage
from .models import Case
from .rules import rules_in_force
from .services import audit, check_day, clean_text, d, lock, save
from .steps import check_after_previous, last_finding_on


@dataclass(frozen=True)
class DisciplineChoice:
    """The discipline a conclusion decides (or proposes): the form, and for a decision the number, date and vote;
    the violation's date and kind when the case did not record them at its opening."""

    form: str
    decision_number: str = ""
    decision_date: dt.date | None = None
    votes_for: int | None = None
    voters_entitled: int | None = None
    violation_date: dt.date | None = None
    violation_kind: str = ""


def competent_level(case: Case, form: str, on: dt.date) -> Organization | None:
    """The inspecting organization when its kind decides `form` for the subject, else the nearest level above it
    that does (None: none in the tree)."""
    rules = discipline_rules(on)
    organization_subject = case.subject_organization_id is not None
    chain = Organization.objects.filter(path__in=case.organization.ancestor_paths()).order_by("-depth")
    for level in chain:
        if form in rules.competent_forms(level.kind, organization_subject=organization_subject):
            return level
    return None


def _check_ready(case: Case, day: dt.date, result: str) -> None:
    """The draft stage done, the findings recorded on or before the day, one of them a violation for a violation."""
    if case.state != CaseState.IN_PROGRESS:
        raise DomainError(f"Chỉ kết luận cuộc đang tiến hành (hiện: “{case.get_state_display()}”).", field="result")
    if not case.findings.exists():
        raise DomainError("Chưa có kết quả thẩm tra, xác minh nào: không thể kết luận trước khi có kết quả.",
                          field="result")  # fmt: skip
    last = last_finding_on(case)
    if last is not None and day < last:
        raise DomainError(f"Ngày kết luận ({d(day)}) không được trước kết quả thẩm tra, xác minh ngày {d(last)}.",
                          field="concluded_on")  # fmt: skip
    check_after_previous(case, Stage.CONCLUSION, day)
    if result != ConclusionResult.NO_VIOLATION and not case.findings.filter(is_violation=True).exists():
        raise DomainError("Kết luận có vi phạm cần ít nhất một kết quả thẩm tra, xác minh ghi nhận vi phạm.",
                          field="result")  # fmt: skip


def _decide(actor: Any, case: Case, choice: DisciplineChoice, day: dt.date, number: str, today: dt.date) -> Discipline:
    """The discipline decided by the inspecting organization itself, through the discipline service."""
    violation = case.violation_date or choice.violation_date
    if violation is None:
        raise DomainError("Hãy nhập ngày vi phạm để quyết định kỷ luật.", field="violation_date")
    if choice.votes_for is None or choice.voters_entitled is None:
        raise DomainError("Hãy nhập số phiếu tán thành và số thành viên có quyền biểu quyết.", field="votes_for")
    return record_discipline(
        actor=actor, form=choice.form, violation_date=violation, decision_date=choice.decision_date or day,
        decision_number=choice.decision_number, deciding_organization=case.organization,
        member=case.subject_member, organization=case.subject_organization,
        note=f"Theo kết luận {Stage.CONCLUSION.label.lower()} {number or case.decision_number}".strip(),
        violation_kind=case.violation_kind or choice.violation_kind or "ordinary", votes_for=choice.votes_for,
        voters_entitled=choice.voters_entitled, concluded_on=day, today=today,
    )  # fmt: skip


@transaction.atomic
def conclude(
    *, actor: Any, case: Case, expected_version: int, concluded_on: dt.date | None, result: str, conclusion: str,
    conclusion_number: str = "", discipline: DisciplineChoice | None = None, today: dt.date | None = None,
) -> Case:  # fmt: skip
    """Conclude the case on `concluded_on`.

    Steps: lock and compare the version; the case under way, its draft stage done, findings recorded on or before
    the day (one a violation, for a violation); the day not before the draft nor in the future; the result; a
    discipline only with the result "discipline" and a kind whose rule allows it; when the inspecting organization
    is competent for the form, the decision recorded (`record_discipline`) and linked, otherwise the proposal and
    the competent level above; save (state concluded); audit."""
    today = today or timezone.localdate()
    locked = lock(case, expected_version)
    if result not in ConclusionResult.values:
        raise DomainError("Hãy chọn kết luận.", field="result")
    day = check_day(concluded_on, "ngày kết luận", today=today, field="concluded_on")
    _check_ready(locked, day, result)
    values: dict[str, Any] = {
        "concluded_on": day, "result": result, "state": CaseState.CONCLUDED,
        "conclusion": clean_text(conclusion, "conclusion", "nội dung kết luận", required=True, one_line=False),
        "conclusion_number": clean_text(conclusion_number, "conclusion_number", "số thông báo kết luận"),
        "proposed_form": "", "proposed_to": "", "discipline": None,
    }  # fmt: skip
    if result == ConclusionResult.DISCIPLINE:
        rule = rules_in_force(locked.decision_date or day).kind(locked.kind)
        if not rule.may_discipline:
            raise DomainError(rule.source.cite(
                f"“{rule.label}” không kết luận kỷ luật: khi phát hiện vi phạm đến mức phải xử lý thì chuyển sang "
                "kiểm tra khi có dấu hiệu vi phạm") + ".", field="result")  # fmt: skip
        if discipline is None or discipline.form not in DisciplineForm.values:
            raise DomainError("Hãy chọn hình thức kỷ luật.", field="form")
        competent = competent_level(locked, discipline.form, day)
        if competent is not None and competent.pk == locked.organization_id:
            values["discipline"] = _decide(actor, locked, discipline, day, values["conclusion_number"], today)
        else:
            values["proposed_form"] = discipline.form
            values["proposed_to"] = competent.name if competent is not None else "Cấp có thẩm quyền"
    elif discipline is not None:
        raise DomainError("Chỉ chọn hình thức kỷ luật khi kết luận phải xem xét kỷ luật.", field="form")
    for name, value in values.items():
        setattr(locked, name, value)
    save(locked, list(values))
    audit("concluded", actor=actor, case=locked, after={
        "concluded_on": day.isoformat(), "result": result, "proposed_form": values["proposed_form"],
        "proposed_to": values["proposed_to"], "discipline": values["discipline"].pk if values["discipline"] else None,
    })  # fmt: skip
    return locked
