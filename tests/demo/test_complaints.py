"""The demo's letters, notices and the extended suspension: letters of every state (handling, extended, overdue,
resolved, replied, closed without consideration with a repeat linked to the earlier letter), one discipline
complaint recorded as the appeal, notices on time, late and missing, a suspension extended within 180 days; the
identities kept apart and out of the audit log; same seed, same data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from dangbo.complaints.enums import ComplaintKind, ComplaintState, NotConsideredReason
from dangbo.complaints.models import ComplainantIdentity, Complaint, Notice
from dangbo.complaints.notices import with_clocks
from dangbo.core.models import AuditEntry
from dangbo.demo.generator import build_demo
from dangbo.movements.models import Movement, SuspensionExtension
from dangbo.movements.selectors import suspension_clock

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def built(django_db_setup: None, django_db_blocker: Any) -> Iterator[Any]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_demo(members=400, seed=2024, today=TODAY)  # with the rating rounds' disciplines
        transaction.set_rollback(True)


@pytest.fixture
def demo(built: Any, db: None) -> Any:
    return built


def test_letters_of_every_state(demo: Any) -> None:
    result = demo.complaints
    states = set(Complaint.objects.values_list("state", flat=True))
    assert states == {s.value for s in ComplaintState}
    assert set(Complaint.objects.values_list("kind", flat=True)) == {k.value for k in ComplaintKind}
    assert Complaint.objects.filter(extended_days__gt=0).exists()
    overdue = Complaint.objects.filter(state=ComplaintState.HANDLING, due_on__lt=TODAY)
    assert set(result.overdue) <= set(overdue.values_list("pk", flat=True)) and result.overdue
    reasons = set(Complaint.objects.exclude(not_considered_reason="").values_list("not_considered_reason", flat=True))
    assert reasons == {r.value for r in NotConsideredReason}
    repeat = Complaint.objects.get(not_considered_reason=NotConsideredReason.REPEATED)
    assert repeat.repeat_of is not None and repeat.repeat_of.received_on < repeat.received_on
    anonymous = Complaint.objects.get(not_considered_reason=NotConsideredReason.ANONYMOUS)
    assert not ComplainantIdentity.objects.filter(complaint=anonymous).exists()


def test_the_appeals_and_the_identities(demo: Any) -> None:
    appeals = Complaint.objects.filter(kind=ComplaintKind.DISCIPLINE_COMPLAINT).select_related("discipline")
    assert {a.state for a in appeals} == {ComplaintState.REPLIED, ComplaintState.HANDLING}
    for appeal in appeals:
        assert appeal.discipline is not None and appeal.discipline.appealed_on == appeal.received_on
        deciding = appeal.discipline.deciding_organization
        assert deciding.path.startswith(appeal.handling_organization.path) and deciding != appeal.handling_organization
    settled = appeals.get(state=ComplaintState.REPLIED)
    assert settled.discipline is not None and settled.discipline.appeal_result == "upheld"
    # (the appeal's writer is the disciplined member, named anyway by the discipline's and notices' entries)
    names = list(ComplainantIdentity.objects.exclude(complaint__kind=ComplaintKind.DISCIPLINE_COMPLAINT)
                 .values_list("full_name", flat=True))  # fmt: skip
    entries = AuditEntry.objects.filter(action__startswith="complaints.")
    audit = " ".join(str([e.before, e.after, e.data, e.object_repr]) for e in entries)
    assert names and not any(name and name in audit for name in names)


def test_notices_and_the_extended_suspension(demo: Any) -> None:
    rows = with_clocks(list(Notice.objects.all()), TODAY)
    assert len(rows) == demo.complaints.notices == 4
    assert sum(n.clock.late for n in rows) == 2  # one told late, one not told
    assert Notice.objects.filter(direction="from_party", discipline__isnull=False).exists()
    suspension = Movement.objects.get(pk=demo.complaints.extended_suspension)
    assert SuspensionExtension.objects.filter(movement=suspension, days=30).exists()
    clock = suspension_clock(suspension, TODAY)
    assert clock.days_total == 120 and clock.extension_room == 60


def test_same_seed_same_letters(demo: Any) -> None:
    rows = list(Complaint.objects.order_by("pk").values_list("kind", "state", "received_on", "due_on"))
    assert rows and rows[0][2] <= TODAY
