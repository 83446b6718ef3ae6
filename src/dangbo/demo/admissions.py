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
import math
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max, Model

from dangbo.accounts.enums import RoleKind
from dangbo.accounts.models import Role
from dangbo.admissions.enums import Acquaintance, Proposer, Stage, Step, VoteKind
from dangbo.admissions.models import Candidate, Quota, Sponsor, Transition, Vote
from dangbo.core.dates import add_years, age_on
from dangbo.core.text import normalize_search, vietnamese_sort_key
from dangbo.members.enums import MemberStatus
from dangbo.members.models import CellMembership, Member, MemberStatusPeriod
from dangbo.organizations.models import Organization

from . import catalog
from .history import HANDOVERS
from .people import PROBATIONARY_SHARE, SheetDrawer

FIRST_YEAR = 2023
QUOTA_YEARS = (2025, 2026)
QUOTA_SHARE = 0.035
LAGGING_SHARE = 1 / 3
SHEET_FIELDS = (
    "family_name", "middle_name", "given_name", "gender", "birth_date", "ethnicity", "religion", "home_town",
    "residence", "citizen_id", "education", "profession", "political_theory_level", "position", "workplace",
    "phone", "email",
)  # fmt: skip
# The main line's steps in the order of the state machine: (step, stage reached).
MAIN_STEPS = [
    (Step.COURSE, Stage.COURSE_PASSED),
    (Step.APPLICATION, Stage.APPLIED),
    (Step.VERIFY, Stage.VERIFIED),
    (Step.SPONSORS, Stage.SPONSORED),
    (Step.CELL_VOTE, Stage.CELL_RESOLVED),
    (Step.COMMITTEE, Stage.COMMITTEE_RESOLVED),
    (Step.DECISION, Stage.DECIDED),
    (Step.CEREMONY, Stage.PROBATION),
]
OPEN_STAGES = [Stage.PROPOSED, *(stage for _, stage in MAIN_STEPS[:7])]
PROPOSERS = [(Proposer.YOUTH_UNION, 40), (Proposer.TRADE_UNION, 35), (Proposer.WOMEN_UNION, 10),
             (Proposer.VETERANS, 3), (Proposer.CELL, 12)]  # fmt: skip
PROPOSER_PREFIX = {
    Proposer.YOUTH_UNION: "Đoàn Thanh niên", Proposer.TRADE_UNION: "Công đoàn",
    Proposer.WOMEN_UNION: "Chi hội Phụ nữ", Proposer.VETERANS: "Chi hội Cựu chiến binh", Proposer.CELL: "",
}  # fmt: skip
WITHDRAW_REASONS = ["Chuyển công tác ra ngoài tỉnh.", "Xin rút để tiếp tục phấn đấu thêm.", "Đi học dài hạn."]
REJECT_REASONS = ["Kết quả thẩm tra lý lịch chưa rõ, cần xác minh thêm.", "Chi bộ biểu quyết không đủ 2/3."]
STRIKE_REASON = "Chi bộ biểu quyết không công nhận đảng viên chính thức (không đủ tư cách)."
OFF_STATUSES = {MemberStatus.EXEMPT, MemberStatus.ABROAD, MemberStatus.TEMP_TRANSFERRED_OUT}

Write = Callable[[Sequence[Model]], None]


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
class _Unit:
    spec: catalog.UnitSpec
    org: Organization
    cells: list[Organization]


@dataclass
class _Person:
    """What the admissions need of a member: the cell and the dates of full membership."""

    pk: int
    cell_id: int
    full_on: dt.date | None
    off_since: dt.date | None  # exempt, abroad or away from that day: not a voter

    def full_member_on(self, day: dt.date) -> bool:
        return self.full_on is not None and self.full_on <= day and (self.off_since is None or self.off_since > day)


@dataclass
class AdmissionsResult:
    candidates: int = 0
    by_stage: dict[str, int] = field(default_factory=dict)
    quotas: int = 0


class DemoAdmissions:
    def __init__(
        self, *, units: list[_Unit], bloc: Organization, seed: int, today: dt.date, drawer: SheetDrawer, write: Write
    ) -> None:
        self.units = units
        self.bloc = bloc
        self.seed = seed
        self.today = today
        self.rng = random.Random(f"{seed}:admissions")
        self.drawer = SheetDrawer(self.rng, today)
        self.drawer.citizen_ids = drawer.citizen_ids  # new people never take a member's citizen id
        self.write = write
        self.next_pk = (Candidate.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        self.candidates: list[Candidate] = []
        self.sponsors: list[Sponsor] = []
        self.votes: list[Vote] = []
        self.transitions: list[Transition] = []
        self.numbers: dict[str, int] = defaultdict(int)
        cell_ids = [c.pk for u in units for c in u.cells]
        self.cells = {o.pk: o for o in Organization.objects.filter(pk__in=cell_ids)}  # as they stand today
        self.unit_of_cell = {c.pk: u for u in units for c in u.cells}
        self.handover_roots = {
            o.code: o for o in Organization.objects.filter(code__in=["HU-VUTHU", "TU-TPTB"], parent__isnull=True)
        }

    # -- the people of each cell ------------------------------------------------------------------------

    def _load_people(self) -> None:
        periods = MemberStatusPeriod.objects.filter(status__in=OFF_STATUSES, end__isnull=True)
        off = dict(periods.values_list("member_id", "start"))
        self.people: dict[int, list[_Person]] = defaultdict(list)
        rows = Member.objects.filter(organization_id__in=self.cells).values_list(
            "pk", "organization_id", "full_membership_date", "status"
        )
        for pk, cell_id, full_on, status in rows:
            if status == MemberStatus.STRUCK_OFF:
                continue
            self.people[cell_id].append(_Person(pk, cell_id, full_on, off.get(pk)))

    def voters(self, cell_id: int, day: dt.date, exclude: int | None = None) -> int:
        """The cell's full members on the day (probationary members do not vote)."""
        return sum(1 for p in self.people[cell_id] if p.pk != exclude and p.full_member_on(day))

    def sponsors_for(self, cell_id: int, day: dt.date, exclude: int | None, wanted: int) -> list[int]:
        """Full members on the day, of the same cell first, then of the same grassroots organization."""
        own = [p.pk for p in self.people[cell_id] if p.pk != exclude and p.full_member_on(day)]
        chosen = self.rng.sample(own, min(wanted, len(own)))
        if len(chosen) < wanted:
            siblings = [p.pk for c in self.unit_of_cell[cell_id].cells if c.pk != cell_id
                        for p in self.people[c.pk] if p.full_member_on(day)]  # fmt: skip
            chosen += self.rng.sample(siblings, min(wanted - len(chosen), len(siblings)))
        return chosen

    # -- one candidacy ----------------------------------------------------------------------------------

    def _number(self, kind: str, day: dt.date, suffix: str) -> str:
        self.numbers[f"{kind}{day.year}"] += 1
        return f"{self.numbers[f'{kind}{day.year}']}-{suffix}"

    def _decider(self, unit: _Unit, day: dt.date) -> tuple[Organization, str]:
        """The bloc decides, or the district committee a unit was handed to in 2024, from that day."""
        if unit.spec.handover:
            vu_thu = unit.spec.handover == catalog.HANDOVER_VU_THU
            root = self.handover_roots.get("HU-VUTHU" if vu_thu else "TU-TPTB")
            if day >= HANDOVERS[unit.spec.handover][0] and root is not None:
                return root, "QĐ/HU" if vu_thu else "QĐ/TU"
        return self.bloc, "QĐ/ĐUK"

    def _candidate(self, sheet: dict[str, Any], cell: Organization, proposed_on: dt.date) -> Candidate:
        kind = self.rng.choices([k for k, _ in PROPOSERS], [w for _, w in PROPOSERS])[0]
        unit = self.unit_of_cell[cell.pk]
        name = f"{PROPOSER_PREFIX[kind]} {unit.spec.unit}" if kind != Proposer.CELL else cell.name
        c = Candidate(pk=self.next_pk, cell=cell, path=cell.path, stage=Stage.PROPOSED, proposer_kind=kind,
                      proposer_name=name, proposed_on=proposed_on, **sheet)  # fmt: skip
        self.next_pk += 1
        c.search_name = normalize_search(f"{c.family_name} {c.middle_name} {c.given_name}")
        c.sort_key = vietnamese_sort_key(given_name=c.given_name, family_name=c.family_name, middle_name=c.middle_name)
        self.candidates.append(c)
        return c

    def _step(self, c: Candidate, step: Step, to: Stage, on: dt.date, data: dict[str, Any], note: str = "") -> None:
        plain = _as_json(data)
        self.transitions.append(Transition(candidate_id=c.pk, step=step, from_stage=c.stage, to_stage=to, on=on,
                                           data=plain, note=note))  # fmt: skip
        c.stage = to

    def _vote(self, c: Candidate, kind: VoteKind, on: dt.date, *, passed: bool | None) -> dict[str, Any]:
        """A vote of the cell's full members on the day: passed (≥ 2/3 for), failed (≥ 2/3 against), or
        inconclusive (None: neither reaches 2/3)."""
        voters = self.voters(c.cell_id, on, exclude=c.member_id)
        rng = self.rng
        two_thirds = math.ceil(2 * voters / 3)
        if passed is True:
            votes_for = rng.randint(two_thirds, voters)
            against = rng.randint(0, voters - votes_for)
        elif passed is False:
            against = rng.randint(two_thirds, voters)
            votes_for = rng.randint(0, voters - against)
        else:
            below = max(0, two_thirds - 1)
            votes_for = rng.randint(min(math.ceil(voters / 3), below), below)
            against = max(0, min(voters - votes_for - rng.randint(0, 1), below))
        number = self._number("NQCB", on, "NQ/CB")
        self.votes.append(Vote(candidate_id=c.pk, kind=kind, held_on=on, voters=voters, votes_for=votes_for,
                               votes_against=against, resolution_number=number))  # fmt: skip
        return {"held_on": on, "voters": voters, "votes_for": votes_for, "votes_against": against,
                "resolution_number": number}  # fmt: skip

    def _main_line(self, c: Candidate, dates: dict[Step, dt.date], *, until: Stage, member_pk: int | None = None,
                   received: dt.date | None = None) -> None:  # fmt: skip
        """Take the main-line steps in order, dated by `dates`, until the candidacy reaches `until`."""
        unit = self.unit_of_cell[c.cell_id]
        for step, stage in MAIN_STEPS:
            if c.stage == until:
                return
            on = dates[step]
            data: dict[str, Any]
            if step == Step.COURSE:
                c.certificate_number = self._number("GCN", on, "GCN/TTCT")
                c.course_passed_on = on
                data = {"certificate_number": c.certificate_number, "course_passed_on": on}
            elif step == Step.APPLICATION:
                c.applied_on = on
                data = {"applied_on": on}
            elif step == Step.VERIFY:
                c.verified_on = on
                data = {"verified_on": on}
            elif step == Step.SPONSORS:
                youth = c.proposer_kind == Proposer.YOUTH_UNION and age_on(c.birth_date, on) < 30
                data = self._sponsors(c, on, exclude=member_pk, youth=youth and self.rng.random() < 0.5)
            elif step == Step.CELL_VOTE:
                data = self._vote(c, VoteKind.ADMISSION, on, passed=True)
            elif step == Step.COMMITTEE:
                c.committee_resolved_on = on
                c.committee_resolution_number = self._number("NQDU", on, "NQ/ĐU")
                data = {"committee_resolved_on": on, "committee_resolution_number": c.committee_resolution_number}
            elif step == Step.DECISION:
                decider, suffix = self._decider(unit, on)
                c.deciding_committee = decider
                c.decided_on = on
                c.decision_number = self._number(suffix, on, suffix)
                c.decision_received_on = received or on + dt.timedelta(days=self.rng.randint(1, 4))
                data = {"decided_on": on, "decision_number": c.decision_number,
                        "decision_received_on": c.decision_received_on}  # fmt: skip
            else:  # the ceremony makes the member
                c.ceremony_on = on
                c.member_id = member_pk
                c.probation_ends_on = add_years(on, 1)
                data = {"ceremony_on": on}
            self._step(c, step, stage, on, data)

    def _dates_before(
        self, last: dt.date, steps: int, *, birth: dt.date | None = None
    ) -> tuple[dt.date, dict[Step, dt.date]]:
        """Dates of the first `steps` main-line steps ending on `last`, walking back by plausible gaps (the
        cell votes once the candidate is 18)."""
        gaps = {Step.COURSE: (20, 60), Step.APPLICATION: (10, 40), Step.VERIFY: (30, 60), Step.SPONSORS: (5, 20),
                Step.CELL_VOTE: (5, 15), Step.COMMITTEE: (7, 25), Step.DECISION: (10, 30)}  # fmt: skip
        order = [s for s, _ in MAIN_STEPS[:steps]]
        dates: dict[Step, dt.date] = {}
        day = last
        for step in reversed(order):
            dates[step] = day
            day -= dt.timedelta(days=self.rng.randint(*gaps[step]))
        if birth is not None and Step.CELL_VOTE in dates and dates[Step.CELL_VOTE] < add_years(birth, 18):
            dates[Step.CELL_VOTE] = add_years(birth, 18)
            dates[Step.COMMITTEE] = min(dates[Step.DECISION], dates[Step.CELL_VOTE] + dt.timedelta(days=3))
        return day, dates

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
                    self._step(c, Step.RECOGNITION_VOTE, Stage.PROBATION, on,
                               self._vote(c, VoteKind.RECOGNITION, on, passed=None))  # fmt: skip
                continue
            held = min(ends + dt.timedelta(days=rng.randint(3, 25)), self.today)
            if fate == "struck_off":
                data = self._vote(c, VoteKind.RECOGNITION, held, passed=False)
                self._step(c, Step.RECOGNITION_VOTE, Stage.PROBATION, held, data)
                struck = min(held + dt.timedelta(days=rng.randint(5, 15)), self.today)
                c.closed_on, c.closing_reason = struck, STRIKE_REASON
                self._step(c, Step.REJECT, Stage.STRUCK_OFF, struck, {"on": struck, "reason": STRIKE_REASON})
                continue
            recognized = min(held + dt.timedelta(days=rng.randint(3, 15)), self.today)
            c.recognized_on = recognized
            c.recognition_decision_number = self._number("QDCT", recognized, "QĐ/ĐUK")
            c.full_membership_on = ends
            data = self._vote(c, VoteKind.RECOGNITION, held, passed=True)
            data |= {"recognition_decision_number": c.recognition_decision_number, "recognized_on": recognized}
            self._step(c, Step.RECOGNITION_VOTE, Stage.FULL, held, data)

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
        wanted = {"overdue": (60, 150, max(2, n // 25)), "due": (1, 20, max(2, n // 40)),
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
            person.full_on = None

    def _strike_off_registry(self) -> None:
        """The members struck off the probationary list leave the rolls on the day of the decision."""
        days = {c.member_id: c.closed_on for c in self.candidates if c.stage == Stage.STRUCK_OFF and c.member_id}
        for pk, day in days.items():
            assert day is not None
            Member.objects.filter(pk=pk).update(status=MemberStatus.STRUCK_OFF)
            MemberStatusPeriod.objects.filter(member_id=pk, end__isnull=True).update(end=day)
            MemberStatusPeriod.objects.create(member_id=pk, status=MemberStatus.STRUCK_OFF, start=day,
                                              reason=STRIKE_REASON)  # fmt: skip
            CellMembership.objects.filter(member_id=pk, end__isnull=True).update(end=day, reason=STRIKE_REASON)

    # -- the 2026 pipeline ------------------------------------------------------------------------------

    def _pipeline(self) -> None:
        rng = self.rng
        home = self._home_cells()
        cycle = iter(OPEN_STAGES * 2)  # every stage at least twice, then drawn
        overdue_ceremonies = max(2, len(self.units) // 30)
        for unit in self.units:
            cells = [self.cells[c.pk] for c in unit.cells if self.cells[c.pk].dissolved_on is None]
            if not cells:
                continue
            lagging = is_lagging(self.seed, unit.org.code)
            count = rng.randint(0, 2) if lagging else rng.randint(2, 5)
            for k in range(count):
                stage = next(cycle, None)
                if stage is None:
                    high = 4 if lagging else len(OPEN_STAGES) - 1
                    stage = OPEN_STAGES[rng.randint(0, high)]
                cell = rng.choice(cells)
                if k == 0 and home & {c.pk for c in cells}:
                    cell = self.cells[min(home & {c.pk for c in cells})]
                steps = OPEN_STAGES.index(stage)
                received = None
                last = self.today - dt.timedelta(days=rng.randint(2, 40))
                if stage == Stage.DECIDED and overdue_ceremonies > 0 and (k == 0 or not lagging):
                    overdue_ceremonies -= 1
                    received = self.today - dt.timedelta(days=rng.randint(65, 110))
                    last = received - dt.timedelta(days=rng.randint(1, 4))
                elif stage == Stage.DECIDED:
                    received = self.today - dt.timedelta(days=rng.randint(2, 20))
                    last = received - dt.timedelta(days=rng.randint(1, 4))
                self._open(cell, stage, steps, last, received)
        self._exits(home)

    def _new_person(self, unit: _Unit) -> dict[str, Any]:
        sheet = self.drawer.draw(family=unit.spec.family, female_share=0.5, unit=unit.spec.unit, probationary=True)
        values = {f: getattr(sheet, f) for f in SHEET_FIELDS if hasattr(sheet, f)}
        values["workplace"] = unit.spec.unit
        values["political_theory_level"] = "none"
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
            if withdraw:
                reason = rng.choice(WITHDRAW_REASONS)
                self._step(c, Step.WITHDRAW, Stage.WITHDRAWN, on, {"on": on, "reason": reason})
            elif k % 4 == 1:
                reason = REJECT_REASONS[0]
                self._step(c, Step.REJECT, Stage.NOT_ADMITTED, on, {"on": on, "reason": reason})
            else:  # the cell voted without 2/3 in favour
                sponsored_on = on - dt.timedelta(days=7)
                self._step(c, Step.SPONSORS, Stage.SPONSORED, sponsored_on,
                           self._sponsors(c, sponsored_on, exclude=None, youth=False))  # fmt: skip
                self._step(c, Step.CELL_VOTE, Stage.SPONSORED, on, self._vote(c, VoteKind.ADMISSION, on, passed=False))
                reason = REJECT_REASONS[1]
                self._step(c, Step.REJECT, Stage.NOT_ADMITTED, on, {"on": on, "reason": reason})
            c.closed_on, c.closing_reason = on, reason

    def _sponsors(self, c: Candidate, on: dt.date, *, exclude: int | None, youth: bool) -> dict[str, Any]:
        """Two sponsors (or the Youth Union's resolution and one), known to the candidate for over a year."""
        c.youth_union_resolution = youth
        sponsors = []
        for member_id in self.sponsors_for(c.cell_id, on, exclude, 1 if youth else 2):
            kind = self.rng.choices([Acquaintance.WORK, Acquaintance.RESIDENCE], [85, 15])[0]
            known = on - dt.timedelta(days=self.rng.randint(400, 2500))
            self.sponsors.append(Sponsor(candidate_id=c.pk, member_id=member_id, acquaintance=kind,
                                         known_since=known, recorded_on=on))  # fmt: skip
            sponsors.append({"member_id": member_id, "acquaintance": str(kind), "known_since": known})
        return {"on": on, "sponsors": sponsors, "youth_union_resolution": youth}

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
        self.write(self.candidates)
        self.write(self.sponsors)
        self.write(self.votes)
        self.write(self.transitions)
        self._strike_off_registry()
        for unit in self.units:
            unit.org.refresh_from_db(fields=["path", "dissolved_on"])
        quotas = self._quotas()
        self.write(quotas)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Candidate]):
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
    units = [_Unit(spec, org, list(cells)) for spec, org, cells in tree]
    return DemoAdmissions(units=units, bloc=bloc, seed=seed, today=today, drawer=drawer, write=write).build()


def _as_json(value: Any) -> Any:
    """A step's data as stored in the JSON column: dates as ISO strings (yyyy-mm-dd)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value
