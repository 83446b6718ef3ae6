"""What the movement tests share: the check that a refused write left every table as it was."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from dangbo.core.models import AuditEntry
from dangbo.members.models import CellMembership, Member, MemberStatusPeriod
from dangbo.movements.models import Movement


def _state() -> list[object]:
    return [
        sorted(Movement.objects.values_list("pk", "version", "state")),
        sorted(Member.objects.values_list("pk", "version", "status", "organization_id")),
        sorted(CellMembership.objects.values_list("pk", "end")),
        sorted(MemberStatusPeriod.objects.values_list("pk", "end")),
        AuditEntry.objects.count(),
    ]


@contextmanager
def nothing_written() -> Iterator[None]:
    """Movements, members, their periods and the audit log are unchanged after the block."""
    before = _state()
    yield
    assert _state() == before
