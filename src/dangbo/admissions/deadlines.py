"""Deadlines of the admission pipeline, counted in working days by the one calendar (`core.calendar`).

- ceremony: the 30th working day after the cell receives the admission decision;
- recognition vote: the 30th working day after the probation's 12 months end;
- escalation: after three recognition votes without 2/3 either way, the committee above decides.
Each `Deadline` carries the Vietnamese sentence of the rule that set it (with its source)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from .models import Candidate


@dataclass(frozen=True)
class Deadline:
    candidate: Candidate
    kind: str  # "ceremony", "recognition", "escalation"
    label: str  # what is due, in Vietnamese
    due: dt.date
    rule: str  # the rule that set the date, in Vietnamese, with its source
    overdue: bool


def deadlines(candidates: QuerySet[Candidate], *, today: dt.date, until: dt.date | None = None) -> list[Deadline]:
    """Open deadlines of these candidacies, overdue first, then by date; only those due by `until` if given."""
    raise NotImplementedError
