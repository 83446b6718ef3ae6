"""A meeting's page (plan, verdicts with their rules, quorum with its reason, attendance, guests, minutes, files)
and the forms that change it: schedule, edit the plan, record it held, minutes, guests, cancel, upload a file.

Reading needs VIEW_CELL_LIFE over the meeting's unit, changing it MANAGE_CELL_LIFE; outside, 404 and logged.
A refused change shows the form again with the service's Vietnamese reason (status 400), nothing saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangbo.accounts.access import require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.errors import DomainError
from dangbo.members.views import check_organization_param, log_field_denied
from dangbo.organizations.enums import MEMBER_HOLDING_KINDS, OrgKind

from .. import meeting_files, services
from ..forms import CancelForm, GuestsForm, HeldForm, MinutesForm, PlanForm, UploadForm
from ..models import Meeting
from ..replies import replies_of
from ..review import late_documents_warning, review
from ..selectors import guest_choices, organizations_with
from .common import meeting_in_scope, refuse_hidden_members

# Service error fields that the forms name differently.
FORM_FIELD_OF = {"organization": "to_chuc", "started_at": "start", "ended_at": "end", "cancel_reason": "reason"}
SCHEDULE_UNITS = {*MEMBER_HOLDING_KINDS, OrgKind.GRASSROOTS_COMMITTEE, OrgKind.SUB_COMMITTEE}


def show_error(form: forms.Form, error: DomainError) -> None:
    name = FORM_FIELD_OF.get(error.field or "", error.field)
    form.add_error(name if name in form.fields else None, error.message)


def _version(request: HttpRequest) -> int:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else -1


def _audit_view(request: HttpRequest, meeting: Meeting) -> None:
    services.audit("viewed", actor=request.user, meeting=meeting, request=request)


def render_detail(
    request: HttpRequest, scope: Scope, meeting: Meeting, *, upload_form: UploadForm | None = None, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    can_manage = scope.covers_path(Right.MANAGE_CELL_LIFE, meeting.organization.path)
    context = {
        "meeting": meeting,
        "review": review(meeting, today=today),
        "guests": list(meeting.guests.select_related("member", "assignment__organization")),
        "files": list(meeting.files.all()),
        "replies": list(replies_of(meeting)),
        "can_manage": can_manage,
        "upload_form": upload_form or (UploadForm(status=meeting.status) if can_manage else None),
        "today": today,
    }
    return render(request, "meetings/detail.html", context, status=status)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting's page; opening it is audited (it lists members' attendance)."""
    scope = require_right(request, Right.VIEW_CELL_LIFE)
    meeting = meeting_in_scope(request, scope, pk)
    _audit_view(request, meeting)
    return render_detail(request, scope, meeting)


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest) -> HttpResponse:
    """Plan a meeting of a unit in the scope (`?to_chuc=<id>` preselects it)."""
    scope = require_right(request, Right.MANAGE_CELL_LIFE)
    organizations = organizations_with(scope, Right.MANAGE_CELL_LIFE).filter(kind__in=SCHEDULE_UNITS)
    check_organization_param(request, organizations_with(scope, Right.MANAGE_CELL_LIFE), request.GET.get("to_chuc"))
    initial: dict[str, object] = {"to_chuc": request.GET.get("to_chuc")}
    if not initial["to_chuc"]:
        only = list(organizations.filter(kind__in=MEMBER_HOLDING_KINDS, dissolved_on__isnull=True)[:2])
        initial["to_chuc"] = only[0].pk if len(only) == 1 else None
    form = PlanForm(request.POST if request.method == "POST" else None, organizations=organizations, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = services.schedule_meeting(
                    actor=request.user, organization=data["to_chuc"], kind=data["kind"],
                    planned_start=form.planned_start, topic=data["topic"], agenda=data["agenda"], place=data["place"],
                )  # fmt: skip
            except DomainError as error:
                show_error(form, error)
            else:
                messages.success(request, _("Đã lên lịch buổi sinh hoạt."))
                return redirect("meetings:detail", pk=meeting.pk)
        log_field_denied(request, form)
    status = 400 if form.errors else 200
    return render(request, "meetings/plan_form.html", {"form": form, "meeting": None}, status=status)


def _change(
    request: HttpRequest,
    pk: int,
    *,
    template: str,
    make_form: Callable[[Meeting, Any], forms.Form],
    apply: Callable[[Meeting, forms.Form, int], Any],
    done: str,
    extra: Callable[[Meeting], dict[str, Any]] | None = None,
    check_posted: Callable[[Scope, Meeting], None] | None = None,
) -> HttpResponse:
    """The pattern of every change form: access check, the meeting in scope, ids in the body (`check_posted`:
    404 and logged outside the scope), the form, the service, the message."""
    scope = require_right(request, Right.MANAGE_CELL_LIFE)
    meeting = meeting_in_scope(request, scope, pk, right=Right.MANAGE_CELL_LIFE)
    if request.method == "POST" and check_posted is not None:
        check_posted(scope, meeting)
    form = make_form(meeting, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            apply(meeting, form, _version(request))
        except DomainError as error:
            show_error(form, error)
        else:
            messages.success(request, done)
            return redirect("meetings:detail", pk=meeting.pk)
    context = {"form": form, "meeting": meeting, **(extra(meeting) if extra else {})}
    return render(request, template, context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def edit_plan(request: HttpRequest, pk: int) -> HttpResponse:
    def make(meeting: Meeting, data: Any) -> forms.Form:
        start = timezone.localtime(meeting.planned_start)
        initial = {"kind": meeting.kind, "day": meeting.day, "time": start.time(), "place": meeting.place,
                   "topic": meeting.topic, "agenda": meeting.agenda}  # fmt: skip
        return PlanForm(data, initial=initial)

    def apply(meeting: Meeting, form: forms.Form, version: int) -> Any:
        assert isinstance(form, PlanForm)
        d = form.cleaned_data
        return services.update_plan(
            actor=request.user, meeting=meeting, expected_version=version, kind=d["kind"],
            planned_start=form.planned_start, topic=d["topic"], agenda=d["agenda"], place=d["place"],
        )  # fmt: skip

    return _change(request, pk, template="meetings/plan_form.html", make_form=make, apply=apply,
                   done=_("Đã sửa kế hoạch buổi sinh hoạt."))  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def record_held(request: HttpRequest, pk: int) -> HttpResponse:
    def make(meeting: Meeting, data: Any) -> forms.Form:
        start = timezone.localtime(meeting.started_at or meeting.planned_start)
        end = timezone.localtime(meeting.ended_at) if meeting.ended_at else None
        initial = {"day": start.date(), "start": start.time(), "end": end.time() if end else None}
        return HeldForm(data, initial=initial)

    def apply(meeting: Meeting, form: forms.Form, version: int) -> Any:
        assert isinstance(form, HeldForm)
        return services.record_held(actor=request.user, meeting=meeting, expected_version=version,
                                    started_at=form.started_at, ended_at=form.ended_at)  # fmt: skip

    return _change(request, pk, template="meetings/held_form.html", make_form=make, apply=apply,
                   done=_("Đã ghi nhận buổi sinh hoạt đã tổ chức."))  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    def make(meeting: Meeting, data: Any) -> forms.Form:
        return MinutesForm(data, initial={"minutes": meeting.minutes, "resolutions": meeting.resolutions})

    def apply(meeting: Meeting, form: forms.Form, version: int) -> Any:
        d = form.cleaned_data
        return services.record_minutes(actor=request.user, meeting=meeting, expected_version=version,
                                       minutes=d["minutes"], resolutions=d["resolutions"])  # fmt: skip

    return _change(request, pk, template="meetings/minutes_form.html", make_form=make, apply=apply,
                   done=_("Đã lưu biên bản và nghị quyết."))  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def guests(request: HttpRequest, pk: int) -> HttpResponse:
    def make(meeting: Meeting, data: Any) -> forms.Form:
        current = list(meeting.guests.values_list("member_id", flat=True))
        return GuestsForm(data, choices=guest_choices(meeting), initial={"guests": current})

    def apply(meeting: Meeting, form: forms.Form, version: int) -> Any:
        return services.set_guests(actor=request.user, meeting=meeting, expected_version=version,
                                   member_ids=form.cleaned_data["guests"])  # fmt: skip

    def check_posted(scope: Scope, meeting: Meeting) -> None:
        """A member id posted that is not offered (the upper-level committee members offered may lie outside the
        user's scope) and that the user may not see: 404 and logged."""
        offered = {c.member.pk for c in guest_choices(meeting)}
        posted = {int(v) for v in request.POST.getlist("guests") if v.isdigit() and len(v) < 12}
        refuse_hidden_members(request, scope, sorted(posted - offered))

    return _change(request, pk, template="meetings/guests_form.html", make_form=make, apply=apply,
                   done=_("Đã lưu danh sách cấp ủy cấp trên dự."), check_posted=check_posted)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    def make(meeting: Meeting, data: Any) -> forms.Form:
        return CancelForm(data)

    def apply(meeting: Meeting, form: forms.Form, version: int) -> Any:
        return services.cancel_meeting(actor=request.user, meeting=meeting, expected_version=version,
                                       reason=form.cleaned_data["reason"])  # fmt: skip

    return _change(request, pk, template="meetings/cancel_form.html", make_form=make, apply=apply,
                   done=_("Đã hủy buổi sinh hoạt."))  # fmt: skip


@login_required
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a document (for members to read ahead) or the signed minutes; a refused file shows the page again."""
    scope = require_right(request, Right.MANAGE_CELL_LIFE)
    meeting = meeting_in_scope(request, scope, pk, right=Right.MANAGE_CELL_LIFE)
    form = UploadForm(request.POST, request.FILES, status=meeting.status)
    if form.is_valid():
        try:
            meeting_files.upload_file(actor=request.user, meeting=meeting, kind=form.cleaned_data["kind"],
                                      uploaded=form.cleaned_data["file"])  # fmt: skip
        except DomainError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Đã tải lên tệp."))
            meeting.refresh_from_db()
            late = late_documents_warning(meeting)
            if late:
                messages.warning(request, late)
            return redirect(reverse("meetings:detail", args=[pk]) + "#tep")
    meeting.refresh_from_db()
    return render_detail(request, scope, meeting, upload_form=form, status=400)
