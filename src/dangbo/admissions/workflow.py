"""The admission state machine: one entry point, `perform`, for every step on a candidacy.

Each step checks that it comes in order, checks the rules in force (`rules.py`), writes the candidacy, a
`Transition` row and an audit entry in one transaction, and refuses with every broken rule (`RuleRefusal`) or
a Vietnamese `DomainError` with nothing saved. The ceremony creates the member in the registry; recognition
makes them a full member from the day the 12 months end. A step is undone only by the CORRECT step.

The `data` each step takes (dates are `datetime.date`):
- COURSE: certificate_number, course_passed_on
- APPLICATION: applied_on
- VERIFY: verified_on
- SPONSORS: on, sponsors = [{"member_id", "acquaintance" (Acquaintance), "known_since"}], youth_union_resolution
- CELL_VOTE: held_on, votes_for, votes_against, resolution_number (voters: the cell's full members that day)
- COMMITTEE: committee_resolved_on, committee_resolution_number
- DECISION: decided_on, decision_number, decision_received_on
- CEREMONY: ceremony_on
- RECOGNITION_VOTE: held_on, votes_for, votes_against, resolution_number, and when passed
  recognition_decision_number, recognized_on
- HIGHER_DECISION: on, recognized (bool), decision_number (after three votes without 2/3 either way)
- WITHDRAW, REJECT: on, reason (REJECT also after a failed cell vote; from PROBATION it strikes off)
- CORRECT: reason (undoes the last step that is not itself undone)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .enums import Step
from .models import Candidate


def available_steps(candidate: Candidate) -> list[Step]:
    """The steps that may come next from the candidacy's stage (the order check of `perform`)."""
    raise NotImplementedError


def perform(
    *,
    actor: Any,
    candidate: Candidate,
    step: Step | str,
    expected_version: int,
    data: dict[str, Any],
    today: dt.date | None = None,
) -> Candidate:
    """Take `step` on `candidate` (see the module docstring for `data`)."""
    raise NotImplementedError
