"""Writing the demo's candidacies: one candidacy's steps in the state machine's order (`admissions.workflow`),
with the data each step records, its sponsors (full members of the same grassroots organization on the day)
and its votes (counted over the cell's full members that day). `demo.admissions` decides who and when."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Model

from dangbo.admissions.enums import Acquaintance, Proposer, Stage, Step, VoteKind
from dangbo.admissions.models import AdmissionRuleSet, Candidate, Sponsor, Transition, Vote
from dangbo.admissions.workflow import STEP_FIELDS
from dangbo.core.audit import diff, snapshot
from dangbo.core.dates import add_years, age_on
from dangbo.core.text import normalize_search, vietnamese_sort_key
from dangbo.members.enums import MemberStatus
from dangbo.members.models import CellMembership, Member, MemberStatusPeriod
from dangbo.organizations.models import Organization

from . import catalog
from .history import HANDOVERS

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
PROPOSERS = [(Proposer.YOUTH_UNION, 40), (Proposer.TRADE_UNION, 35), (Proposer.WOMEN_UNION, 10),
             (Proposer.VETERANS, 3), (Proposer.CELL, 12)]  # fmt: skip
PROPOSER_PREFIX = {
    Proposer.YOUTH_UNION: "Đoàn Thanh niên", Proposer.TRADE_UNION: "Công đoàn",
    Proposer.WOMEN_UNION: "Chi hội Phụ nữ", Proposer.VETERANS: "Chi hội Cựu chiến binh", Proposer.CELL: "",
}  # fmt: skip
OFF_STATUSES = {MemberStatus.EXEMPT, MemberStatus.ABROAD, MemberStatus.TEMP_TRANSFERRED_OUT}
# Steps checked against the rule set in force (the workflow records it on the step).
RULED_STEPS = {Step.SPONSORS, Step.CELL_VOTE, Step.DECISION, Step.CEREMONY, Step.RECOGNITION_VOTE}

Write = Callable[[Sequence[Model]], None]


@dataclass
class Unit:
    spec: catalog.UnitSpec
    org: Organization
    cells: list[Organization]


@dataclass
class Person:
    """What the admissions need of a member in one cell: the spans of days they were a full member there (from
    the dated status and cell history: a member moved between cells, or away for a while, votes only where and
    when they were a full member)."""

    pk: int
    cell_id: int
    spans: list[tuple[dt.date, dt.date | None]]  # from, until (exclusive; open when None)

    def full_member_on(self, day: dt.date) -> bool:
        return any(start <= day and (end is None or day < end) for start, end in self.spans)


class CandidacyWriter:
    """Candidacies, sponsors, votes and steps held in memory until `flush` writes them in batches."""

    def __init__(self, *, units: list[Unit], bloc: Organization, seed: int, today: dt.date, write: Write) -> None:
        self.units = units
        self.bloc = bloc
        self.seed = seed
        self.today = today
        self.rng = random.Random(f"{seed}:admissions")
        self.write = write
        self.next_pk = (Candidate.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        self.next_sponsor = (Sponsor.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        self.next_vote = (Vote.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        self.made: dict[str, Any] = {}  # what the step being written created (for a correction to reverse)
        self.rule_sets = list(
            AdmissionRuleSet.objects.order_by("-effective_from").values_list("effective_from", "effective_to", "pk")
        )
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

    def flush(self) -> None:
        for rows in (self.candidates, self.sponsors, self.votes, self.transitions):
            self.write(rows)

    # -- the people of each cell ------------------------------------------------------------------------

    def _load_people(self) -> None:
        full: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
        for member_id, start, end in MemberStatusPeriod.objects.filter(status=MemberStatus.FULL).values_list(
            "member_id", "start", "end"
        ):
            full[member_id].append((start, end))
        struck = set(Member.objects.filter(status=MemberStatus.STRUCK_OFF).values_list("pk", flat=True))
        self.people: dict[int, list[Person]] = defaultdict(list)
        rows = CellMembership.objects.filter(organization_id__in=self.cells).order_by("member_id", "start")
        for pk, cell_id, start, end in rows.values_list("member_id", "organization_id", "start", "end"):
            if pk in struck:
                continue
            spans = [(max(s, start), _earlier(e, end)) for s, e in full[pk] if (end is None or s < end) and
                     (e is None or e > start)]  # fmt: skip
            self.people[cell_id].append(Person(pk, cell_id, spans))

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

    def _decider(self, unit: Unit, day: dt.date) -> tuple[Organization, str]:
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

    def rule_set_on(self, day: dt.date) -> int | None:
        for start, end, pk in self.rule_sets:
            if start <= day and (end is None or end >= day):
                return int(pk)
        return None

    @staticmethod
    def begin(c: Candidate) -> dict[str, Any]:
        """The candidacy's step fields before a step (what a correction would restore)."""
        return snapshot(c, STEP_FIELDS)

    def _step(self, c: Candidate, step: Step, to: Stage, on: dt.date, data: dict[str, Any], *,
              before: dict[str, Any]) -> None:  # fmt: skip
        """One `Transition` as `workflow.perform` writes it: the data read, the fields' values before the step
        ("_before") and what it created ("_made"), the rule set in force; the candidacy's version grows."""
        from_stage = c.stage
        c.stage = to
        c.version += 1
        changed, _after = diff(before, snapshot(c, STEP_FIELDS))
        record = _as_json(data)
        rule_set = self.rule_set_on(on) if step in RULED_STEPS else None
        self.transitions.append(Transition(candidate_id=c.pk, step=step, from_stage=from_stage, to_stage=to, on=on,
                                           rule_set_id=rule_set, data={**record, "_before": changed,
                                           "_made": self.made}, note=record.get("reason", "")))  # fmt: skip
        self.made = {}

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
        self.votes.append(Vote(pk=self.next_vote, candidate_id=c.pk, kind=kind, held_on=on, voters=voters,
                               votes_for=votes_for, votes_against=against, resolution_number=number))  # fmt: skip
        self.made["vote"] = self.next_vote
        self.next_vote += 1
        data = {"held_on": on, "votes_for": votes_for, "votes_against": against, "resolution_number": number}
        if kind == VoteKind.RECOGNITION:
            data["outcome"] = {True: "passed", False: "rejected", None: "inconclusive"}[passed]
        return {**data, "voters": voters}

    def _main_line(self, c: Candidate, dates: dict[Step, dt.date], *, until: Stage, member_pk: int | None = None,
                   received: dt.date | None = None) -> None:  # fmt: skip
        """Take the main-line steps in order, dated by `dates`, until the candidacy reaches `until`."""
        unit = self.unit_of_cell[c.cell_id]
        for step, stage in MAIN_STEPS:
            if c.stage == until:
                return
            on = dates[step]
            before = self.begin(c)
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
                        "decision_received_on": c.decision_received_on,
                        "deciding_committee_id": decider.pk}  # fmt: skip
            else:  # the ceremony makes the member
                c.ceremony_on = on
                c.member_id = member_pk
                c.probation_ends_on = add_years(on, 1)
                data = {"ceremony_on": on}
                self.made = {"member_created": member_pk, "member_version": 1}
            self._step(c, step, stage, on, data, before=before)

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

    def _sponsors(self, c: Candidate, on: dt.date, *, exclude: int | None, youth: bool) -> dict[str, Any]:
        """Two sponsors (or the Youth Union's resolution and one), known to the candidate for over a year."""
        c.youth_union_resolution = youth
        sponsors = []
        for member_id in self.sponsors_for(c.cell_id, on, exclude, 1 if youth else 2):
            kind = self.rng.choices([Acquaintance.WORK, Acquaintance.RESIDENCE], [85, 15])[0]
            known = on - dt.timedelta(days=self.rng.randint(400, 2500))
            self.sponsors.append(Sponsor(pk=self.next_sponsor, candidate_id=c.pk, member_id=member_id,
                                         acquaintance=kind, known_since=known, recorded_on=on))  # fmt: skip
            self.made.setdefault("sponsors", []).append(self.next_sponsor)
            self.next_sponsor += 1
            sponsors.append({"member_id": member_id, "acquaintance": str(kind), "known_since": known})
        return {"on": on, "youth_union_resolution": youth, "sponsors": sponsors}


def _as_json(value: Any) -> Any:
    """A step's data as stored in the JSON column: dates as ISO strings (yyyy-mm-dd)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value


def _earlier(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    """The earlier of two ends (None: open)."""
    return b if a is None else a if b is None else min(a, b)
