"""Member pages: the list (filters, live search, Excel export), the member page, and the forms that
register, edit, change the status of, or move a member. Each view starts with its access check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope, scope_for
from dangbo.core.audit import log_action, log_denied
from dangbo.core.dates import age_on
from dangbo.core.errors import DomainError
from dangbo.core.views import query_without
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import matching_organizations, organizations_for

from . import exports, services
from .enums import ON_ROLLS
from .forms import (
    PICKER_LIMIT,
    MemberCreateForm,
    MemberFilterForm,
    MemberSheetForm,
    MoveToCellForm,
    OrganizationField,
    StatusChangeForm,
)
from .models import Member
from .panels import render_panels
from .search import MemberResults
from .selectors import (
    member_history_entries,
    member_results,
    member_timeline,
    members_for,
    organization_path_of,
)
from .seniority import seniority_months, seniority_ymd

PAGE_SIZE = 50
MAX_PAGE = 100_000  # a page number beyond any list, kept from growing the count's limit without end
# Service error fields that the forms name differently.
FORM_FIELD_OF = {"organization": "to_chuc"}


@dataclass
class MemberRow:
    member: Member
    age: int
    seniority_years: int


def _seniority(member: Member, today: dt.date) -> int:
    """Months of seniority, minus gaps; `member.status_periods` should be prefetched."""
    periods = [(p.status, p.start, p.end) for p in member.status_periods.all()]
    return seniority_months(admission_decision_date=member.admission_decision_date, periods=periods, on=today)


def require_member_reader(request: HttpRequest) -> Scope:
    """Officers who may view members, and any member opening their own record (403 for anyone else)."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    scope = scope_for(request.user)
    if not scope.has_right(Right.VIEW_MEMBERS) and scope.member_id is None:
        raise PermissionDenied
    return scope


def check_organization_param(request: HttpRequest, organizations: QuerySet[Organization], value: str | None) -> None:
    """An organization id in the address that lies outside the scope answers 404 and is logged."""
    if value and value.isdigit():
        get_in_scope_or_404(request, organizations, int(value), what="organization")


def log_field_denied(request: HttpRequest, form: forms.Form) -> None:
    """A form that named an organization outside the scope: the attempt is logged like any other."""
    field = form.fields.get("to_chuc")
    denied = field.out_of_scope_id if isinstance(field, OrganizationField) else None
    if denied is not None and Organization.objects.filter(pk=denied).exists():
        log_denied(actor=request.user, what="organization", object_id=denied, request=request)


def _show_domain_error(form: forms.Form, error: DomainError) -> None:
    field = FORM_FIELD_OF.get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, error.message)


@login_required
@require_GET
def member_list(request: HttpRequest) -> HttpResponse:
    """Members in scope, filtered and searched, in Vietnamese order, 50 a page. htmx asks for the results only."""
    scope = require_right(request, Right.VIEW_MEMBERS)
    organizations = organizations_for(scope, right=Right.VIEW_MEMBERS)
    check_organization_param(request, organizations, request.GET.get("to_chuc"))
    form = MemberFilterForm(request.GET, organizations=organizations)
    today = timezone.localdate()
    page: Page[Member] | None = None
    results: MemberResults | None = None
    rows: list[MemberRow] = []
    create_in = None
    if form.is_valid():
        filters, organization = form.filters()
        if organization and organization.holds_members and scope.covers_path(Right.MANAGE_MEMBERS, organization.path):
            create_in = organization
        results = member_results(
            scope, filters, organization=organization, today=today, count_at_least=_page_number(request) * PAGE_SIZE
        )
        # A Paginator reads only count() and slices, which MemberResults provides.
        page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))  # type: ignore[arg-type]
        rows_qs = page.object_list.select_related("organization__parent")  # type: ignore[attr-defined]
        members = list(rows_qs.prefetch_related("status_periods"))
        rows = [MemberRow(m, age_on(m.birth_date, today), _seniority(m, today) // 12) for m in members]
    context = {
        "form": form,
        "page": page,
        "results": results,
        "rows": rows,
        "query": query_without(request),
        "can_export": scope.has_right(Right.EXPORT),
        "can_create": scope.has_right(Right.MANAGE_MEMBERS),
        "create_in": create_in,
        "picks": _picker_links(request, form.picker_matches),
    }
    if request.htmx and not request.htmx.boosted:  # type: ignore[attr-defined]
        return render(request, "members/_results.html", context)
    return render(request, "members/member_list.html", context)


def _page_number(request: HttpRequest) -> int:
    """The page asked for (1 when missing or not a number): the count reaches at least to its end."""
    try:
        return min(max(1, int(request.GET.get("page", "1"))), MAX_PAGE)
    except ValueError:
        return 1


def _picker_links(request: HttpRequest, matches: list[Organization]) -> list[tuple[Organization, str]]:
    """Each organization offered by the picker, with the member list's address filtered on it (other filters kept)."""
    query = request.GET.copy()
    for name in ("to_chuc", "to_chuc_tim", "page"):
        query.pop(name, None)
    base = reverse("members:list")
    links = []
    for org in matches:
        query["to_chuc"] = str(org.pk)
        links.append((org, f"{base}?{query.urlencode()}"))
    return links


@login_required
@require_GET
def organization_picker(request: HttpRequest) -> HttpResponse:
    """The member filter's search-as-you-type organization picker (htmx): matches in the user's scope only."""
    scope = require_right(request, Right.VIEW_MEMBERS)
    organizations = organizations_for(scope, right=Right.VIEW_MEMBERS).exclude(kind=OrgKind.PARTY_GROUP)
    text = request.GET.get("to_chuc_tim", "")[:100]
    matches = matching_organizations(organizations, text, limit=PICKER_LIMIT + 1)
    return render(request, "members/_organization_picker.html", {
        "picks": _picker_links(request, matches[:PICKER_LIMIT]), "more": len(matches) > PICKER_LIMIT, "text": text,
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def member_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as an Excel file: inline up to the threshold, else (on POST) a background job."""
    scope = require_right(request, Right.EXPORT)
    organizations = organizations_for(scope, right=Right.EXPORT)
    check_organization_param(request, organizations, request.GET.get("to_chuc"))
    form = MemberFilterForm(request.GET, organizations=organizations)
    if not form.is_valid():
        return render(request, "members/export.html", {"form": form, "query": query_without(request)}, status=400)
    filters, _organization = form.filters()
    today = timezone.localdate()
    if request.method == "POST":
        job = exports.start_export_job(actor=request.user, filters=filters)
        template = "core/job_status.html" if request.htmx else "members/export.html"  # type: ignore[attr-defined]
        return render(request, template, {"job": job, "query": query_without(request)})
    qs = exports.export_queryset(scope, filters, today=today)
    total = qs.count()
    if total > exports.inline_max_rows():
        return render(request, "members/export.html", {"total": total, "query": query_without(request)})
    content, rows = exports.build_workbook(qs, today=today)
    exports.log_export(actor=request.user, scope=scope, filters=filters, rows=rows, request=request)
    response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{exports.export_filename(today)}"'
    return response


@login_required
@require_GET
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The full record. Opening it is audited (`members.member.viewed`)."""
    scope = require_member_reader(request)
    member = get_in_scope_or_404(request, members_for(scope).select_related("organization"), pk, what="member")
    log_action(
        "members.member.viewed",
        actor=request.user,
        object_type="member",
        object_id=member.pk,
        object_repr=member.full_name,
        scope_path=member.organization.path,
        request=request,
    )
    today = timezone.localdate()
    periods = [(p.status, p.start, p.end) for p in member.status_periods.all()]
    seniority = seniority_ymd(admission_decision_date=member.admission_decision_date, periods=periods, on=today)
    path = member.organization.path
    breadcrumb = [
        (org, scope.covers_path(Right.VIEW_MEMBERS, org.path)) for org in organization_path_of(member.organization)
    ]
    seats = member.committee_seats.select_related("committee__organization").order_by("-start")
    context: dict[str, Any] = {
        "member": member,
        "breadcrumb": breadcrumb,
        "age": age_on(member.birth_date, today),
        "seniority": seniority,
        "timeline": member_timeline(member),
        "seats": list(seats),
        "can_manage": scope.covers_path(Right.MANAGE_MEMBERS, path),
        "can_audit": scope.covers_path(Right.VIEW_AUDIT, path),
        "can_transfer": scope.covers_path(Right.MANAGE_MOVEMENTS, path) and member.status in ON_ROLLS,
        "panels": render_panels(request=request, scope=scope, member=member, today=today),
    }
    return render(request, "members/member_detail.html", context)


@login_required
@require_GET
def member_photo(request: HttpRequest, pk: int) -> FileResponse:
    """The member's photo, served only inside the reader's scope (media files are never public)."""
    scope = require_member_reader(request)
    member = get_in_scope_or_404(request, members_for(scope), pk, what="member")
    if not member.photo:
        raise Http404
    return FileResponse(member.photo.open("rb"))


@login_required
@require_http_methods(["GET", "POST"])
def member_create(request: HttpRequest) -> HttpResponse:
    """Register a member in a cell of the scope (`?to_chuc=<cell id>` preselects the cell)."""
    scope = require_right(request, Right.MANAGE_MEMBERS)
    organizations = organizations_for(scope, right=Right.MANAGE_MEMBERS)
    check_organization_param(request, organizations, request.GET.get("to_chuc"))
    form = MemberCreateForm(
        request.POST if request.method == "POST" else None,
        initial={"to_chuc": request.GET.get("to_chuc")},
        organizations=organizations,
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                member = services.create_member(
                    actor=request.user, organization=form.cleaned_data["to_chuc"], data=form.sheet_data()
                )
            except DomainError as error:
                _show_domain_error(form, error)
            else:
                messages.success(request, _("Đã thêm đảng viên %(name)s.") % {"name": member.full_name})
                return redirect("members:detail", pk=member.pk)
        log_field_denied(request, form)
    return render(request, "members/member_form.html", {
        "form": form, "title": _("Thêm đảng viên"), "submit": _("Thêm đảng viên"), "cancel": reverse("members:list"),
    })  # fmt: skip


def _managed_member(request: HttpRequest, scope: Scope, pk: int) -> Member:
    qs = members_for(scope, right=Right.MANAGE_MEMBERS, include_self=False).select_related("organization")
    return get_in_scope_or_404(request, qs, pk, what="member")


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the member sheet; the form carries `version`, and a stale one is refused."""
    scope = require_right(request, Right.MANAGE_MEMBERS)
    member = _managed_member(request, scope, pk)
    initial = {name: getattr(member, name) for name in services.SHEET_FIELDS} | {"version": member.version}
    form = MemberSheetForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_member(
                actor=request.user, member=member, expected_version=form.cleaned_data["version"], data=form.sheet_data()
            )
        except DomainError as error:
            _show_domain_error(form, error)
        else:
            messages.success(request, _("Đã lưu phiếu đảng viên."))
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/member_form.html", {
        "form": form, "member": member, "title": _("Sửa phiếu đảng viên"), "submit": _("Lưu"),
        "cancel": reverse("members:detail", args=[member.pk]),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def member_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the member's status from a date (closes the open status period, opens the next)."""
    scope = require_right(request, Right.MANAGE_MEMBERS)
    member = _managed_member(request, scope, pk)
    form = StatusChangeForm(request.POST if request.method == "POST" else None, initial={"version": member.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_status(
                actor=request.user, member=member, status=data["status"], on=data["on"], reason=data["reason"],
                decision_number=data["decision_number"], expected_version=data["version"],
            )  # fmt: skip
        except DomainError as error:
            _show_domain_error(form, error)
        else:
            messages.success(request, _("Đã cập nhật trạng thái đảng viên."))
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/member_form.html", {
        "form": form, "member": member, "title": _("Thay đổi trạng thái"), "submit": _("Lưu"),
        "cancel": reverse("members:detail", args=[member.pk]),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def member_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the member to another cell of the scope from a date."""
    scope = require_right(request, Right.MANAGE_MEMBERS)
    member = _managed_member(request, scope, pk)
    organizations = organizations_for(scope, right=Right.MANAGE_MEMBERS)
    form = MoveToCellForm(
        request.POST if request.method == "POST" else None,
        initial={"version": member.version},
        organizations=organizations,
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.move_to_cell(
                    actor=request.user, member=member, organization=data["to_chuc"], on=data["on"],
                    reason=data["reason"], expected_version=data["version"],
                )  # fmt: skip
            except DomainError as error:
                _show_domain_error(form, error)
            else:
                messages.success(request, _("Đã chuyển đảng viên sang chi bộ mới."))
                return redirect("members:detail", pk=member.pk)
        log_field_denied(request, form)
    return render(request, "members/member_form.html", {
        "form": form, "member": member, "title": _("Chuyển sinh hoạt sang chi bộ khác"), "submit": _("Chuyển"),
        "cancel": reverse("members:detail", args=[member.pk]),
    })  # fmt: skip


@login_required
@require_GET
def member_history(request: HttpRequest, pk: int) -> HttpResponse:
    """The member's own audit entries, newest first, for officers who may read the audit log."""
    scope = require_right(request, Right.VIEW_AUDIT)
    member = get_in_scope_or_404(
        request, members_for(scope, right=Right.VIEW_AUDIT, include_self=False), pk, what="member"
    )
    page = Paginator(member_history_entries(member), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "members/member_history.html", {"member": member, "page": page})
