"""Ending a committee's term (nhiệm kỳ) and restoring one ended by mistake ("khôi phục").

`end_term` closes the term and every seat still open on its last day, after a confirmation page that
lists them. The undo a user expects is the same day's "khôi phục": `restore_term` puts back the term's
and the seats' previous ends from what the end recorded in its audit entry, on the day of the end and
while no newer committee follows. Later corrections go through the committee's ordinary edit and seat
forms (docs/decisions/0019-ending-a-committee-term.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.models import AuditEntry
from dangbo.organizations.models import Committee, CommitteeSeat, Organization

from .committees import _d, _log


def _seat_record(seat: CommitteeSeat) -> dict[str, Any]:
    return {
        "seat_id": seat.pk,
        "member_id": seat.member_id,
        "member": seat.member.full_name,
        "position": seat.position,
        "end": seat.end.isoformat() if seat.end else None,
    }


TERM_ENDED = "organizations.committee.term_ended"


def term_end_preview(committee: Committee, *, end: dt.date) -> list[CommitteeSeat]:
    """The seats that ending the term on `end` closes: those still open on that day."""
    return list(
        committee.seats.filter(Q(end__isnull=True) | Q(end__gt=end)).select_related("member").order_by("position")
    )


@transaction.atomic
def end_term(*, actor: Any, committee: Committee, end: dt.date, expected_version: int) -> Committee:
    """End the committee's term on `end` (exclusive, like a seat), closing every seat still open then.

    Steps: lock the row; refuse a stale version, a term not in office on `end`, a date after today or
    not after the term's start or before a seat's start; close the open seats on `end`; set the term's
    end; audit with the previous end and each seat closed (what `restore_term` puts back).
    """
    locked = Committee.objects.select_for_update().select_related("organization").get(pk=committee.pk)
    if locked.version != expected_version:
        raise ConcurrentEditError()
    if end > timezone.localdate():
        raise DomainError("Ngày kết thúc nhiệm kỳ không được sau hôm nay.", field="end")
    if end <= locked.term_start:
        raise DomainError(f"Ngày kết thúc phải sau ngày bắt đầu nhiệm kỳ ({_d(locked.term_start)}).", field="end")
    if locked.term_end is not None and locked.term_end <= end:
        raise DomainError(f"Nhiệm kỳ {locked.term_label} đã kết thúc ngày {_d(locked.term_end)}.", field="end")
    seats = term_end_preview(locked, end=end)
    late = [seat for seat in seats if seat.start >= end]
    if late:
        raise DomainError(
            f"{late[0].member.full_name} giữ chức vụ từ ngày {_d(late[0].start)}: "
            "ngày kết thúc nhiệm kỳ phải sau ngày đó.",
            field="end",
        )
    closed = [_seat_record(seat) for seat in seats]
    CommitteeSeat.objects.filter(pk__in=[seat.pk for seat in seats]).update(end=end)
    before = locked.term_end
    locked.term_end = end
    locked.version += 1
    locked.save(update_fields=["term_end", "version", "updated_at"])
    _log(
        "committee.term_ended",
        actor=actor,
        org=locked.organization,
        before={"term_end": before.isoformat() if before else None},
        after={"term_end": end.isoformat()},
        data={"committee_id": locked.pk, "term_label": locked.term_label, "seats": closed},
    )
    return locked


def _term_ended_entry(committee: Committee) -> AuditEntry | None:
    return (
        AuditEntry.objects.filter(
            action=TERM_ENDED, object_type="organization", object_id=str(committee.organization_id),
            data__committee_id=committee.pk,
        )
        .order_by("-at", "-id")
        .first()
    )  # fmt: skip


def _restore_refusal(committee: Committee, entry: AuditEntry | None, *, today: dt.date) -> str:
    """Why the term cannot be restored ("" when it can): only on the day it was ended, before anything follows."""
    if (
        entry is None
        or committee.term_end is None
        or (entry.after or {}).get("term_end") != committee.term_end.isoformat()
    ):
        return f"Nhiệm kỳ {committee.term_label} không có thao tác kết thúc nhiệm kỳ nào để khôi phục."
    if timezone.localtime(entry.at).date() != today:
        return (
            f"Chỉ khôi phục được trong ngày đã kết thúc nhiệm kỳ ({_d(timezone.localtime(entry.at).date())}); "
            "nay hãy sửa thông tin cấp ủy và bổ sung cấp ủy viên."
        )
    if Committee.objects.filter(
        organization_id=committee.organization_id, term_start__gt=committee.term_start
    ).exists():
        return "Đã có cấp ủy nhiệm kỳ sau: không khôi phục được nhiệm kỳ này."
    return ""


def restorable_committee(organization: Organization, *, today: dt.date) -> Committee | None:
    """The organization's latest committee when its term was ended today and may still be restored."""
    committee = (
        Committee.objects.filter(organization=organization, term_end__isnull=False).order_by("-term_start").first()
    )
    if committee is None:
        return None
    return None if _restore_refusal(committee, _term_ended_entry(committee), today=today) else committee


@transaction.atomic
def restore_term(*, actor: Any, committee: Committee, expected_version: int) -> Committee:
    """Undo `end_term` on the day it was done ("khôi phục"): the term and the seats it closed are open again.

    Steps: lock the row; refuse a stale version, a term whose end was not recorded by `end_term`, an end
    recorded on another day, a term followed by a newer committee; put back the term's previous end and
    each seat's previous end (seats ended separately since keep their end); audit.
    """
    locked = Committee.objects.select_for_update().select_related("organization").get(pk=committee.pk)
    if locked.version != expected_version:
        raise ConcurrentEditError()
    entry = _term_ended_entry(locked)
    refusal = _restore_refusal(locked, entry, today=timezone.localdate())
    if refusal:
        raise DomainError(refusal)
    assert entry is not None and locked.term_end is not None
    ended = locked.term_end
    seats = (entry.data or {}).get("seats", [])
    reopened = []
    for record in seats:
        previous = dt.date.fromisoformat(record["end"]) if record["end"] else None
        if CommitteeSeat.objects.filter(pk=record["seat_id"], end=ended).update(end=previous):
            reopened.append(record)
    previous_end = (entry.before or {}).get("term_end")
    locked.term_end = dt.date.fromisoformat(previous_end) if previous_end else None
    locked.version += 1
    locked.save(update_fields=["term_end", "version", "updated_at"])
    _log(
        "committee.term_restored",
        actor=actor,
        org=locked.organization,
        before={"term_end": ended.isoformat()},
        after={"term_end": previous_end},
        data={"committee_id": locked.pk, "term_label": locked.term_label, "seats": reopened},
    )
    return locked


__all__ = ["end_term", "restorable_committee", "restore_term", "term_end_preview"]
