"""The pages of the reports asked of lower levels, under /bao-cao/.

The committee (`manage_report_requests`): the list of its requests (yeu-cau/), a new request (yeu-cau/moi/), a
request's page with its units and their state, figures and reminders (yeu-cau/<id>/), reminding one unit or every
late unit, accepting or returning a unit's report (don-vi/<id>/…). The unit (`report_progress` held on the unit
itself): the reports it must send (phai-gui/) and one of them with the form to send it (phai-gui/<id>/). A
version's file and a request's template are served only through access-checked, audited views, as downloads.
Any id outside the user's scope answers 404 and is logged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import scope_for
from dangbo.core.audit import log_denied
from dangbo.core.calendar import add_working_days
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.organizations.models import Organization

from . import request_services as services
from .enums import RequestKind
from .request_forms import RequestForm, ReviewForm, SubmissionForm
from .request_selectors import (
    inbox_for,
    inbox_rows,
    recipients_for_review,
    recipients_of,
    requesters_for,
    requests_for,
    requests_visible,
    state_of,
    submissions_for,
    units_under,
    with_counts,
)

DEFAULT_DUE_WORKING_DAYS = 10  # a new request's suggested due date: ten working days ahead


def _show(form: forms.Form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _run(form: forms.Form, write: Callable[[], Any]) -> tuple[Any, int]:
    try:
        return write(), 200
    except ConcurrentEditError as error:
        form.add_error(None, error.message)
        return None, 409
    except DomainError as error:
        _show(form, error)
        return None, 400


@login_required
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_REPORT_REQUESTS)
    today = timezone.localdate()
    rows = list(with_counts(requests_for(scope), today=today).order_by("-due_on", "-id")[:200])
    return render(request, "reporting/requests/list.html", {"rows": rows, "today": today})


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_REPORT_REQUESTS)
    requesters = requesters_for(scope)
    raw = request.POST.get("to_chuc") or request.GET.get("to_chuc")
    requester = get_in_scope_or_404(request, requesters, raw, what="organization") if raw else requesters.first()
    if requester is None:
        raise PermissionDenied
    today = timezone.localdate()
    offered = units_under(requester).filter(depth=requester.depth + 1)
    allowed = Organization.objects.filter(scope.path_q(Right.MANAGE_REPORT_REQUESTS))
    initial = {"year": today.year, "due_on": add_working_days(today, DEFAULT_DUE_WORKING_DAYS),
               "kind": RequestKind.YEARLY}  # fmt: skip
    form = RequestForm(request.POST or None, request.FILES or None, offered=offered, allowed=allowed, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            created, status = _run(form, lambda: services.create_request(
                actor=request.user, requester=requester, kind=data["kind"], year=data["year"],
                period=data["period"], title=data["title"], due_on=data["due_on"], units=data["units"],
                figures=form.figure_names(), note=data["note"], template=data["template"], today=today,
            ))  # fmt: skip
            if created is not None:
                messages.success(request, _("Đã gửi yêu cầu báo cáo “%(t)s”.") % {"t": created.title})
                return redirect("reporting:request", pk=created.pk)
        else:
            status = 400
            for pk in form.out_of_scope_ids:
                if Organization.objects.filter(pk=pk).exists():
                    log_denied(actor=request.user, what="organization", object_id=pk, request=request)
    return render(request, "reporting/requests/form.html", {
        "form": form, "requester": requester, "requesters": list(requesters),
    }, status=status)  # fmt: skip


def _render_detail(
    request: HttpRequest, report: Any, *, status: int = 200, errors: dict[int, Any] | None = None
) -> HttpResponse:
    today = timezone.localdate()
    rows = recipients_of(report, today=today)
    return render(request, "reporting/requests/detail.html", {
        "report": report, "rows": rows, "today": today, "errors": errors or {},
        "late": sum(row.late for row in rows), "sent": sum(row.latest is not None for row in rows),
    }, status=status)  # fmt: skip


@login_required
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_REPORT_REQUESTS)
    report = get_in_scope_or_404(request, requests_for(scope).select_related("requester"), pk, what="report_request")
    return _render_detail(request, report)


@login_required
@require_POST
def remind_late(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_REPORT_REQUESTS)
    report = get_in_scope_or_404(request, requests_for(scope), pk, what="report_request")
    try:
        sent = services.remind_late(actor=request.user, request=report)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã nhắc %(n)s đơn vị quá hạn.") % {"n": len(sent)})
    return redirect("reporting:request", pk=report.pk)


@login_required
@require_POST
def remind_one(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_REPORT_REQUESTS)
    recipient = get_in_scope_or_404(request, recipients_for_review(scope), pk, what="report_recipient")
    try:
        services.remind(actor=request.user, recipient=recipient)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã nhắc %(u)s gửi báo cáo.") % {"u": recipient.organization.name})
    return redirect("reporting:request", pk=recipient.request_id)


def _review(request: HttpRequest, pk: int, *, accept: bool) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_REPORT_REQUESTS)
    recipient = get_in_scope_or_404(request, recipients_for_review(scope), pk, what="report_recipient")
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, recipient.request, status=400, errors={recipient.pk: form})
    data = form.cleaned_data
    service = services.accept_report if accept else services.return_report
    done, status = _run(form, lambda: service(
        actor=request.user, recipient=recipient, expected_version=data["version"], comment=data["comment"]
    ))  # fmt: skip
    if done is None:
        return _render_detail(request, recipient.request, status=status, errors={recipient.pk: form})
    text = _("Đã tiếp nhận báo cáo của %(u)s.") if accept else _("Đã trả lại báo cáo của %(u)s.")
    messages.success(request, text % {"u": recipient.organization.name})
    return redirect("reporting:request", pk=recipient.request_id)


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _review(request, pk, accept=True)


@login_required
@require_POST
def return_report(request: HttpRequest, pk: int) -> HttpResponse:
    return _review(request, pk, accept=False)


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, Right.REPORT_PROGRESS)
    today = timezone.localdate()
    return render(request, "reporting/requests/inbox.html", {"rows": inbox_rows(scope, today=today), "today": today})


@login_required
@require_http_methods(["GET", "POST"])
def inbox_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.REPORT_PROGRESS)
    recipient = get_in_scope_or_404(
        request, inbox_for(scope).select_related("request__requester", "organization"), pk, what="report_recipient"
    )
    report = recipient.request
    form = SubmissionForm(request.POST or None, request.FILES or None, request=report)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            sent, status = _run(form, lambda: services.submit_report(
                actor=request.user, request=report, organization=recipient.organization, uploaded=data["file"],
                figures=form.figure_values(), note=data["note"],
            ))  # fmt: skip
            if sent is not None:
                messages.success(request, _("Đã gửi báo cáo (lần %(n)s).") % {"n": sent.number})
                return redirect("reporting:inbox_item", pk=recipient.pk)
        else:
            status = 400
    today = timezone.localdate()
    return render(request, "reporting/requests/inbox_detail.html", {
        "recipient": recipient, "report": report, "form": form, "today": today,
        "state": state_of(recipient, today=today),
        "versions": list(recipient.submissions.order_by("-number")),
        "reminders": list(recipient.reminders.order_by("-sent_on", "-id")),
        "can_send": recipient.status != "accepted",
    }, status=status)  # fmt: skip


def _download(field_file: Any, content_type: str, filename: str) -> FileResponse:
    response = FileResponse(field_file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def submission_file(request: HttpRequest, pk: int) -> FileResponse:
    scope = scope_for(request.user)
    submission = get_in_scope_or_404(request, submissions_for(scope), pk, what="report_submission")
    services.record_file_viewed(actor=request.user, submission=submission, request=request)
    return _download(submission.file, submission.content_type, services.submission_filename(submission))


@login_required
@require_GET
def template_file(request: HttpRequest, pk: int) -> FileResponse:
    scope = scope_for(request.user)
    report = get_in_scope_or_404(request, requests_visible(scope).exclude(template=""), pk, what="report_request")
    extension = report.template.name.rsplit(".", 1)[-1]
    return _download(report.template, report.template_content_type, f"mau-bao-cao-{report.pk}.{extension}")
