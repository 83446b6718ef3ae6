"""Writes of the inspection programmes and of the opening of a case: a programme, a case planned in it or opened
(with its decision), the decision of a planned case, the case's team. The later steps are in `steps.py`, the
conclusion in `conclusion.py`; they share the helpers here.

Every write: keyword-only arguments, one transaction, the checks first (Vietnamese `DomainError` naming the field,
nothing saved), a case already saved locked and its `version` compared (`ConcurrentEditError`), the write, the
case's next deadline kept (`deadlines.next_due`), one audit entry. Dates are not after `today`: a step is recorded
when it has happened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangbo.complaints.models import Complaint
from dangbo.core.audit import log_action, snapshot
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.discipline.enums import MEMBER_FORMS, ORGANIZATION_FORMS
from dangbo.members.enums import ON_ROLLS
from dangbo.members.models import Member
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization

from .deadlines import level_of, next_due, rules_for
from .enums import Body, CaseKind, CaseState, SubjectKind, TeamRole
from .limitation import check_limitation
from .models import Case, Programme, TeamMember
from .params import InspectionRules
from .rules import rules_in_force

EARLIEST = dt.date(2000, 1, 1)
TEXT_LIMITS = {"number": 80, "decision_number": 80, "title": 255, "note": 2000, "content": 4000, "name": 200,
               "position": 200, "text": 4000, "task": 2000, "owner": 255, "conclusion": 8000,
               "conclusion_number": 80, "proposed_to": 255}  # fmt: skip
CASE_FIELDS = [
    "programme_id", "organization_id", "body", "kind", "state", "subject_member_id", "subject_organization_id",
    "content", "planned_month", "complaint_id", "decision_number", "decision_date", "violation_date",
    "violation_form", "violation_kind",
]  # fmt: skip
PROGRAMME_FIELDS = ["organization_id", "body", "year", "number", "approved_on", "title", "note"]


def d(day: dt.date | None) -> str:
    """dd/mm/yyyy (the year on four digits, even for an absurd one)."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}" if day else "—"


def check_day(day: dt.date | None, label: str, *, today: dt.date, field: str) -> dt.date:
    """A required date, from 2000 and not after today."""
    if day is None:
        raise DomainError(f"Hãy nhập {label}.", field=field)
    if day < EARLIEST:
        raise DomainError(f"{label.capitalize()} ({d(day)}) không hợp lệ: trước năm {EARLIEST.year}.", field=field)
    if day > today:
        raise DomainError(f"{label.capitalize()} ({d(day)}) chưa đến: chỉ ghi nhận khi việc đã diễn ra.", field=field)
    return day


def clean_text(value: str | None, field: str, label: str, *, required: bool = False, one_line: bool = True) -> str:
    """The text trimmed (spaces collapsed on one line), required when asked, not longer than its limit."""
    raw = value or ""
    text = " ".join(raw.split()) if one_line else "\n".join(line.rstrip() for line in raw.strip().splitlines())
    if required and not text:
        raise DomainError(f"Hãy nhập {label}.", field=field)
    limit = TEXT_LIMITS.get(field, 255)
    if len(text) > limit:
        raise DomainError(f"{label.capitalize()} dài quá {limit} ký tự.", field=field)
    return text


def audit(action: str, *, actor: Any, case: Case, request: Any = None, **entry: Any) -> None:
    """One audit entry about a case (`inspection.case.<action>`), in the inspecting organization's scope."""
    log_action(
        f"inspection.case.{action}",
        actor=actor,
        object_type="inspection_case",
        object_id=case.pk,
        object_repr=str(case),
        scope_path=case.organization.path,
        request=request,
        **entry,
    )


def lock(case: Case, expected_version: int | None) -> Case:
    """The case's row, locked for this transaction; a stale version refused."""
    locked = (
        Case.objects.select_for_update(of=("self",))
        .select_related("organization", "subject_member", "subject_organization", "programme")
        .get(pk=case.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError()
    return locked


def save(case: Case, fields: list[str], *, rules: InspectionRules | None = None) -> None:
    """The case saved with its version bumped and its next deadline recomputed."""
    case.due_stage, case.due_on = next_due(case, rules if rules is not None else rules_for(case))
    case.version += 1
    case.save(update_fields=[*fields, "due_stage", "due_on", "version", "updated_at"])


# ---- who may be inspected by whom ---------------------------------------------------------------------------------


def check_runner(organization: Organization, body: str, rules: InspectionRules) -> str:
    """The inspecting organization's level, refused when the organization or its body cannot run a programme."""
    if organization.kind == OrgKind.PARTY_GROUP:
        raise DomainError("Tổ đảng không lập chương trình, không tiến hành kiểm tra, giám sát.", field="organization")
    if not organization.is_active:
        raise DomainError(f"“{organization.name}” đã giải thể.", field="organization")
    if body not in Body.values:
        raise DomainError("Chủ thể kiểm tra, giám sát không hợp lệ.", field="body")
    level = level_of(organization)
    if body not in rules.bodies[level]:
        raise DomainError(
            rules.bodies_source.cite(
                f"{Body(body).label} không phải chủ thể kiểm tra, giám sát ở cấp của “{organization.name}”"
            )
            + ".",
            field="body",
        )
    return level


def check_kind(kind: str, level: str, organization: Organization, rules: InspectionRules) -> None:
    if kind not in CaseKind.values:
        raise DomainError("Loại kiểm tra, giám sát không hợp lệ.", field="kind")
    rule = rules.kind(kind)
    if level not in rule.levels:
        raise DomainError(rule.source.cite(f"“{organization.name}” không tiến hành “{rule.label}”") + ".", field="kind")


def check_subject(
    *, kind: str, organization: Organization, member: Member | None, subject: Organization | None,
    rules: InspectionRules,
) -> str:  # fmt: skip
    """The subject: exactly one, of a kind the case's kind may target, inside the inspecting organization's
    subtree (an organization strictly below it; a member on the rolls of a cell in it). Returns the subject kind."""
    if (member is None) == (subject is None):
        raise DomainError("Hãy chọn đúng một đối tượng: một đảng viên hoặc một tổ chức đảng.", field="subject")
    subject_kind = SubjectKind.MEMBER if member is not None else SubjectKind.ORGANIZATION
    rule = rules.kind(kind)
    if subject_kind not in rule.subjects:
        raise DomainError(
            rule.source.cite(f"“{rule.label}” không áp dụng với {SubjectKind(subject_kind).label.lower()}") + ".",
            field="subject",
        )
    if member is not None:
        if member.status not in ON_ROLLS:
            raise DomainError(f"Đồng chí {member.full_name} không còn trong danh sách đảng viên.", field="subject")
        if not member.organization.path.startswith(organization.path):
            raise DomainError(
                f"Đồng chí {member.full_name} không sinh hoạt trong “{organization.name}”: đối tượng phải thuộc "
                "tổ chức đảng tiến hành kiểm tra, giám sát hoặc cấp dưới.",
                field="subject",
            )
        return subject_kind
    assert subject is not None
    if subject.pk == organization.pk or not subject.path.startswith(organization.path):
        raise DomainError(
            f"“{subject.name}” không phải tổ chức đảng cấp dưới của “{organization.name}”: đối tượng phải thuộc "
            "tổ chức đảng tiến hành kiểm tra, giám sát.",
            field="subject",
        )
    if not subject.is_active:
        raise DomainError(f"“{subject.name}” đã giải thể.", field="subject")
    return subject_kind


# ---- programmes ---------------------------------------------------------------------------------------------------


def _programme_values(
    *, year: int, number: str, approved_on: dt.date | None, title: str, note: str, today: dt.date
) -> dict[str, Any]:
    if isinstance(year, bool) or not isinstance(year, int) or not EARLIEST.year <= year <= today.year + 1:
        raise DomainError(f"Năm của chương trình phải từ {EARLIEST.year} đến {today.year + 1}.", field="year")
    approved_on = check_day(approved_on, "ngày ban hành chương trình", today=today, field="approved_on")
    if approved_on.year not in (year - 1, year):
        raise DomainError(
            f"Chương trình năm {year} được ban hành cuối năm {year - 1} hoặc trong năm {year}, không phải ngày "
            f"{d(approved_on)}.",
            field="approved_on",
        )
    return {
        "year": year,
        "approved_on": approved_on,
        "number": clean_text(number, "number", "số chương trình", required=True),
        "title": clean_text(title, "title", "tên chương trình", required=True),
        "note": clean_text(note, "note", "ghi chú", one_line=False),
    }


@transaction.atomic
def create_programme(
    *, actor: Any, organization: Organization, body: str, year: int, number: str, approved_on: dt.date | None,
    title: str, note: str = "", today: dt.date | None = None,
) -> Programme:  # fmt: skip
    """A yearly programme of `organization`'s `body`.

    Steps: check the values (the year, an approval day at the end of the year before or in the year and not in the
    future, number and title given); check the organization and body may run programmes (the rule set in force on
    the approval day); refuse a second programme of the same body and year; save; audit."""
    today = today or timezone.localdate()
    values = _programme_values(year=year, number=number, approved_on=approved_on, title=title, note=note, today=today)
    check_runner(organization, body, rules_in_force(values["approved_on"]))
    if Programme.objects.filter(organization=organization, body=body, year=values["year"]).exists():
        raise DomainError(
            f"{Body(body).label} của “{organization.name}” đã có chương trình kiểm tra, giám sát năm {year}.",
            field="year",
        )
    programme = Programme.objects.create(organization=organization, body=body, created_by=_user(actor), **values)
    log_action("inspection.programme.created", actor=actor, object_type="inspection_programme",
               object_id=programme.pk, object_repr=str(programme), scope_path=organization.path,
               after=snapshot(programme, PROGRAMME_FIELDS))  # fmt: skip
    return programme


@transaction.atomic
def update_programme(
    *, actor: Any, programme: Programme, expected_version: int, number: str, approved_on: dt.date | None, title: str,
    note: str = "", today: dt.date | None = None,
) -> Programme:  # fmt: skip
    """The programme's number, approval day, title and note corrected (the year and body stay)."""
    today = today or timezone.localdate()
    locked = Programme.objects.select_for_update().select_related("organization").get(pk=programme.pk)
    if locked.version != expected_version:
        raise ConcurrentEditError()
    values = _programme_values(year=locked.year, number=number, approved_on=approved_on, title=title, note=note,
                               today=today)  # fmt: skip
    earliest = locked.cases.exclude(decision_date=None).order_by("decision_date").first()
    if earliest is not None and earliest.decision_date and values["approved_on"] > earliest.decision_date:
        raise DomainError(
            f"Chương trình không thể ban hành sau quyết định kiểm tra ngày {d(earliest.decision_date)} của một "
            "cuộc trong chương trình.",
            field="approved_on",
        )
    before = snapshot(locked, PROGRAMME_FIELDS)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save(update_fields=[*values, "version", "updated_at"])
    log_action("inspection.programme.changed", actor=actor, object_type="inspection_programme", object_id=locked.pk,
               object_repr=str(locked), scope_path=locked.organization.path, before=before,
               after=snapshot(locked, PROGRAMME_FIELDS))  # fmt: skip
    return locked


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


# ---- opening a case -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """The decision that opens a case, and for a kind that records it, the violation looked into."""

    number: str
    date: dt.date | None
    violation_date: dt.date | None = None
    violation_form: str = ""
    violation_kind: str = ""


def _decision_values(case: Case, decision: Decision, rules: InspectionRules, *, today: dt.date) -> dict[str, Any]:
    """The decision checked against the case (its programme's year and approval, the violation and its limitation
    period for a kind that records one)."""
    day = check_day(decision.date, "ngày quyết định kiểm tra, giám sát", today=today, field="decision_date")
    number = clean_text(decision.number, "decision_number", "số quyết định", required=True)
    programme = case.programme
    if programme is not None:
        if day.year != programme.year:
            raise DomainError(
                f"Cuộc thuộc chương trình năm {programme.year}: ngày quyết định {d(day)} phải trong năm đó.",
                field="decision_date",
            )
        if day < programme.approved_on:
            raise DomainError(
                f"Ngày quyết định {d(day)} trước ngày ban hành chương trình ({d(programme.approved_on)}).",
                field="decision_date",
            )
    values: dict[str, Any] = {"decision_number": number, "decision_date": day, "rule_code": rules.code,
                              "violation_date": None, "violation_form": "", "violation_kind": ""}  # fmt: skip
    if not rules.kind(case.kind).records_violation:
        return values
    violation = check_day(decision.violation_date, "ngày vi phạm", today=today, field="violation_date")
    if violation > day:
        raise DomainError(f"Ngày vi phạm ({d(violation)}) không được sau ngày quyết định ({d(day)}).",
                          field="violation_date")  # fmt: skip
    form = decision.violation_form
    allowed = ORGANIZATION_FORMS if case.subject_organization_id else MEMBER_FORMS
    if form not in allowed:
        raise DomainError("Hãy chọn mức độ vi phạm (hình thức kỷ luật tương ứng) phù hợp với đối tượng.",
                          field="violation_form")  # fmt: skip
    kind = check_limitation(violation_date=violation, violation_kind=decision.violation_kind, form=form, on=day,
                            member=case.subject_member, organization=case.subject_organization)  # fmt: skip
    values.update(violation_date=violation, violation_form=form, violation_kind=kind)
    return values


@dataclass(frozen=True)
class TeamEntry:
    """One person of a team: a member of the registry or a name; the leader first."""

    member: Member | None = None
    name: str = ""
    position: str = ""
    role: str = TeamRole.MEMBER


def _check_complaint(case: Case, complaint: Complaint | None) -> None:
    if complaint is None:
        return
    same = (complaint.subject_member_id or None, complaint.subject_organization_id or None)
    if same != (None, None) and same != (case.subject_member_id, case.subject_organization_id):
        raise DomainError(f"Đơn nêu đối tượng “{complaint.subject_name}”: cuộc kiểm tra từ đơn phải có cùng đối "
                          "tượng.", field="subject")  # fmt: skip
    if Case.objects.filter(complaint=complaint).exclude(state=CaseState.CLOSED).exists():
        raise DomainError("Đơn này đã có một cuộc kiểm tra chưa kết thúc.", field="complaint")


@transaction.atomic
def open_case(
    *, actor: Any, organization: Organization, body: str, kind: str, content: str, member: Member | None = None,
    subject_organization: Organization | None = None, programme: Programme | None = None,
    complaint: Complaint | None = None, planned_month: int | None = None, decision: Decision | None = None,
    team: Sequence[TeamEntry] = (), today: dt.date | None = None,
) -> Case:  # fmt: skip
    """A case planned in a programme (no decision yet) or opened with its decision (in a programme or on its own,
    from a complaint say).

    Steps: the rule set in force (on the decision's day, or the programme's approval day, or today); the programme
    (of the same organization and body) or none; the organization and body may run the kind; the subject is one
    member or organization of the subtree the kind may target; the complaint names the same subject and has no
    open case; with a decision, its checks (`_decision_values`: the violation's limitation period for a
    signs-of-violation case) and the team; save; audit."""
    today = today or timezone.localdate()
    day = (decision.date if decision else None) or (programme.approved_on if programme else None) or today
    rules = rules_in_force(min(day, today) if day >= EARLIEST else today)
    if programme is not None:
        if programme.organization_id != organization.pk or programme.body != body:
            raise DomainError("Chương trình được chọn không phải của chủ thể này.", field="programme")
        body = programme.body
    level = check_runner(organization, body, rules)
    check_kind(kind, level, organization, rules)
    check_subject(kind=kind, organization=organization, member=member, subject=subject_organization, rules=rules)
    if planned_month is not None and not 1 <= planned_month <= 12:
        raise DomainError("Tháng dự kiến phải từ 1 đến 12.", field="planned_month")
    if decision is None and programme is None:
        raise DomainError("Cuộc ngoài chương trình phải có quyết định kiểm tra, giám sát.", field="decision_number")
    case = Case(
        programme=programme, organization=organization, body=body, kind=kind, subject_member=member,
        subject_organization=subject_organization, complaint=complaint, planned_month=planned_month,
        content=clean_text(content, "content", "nội dung kiểm tra, giám sát", required=True, one_line=False),
        created_by=_user(actor),
    )  # fmt: skip
    _check_complaint(case, complaint)
    action = "planned"
    if decision is not None:
        for name, value in _decision_values(case, decision, rules, today=today).items():
            setattr(case, name, value)
        case.state, action = CaseState.IN_PROGRESS, "opened"
    case.due_stage, case.due_on = next_due(case, rules)
    case.save()
    entries = _team_rows(case, team) if team else []
    TeamMember.objects.bulk_create(entries)
    audit(action, actor=actor, case=case, after={**snapshot(case, CASE_FIELDS), "team": _team_repr(entries)})
    return case


@transaction.atomic
def record_decision(
    *, actor: Any, case: Case, expected_version: int, decision: Decision, today: dt.date | None = None
) -> Case:
    """The decision of a case planned in a programme: it starts (stage 1) and its deadlines run from it.

    Steps: lock and compare the version; only a planned case; the decision's checks (`_decision_values`: the
    programme's year and approval day, the violation's limitation period for a signs-of-violation case); save;
    audit."""
    today = today or timezone.localdate()
    locked = lock(case, expected_version)
    if locked.state != CaseState.PLANNED:
        raise DomainError("Cuộc này đã có quyết định.", field="decision_number")
    day = decision.date if decision.date is not None and EARLIEST <= decision.date <= today else today
    rules = rules_in_force(day)
    values = _decision_values(locked, decision, rules, today=today)
    before = snapshot(locked, list(values))
    for name, value in values.items():
        setattr(locked, name, value)
    locked.state = CaseState.IN_PROGRESS
    save(locked, [*values, "state"], rules=rules)
    audit("decided", actor=actor, case=locked, before=before, after=snapshot(locked, list(values)))
    return locked


def _team_rows(case: Case, team: Sequence[TeamEntry]) -> list[TeamMember]:
    """The team checked (one leader, each person once, named, not the member being inspected) as rows."""
    rows, seen = [], set()
    leaders = [entry for entry in team if entry.role == TeamRole.LEADER]
    if len(leaders) != 1:
        raise DomainError("Đoàn kiểm tra, giám sát phải có đúng một trưởng đoàn.", field="team")
    for entry in team:
        if entry.role not in TeamRole.values:
            raise DomainError("Vai trò trong đoàn không hợp lệ.", field="team")
        name = clean_text(entry.name, "name", "họ và tên thành viên đoàn")
        if entry.member is None and not name:
            raise DomainError("Hãy chọn đảng viên hoặc nhập họ tên thành viên đoàn.", field="team")
        if entry.member is not None and entry.member.pk == case.subject_member_id:
            raise DomainError(f"Đồng chí {entry.member.full_name} là đối tượng kiểm tra, giám sát, không thể ở "
                              "trong đoàn.", field="team")  # fmt: skip
        key = ("m", entry.member.pk) if entry.member is not None else ("n", name.casefold())
        if key in seen:
            raise DomainError(f"“{entry.member.full_name if entry.member else name}” có hai lần trong đoàn.",
                              field="team")  # fmt: skip
        seen.add(key)
        rows.append(TeamMember(case=case, member=entry.member, name="" if entry.member else name, role=entry.role,
                               position=clean_text(entry.position, "position", "chức vụ")))  # fmt: skip
    return rows


def _team_repr(rows: Sequence[TeamMember]) -> list[str]:
    return [f"{row.get_role_display()}: {row.display_name}" for row in rows]


@transaction.atomic
def set_team(*, actor: Any, case: Case, expected_version: int, team: Sequence[TeamEntry]) -> Case:
    """The case's team replaced by `team` (one leader; each person once; not the member being inspected), until
    the conclusion."""
    locked = lock(case, expected_version)
    if locked.state in (CaseState.CONCLUDED, CaseState.CLOSED):
        raise DomainError("Cuộc đã kết luận: không đổi thành phần đoàn.", field="team")
    rows = _team_rows(locked, team)
    before = _team_repr(list(locked.team.select_related("member")))
    locked.team.all().delete()
    TeamMember.objects.bulk_create(rows)
    save(locked, [])
    audit("team_set", actor=actor, case=locked, before={"team": before}, after={"team": _team_repr(rows)})
    return locked
