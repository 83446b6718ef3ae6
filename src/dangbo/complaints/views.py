"""The letters hub, `/khieu-nai-to-cao/`: the letters past their deadline (with their rule), the list of letters
handled in the user's scope (filters: unit, kind, state, overdue, year; 50 a page; Excel, audited), and the
reception form.

Who: the holders of `handle_complaints` (the inspection officers of the bloc and of the grassroots organizations,
the grassroots committee's officer), over the organizations that handle the letters. Nothing here shows who wrote a
letter: the identity has its own page (`detail_views.identity`). Ids outside the scope, in the address or posted,
answer 404 and are logged.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dangbo.accounts.access import require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.models import User
from dangbo.accounts.scope import Scope
from dangbo.core.audit import log_action, log_denied
from dangbo.core.errors import DomainError
from dangbo.core.views import query_without
from dangbo.discipline.models import Discipline
from dangbo.discipline.selectors import disciplines_for
from dangbo.members.models import Member
from dangbo.members.selectors import members_for
from dangbo.members.views import check_organization_param, log_field_denied
from dangbo.organizations.models import Organization

from . import report_exports, services
from .forms import ComplaintFilterForm, ReceptionForm, ScopedForm
from .models import Complaint
from .selectors import (
    assignable,
    complaints_for,
    earlier_letters,
    filter_complaints,
    handling_organizations,
    overdue_letters,
    with_deadlines,
)

HANDLE = Right.HANDLE_COMPLAINTS
PAGE_SIZE = 50
EXPORT_LIMIT = 5000
# What a posted id names, per field: the model and the audit's object type.
POSTED: dict[str, tuple[type[Any], str]] = {
    "handling_organization": (Organization, "organization"), "subject_organization": (Organization, "organization"),
    "subject_member": (Member, "member"), "member": (Member, "member"), "discipline": (Discipline, "discipline"),
    "repeat_of": (Complaint, "complaint"), "assignee": (User, "user"),
}  # fmt: skip


def log_posted_out_of_scope(request: HttpRequest, form: ScopedForm) -> None:
    """Ids posted outside the scope: logged (when they exist) and answered 404."""
    found = False
    for name, pk in form.out_of_scope_ids():
        model, what = POSTED.get(name, (Organization, "organization"))
        if model._default_manager.filter(pk=pk).exists():
            log_denied(actor=request.user, what=what, object_id=pk, request=request)
            found = True
    if found:
        raise Http404


def _filtered(request: HttpRequest, scope: Scope) -> tuple[ComplaintFilterForm, QuerySet[Complaint] | None]:
    organizations = handling_organizations(scope)
    check_organization_param(request, organizations, request.GET.get("to_chuc"))
    form = ComplaintFilterForm(request.GET or None, organizations=organizations)
    if request.GET and not form.is_valid():
        log_field_denied(request, form)
        return form, None
    data = form.cleaned_data if form.is_bound else {}
    qs = filter_complaints(complaints_for(scope), data, today=timezone.localdate())
    return form, qs.select_related("handling_organization__parent", "subject_member", "subject_organization")


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, HANDLE)
    today = timezone.localdate()
    form, qs = _filtered(request, scope)
    page = None
    if qs is not None:
        page = Paginator(qs.order_by("-received_on", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
        with_deadlines(list(page.object_list))
    context = {
        "today": today, "form": form, "page": page, "query": query_without(request),
        "overdue": overdue_letters(complaints_for(scope), today=today, limit=20),
        "can_export": scope.has_right(Right.EXPORT),
    }  # fmt: skip
    return render(request, "complaints/home.html", context, status=200 if qs is not None else 400)


@login_required
@require_GET
def export_list(request: HttpRequest) -> HttpResponse:
    """The filtered list as Excel (audited; no identity)."""
    scope = require_right(request, HANDLE)
    if not scope.has_right(Right.EXPORT):
        raise PermissionDenied
    _form, qs = _filtered(request, scope)
    if qs is None:
        raise Http404
    letters = list(qs.order_by("-received_on", "-pk")[:EXPORT_LIMIT])
    content = report_exports.list_workbook(letters)
    log_action("complaints.list.exported", actor=request.user, object_type="complaint", object_id="",
               data={"rows": len(letters), "filters": query_without(request)}, request=request)  # fmt: skip
    response = HttpResponse(content, content_type=report_exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="don-khieu-nai-to-cao-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


def reception_form(request: HttpRequest, scope: Scope) -> ReceptionForm:
    handlers = handling_organizations(scope)
    top = handlers.order_by("depth").first()
    return ReceptionForm(
        request.POST or None,
        handlers=handlers,
        members=members_for(scope, right=HANDLE, include_self=False),
        organizations=Organization.objects.filter(scope.path_q(HANDLE)),
        disciplines=disciplines_for(scope, right=HANDLE).filter(appealed_on__isnull=True)
        .select_related("member", "organization").order_by("-decision_date"),
        letters=earlier_letters(complaints_for(scope)),
        users=assignable(scope),
        initial={"received_on": timezone.localdate(), "handling_organization": top.pk if top else None},
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def receive(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, HANDLE)
    form = reception_form(request, scope)
    if request.method == "POST":
        if form.is_valid():
            try:
                letter = services.receive_complaint(actor=request.user, **form.service_data())
            except DomainError as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, error.message)
            else:
                messages.success(request, _("Đã tiếp nhận đơn: %(what)s.") % {"what": str(letter)})
                return redirect("complaints:detail", pk=letter.pk)
        log_posted_out_of_scope(request, form)
    return render(request, "complaints/form.html", {"form": form}, status=400 if form.errors else 200)
