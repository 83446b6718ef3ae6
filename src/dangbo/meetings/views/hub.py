"""The hub of cell life, `/sinh-hoat/`, for everyone who reaches it from the navigation.

An officer (VIEW_CELL_LIFE) sees the meeting calendar of their scope, filtered by unit (an id outside the scope:
404 and logged), month and kind, 50 a page, with the ways to the quarterly compliance, the tasks and the
screening as their rights allow. A member sees their own cell's meetings ahead (topic, time, place, the documents
to read once published) and their own attendance. Someone with both sees both.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope, scope_for
from dangbo.core.views import query_without
from dangbo.members.models import Member
from dangbo.members.views import check_organization_param

from ..forms import MeetingFilterForm
from ..models import Meeting
from ..selectors import attendance_history, meetings_for, organizations_with, upcoming_for

PAGE_SIZE = 50
HISTORY_SHOWN = 24


def filter_meetings(qs: QuerySet[Meeting], data: dict[str, Any]) -> QuerySet[Meeting]:
    """The calendar's filters on a scoped queryset (`to_chuc` already checked against the scope)."""
    org = data.get("to_chuc")
    if org is not None:
        qs = qs.filter(organization__path__startswith=org.path)
    year, month = data.get("nam"), data.get("thang")
    if year and month:
        qs = qs.filter(day__year=year, day__month=month)
    elif year:
        qs = qs.filter(day__year=year)
    if data.get("loai"):
        qs = qs.filter(kind=data["loai"])
    return qs


def _calendar(request: HttpRequest, scope: Scope) -> dict[str, Any]:
    organizations = organizations_with(scope, Right.VIEW_CELL_LIFE)
    check_organization_param(request, organizations, request.GET.get("to_chuc"))
    form = MeetingFilterForm(request.GET or None, organizations=organizations)
    context: dict[str, Any] = {"form": form, "query": query_without(request)}
    if not request.GET or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        qs = filter_meetings(meetings_for(scope), data).select_related("organization__parent")
        page = Paginator(qs.order_by("-day", "-planned_start", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
        context["page"] = page
    return context


def _own(member: Member, today: dt.date) -> dict[str, Any]:
    return {
        "own_member": member,
        "upcoming": list(upcoming_for(member, today=today)[:10]),
        "history": list(attendance_history(member)[:HISTORY_SHOWN]),
    }


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The calendar for officers, the member's own meetings for members (403 for anyone else)."""
    scope = scope_for(request.user)
    officer = scope.has_right(Right.VIEW_CELL_LIFE)
    if not officer and scope.member_id is None:
        raise PermissionDenied
    today = timezone.localdate()
    context: dict[str, Any] = {
        "officer": officer,
        "today": today,
        "can_manage": scope.has_right(Right.MANAGE_CELL_LIFE),
        "can_screen": scope.has_right(Right.VIEW_SCREENING),
    }
    if officer:
        context.update(_calendar(request, scope))
    if scope.member_id is not None:
        member = Member.objects.select_related("organization__parent").get(pk=scope.member_id)
        context.update(_own(member, today))
    return render(request, "meetings/home.html", context)
