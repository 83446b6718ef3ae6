"""The demo's admissions: the candidacy behind every member admitted since 2023, the 2026 pipeline, quotas.

- Every demo member whose admission decision falls in 2023–2026 gets a candidacy with its whole history: the
  steps of the state machine in order (`admissions.workflow`), two sponsors who were full members of the same
  grassroots organization on the day, the cell's vote counted over its full members that day, the decision,
  the ceremony and (for full members) the recognition vote, dated as the member's record says.
- A few members admitted in 2024–2025 are not yet recognized: their recognition vote is due or overdue, or
  three votes went without 2/3 either way (the level above must decide); a few others were struck off the
  probationary list. Their registry records say the same (probationary, or struck off).
- The 2026 pipeline of every grassroots organization: candidates at every stage from the proposal to the
  decision, some withdrawn or not admitted, some decisions received long ago without a ceremony.
- Quotas for 2025 and 2026 (3.5% of the members on 1 January, at least one).

The pace differs between units: a third of the grassroots organizations lag (few admissions in the current
year, an early pipeline), the rest keep near the plan's 3–4% (`probationary_share` shapes the members drawn by
the generator, the pipeline follows). Same seed, same `today`: same data.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.management.color import no_style
from django.db import connection

from dangbo.accounts.enums import RoleKind
from dangbo.accounts.models import Role
from dangbo.admissions.enums import Stage, Step, VoteKind
from dangbo.admissions.models import Candidate, Quota, Sponsor, Vote
from dangbo.core.dates import add_years
from dangbo.members.enums import MemberStatus, TheoryLevel
from dangbo.members.models import CellMembership, Member, MemberStatusPeriod
from dangbo.organizations.models import Organization

from . import catalog
from .admission_steps import MAIN_STEPS, OFF_STATUSES, SHEET_FIELDS, CandidacyWriter, Unit, Write
from .people import PROBATIONARY_SHARE, SheetDrawer

FIRST_YEAR = 2023
QUOTA_YEARS = (2025, 2026)
QUOTA_SHARE = 0.035
LAGGING_SHARE = 1 / 3
OPEN_STAGES = [Stage.PROPOSED, *(stage for _, stage in MAIN_STEPS[:7])]
WITHDRAW_REASONS = ["Chuyển công tác ra ngoài tỉnh.", "Xin rút để tiếp tục phấn đấu thêm.", "Đi học dài hạn."]
REJECT_REASONS = [
    "Kết quả thẩm tra lý lịch chưa rõ, cần xác minh thêm.",
    "Chi bộ họp xét, số đảng viên chính thức tán thành chưa đủ 2/3.",
]
STRIKE_REASON = "Chi bộ biểu quyết không công nhận đảng viên chính thức"  # as `admissions.steps` words it


def probationary_share(seed: int, unit_code: str) -> float:
    """The share of a grassroots organization's members admitted in the past year: a third of the units lag
    far behind the plan's 3–4%, the rest keep near it. Drawn from its own source, so it disturbs no other."""
    rng = random.Random(f"{seed}:admissions:{unit_code}")
    if rng.random() < LAGGING_SHARE:
        return PROBATIONARY_SHARE * rng.uniform(0.05, 0.3)
    return PROBATIONARY_SHARE * rng.uniform(0.95, 1.15)


def is_lagging(seed: int, unit_code: str) -> bool:
    return probationary_share(seed, unit_code) < PROBATIONARY_SHARE / 2


@dataclass
class AdmissionsResult:
    candidates: int = 0
    by_stage: dict[str, int] = field(default_factory=dict)
    quotas: int = 0


class DemoAdmissions(CandidacyWriter):
    def __init__(
        self, *, units: list[Unit], bloc: Organization, seed: int, today: dt.date, drawer: SheetDrawer, write: Write
    ) -> None:
        super().__init__(units=units, bloc=bloc, seed=seed, today=today, write=write)
        self.drawer = SheetDrawer(self.rng, today)
        self.drawer.citizen_ids = drawer.citizen_ids  # new people never take a member's citizen id

    # -- members admitted since 2023 --------------------------------------------------------------------

    def _admitted(self) -> None:
        rng = self.rng
        members = list(
            Member.objects.filter(
                organization_id__in=self.cells, admission_decision_date__gte=dt.date(FIRST_YEAR, 1, 1)
            ).order_by("pk")
        )
        late = self._pick_late(members)
        for m in members:
            cell = self.cells[m.organization_id]
            ceremony = m.ceremony_date or m.admission_decision_date
            proposed_on, dates = self._dates_before(m.admission_decision_date, 7, birth=m.birth_date)
            dates[Step.CEREMONY] = ceremony
            received = m.admission_decision_date + dt.timedelta(
                days=rng.randint(0, max(0, min(5, (ceremony - m.admission_decision_date).days)))
            )
            c = self._candidate({f: getattr(m, f) for f in SHEET_FIELDS}, cell, proposed_on)
            self._main_line(c, dates, until=Stage.PROBATION, member_pk=m.pk, received=received)
            ends = add_years(ceremony, 1)
            fate = late.get(m.pk)
            if m.status == MemberStatus.PROBATIONARY and fate is None:
                continue
            if fate == "due" or fate == "overdue":
                continue  # probation over, no vote yet
            if fate == "escalated":
                for k in range(3):
                    on = min(ends + dt.timedelta(days=5 + 20 * k + rng.randint(0, 5)), self.today)
                    before = self.begin(c)
                    data = self._vote(c, VoteKind.RECOGNITION, on, passed=None)
                    self._step(c, Step.RECOGNITION_VOTE, Stage.PROBATION, on, data, before=before)
                continue
            held = min(ends + dt.timedelta(days=rng.randint(3, 25)), self.today)
            before = self.begin(c)
            if fate == "struck_off":  # 2/3 of the cell against: struck off the probationary list that day
                data = self._vote(c, VoteKind.RECOGNITION, held, passed=False)
                c.closed_on, c.closing_reason = held, STRIKE_REASON
                self.made |= {"member_version": 1, "member_status": MemberStatus.STRUCK_OFF}
                self._step(c, Step.RECOGNITION_VOTE, Stage.STRUCK_OFF, held, data, before=before)
                continue
            data = self._vote(c, VoteKind.RECOGNITION, held, passed=True)
            recognized = min(held + dt.timedelta(days=rng.randint(3, 15)), self.today)
            c.recognized_on = recognized
            c.recognition_decision_number = self._number("QDCT", recognized, "QĐ/ĐUK")
            c.full_membership_on = ends
            data |= {"recognition_decision_number": c.recognition_decision_number, "recognized_on": recognized}
            self.made |= {"member_version": 1, "member_status": MemberStatus.FULL}
            self._step(c, Step.RECOGNITION_VOTE, Stage.FULL, held, data, before=before)

    def _pick_late(self, members: list[Member]) -> dict[int, str]:
        """Full members of the registry turned back into probationary members whose recognition is due,
        overdue or escalated, and a few struck off the probationary list (the registry is changed to match)."""
        seated = set(Member.objects.filter(committee_seats__isnull=False).values_list("pk", flat=True))
        off = set(MemberStatusPeriod.objects.filter(status__in=OFF_STATUSES).values_list("member_id", flat=True))
        usable = [m for m in members if m.status == MemberStatus.FULL and m.user_id is None and m.pk not in seated
                  and m.pk not in off and m.ceremony_date is not None]  # fmt: skip
        home = self._home_cells()
        usable.sort(key=lambda m: (m.organization_id not in home, m.pk))  # the demo accounts' cells first
        n = len(self.units)
        wanted = {"overdue": (60, 150, max(2, n // 25)), "due": (1, 35, max(2, n // 40)),
                  "escalated": (75, 140, 2), "struck_off": (40, 300, max(2, n // 40))}  # fmt: skip
        fates: dict[int, str] = {}
        for fate, (low, high, count) in wanted.items():
            for m in usable:
                if count == 0:
                    break
                assert m.ceremony_date is not None
                ended = (self.today - add_years(m.ceremony_date, 1)).days
                if m.pk in fates or not low <= ended <= high:
                    continue
                if fate == "escalated" and self.voters(m.organization_id, self.today) < 3:
                    continue
                fates[m.pk] = fate
                count -= 1
        self._rewrite_registry(members, fates)
        return fates

    def _home_cells(self) -> set[int]:
        roles = Role.objects.filter(kind__in=[RoleKind.GRASSROOTS_OFFICER, RoleKind.CELL_SECRETARY])
        paths = [r.organization.path for r in roles.select_related("organization")]
        return {pk for pk, cell in self.cells.items() if any(cell.path.startswith(p) for p in paths)}

    def _rewrite_registry(self, members: list[Member], fates: dict[int, str]) -> None:
        by_pk = {m.pk: m for m in members}
        MemberStatusPeriod.objects.filter(member_id__in=fates, status=MemberStatus.FULL).delete()
        MemberStatusPeriod.objects.filter(member_id__in=fates, status=MemberStatus.PROBATIONARY).update(end=None)
        Member.objects.filter(pk__in=fates).update(status=MemberStatus.PROBATIONARY, full_membership_date=None)
        for pk in fates:
            by_pk[pk].full_membership_date = None
            by_pk[pk].status = MemberStatus.PROBATIONARY
        for person in (p for people in self.people.values() for p in people if p.pk in fates):
            person.spans = []

    def _strike_off_registry(self) -> None:
        """The members struck off the probationary list leave the rolls on the day of the decision."""
        numbers = {v.candidate_id: v.resolution_number for v in self.votes if v.kind == VoteKind.RECOGNITION}
        for c in self.candidates:
            if c.stage != Stage.STRUCK_OFF or not c.member_id:
                continue
            pk, day = c.member_id, c.closed_on
            assert day is not None
            Member.objects.filter(pk=pk).update(status=MemberStatus.STRUCK_OFF)
            MemberStatusPeriod.objects.filter(member_id=pk, end__isnull=True).update(end=day)
            MemberStatusPeriod.objects.create(member_id=pk, status=MemberStatus.STRUCK_OFF, start=day,
                                              reason=STRIKE_REASON, decision_number=numbers[c.pk])  # fmt: skip
            CellMembership.objects.filter(member_id=pk, end__isnull=True).update(end=day, reason=STRIKE_REASON)

    # -- the 2026 pipeline ------------------------------------------------------------------------------

    def _pipeline(self) -> None:
        """Open candidacies of every unit: early stages in lagging units; every stage twice over the units on
        pace, then drawn; decisions alternately received lately and long ago without a ceremony. The demo
        accounts' unit starts with a decision whose ceremony is overdue and one whose ceremony is due."""
        rng = self.rng
        home = self._home_cells()
        cycle = iter(OPEN_STAGES * 2)
        overdue_left = max(2, len(self.units) // 30)
        decided = 0
        for unit in sorted(self.units, key=lambda u: not home & {c.pk for c in u.cells}):
            cells = [self.cells[c.pk] for c in unit.cells if self.cells[c.pk].dissolved_on is None]
            if not cells:
                continue
            mine = sorted(home & {c.pk for c in cells})
            lagging = is_lagging(self.seed, unit.org.code)
            stages: list[Stage | None] = [Stage.DECIDED, Stage.DECIDED] if mine else []
            stages += [None] * (rng.randint(0, 2) if lagging else rng.randint(2, 5))
            for k, fixed in enumerate(stages):
                stage = fixed or (None if lagging else next(cycle, None))
                if stage is None:
                    stage = OPEN_STAGES[rng.randint(0, 4 if lagging else len(OPEN_STAGES) - 1)]
                cell = self.cells[mine[0]] if k < 2 and mine else rng.choice(cells)
                received = None
                last = self.today - dt.timedelta(days=rng.randint(2, 40))
                if stage == Stage.DECIDED:
                    decided += 1
                    late = decided % 2 == 1 and overdue_left > 0
                    overdue_left -= late
                    received = self.today - dt.timedelta(days=rng.randint(65, 110) if late else rng.randint(2, 20))
                    last = received - dt.timedelta(days=rng.randint(1, 4))
                self._open(cell, stage, OPEN_STAGES.index(stage), last, received)
        self._exits(home)

    def _new_person(self, unit: Unit) -> dict[str, Any]:
        sheet = self.drawer.draw(family=unit.spec.family, female_share=0.5, unit=unit.spec.unit, probationary=True)
        values = {f: getattr(sheet, f) for f in SHEET_FIELDS if hasattr(sheet, f)}
        values["workplace"] = unit.spec.unit
        values["political_theory_level"] = TheoryLevel.NONE
        return values

    def _open(self, cell: Organization, stage: Stage, steps: int, last: dt.date, received: dt.date | None) -> Candidate:
        unit = self.unit_of_cell[cell.pk]
        proposed_on, dates = self._dates_before(min(last, self.today), steps)
        c = self._candidate(self._new_person(unit), cell, proposed_on)
        self._main_line(c, dates, until=stage, received=received)
        return c

    def _exits(self, home: set[int]) -> None:
        """A few candidacies of the year withdrawn early, or not admitted (background, or a failed vote)."""
        rng = self.rng
        cells = [c for c in self.cells.values() if c.dissolved_on is None]
        if not cells:
            return
        for k in range(max(2, len(self.units) // 12)):
            cell = rng.choice(cells)
            withdraw = k % 2 == 0
            c = self._open(cell, Stage.COURSE_PASSED if withdraw else Stage.VERIFIED, 1 if withdraw else 3,
                           self.today - dt.timedelta(days=rng.randint(30, 120)), None)  # fmt: skip
            on = min(self.today, (c.verified_on or c.course_passed_on or c.proposed_on) + dt.timedelta(days=20))
            if k % 4 == 3:  # sponsors found, but the cell would not vote for admission
                sponsored_on = on - dt.timedelta(days=7)
                before = self.begin(c)
                data = self._sponsors(c, sponsored_on, exclude=None, youth=False)
                self._step(c, Step.SPONSORS, Stage.SPONSORED, sponsored_on, data, before=before)
            reason = rng.choice(WITHDRAW_REASONS) if withdraw else REJECT_REASONS[k % 4 == 3]
            before = self.begin(c)
            c.closed_on, c.closing_reason = on, reason
            step, stage = (Step.WITHDRAW, Stage.WITHDRAWN) if withdraw else (Step.REJECT, Stage.NOT_ADMITTED)
            self._step(c, step, stage, on, {"on": on, "reason": reason}, before=before)

    # -- quotas -----------------------------------------------------------------------------------------

    def _quotas(self) -> list[Quota]:
        admitted = defaultdict(list)
        for cell_id, day in Member.objects.filter(organization_id__in=self.cells).values_list(
            "organization_id", "admission_decision_date"
        ):
            admitted[cell_id].append(day)
        quotas = []
        for unit in self.units:
            if unit.org.dissolved_on is not None:
                continue
            days = [d for c in self.cells.values() if c.path.startswith(unit.org.path) for d in admitted[c.pk]]
            for year in QUOTA_YEARS:
                members = sum(1 for d in days if d < dt.date(year, 1, 1))
                quotas.append(Quota(organization=unit.org, year=year, quota=max(1, round(members * QUOTA_SHARE)),
                                    note="Theo Kế hoạch số 20-KH/ĐUK: 3–4% số đảng viên đầu năm."))  # fmt: skip
        return quotas

    def build(self) -> AdmissionsResult:
        self._load_people()
        self._admitted()
        self._pipeline()
        self.flush()
        self._strike_off_registry()
        for unit in self.units:
            unit.org.refresh_from_db(fields=["path", "dissolved_on"])
        quotas = self._quotas()
        self.write(quotas)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Candidate, Sponsor, Vote]):
                cursor.execute(sql)
        by_stage: dict[str, int] = defaultdict(int)
        for c in self.candidates:
            by_stage[c.stage] += 1
        return AdmissionsResult(candidates=len(self.candidates), by_stage=dict(by_stage), quotas=len(quotas))


def build_admissions(
    *,
    tree: Sequence[tuple[catalog.UnitSpec, Organization, list[Organization]]],
    bloc: Organization,
    seed: int,
    today: dt.date,
    drawer: SheetDrawer,
    write: Write,
) -> AdmissionsResult:
    """The demo's candidacies, their steps, sponsors and votes, and the quotas (see the module docstring)."""
    units = [Unit(spec, org, list(cells)) for spec, org, cells in tree]
    return DemoAdmissions(units=units, bloc=bloc, seed=seed, today=today, drawer=drawer, write=write).build()
