"""What the inspection tests share: the check that a refused write left every table as it was."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from dangbo.core.models import AuditEntry
from dangbo.discipline.models import Discipline
from dangbo.inspection.models import Case, Finding, FollowUp, Programme, TeamMember


def _state() -> list[object]:
    return [
        sorted(Programme.objects.values_list("pk", "version", "number", "approved_on")),
        sorted(Case.objects.values_list("pk", "version", "state", "due_stage", "due_on")),
        sorted(TeamMember.objects.values_list("pk", "member_id", "name")),
        sorted(Finding.objects.values_list("pk", "found_on")),
        sorted(FollowUp.objects.values_list("pk", "done_on")),
        Discipline.objects.count(),
        AuditEntry.objects.exclude(action="core.access.denied").count(),
    ]


@contextmanager
def nothing_written() -> Iterator[None]:
    """Programmes, cases, their rows, disciplines and the audit log are unchanged after the block."""
    before = _state()
    yield
    assert _state() == before
