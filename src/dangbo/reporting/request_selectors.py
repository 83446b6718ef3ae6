"""Reads of the reports asked of lower levels, each through the user's `Scope`.

- The committee's side (`manage_report_requests`): the requests set by an organization in the scope
  (`requests_for`), with their counts per state in one query (`with_counts`), the units of one request with their
  latest version and reminders (`recipients_of`).
- The unit's side (`report_progress`): the rows addressed to a unit the user is an officer *of* (the paths where
  the user holds the right, not their subtrees: the committee above does not send a unit's report for it)
  (`inbox_for`).

Both read the organizations' current paths, so a unit or a committee moved by a restructuring keeps its requests.
"Late" (quá hạn) is computed: the unit still owes the report (not sent, or returned) and the day is after the due
date; on the due date itself the unit is not late yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.organizations.models import Organization

from .enums import OWING, RecipientStatus, TrackingState
from .models import ReportRecipient, ReportReminder, ReportRequest, ReportSubmission


def state_of(recipient: ReportRecipient, *, today: dt.date) -> str:
    """The state shown for a unit's row (see `TrackingState`)."""
    status = recipient.status
    if status == RecipientStatus.ACCEPTED:
        return TrackingState.ACCEPTED
    if status == RecipientStatus.SUBMITTED:
        return TrackingState.SENT
    if status == RecipientStatus.RETURNED:
        return TrackingState.RETURNED
    return TrackingState.LATE if today > recipient.request.due_on else TrackingState.NOT_SENT


def is_late(recipient: ReportRecipient, *, today: dt.date) -> bool:
    return recipient.status in OWING and today > recipient.request.due_on


def requests_for(scope: Scope) -> QuerySet[ReportRequest]:
    """Requests set by an organization where the user holds `manage_report_requests`."""
    return ReportRequest.objects.filter(scope.path_q(Right.MANAGE_REPORT_REQUESTS, "requester__path"))


def requesters_for(scope: Scope) -> QuerySet[Organization]:
    """The organizations that may ask for a report: those where the user holds `manage_report_requests` itself
    (the committee asks; its officers do not ask in the name of a unit below it), active, with units under them."""
    return (
        Organization.objects.filter(path__in=scope.paths(Right.MANAGE_REPORT_REQUESTS), dissolved_on__isnull=True)
        .filter(children__isnull=False)
        .distinct()
        .order_by("depth", "sort_key")
    )


def units_under(requester: Organization) -> QuerySet[Organization]:
    """The active organizations under the requester that may be asked (every level, nearest first)."""
    return (
        Organization.objects.filter(path__startswith=requester.path, dissolved_on__isnull=True)
        .exclude(pk=requester.pk)
        .order_by("depth", "sort_key")
    )


def with_counts(requests: QuerySet[ReportRequest], *, today: dt.date) -> QuerySet[ReportRequest]:
    """Each request with its units counted by state (one query)."""
    owing = Q(recipients__status__in=OWING)
    return requests.select_related("requester").annotate(
        n_units=Count("recipients", distinct=True),
        n_sent=Count("recipients", filter=~owing, distinct=True),
        n_accepted=Count("recipients", filter=Q(recipients__status=RecipientStatus.ACCEPTED), distinct=True),
        n_late=Count("recipients", filter=owing & Q(due_on__lt=today), distinct=True),
    )


@dataclass
class UnitRow:
    recipient: ReportRecipient
    state: str
    late: bool
    latest: ReportSubmission | None
    reminders: list[ReportReminder]

    @property
    def state_label(self) -> str:
        return str(TrackingState(self.state).label)


def _rows(recipients: QuerySet[ReportRecipient], *, today: dt.date) -> list[UnitRow]:
    rows = []
    for recipient in recipients.select_related("request", "organization").prefetch_related(
        Prefetch("submissions", queryset=ReportSubmission.objects.order_by("-number")),
        Prefetch("reminders", queryset=ReportReminder.objects.order_by("-sent_on", "-id")),
    ):
        versions = list(recipient.submissions.all())
        rows.append(UnitRow(
            recipient=recipient, state=state_of(recipient, today=today), late=is_late(recipient, today=today),
            latest=versions[0] if versions else None, reminders=list(recipient.reminders.all()),
        ))  # fmt: skip
    return rows


def recipients_of(request: ReportRequest, *, today: dt.date) -> list[UnitRow]:
    """The units of one request with their state, latest version and reminders (three queries)."""
    return _rows(request.recipients.order_by("organization__sort_key", "id"), today=today)


def own_unit_q(scope: Scope) -> Q:
    """Rows addressed to a unit the user is an officer of (holds `report_progress` on the unit itself)."""
    paths = scope.paths(Right.REPORT_PROGRESS)
    return Q(organization__path__in=paths) if paths else Q(pk__in=[])


def inbox_for(scope: Scope) -> QuerySet[ReportRecipient]:
    """What the user's units are asked to send, latest due first."""
    return ReportRecipient.objects.filter(own_unit_q(scope)).order_by("-request__due_on", "-id")


def inbox_rows(scope: Scope, *, today: dt.date) -> list[UnitRow]:
    return _rows(inbox_for(scope), today=today)


def recipients_for_review(scope: Scope) -> QuerySet[ReportRecipient]:
    """Unit rows of the requests the user manages (reminders, acceptance, return)."""
    return ReportRecipient.objects.filter(request__in=requests_for(scope)).select_related("request", "organization")


def submissions_for(scope: Scope) -> QuerySet[ReportSubmission]:
    """Versions the user may open: of a request they manage, or sent by their own unit."""
    return ReportSubmission.objects.filter(
        Q(recipient__request__in=requests_for(scope)) | Q(recipient__in=inbox_for(scope))
    ).select_related("recipient__request", "recipient__organization")


def requests_visible(scope: Scope) -> QuerySet[ReportRequest]:
    """Requests the user manages or that are addressed to their unit (the template is open to both)."""
    return ReportRequest.objects.filter(
        Q(pk__in=requests_for(scope).values("pk")) | Q(recipients__in=inbox_for(scope))
    ).distinct()


@dataclass
class InboxSummary:
    total: int
    owing: int  # not sent yet, or returned
    late: int
    reminded_on: dt.date | None  # the latest reminder about a report still owed


def inbox_summary(scope: Scope, *, today: dt.date) -> InboxSummary:
    """The home page's count of reports the user's units still owe (one query)."""
    counts = inbox_for(scope).aggregate(
        total=Count("pk"),
        owing=Count("pk", filter=Q(status__in=OWING)),
        late=Count("pk", filter=Q(status__in=OWING, request__due_on__lt=today)),
        reminded_on=Max("last_reminded_on", filter=Q(status__in=OWING)),
    )
    return InboxSummary(
        total=counts["total"], owing=counts["owing"], late=counts["late"], reminded_on=counts["reminded_on"]
    )
