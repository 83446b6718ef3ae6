"""What is due or overdue, one small function per kind, each a few grouped queries over the whole tree (never a
query per member): each yields `Draft`s (the user, the dedupe key, the words and the link), which the daily run
(`daily.py`) stores once.

- meeting tomorrow (members): the cells' meetings planned for tomorrow, and the members of those cells on the
  rolls who have an account;
- self-assessment (members): members' ratings still at the first step in an open round, from the warning
  window before the round's `self_assessment_due` (the rating step's deadline) and again once overdue;
- meeting to record (cell secretaries): a cell's meeting whose day has passed, not recorded held, without
  attendance or without minutes, in the quarters the compliance job still recomputes (this one and the last);
- candidate deadline (cell secretaries): the admission deadlines (`admissions.deadlines`, working days by the
  one calendar) due within the warning window or overdue;
- plan tasks overdue (officers who manage plans): `planning.plan_selectors.overdue_for_committee` per officer
  (officers are few; their scopes differ);
- reports late (officers who ask for reports): the units still owing a report after its due date, counted per
  request.

The warning window (`deadline_warning_days`) is the only threshold of its own, in `settings.DANGBO_NOTIFICATIONS`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone

from dangbo.accounts.enums import RIGHTS, Right
from dangbo.accounts.models import Role, User
from dangbo.accounts.scope import scope_for
from dangbo.admissions.deadlines import deadlines
from dangbo.admissions.models import Candidate
from dangbo.evaluations.enums import CampaignState, RatingStep, SubjectKind
from dangbo.evaluations.models import Rating
from dangbo.meetings.enums import MeetingStatus
from dangbo.meetings.models import Meeting
from dangbo.meetings.selectors import COMMITTEE_KINDS, EXPECTED_STATUSES, OPTIONAL_STATUSES
from dangbo.members.models import Member
from dangbo.organizations.enums import MEMBER_HOLDING_KINDS
from dangbo.planning.plan_selectors import overdue_for_committee, responsibility_for
from dangbo.reporting.enums import OWING
from dangbo.reporting.models import ReportRecipient

from .enums import Kind
from .models import Notification


@dataclass(frozen=True)
class Draft:
    user_id: int
    kind: str
    key: str
    title: str
    text: str = ""
    link: str = ""
    due: dt.date | None = None


@dataclass(frozen=True)
class Bulk:
    """Many notices with the same words: `rows` gives (user id, key) pairs and the database writes them
    (`INSERT … SELECT`), no row passing through Python."""

    kind: str
    rows: QuerySet[Any]
    title: str
    text: str
    link: str
    due: dt.date | None


def warning_days() -> int:
    days = int(str(settings.DANGBO_NOTIFICATIONS["deadline_warning_days"]))
    return days


def _d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def holders_of(right: str, org_ids: Iterable[int], *, today: dt.date) -> dict[int, list[int]]:
    """The users holding `right` by a role on each of these organizations itself, on `today` (one query)."""
    kinds = [kind for kind, rights in RIGHTS.items() if right in rights]
    rows = (
        Role.objects.filter(kind__in=kinds, organization_id__in=list(org_ids))
        .filter(Q(start__isnull=True) | Q(start__lte=today))
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .values_list("organization_id", "user_id")
        .distinct()
    )
    out: dict[int, list[int]] = defaultdict(list)
    for org_id, user_id in rows:
        out[org_id].append(user_id)
    return out


def meeting_tomorrow(today: dt.date) -> Iterator[Draft]:
    tomorrow = today + dt.timedelta(days=1)
    meetings = (
        Meeting.objects.filter(day=tomorrow, status=MeetingStatus.PLANNED, organization__kind__in=MEMBER_HOLDING_KINDS)
        .exclude(kind__in=COMMITTEE_KINDS)
        .values_list("pk", "organization_id", "planned_start", "topic", "place")
    )
    by_org: dict[int, list[tuple[int, dt.datetime, str, str]]] = defaultdict(list)
    for pk, org_id, start, topic, place in meetings:
        by_org[org_id].append((pk, start, topic, place))
    if not by_org:
        return
    link = reverse("meetings:mine")
    members = Member.objects.filter(
        organization_id__in=list(by_org), user_id__isnull=False, status__in=[*EXPECTED_STATUSES, *OPTIONAL_STATUSES]
    ).values_list("user_id", "organization_id")
    for user_id, org_id in members.iterator(chunk_size=5000):
        for pk, start, topic, place in by_org[org_id]:
            where = f" tại {place}" if place else ""
            when = f"Lúc {timezone.localtime(start):%H:%M} ngày {_d(tomorrow)}{where}."
            yield Draft(
                user_id, Kind.MEETING_TOMORROW, f"meeting:{pk}:tomorrow", f"Ngày mai sinh hoạt chi bộ: {topic}"[:255],
                f"{when} Xác nhận dự họp hoặc báo vắng trên trang “Sinh hoạt chi bộ của tôi”.", link, tomorrow,
            )  # fmt: skip


def self_assessment(today: dt.date) -> Iterator[Bulk]:
    """Ratings still pending in an open round whose self-assessment deadline is within the window or past, one
    statement per (year, deadline, phase) — a handful — written by the database from the ratings themselves; a
    rating already told in the same phase is left out in the query (the unique key's index answers it)."""
    pending = Rating.objects.filter(
        subject_kind=SubjectKind.MEMBER, step=RatingStep.PENDING, campaign__state=CampaignState.OPEN,
        campaign__self_assessment_due__lte=today + dt.timedelta(days=warning_days()), member__user_id__isnull=False,
    )  # fmt: skip
    link = reverse("evaluations:mine")
    groups = pending.values_list("year", "campaign__self_assessment_due").distinct().order_by()
    for year, due in sorted(set(groups)):
        phase = "due" if due >= today else "overdue"
        if phase == "due":
            title, text = f"Hạn tự đánh giá, xếp loại năm {year}: {_d(due)}", "Đồng chí chưa tự đánh giá."
        else:
            title = f"Đã quá hạn tự đánh giá, xếp loại năm {year}"
            text = f"Hạn là {_d(due)}; đồng chí chưa tự đánh giá."
        key = Concat(Value("rating:"), Cast("pk", CharField()), Value(f":{phase}"), output_field=CharField())
        told = Notification.objects.filter(user_id=OuterRef("member__user_id"), key=OuterRef("notice_key"))
        rows = (
            pending.filter(year=year, campaign__self_assessment_due=due)
            .annotate(notice_key=key)
            .filter(~Exists(told))
            .order_by()
            .values_list("member__user_id", "notice_key")
        )
        yield Bulk(Kind.SELF_ASSESSMENT, rows, title, text, link, due)


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def meeting_to_record(today: dt.date) -> Iterator[Draft]:
    this_quarter = _quarter_start(today)
    since = _quarter_start(this_quarter - dt.timedelta(days=1))
    meetings = list(
        Meeting.objects.filter(day__lt=today, day__gte=since, organization__kind__in=MEMBER_HOLDING_KINDS)
        .exclude(status=MeetingStatus.CANCELLED)
        .filter(Q(status=MeetingStatus.PLANNED) | Q(attendance_recorded_at__isnull=True) | Q(minutes=""))
        .values_list("pk", "organization_id", "day", "topic", "status", "attendance_recorded_at", "minutes")
    )
    holders = holders_of(Right.MANAGE_CELL_LIFE, {m[1] for m in meetings}, today=today)
    for pk, org_id, day, topic, status, recorded, minutes in meetings:
        missing = []
        if status == MeetingStatus.PLANNED:
            missing.append("ghi nhận đã tổ chức (hoặc hủy)")
        if recorded is None:
            missing.append("điểm danh")
        if not minutes:
            missing.append("biên bản")
        for user_id in holders.get(org_id, []):
            yield Draft(
                user_id, Kind.MEETING_TO_RECORD, f"meeting:{pk}:record", f"Buổi sinh hoạt ngày {_d(day)} chưa hoàn tất",
                f"“{topic}”: còn thiếu {', '.join(missing)}.", reverse("meetings:detail", args=[pk]), day,
            )  # fmt: skip


def candidate_deadline(today: dt.date) -> Iterator[Draft]:
    due = deadlines(Candidate.objects.all(), today=today, until=today + dt.timedelta(days=warning_days()))
    holders = holders_of(Right.MANAGE_ADMISSIONS, {d.candidate.cell_id for d in due}, today=today)
    for d in due:
        phase = "overdue" if d.overdue else "due"
        title = f"{'Quá hạn' if d.overdue else 'Sắp đến hạn'} {_d(d.due)}: {d.label} — {d.candidate.full_name}"
        for user_id in holders.get(d.candidate.cell_id, []):
            yield Draft(
                user_id, Kind.CANDIDATE_DEADLINE, f"candidate:{d.candidate.pk}:{d.kind}:{d.due:%Y%m%d}:{phase}",
                title[:255], d.rule, reverse("admissions:detail", args=[d.candidate.pk]), d.due,
            )  # fmt: skip


def plan_tasks_overdue(today: dt.date) -> Iterator[Draft]:
    kinds = [kind for kind, rights in RIGHTS.items() if Right.MANAGE_PLANS in rights]
    officers = User.objects.filter(is_active=True, roles__kind__in=kinds).distinct()
    for user in officers:
        for status in overdue_for_committee(scope_for(user, on=today), responsibility_for(user, on=today), today=today):
            task = status.task
            occ = status.overdue[0]
            yield Draft(
                user.pk, Kind.PLAN_TASKS_OVERDUE, f"plantask:{task.pk}:{occ.due:%Y%m%d}",
                f"Nhiệm vụ quá hạn {_d(occ.due)}: {task.number} {task.title}"[:255],
                f"{task.plan.document_number}: {task.plan.title}", reverse("planning:task", args=[task.pk]), occ.due,
            )  # fmt: skip


def reports_late(today: dt.date) -> Iterator[Draft]:
    rows = list(
        ReportRecipient.objects.filter(status__in=OWING, request__due_on__lt=today)
        .values("request_id", "request__requester_id", "request__title", "request__due_on")
        .annotate(late=Count("id"))
    )
    holders = holders_of(Right.MANAGE_REPORT_REQUESTS, {r["request__requester_id"] for r in rows}, today=today)
    for r in rows:
        for user_id in holders.get(r["request__requester_id"], []):
            yield Draft(
                user_id, Kind.REPORTS_LATE, f"report:{r['request_id']}:late",
                f"{r['late']} đơn vị chậm gửi “{r['request__title']}”"[:255],
                f"Hạn gửi {_d(r['request__due_on'])}.", reverse("reporting:request", args=[r["request_id"]]),
                r["request__due_on"],
            )  # fmt: skip


SOURCES: dict[str, Callable[[dt.date], Iterator[Draft | Bulk]]] = {
    Kind.MEETING_TOMORROW: meeting_tomorrow,
    Kind.SELF_ASSESSMENT: self_assessment,
    Kind.MEETING_TO_RECORD: meeting_to_record,
    Kind.CANDIDATE_DEADLINE: candidate_deadline,
    Kind.PLAN_TASKS_OVERDUE: plan_tasks_overdue,
    Kind.REPORTS_LATE: reports_late,
}
