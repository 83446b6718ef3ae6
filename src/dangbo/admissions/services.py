"""Writes on candidacies other than the steps (`workflow.perform`): proposing a candidate, editing the sheet."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangbo.organizations.models import Organization

from .models import Candidate


def propose(
    *,
    actor: Any,
    cell: Organization,
    sheet: dict[str, Any],
    proposer_kind: str,
    proposer_name: str,
    proposed_on: dt.date,
    former_member: Any = None,
    left_party_on: dt.date | None = None,
    exit_reason: str = "",
    record_cleared_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Candidate:
    """Record a new candidate (stage PROPOSED) prepared by `cell`. `sheet` holds the `PersonSheet` fields,
    cleaned and checked like the member sheet. Refuses (DomainError, nothing saved): a cell that is not an
    active cell, a citizen id already in the registry, a second active candidacy of the same citizen id."""
    raise NotImplementedError


def update_sheet(*, actor: Any, candidate: Candidate, expected_version: int, sheet: dict[str, Any]) -> Candidate:
    """Edit the candidate's personal sheet (stale version → ConcurrentEditError)."""
    raise NotImplementedError
