"""The notices of Quy định 296-QĐ/TW (Điều 8 khoản 5) between state bodies or mass organizations and the party:
a body that suspends or disciplines a member tells the member's party organization, and after a party discipline
the party organization directs or proposes administrative handling, each within the rule set's days of the
decision (`deadlines.notice_clock`). Recorded here with their dates; the late ones are listed.

Writes: one transaction, checks first, one audit entry; reads are scoped by the member's party organization.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.audit import log_action
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.discipline.models import Discipline
from dangbo.members.models import Member

from .deadlines import NoticeClock, d, notice_clock
from .enums import NoticeDirection, NoticeEvent
from .models import Notice
from .rules import ComplaintRules, rules_in_force
from .services import check_day

LIMITS = {"other_body": 255, "reference": 80, "note": 2000}


def notices_for(scope: Scope, *, right: str = Right.HANDLE_COMPLAINTS) -> QuerySet[Notice]:
    return Notice.objects.filter(scope.path_q(right, "organization__path"))


def with_clocks(notices: list[Notice], today: dt.date) -> list[Notice]:
    """Each notice with its `clock` (the rule sets read once per event day)."""
    cache: dict[dt.date, ComplaintRules] = {}
    for notice in notices:
        if notice.event_date not in cache:
            cache[notice.event_date] = rules_in_force(notice.event_date)
        notice.clock = notice_clock(notice, today, cache[notice.event_date])  # type: ignore[attr-defined]
    return notices


def late_notices(qs: QuerySet[Notice], today: dt.date) -> list[Notice]:
    """The notices sent late or still missing past their due day, the oldest first."""
    rows = with_clocks(list(qs.select_related("member", "organization").order_by("event_date", "pk")), today)
    return [n for n in rows if _clock(n).late]


def _clock(notice: Notice) -> NoticeClock:
    return notice.clock  # type: ignore[attr-defined]


def _text(value: str, field: str, label: str, *, required: bool = False) -> str:
    text = " ".join((value or "").split()) if field != "note" else (value or "").strip()
    if required and not text:
        raise DomainError(f"Hãy nhập {label}.", field=field)
    if len(text) > LIMITS[field]:
        raise DomainError(f"{label.capitalize()} dài quá {LIMITS[field]} ký tự.", field=field)
    return text


def _audit(action: str, *, actor: Any, notice: Notice, **entry: Any) -> None:
    log_action(
        f"complaints.notice.{action}",
        actor=actor,
        object_type="complaint_notice",
        object_id=notice.pk,
        object_repr=f"{notice.get_direction_display()}: {notice.member.full_name}",
        scope_path=notice.organization.path,
        **entry,
    )


def _dates(notice: Notice) -> dict[str, Any]:
    return {"event_date": notice.event_date.isoformat(),
            "notice_date": notice.notice_date.isoformat() if notice.notice_date else None}  # fmt: skip


@transaction.atomic
def record_notice(
    *,
    actor: Any,
    direction: str,
    event: str,
    member: Member,
    other_body: str,
    event_date: dt.date | None = None,
    notice_date: dt.date | None = None,
    discipline: Discipline | None = None,
    reference: str = "",
    note: str = "",
    today: dt.date | None = None,
) -> Notice:
    """A notice to the party (a state body's suspension or discipline of a member) or from it (administrative
    handling directed or proposed after a party discipline, whose decision date is the event day)."""
    today = today or timezone.localdate()
    if direction not in NoticeDirection.values:
        raise DomainError("Hãy chọn chiều thông báo.", field="direction")
    if event not in NoticeEvent.values:
        raise DomainError("Hãy chọn sự việc (đình chỉ hoặc kỷ luật).", field="event")
    body = _text(other_body, "other_body", "cơ quan, đơn vị, đoàn thể", required=True)
    if direction == NoticeDirection.FROM_PARTY:
        if discipline is None or event != NoticeEvent.DISCIPLINE:
            raise DomainError("Thông báo của tổ chức đảng sau khi kỷ luật đảng: hãy chọn quyết định kỷ luật.",
                              field="discipline")  # fmt: skip
        event_date = event_date or discipline.decision_date
    elif discipline is not None:
        raise DomainError("Quyết định kỷ luật đảng chỉ gắn với thông báo của tổ chức đảng gửi cơ quan, đoàn thể.",
                          field="discipline")  # fmt: skip
    if discipline is not None:
        if discipline.member_id != member.pk:
            raise DomainError("Quyết định kỷ luật đã chọn không phải của đảng viên này.", field="discipline")
        if event_date != discipline.decision_date:
            raise DomainError(f"Ngày quyết định phải là ngày của quyết định kỷ luật ({d(discipline.decision_date)}).",
                              field="event_date")  # fmt: skip
    check_day(event_date, "ngày quyết định", today=today, field="event_date")
    assert event_date is not None
    if notice_date is not None:
        check_day(notice_date, "ngày thông báo", today=today, field="notice_date", after=event_date,
                  after_label="ngày quyết định")  # fmt: skip
    rules_in_force(event_date)  # refuses a day no rule set covers
    notice = Notice.objects.create(
        direction=direction, event=event, member=member, organization=member.organization, other_body=body,
        event_date=event_date, notice_date=notice_date, discipline=discipline,
        reference=_text(reference, "reference", "số văn bản"), note=_text(note, "note", "ghi chú"), created_by=actor,
    )  # fmt: skip
    _audit("recorded", actor=actor, notice=notice, after={**_dates(notice), "direction": direction, "event": event},
           data={"member_id": member.pk, "discipline_id": discipline.pk if discipline else None})  # fmt: skip
    return notice


@transaction.atomic
def record_notice_date(
    *, actor: Any, notice: Notice, notice_date: dt.date, expected_version: int, today: dt.date | None = None
) -> Notice:
    """The day the notice was sent (or received)."""
    today = today or timezone.localdate()
    locked = Notice.objects.select_for_update(of=("self",)).select_related("member", "organization").get(pk=notice.pk)
    if locked.version != expected_version:
        raise ConcurrentEditError()
    if locked.notice_date is not None:
        raise DomainError(f"Đã ghi ngày thông báo {d(locked.notice_date)}.", field="notice_date")
    check_day(notice_date, "ngày thông báo", today=today, field="notice_date", after=locked.event_date,
              after_label="ngày quyết định")  # fmt: skip
    locked.notice_date = notice_date
    locked.version += 1
    locked.save(update_fields=["notice_date", "version", "updated_at"])
    _audit("dated", actor=actor, notice=locked, before={"notice_date": None}, after=_dates(locked))
    return locked
