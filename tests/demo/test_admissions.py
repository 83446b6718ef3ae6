"""The demo's admissions: a candidacy behind every member admitted since 2023, the pipeline at every stage,
overdue deadlines, units at different paces, quotas, and no candidacy that breaks the admission rules."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from dangbo.accounts.models import Role
from dangbo.admissions import workflow
from dangbo.admissions.deadlines import deadlines
from dangbo.admissions.enums import MAIN_LINE, Stage, Step, VoteKind
from dangbo.admissions.models import Candidate, Quota, Sponsor, Transition, Vote
from dangbo.core.dates import add_years, age_on
from dangbo.demo.admissions import is_lagging
from dangbo.demo.generator import build_demo
from dangbo.members.enums import MemberStatus
from dangbo.members.models import CellMembership, Member, MemberStatusPeriod
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization

TODAY = dt.date(2026, 11, 27)
SIZE = 1000
SEED = 2024
# The data each step records (the state machine's docstring, `admissions.workflow`).
STEP_KEYS = {
    Step.COURSE: {"certificate_number", "course_passed_on"},
    Step.APPLICATION: {"applied_on"},
    Step.VERIFY: {"verified_on"},
    Step.SPONSORS: {"on", "sponsors", "youth_union_resolution"},
    Step.CELL_VOTE: {"held_on", "voters", "votes_for", "votes_against", "resolution_number"},
    Step.COMMITTEE: {"committee_resolved_on", "committee_resolution_number"},
    Step.DECISION: {"decided_on", "decision_number", "decision_received_on", "deciding_committee_id"},
    Step.CEREMONY: {"ceremony_on"},
    Step.WITHDRAW: {"on", "reason"},
    Step.REJECT: {"on", "reason"},
}
RECOGNITION_KEYS = {"held_on", "voters", "votes_for", "votes_against", "resolution_number", "outcome"}
KEPT_FOR_CORRECTIONS = {"_before", "_made"}


@pytest.fixture(scope="module")
def built(django_db_setup: None, django_db_blocker: Any) -> Iterator[Any]:
    """One demo for the module's read-only checks, rolled back at the end (each test also runs in its own
    transaction inside this one)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_demo(members=SIZE, seed=SEED, today=TODAY, ratings=False)
        transaction.set_rollback(True)


@pytest.fixture
def demo(built: Any, db: None) -> Any:
    return built


def _full_on(day: dt.date) -> dict[int, set[int]]:
    """Members by cell whose status on `day` was full (from the status history and cell memberships)."""
    full = set(
        MemberStatusPeriod.objects.filter(status=MemberStatus.FULL, start__lte=day)
        .exclude(end__lte=day)
        .values_list("member_id", flat=True)
    )
    out: dict[int, set[int]] = defaultdict(set)
    memberships = CellMembership.objects.filter(start__lte=day).exclude(end__lte=day)
    for member_id, cell_id in memberships.values_list("member_id", "organization_id"):
        if member_id in full:
            out[cell_id].add(member_id)
    return out


def _grassroots_path(org: Organization) -> str:
    """The path of the grassroots organization `org` (a cell or a grassroots cell) lies in today."""
    if org.kind in (OrgKind.GRASSROOTS_CELL, OrgKind.GRASSROOTS_COMMITTEE):
        return org.path
    assert org.parent is not None
    return org.parent.path


def test_demo_admissions_every_stage_is_there(demo: Any) -> None:
    stages = Counter(Candidate.objects.values_list("stage", flat=True))
    assert set(stages) == set(Stage.values)
    assert stages[Stage.FULL] > stages[Stage.PROBATION] > 0
    for stage in MAIN_LINE[:8]:  # the open pipeline, proposal to decision
        assert stages[stage] >= 2, stage
    assert demo.admissions.candidates == sum(stages.values())
    assert demo.admissions.by_stage == dict(stages)


def test_demo_admissions_every_member_admitted_since_2023_has_their_candidacy(demo: Any) -> None:
    recent = Member.objects.filter(admission_decision_date__gte=dt.date(2023, 1, 1))
    assert recent.count() > 0.05 * SIZE
    candidacies = {c.member_id: c for c in Candidate.objects.filter(member__isnull=False)}
    assert set(candidacies) == set(recent.values_list("pk", flat=True))
    for m in recent:
        c = candidacies[m.pk]
        assert (c.citizen_id, c.family_name, c.given_name, c.birth_date) == (
            m.citizen_id, m.family_name, m.given_name, m.birth_date,
        )  # fmt: skip
        assert c.cell_id == m.organization_id and c.path == m.organization.path
        assert c.decided_on == m.admission_decision_date and c.ceremony_on == m.ceremony_date
        assert c.ceremony_on is not None and c.probation_ends_on == add_years(c.ceremony_on, 1)
        assert c.decided_on <= c.decision_received_on <= c.ceremony_on
        if c.stage == Stage.FULL:  # full from the day the 12 months end, even when the vote came later
            assert m.full_membership_date == c.full_membership_on == c.probation_ends_on
            assert c.recognized_on is not None and c.probation_ends_on <= c.recognized_on <= TODAY
            assert m.status != MemberStatus.PROBATIONARY
            assert MemberStatusPeriod.objects.filter(
                member=m, status=MemberStatus.FULL, start=c.probation_ends_on
            ).exists()
        elif c.stage == Stage.PROBATION:
            assert m.status == MemberStatus.PROBATIONARY and m.full_membership_date is None
        else:
            assert c.stage == Stage.STRUCK_OFF and m.status == MemberStatus.STRUCK_OFF
            assert c.closed_on is not None and c.probation_ends_on <= c.closed_on <= TODAY
            assert not CellMembership.objects.filter(member=m, end__isnull=True).exists()
    # Nobody outside the registry is linked, and nobody is a member twice.
    assert Candidate.objects.filter(member__isnull=False).count() == len(candidacies)


def test_demo_admissions_steps_follow_the_state_machine(demo: Any) -> None:
    by_candidate: dict[int, list[Transition]] = defaultdict(list)
    for t in Transition.objects.order_by("at", "pk"):
        by_candidate[t.candidate_id].append(t)
    for c in Candidate.objects.all():
        steps = by_candidate[c.pk]
        stage = Stage.PROPOSED
        on = c.proposed_on
        for t in steps:
            assert t.from_stage == stage, (c.pk, t.step)
            assert t.on >= on and t.on <= TODAY
            assert set(t.data) >= KEPT_FOR_CORRECTIONS and t.data["_before"].get("stage", t.from_stage) == t.from_stage
            if t.step in STEP_KEYS:
                assert set(t.data) - KEPT_FOR_CORRECTIONS == STEP_KEYS[t.step], t.step
            if t.step == Step.SPONSORS:
                assert set(t.data["_made"]["sponsors"]) == set(c.sponsors.values_list("pk", flat=True))
            if t.step in (Step.CELL_VOTE, Step.RECOGNITION_VOTE):
                assert c.votes.filter(pk=t.data["_made"]["vote"], held_on=t.on).exists()
            if t.step == Step.CEREMONY:
                assert t.data["_made"]["member_created"] == c.member_id
            if t.step == Step.RECOGNITION_VOTE:
                assert set(t.data) >= RECOGNITION_KEYS
                outcome = {Stage.FULL: "passed", Stage.STRUCK_OFF: "rejected", Stage.PROBATION: "inconclusive"}
                assert t.from_stage == Stage.PROBATION and t.data["outcome"] == outcome[Stage(t.to_stage)]
            elif t.step in (Step.WITHDRAW, Step.REJECT):
                assert t.to_stage in (Stage.WITHDRAWN, Stage.NOT_ADMITTED) and t.note == t.data["reason"]
            else:  # one step forward on the main line
                assert MAIN_LINE.index(Stage(t.to_stage)) == MAIN_LINE.index(Stage(stage)) + 1, (c.pk, t.step)
            stage, on = Stage(t.to_stage), t.on
        assert stage == c.stage
        assert c.version == 1 + len(steps)


def test_demo_admissions_break_no_rule(demo: Any) -> None:
    cells = {o.pk: o for o in Organization.objects.select_related("parent")}
    member_cell = dict(Member.objects.values_list("pk", "organization_id"))
    youth = set(Candidate.objects.filter(youth_union_resolution=True).values_list("pk", flat=True))
    sponsors: dict[int, list[Sponsor]] = defaultdict(list)
    for s in Sponsor.objects.all():
        sponsors[s.candidate_id].append(s)
    full_cache: dict[dt.date, dict[int, set[int]]] = {}

    def full_members(day: dt.date) -> dict[int, set[int]]:
        if day not in full_cache:
            full_cache[day] = _full_on(day)
        return full_cache[day]

    sponsored = Candidate.objects.exclude(stage__in=[*MAIN_LINE[:4], Stage.WITHDRAWN])
    for c in sponsored.exclude(stage=Stage.NOT_ADMITTED, sponsors__isnull=True):
        found = sponsors[c.pk]
        assert len(found) == (1 if c.pk in youth else 2), c.pk
        for s in found:
            assert s.member_id != c.member_id
            assert any(s.member_id in ids for ids in full_members(s.recorded_on).values()), "a full member that day"
            same = _grassroots_path(cells[member_cell[s.member_id]]) == _grassroots_path(cells[c.cell_id])
            assert same, "of the same grassroots organization"
            assert (s.recorded_on - s.known_since).days >= 366
    for v in Vote.objects.select_related("candidate"):
        c = v.candidate
        voters = full_members(v.held_on)[c.cell_id] - {c.member_id}
        assert v.voters == len(voters), (c.pk, v.kind)
        assert v.votes_for + v.votes_against <= v.voters
        if v.kind == VoteKind.ADMISSION:
            assert v.votes_for * 3 >= 2 * v.voters  # admitted: at least 2/3 of the cell's full members
            assert age_on(c.birth_date, v.held_on) >= 18
    for c in Candidate.objects.filter(stage=Stage.FULL).prefetch_related("votes"):
        passed = [v for v in c.votes.all() if v.kind == VoteKind.RECOGNITION]
        assert len(passed) == 1 and passed[0].votes_for * 3 >= 2 * passed[0].voters


def test_demo_admissions_deadlines_due_and_overdue(demo: Any) -> None:
    # A decision received more than 30 working days ago without a ceremony (60 days is more, even over Tết).
    overdue = Candidate.objects.filter(stage=Stage.DECIDED, decision_received_on__lte=TODAY - dt.timedelta(days=60))
    assert overdue.exists()
    assert Candidate.objects.filter(stage=Stage.DECIDED, decision_received_on__gt=TODAY - dt.timedelta(days=30))
    awaiting = Candidate.objects.filter(stage=Stage.PROBATION, probation_ends_on__lte=TODAY)
    no_vote = [c for c in awaiting if not c.votes.filter(kind=VoteKind.RECOGNITION).exists()]
    assert any(c.probation_ends_on <= TODAY - dt.timedelta(days=60) for c in no_vote if c.probation_ends_on)
    assert any(c.probation_ends_on >= TODAY - dt.timedelta(days=35) for c in no_vote if c.probation_ends_on)
    escalated = [c for c in awaiting if c.votes.filter(kind=VoteKind.RECOGNITION).count() == 3]
    assert len(escalated) >= 2
    for c in escalated:
        for v in c.votes.filter(kind=VoteKind.RECOGNITION):
            assert v.votes_for * 3 < 2 * v.voters and v.votes_against * 3 < 2 * v.voters  # neither way 2/3


def test_demo_admissions_units_keep_different_paces(demo: Any) -> None:
    """Admissions decided this year over members on 1 January, pooled over the units on pace and over the
    lagging ones (the demo accounts' units aside: their pipeline is made to show every deadline)."""
    year = TODAY.year
    homes = [r.organization.path for r in Role.objects.select_related("organization") if r.organization.depth > 1]
    tally: dict[bool, list[int]] = {True: [0, 0], False: [0, 0]}
    for org in Organization.objects.filter(
        kind__in=[OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL], dissolved_on__isnull=True
    ):
        if any(p.startswith(org.path) for p in homes):
            continue
        members = CellMembership.objects.filter(
            organization__path__startswith=org.path, start__lte=dt.date(year, 1, 1)
        ).exclude(end__lte=dt.date(year, 1, 1))
        admitted = Candidate.objects.filter(path__startswith=org.path, decided_on__year=year)
        group = tally[is_lagging(SEED, org.code)]
        group[0] += admitted.count()
        group[1] += members.count()
    assert tally[True][1] and tally[False][1]
    on_pace = tally[False][0] / tally[False][1]
    lagging = tally[True][0] / tally[True][1]
    assert 0.03 <= on_pace <= 0.06, tally
    assert lagging < 0.015, tally


def test_demo_admissions_quotas_for_2025_and_2026(demo: Any) -> None:
    grassroots = Organization.objects.filter(
        kind__in=[OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL], dissolved_on__isnull=True
    )
    quotas = Quota.objects.all()
    assert set(quotas.values_list("organization_id", "year")) == {(o.pk, y) for o in grassroots for y in (2025, 2026)}
    assert all(q.quota >= 1 for q in quotas)


def test_demo_admissions_deadlines_as_the_admissions_app_counts_them(demo: Any) -> None:
    found = {(d.kind, d.overdue) for d in deadlines(Candidate.objects.all(), today=TODAY)}
    assert {("ceremony", True), ("ceremony", False), ("recognition", True), ("recognition", False)} <= found
    assert {kind for kind, _ in found} == {"ceremony", "recognition", "escalation"}


def test_demo_candidacies_go_on_and_are_corrected_through_the_workflow(demo: Any) -> None:
    """The demo's steps are recorded as the workflow records them: the next step counts the same voters, and a
    correction undoes the last demo step, in the candidacy and in the registry."""
    sponsored = Candidate.objects.filter(stage=Stage.SPONSORED).order_by("pk").first()
    assert sponsored is not None
    held_on = max(sponsored.sponsors.first().recorded_on + dt.timedelta(days=7), TODAY - dt.timedelta(days=1))
    voters = len(_full_on(held_on)[sponsored.cell_id])
    voted = workflow.perform(
        actor=None, candidate=sponsored, step=Step.CELL_VOTE, expected_version=sponsored.version, today=TODAY,
        data={"held_on": held_on, "votes_for": voters, "votes_against": 0, "resolution_number": "9-NQ/CB"},
    )  # fmt: skip
    assert voted.stage == Stage.CELL_RESOLVED and voted.votes.get(held_on=held_on).voters == voters

    full = Candidate.objects.filter(stage=Stage.FULL, member__status=MemberStatus.FULL).order_by("pk").first()
    assert full is not None and full.member is not None
    corrected = workflow.perform(actor=None, candidate=full, step=Step.CORRECT, expected_version=full.version,
                                 data={"reason": "Nhập nhầm"}, today=TODAY)  # fmt: skip
    assert corrected.stage == Stage.PROBATION and corrected.full_membership_on is None
    assert not corrected.votes.filter(kind=VoteKind.RECOGNITION).exists()
    member = Member.objects.get(pk=full.member_id)
    assert member.status == MemberStatus.PROBATIONARY and member.full_membership_date is None
