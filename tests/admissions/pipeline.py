"""A candidate taken along the admission pipeline through the real services, for the admission tests.

`propose_one(world)` proposes a candidate to cell A1 (sponsors m1 and m2, the cell's two full members);
`advance(candidate, world, to=Step.X)` takes every step before X with the data of `STEP_DATA` (dates from
2024 to 2026, under the 2021 then the 2025 rules); `take(candidate, step, **data)` takes one step.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangbo.admissions import services, workflow
from dangbo.admissions.enums import Stage, Step
from dangbo.admissions.models import Candidate, DossierFile
from dangbo.core.models import AuditEntry

TODAY = dt.date(2026, 11, 27)
SHEET = {
    "family_name": "Lê",
    "middle_name": "Thị",
    "given_name": "Mai",
    "gender": "female",
    "birth_date": dt.date(1998, 5, 10),
    "citizen_id": "034098000123",
    "education": "university",
    "ethnicity": "Kinh",
}
MAIN = [
    Step.COURSE, Step.APPLICATION, Step.VERIFY, Step.SPONSORS, Step.CELL_VOTE, Step.COMMITTEE, Step.DECISION,
    Step.CEREMONY, Step.RECOGNITION_VOTE,
]  # fmt: skip


def step_data(step: Step, world: Any) -> dict[str, Any]:
    return {
        Step.COURSE: {"certificate_number": "GCN-123", "course_passed_on": dt.date(2024, 10, 15)},
        Step.APPLICATION: {"applied_on": dt.date(2024, 11, 1)},
        Step.VERIFY: {"verified_on": dt.date(2025, 1, 10)},
        Step.SPONSORS: {
            "on": dt.date(2025, 2, 3),
            "sponsors": [
                {"member_id": world.m1.pk, "acquaintance": "work", "known_since": dt.date(2023, 1, 2)},
                {"member_id": world.m2.pk, "acquaintance": "work", "known_since": dt.date(2023, 1, 2)},
            ],
        },
        Step.CELL_VOTE: {"held_on": dt.date(2025, 3, 3), "votes_for": 2, "votes_against": 0, "resolution_number": "1"},
        Step.COMMITTEE: {"committee_resolved_on": dt.date(2025, 3, 17), "committee_resolution_number": "12-NQ/ĐU"},
        Step.DECISION: {
            "decided_on": dt.date(2025, 4, 1),
            "decision_number": "345-QĐ/ĐUK",
            "decision_received_on": dt.date(2025, 4, 3),
        },
        Step.CEREMONY: {"ceremony_on": dt.date(2025, 4, 21)},
        Step.RECOGNITION_VOTE: {
            "held_on": dt.date(2026, 5, 5),
            "votes_for": 2,
            "votes_against": 0,
            "resolution_number": "5",
            "recognition_decision_number": "77-QĐ/ĐUK",
            "recognized_on": dt.date(2026, 5, 20),
        },
    }[step]


def propose_one(world: Any, **overrides: Any) -> Candidate:
    sheet = {**SHEET, **overrides.pop("sheet", {})}
    args: dict[str, Any] = {
        "actor": world.officer, "cell": world.cell_a1, "sheet": sheet, "proposer_kind": "youth_union",
        "proposer_name": "Đoàn Thanh niên Sở Tài chính", "proposed_on": dt.date(2024, 9, 2), "today": TODAY,
    }  # fmt: skip
    args.update(overrides)
    return services.propose(**args)


def take(candidate: Candidate, step: Step, actor: Any = None, **data: Any) -> Candidate:
    return workflow.perform(
        actor=actor, candidate=candidate, step=step, expected_version=candidate.version, data=data, today=TODAY
    )


def advance(candidate: Candidate, world: Any, *, to: Step) -> Candidate:
    """Take the main-line steps from the candidacy's stage up to, not including, `to` (with the default data)."""
    first = MAIN.index(workflow.NEXT_STEP[Stage(candidate.stage)]) if candidate.stage in workflow.NEXT_STEP else 0
    for step in MAIN[first : MAIN.index(to)]:
        candidate = take(candidate, step, world.officer, **step_data(step, world))
    return candidate


def attach(candidate: Candidate, item: str, consent_kind: str = "") -> DossierFile:
    return DossierFile.objects.create(
        candidate=candidate, item=item, consent_kind=consent_kind, file="admissions/test.pdf",
        original_name="test.pdf", size=10, content_type="application/pdf",
    )  # fmt: skip


def database_state() -> dict[str, Any]:
    """Everything a refused step could have written: compared before and after."""
    from dangbo.admissions.models import Sponsor, Transition, Vote
    from dangbo.members.models import CellMembership, Member, MemberStatusPeriod

    return {
        "candidates": list(Candidate.objects.order_by("pk").values()),
        "transitions": Transition.objects.count(),
        "sponsors": Sponsor.objects.count(),
        "votes": Vote.objects.count(),
        "members": list(Member.objects.order_by("pk").values()),
        "periods": list(MemberStatusPeriod.objects.order_by("pk").values()),
        "memberships": list(CellMembership.objects.order_by("pk").values()),
        "audit": AuditEntry.objects.count(),
    }
