"""Helpers of the admission page tests: candidacies written straight to the table (so the list, the dossier and
the scope checks are tested apart from the workflow), audit counts and query counts."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dangbo.admissions.enums import Proposer, Stage
from dangbo.admissions.models import Candidate
from dangbo.core.models import AuditEntry
from dangbo.core.text import normalize_search, vietnamese_sort_key
from dangbo.organizations.models import Organization

_seq = itertools.count(1)


def stored_candidate(
    *, cell: Organization, family_name: str = "Lê", middle_name: str = "Minh", given_name: str | None = None,
    stage: str = Stage.PROPOSED, **extra: Any,
) -> Candidate:  # fmt: skip
    """A candidacy row at `stage` (no steps: for list, dossier and scope tests only)."""
    n = next(_seq)
    given = given_name or f"Thử{n}"
    data: dict[str, Any] = {
        "family_name": family_name, "middle_name": middle_name, "given_name": given, "gender": "male",
        "birth_date": dt.date(1998, 3, 15), "citizen_id": f"0791{n:08d}", "cell": cell, "path": cell.path,
        "stage": stage, "proposer_kind": Proposer.YOUTH_UNION, "proposed_on": dt.date(2024, 3, 1),
        "search_name": normalize_search(f"{family_name} {middle_name} {given}"),
        "sort_key": vietnamese_sort_key(given_name=given, family_name=family_name, middle_name=middle_name),
    }  # fmt: skip
    data.update(extra)
    return Candidate.objects.create(**data)


def denied_count(what: str, object_id: Any) -> int:
    return AuditEntry.objects.filter(action="core.access.denied", object_type=what, object_id=str(object_id)).count()


def audit_count(action: str, object_id: Any) -> int:
    return AuditEntry.objects.filter(action=action, object_id=str(object_id)).count()


def count_queries(client: Client, url: str, **kwargs: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return len(ctx.captured_queries)


# One candidacy's steps with fixed past days, so that the 12 months of probation are over (cell A1 has the two
# full members m1 and m2, who sponsor; both vote for).
SHEET = {
    "family_name": "Lý", "middle_name": "Thu", "given_name": "Hà", "gender": "female",
    "birth_date": dt.date(1999, 8, 20), "ethnicity": "Kinh", "religion": "Không", "citizen_id": "079199000123",
    "education": "upper_secondary", "workplace": "Sở Tài chính",
}  # fmt: skip


def step_data(world: Any) -> list[tuple[str, dict[str, Any]]]:
    return [
        ("course", {"certificate_number": "GCN-15/2024", "course_passed_on": dt.date(2024, 1, 15)}),
        ("application", {"applied_on": dt.date(2024, 2, 1)}),
        ("verify", {"verified_on": dt.date(2024, 3, 1)}),
        ("sponsors", {"on": dt.date(2024, 3, 5), "youth_union_resolution": False, "sponsors": [
            {"member_id": world.m1.pk, "acquaintance": "work", "known_since": dt.date(2021, 1, 4)},
            {"member_id": world.m2.pk, "acquaintance": "work", "known_since": dt.date(2021, 1, 4)},
        ]}),
        ("cell_vote", {"held_on": dt.date(2024, 3, 12), "votes_for": 2, "votes_against": 0,
                       "resolution_number": "05-NQ/CB"}),
        ("committee", {"committee_resolved_on": dt.date(2024, 3, 20), "committee_resolution_number": "12-NQ/ĐU"}),
        ("decision", {"decided_on": dt.date(2024, 4, 1), "decision_number": "345-QĐ/ĐUK",
                      "decision_received_on": dt.date(2024, 4, 3)}),
        ("ceremony", {"ceremony_on": dt.date(2024, 4, 15)}),
    ]  # fmt: skip


def proposed(world: Any, **sheet: Any) -> Candidate:
    from dangbo.admissions import services

    return services.propose(
        actor=world.officer, cell=world.cell_a1, sheet={**SHEET, **sheet}, proposer_kind=Proposer.YOUTH_UNION,
        proposer_name="Đoàn Thanh niên Sở Tài chính", proposed_on=dt.date(2024, 1, 2),
    )  # fmt: skip


def advanced(world: Any, candidate: Candidate, steps: int, *, start: int = 0) -> Candidate:
    """The candidacy after the steps `start` to `steps` of `step_data` (the bloc officer decides)."""
    from dangbo.admissions import workflow

    for step, data in step_data(world)[start:steps]:
        actor = world.bloc_officer if step == "decision" else world.officer
        candidate = workflow.perform(actor=actor, candidate=candidate, step=step,
                                     expected_version=candidate.version, data=data)  # fmt: skip
    return candidate
