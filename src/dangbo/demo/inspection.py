"""The demo's inspection and supervision of the last two years (issue 10, item 1).

    result = build_inspection(bloc=bloc, seed=2024, today=dt.date(2026, 12, 6))

For the year before `today`'s and `today`'s year:

- the bloc's inspection commission: a programme with party-finance inspections and inspections of the execution
  of inspection duties of grassroots organizations, thematic supervision of others, and an inspection of a
  grassroots committee member on signs of violation;
- four grassroots committees (the demo officer's first): the inspection committee's programme (thematic
  supervision of cells, regular supervision of members, party finance of a cell, a signs-of-violation inspection
  of a member, ending in every other committee in a warning decided by the committee itself), and for the first
  two the committee's own programme (supervision of its cells);
- three cells (the demo secretary's first): the cell's own yearly plan (regular supervision of members; in the
  first cell a signs-of-violation inspection ending in a reprimand by the cell, in the second an expulsion the cell
  proposes to its grassroots committee).

Each case is laid out as the inspection services would leave it — decision, team, the dated stages a few working
days apart in order, a finding, the conclusion, follow-up items, the closing — and written in bulk (the services
would cost seconds per hundred cases); its next deadline is the services' own (`deadlines.next_due`). A discipline
within the inspecting organization's competence (`conclusion.competent_level`) is recorded through
`discipline.services.record_discipline` and linked. The year before is mostly complete (a few follow-ups still
open, one case stalled and overdue); this year's cases run up to `today` (later months and one December case
planned, some stalled and overdue). `tests/demo/test_inspection.py` checks every case keeps the services' rules.
Same seed and `today`: same data.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from dangbo.accounts.models import User
from dangbo.core.calendar import add_working_days
from dangbo.discipline.services import record_discipline
from dangbo.inspection.conclusion import competent_level
from dangbo.inspection.deadlines import next_due
from dangbo.inspection.enums import Body, CaseKind, CaseState, ConclusionResult, TeamRole
from dangbo.inspection.models import Case, Finding, FollowUp, Programme, TeamMember
from dangbo.inspection.params import InspectionRules
from dangbo.inspection.rules import rules_in_force
from dangbo.members.enums import MemberStatus
from dangbo.members.models import Member
from dangbo.organizations.enums import CommitteePosition, OrgKind
from dangbo.organizations.models import CommitteeSeat, Organization

K = CaseKind
STAGE_GAPS = (("notice_on", 2), ("report_on", 6), ("verified_on", 12), ("draft_on", 4))
NAMED = ["Lê Văn Tám", "Phạm Thị Hoa", "Vũ Đức Minh", "Hoàng Thị Thu", "Đỗ Mạnh Hà"]
FINDINGS = {
    False: "Tổ chức thực hiện cơ bản đúng quy định; hồ sơ, sổ sách cần ghi chép đầy đủ, kịp thời hơn.",
    True: "Có vi phạm: chưa thực hiện đúng quy định, đã được đoàn xác minh và đối tượng thừa nhận.",
}
CONTENTS: dict[str, str] = {
    K.ROUTINE_SUPERVISION: "Giám sát thường xuyên việc thực hiện nhiệm vụ đảng viên, giữ gìn đạo đức, lối sống",
    K.THEMATIC_SUPERVISION: "Giám sát chuyên đề việc lãnh đạo thực hiện Chỉ thị 50-CT/TW về sinh hoạt chi bộ",
    K.SUSPECTED_VIOLATION: "Kiểm tra khi có dấu hiệu vi phạm quy định về những điều đảng viên không được làm",
    K.DUTY_EXECUTION: "Kiểm tra việc thực hiện nhiệm vụ kiểm tra, giám sát và thi hành kỷ luật trong Đảng",
    K.PARTY_FINANCE: "Kiểm tra việc thu, nộp, quản lý và sử dụng đảng phí",
}


@dataclass
class InspectionResult:
    programmes: int = 0
    cases: Counter[str] = field(default_factory=Counter)  # by state
    disciplines: list[int] = field(default_factory=list)
    proposals: int = 0
    overdue: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Plan:
    """One case of a programme: what, whom, when, how it ends."""

    kind: str
    month: int
    member: Member | None = None
    subject: Organization | None = None
    discipline: str = ""  # the form the conclusion decides or proposes
    stall: bool = False  # stops after its notice: overdue
    hold: bool = False  # stays planned (no decision yet)


@dataclass
class Laid:
    """A case laid out with the rows that hang from it."""

    case: Case
    team: list[TeamMember] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)


class InspectionBuilder:
    def __init__(self, *, bloc: Organization, seed: int, today: dt.date) -> None:
        self.rng = random.Random(f"{seed}:inspection")
        self.bloc, self.today = bloc, today
        self.actor = User.objects.filter(username="kiemtra").first()
        self.result = InspectionResult()
        self.numbers: Counter[str] = Counter()
        self.used: set[int] = set()
        self.rules: dict[dt.date, InspectionRules] = {}
        self.programmes: list[tuple[Programme, list[Plan]]] = []
        self.pool: list[tuple[int, str]] = []

    # -- who ----------------------------------------------------------------------------------------------

    def _grassroots(self) -> list[Organization]:
        return list(Organization.objects.filter(parent=self.bloc, kind=OrgKind.GRASSROOTS_COMMITTEE,
                                                dissolved_on__isnull=True).order_by("code")[:4])  # fmt: skip

    def _cells(self, grassroots: Organization) -> list[Organization]:
        return list(Organization.objects.filter(parent=grassroots, kind=OrgKind.CELL, dissolved_on__isnull=True)
                    .select_related("parent").order_by("code"))  # fmt: skip

    def _pool(self, grassroots: list[Organization]) -> None:
        """Full members under the chosen grassroots organizations with no account and no seat (one query)."""
        under = Q()
        for org in grassroots:
            under |= Q(organization__path__startswith=org.path)
        self.pool = list(Member.objects.filter(under, status=MemberStatus.FULL, user__isnull=True, committee_seats=None)
                         .order_by("pk").values_list("pk", "organization__path"))  # fmt: skip

    def _member(self, under: Organization) -> Member | None:
        """A member of the pool under `under`, not chosen before (deterministic)."""
        candidates = [pk for pk, path in self.pool if path.startswith(under.path) and pk not in self.used][:40]
        if not candidates:
            return None
        pk = self.rng.choice(candidates)
        self.used.add(pk)
        return Member.objects.select_related("organization").get(pk=pk)

    def _leader(self, grassroots: Organization) -> Member | None:
        """A member of the grassroots committee who is not its secretary and has no account."""
        seat = (CommitteeSeat.objects.filter(committee__organization=grassroots, end__isnull=True,
                                             member__user__isnull=True)
                .exclude(position=CommitteePosition.SECRETARY).exclude(member_id__in=self.used)
                .select_related("member__organization").order_by("pk").first())  # fmt: skip
        if seat is None:
            return None
        self.used.add(seat.member_id)
        return seat.member

    def _team(self, case: Case) -> list[TeamMember]:
        """Up to three: the inspecting organization's committee members (the first leads), or named people."""
        seats = CommitteeSeat.objects.filter(committee__organization=case.organization, end__isnull=True)
        if case.subject_member_id is not None:
            seats = seats.exclude(member_id=case.subject_member_id)
        seats = seats.order_by("position", "pk")
        seated = list({s.member_id: s for s in seats}.values())[:2]
        rows = [TeamMember(case=case, member_id=s.member_id, role=TeamRole.MEMBER, position=s.get_position_display())
                for s in seated]  # fmt: skip
        rows += [TeamMember(case=case, name=name, role=TeamRole.MEMBER, position="Kiểm tra viên")
                 for name in self.rng.sample(NAMED, 3 - len(rows))]  # fmt: skip
        rows[0].role = TeamRole.LEADER
        return rows

    # -- when and how ---------------------------------------------------------------------------------------

    def _number(self, organization: Organization, what: str) -> str:
        self.numbers[f"{organization.pk}{what}"] += 1
        return f"{self.numbers[f'{organization.pk}{what}']:02d}-{what}/{organization.code}"

    def _rules(self, day: dt.date) -> InspectionRules:
        if day not in self.rules:
            self.rules[day] = rules_in_force(day)
        return self.rules[day]

    def _lay(self, programme: Programme, plan: Plan, year: int) -> Laid:
        """The case as the services would leave it on `today`."""
        organization = programme.organization
        case = Case(programme=programme, organization=organization, body=programme.body, kind=plan.kind,
                    subject_member=plan.member, subject_organization=plan.subject, content=CONTENTS[plan.kind],
                    planned_month=plan.month, created_by=self.actor)  # fmt: skip
        laid = Laid(case)
        decided = add_working_days(dt.date(year, plan.month, 1), self.rng.randint(1, 8))
        if decided > self.today or plan.hold:
            return laid
        rules = self._rules(decided)
        case.state, case.decision_date, case.rule_code = CaseState.IN_PROGRESS, decided, rules.code
        case.decision_number = self._number(organization, "QĐ")
        violation = plan.kind == K.SUSPECTED_VIOLATION
        if violation:
            case.violation_date = dt.date(year - 1, self.rng.randint(1, 12), self.rng.randint(1, 28))
            case.violation_form, case.violation_kind = plan.discipline or "warning", "ordinary"
        laid.team = self._team(case)
        day = decided
        for name, gap in STAGE_GAPS:
            day = add_working_days(day, gap + self.rng.randint(0, 2))
            if day > self.today or (plan.stall and name != "notice_on"):
                return laid
            if name == "draft_on":
                laid.findings.append(Finding(case=case, found_on=day, text=FINDINGS[violation], is_violation=violation))
            setattr(case, name, day)
        day = add_working_days(day, 3)
        if day <= self.today:
            self._conclude(laid, plan, day)
        return laid

    def _conclude(self, laid: Laid, plan: Plan, day: dt.date) -> None:
        case = laid.case
        case.state, case.concluded_on = CaseState.CONCLUDED, day
        case.result = ConclusionResult.NO_VIOLATION
        if plan.kind == K.SUSPECTED_VIOLATION:
            case.result = ConclusionResult.DISCIPLINE if plan.discipline else ConclusionResult.REMEDY
        case.conclusion = f"Kết luận: {case.get_result_display().lower()}."
        case.conclusion_number = self._number(case.organization, "TB")
        if plan.discipline:
            self._discipline(case, plan.discipline, day)
        notice = add_working_days(day, 3)
        if notice > self.today:
            return
        case.conclusion_notice_on = notice
        due = add_working_days(notice, 40)
        if case.result != ConclusionResult.NO_VIOLATION:
            done = add_working_days(due, -self.rng.randint(1, 10))
            finished = done <= self.today and self.rng.random() >= 0.2
            laid.follow_ups.append(
                FollowUp(
                    case=case,
                    task="Khắc phục khuyết điểm, báo cáo kết quả",
                    owner=case.subject_name,
                    due_on=due,
                    done_on=done if finished else None,
                )
            )
            if not finished:
                return
        closed = add_working_days(max(due, notice), 2)
        if closed <= self.today:
            case.closed_on, case.state = closed, CaseState.CLOSED

    def _discipline(self, case: Case, form: str, day: dt.date) -> None:
        """Decided through the discipline service when the inspecting organization is competent; else proposed."""
        competent = competent_level(case, form, day)
        if competent is None or competent.pk != case.organization_id:
            case.proposed_form, case.proposed_to = form, competent.name if competent else "Cấp có thẩm quyền"
            self.result.proposals += 1
            return
        assert case.violation_date is not None
        case.discipline = record_discipline(
            actor=self.actor, form=form, violation_date=case.violation_date, decision_date=day,
            decision_number=self._number(case.organization, "QĐKL"), deciding_organization=case.organization,
            member=case.subject_member, organization=case.subject_organization, votes_for=6, voters_entitled=7,
            violation_kind=case.violation_kind, concluded_on=day, today=self.today,
            note=f"Theo kết luận kiểm tra {case.conclusion_number}",
        )  # fmt: skip
        self.result.disciplines.append(case.discipline.pk)

    # -- what -----------------------------------------------------------------------------------------------

    def _programme(self, organization: Organization, body: str, year: int, plans: list[Plan]) -> None:
        approved = add_working_days(dt.date(year - 1, 12, 15), self.rng.randint(0, 5))
        if approved > self.today:
            return
        kind = "UBKT" if body == Body.INSPECTION_COMMISSION else "CB" if organization.kind == OrgKind.CELL else "ĐU"
        programme = Programme(
            organization=organization, body=body, year=year, number=f"01-CTr/{kind}{organization.code}",
            approved_on=approved, created_by=self.actor,
            title=f"Chương trình kiểm tra, giám sát năm {year} của {Body(body).label.lower()} {organization.name}",
        )  # fmt: skip
        self.programmes.append((programme, [p for p in plans if p.member is not None or p.subject is not None]))

    def _bloc_plans(self, grassroots: list[Organization], year: int, late: int) -> list[Plan]:
        return [
            Plan(K.PARTY_FINANCE, 3, subject=grassroots[0]), Plan(K.DUTY_EXECUTION, 4, subject=grassroots[1]),
            Plan(K.THEMATIC_SUPERVISION, 5, subject=grassroots[2]), Plan(K.PARTY_FINANCE, 9, subject=grassroots[3]),
            Plan(K.DUTY_EXECUTION, late, subject=grassroots[2], stall=year < self.today.year),
            Plan(K.SUSPECTED_VIOLATION, 6, member=self._leader(grassroots[-1])),
            Plan(K.THEMATIC_SUPERVISION, 12, subject=grassroots[1], hold=year == self.today.year),
        ]  # fmt: skip

    def _grassroots_plans(self, org: Organization, cells: list[Organization], index: int) -> list[Plan]:
        plans = [Plan(K.THEMATIC_SUPERVISION, 3 + i, subject=cell) for i, cell in enumerate(cells[:2])]
        plans += [Plan(K.ROUTINE_SUPERVISION, 6 + i, member=self._member(org)) for i in range(2)]
        plans.append(Plan(K.PARTY_FINANCE, 8, subject=cells[-1] if cells else None, stall=index == 1))
        plans.append(Plan(K.SUSPECTED_VIOLATION, 4 + index, member=self._member(org),
                          discipline="warning" if index % 2 == 0 else ""))  # fmt: skip
        return plans

    def _plan(self) -> None:
        grassroots = self._grassroots()
        if len(grassroots) < 4:
            return
        cells = {g.pk: self._cells(g) for g in grassroots}
        self._pool(grassroots)
        own_plans = [c for g in grassroots[:2] for c in cells[g.pk][:2]][:3]
        for year in (self.today.year - 1, self.today.year):
            late = min(max(self.today.month - 3, 1), 10) if year == self.today.year else 10
            self._programme(self.bloc, Body.INSPECTION_COMMISSION, year, self._bloc_plans(grassroots, year, late))
            for index, org in enumerate(grassroots):
                self._programme(
                    org, Body.INSPECTION_COMMISSION, year, self._grassroots_plans(org, cells[org.pk], index)
                )
                if index < 2:
                    self._programme(org, Body.COMMITTEE, year, [
                        Plan(K.THEMATIC_SUPERVISION, 10, subject=cell) for cell in cells[org.pk][2:4]])  # fmt: skip
            for index, cell in enumerate(own_plans):
                plans = [Plan(K.ROUTINE_SUPERVISION, 2 + 4 * i, member=self._member(cell)) for i in range(2)]
                if index < 2:
                    form = "reprimand" if index == 0 else "expulsion"
                    plans.append(Plan(K.SUSPECTED_VIOLATION, 5, member=self._member(cell), discipline=form))
                self._programme(cell, Body.COMMITTEE, year, plans)

    def build(self) -> InspectionResult:
        self._plan()
        Programme.objects.bulk_create([p for p, _plans in self.programmes])
        laid = [self._lay(p, plan, p.year) for p, plans in self.programmes for plan in plans]
        for item in laid:
            case = item.case
            case.due_stage, case.due_on = next_due(
                case, self._rules(case.decision_date) if case.decision_date else None
            )
        Case.objects.bulk_create([item.case for item in laid])
        TeamMember.objects.bulk_create([row for item in laid for row in item.team])
        Finding.objects.bulk_create([row for item in laid for row in item.findings])
        FollowUp.objects.bulk_create([row for item in laid for row in item.follow_ups])
        self.result.programmes = len(self.programmes)
        for item in laid:
            self.result.cases[item.case.state] += 1
            if item.case.due_on is not None and item.case.due_on < self.today:
                self.result.overdue.append(item.case.pk)
        return self.result


def build_inspection(*, bloc: Organization, seed: int, today: dt.date) -> InspectionResult:
    return InspectionBuilder(bloc=bloc, seed=seed, today=today).build()


__all__: list[Any] = ["InspectionResult", "build_inspection"]
