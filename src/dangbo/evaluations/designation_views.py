"""Designation pages: the year's designations under a unit with the model-cell share, the form that
designates one unit (the checklist's criteria as checkboxes, the evidence upload), the checklists and
their configuration, the evidence download (access-checked, never a public media URL), revocation."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core import uploads
from dangbo.core.errors import DomainError
from dangbo.organizations.models import PATH_SEGMENT_WIDTH, Organization
from dangbo.organizations.selectors import organizations_for, visible_roots

from . import designations, selectors
from .designation_forms import ChecklistForm, DesignateForm, PeriodForm, RevokeForm
from .enums import DesignationKind
from .models import DesignationChecklist

_SEG = PATH_SEGMENT_WIDTH + 1


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if designations.FIRST_YEAR <= year <= timezone.localdate().year else timezone.localdate().year


def _list_url(year: int, within: Organization | None = None) -> str:
    query = {"year": year} | ({"within": within.pk} if within is not None else {})
    return f"{reverse('evaluations:designations')}?{urlencode(query)}"


def _show(form: Any, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
@require_GET
def designation_list(request: HttpRequest) -> HttpResponse:
    """The year's designations under one unit (the top of the user's scope by default), with the counts,
    the share of cells that are model cells, and the units at and under it with a link to designate."""
    scope = require_right(request, Right.VIEW_ORGS)
    year = _year(request)
    within: Organization | None
    if request.GET.get("within", "").isdigit():
        within = get_in_scope_or_404(request, organizations_for(scope), request.GET["within"], what="organization")
    else:
        within = visible_roots(scope).first()
    if within is None:
        raise Http404
    overview = selectors.designation_overview(scope, year=year, within=within)
    parent_path = within.path[: len(within.path) - _SEG]
    grassroots_path = designations.grassroots_path_of(within) if scope.has_right(Right.MANAGE_ORGS) else None
    units = [
        {"unit": u, "may_designate": designations.may_designate(scope, u.organization, grassroots_path=grassroots_path)}
        for u in overview.units
    ]
    manageable = {
        d.pk for d in overview.designations
        if designations.may_designate(
            scope, d.organization, grassroots_path=d.grassroots.path if d.grassroots is not None else None
        )
    }  # fmt: skip
    return render(request, "evaluations/designation_list.html", {
        "overview": overview, "year": year, "within": within, "units": units,
        "parent": within.parent if within.parent_id and scope.covers_path(Right.VIEW_ORGS, parent_path) else None,
        "years": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
        "manageable": manageable, "revoke_form": RevokeForm(),
        "kinds": DesignationKind, "can_configure": scope.has_right(Right.MANAGE_ORGS),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def designation_new(request: HttpRequest, org_id: int) -> HttpResponse:
    """Designate one unit for a year: pick the year and the kind, tick the checklist, attach the evidence."""
    scope = require_right(request, Right.MANAGE_ORGS)
    unit = get_in_scope_or_404(request, organizations_for(scope), org_id, what="organization")
    if not designations.may_designate(scope, unit):
        raise PermissionDenied
    kinds = designations.kinds_for(unit)
    source = request.POST if request.method == "POST" else request.GET
    period = PeriodForm(
        {"year": source.get("year") or timezone.localdate().year, "kind": source.get("kind") or kinds[0]}
    )
    year, kind = timezone.localdate().year, kinds[0]
    if period.is_valid() and period.cleaned_data["kind"] in kinds:
        year, kind = period.cleaned_data["year"], period.cleaned_data["kind"]
    checklist = designations.applicable_checklist(unit, kind, year)
    form = DesignateForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        kinds=kinds, checklist=checklist, initial={"year": year, "kind": kind},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            designations.designate(
                actor=request.user, organization=unit, year=form.cleaned_data["year"], kind=form.cleaned_data["kind"],
                checked_items=form.cleaned_data["checked_items"], evidence=form.cleaned_data["evidence"],
                note=form.cleaned_data["note"],
            )  # fmt: skip
        except DomainError as exc:
            _show(form, exc)
        else:
            messages.success(request, _("Đã công nhận danh hiệu."))
            parent = unit.parent if unit.parent_id and unit.kind not in designations.GRASSROOTS_KINDS else unit
            return redirect(_list_url(form.cleaned_data["year"], parent))
    status = 400 if request.method == "POST" else 200
    return render(request, "evaluations/designation_form.html", {
        "unit": unit, "form": form, "checklist": checklist, "year": year, "kind": kind,
        "kind_choices": [(k, DesignationKind(k).label) for k in kinds],
        "years": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
    }, status=status)  # fmt: skip


@login_required
@require_GET
def designation_evidence(request: HttpRequest, designation_id: int) -> FileResponse:
    """The evidence file, served only inside the reader's scope (media files are never public)."""
    scope = require_right(request, Right.VIEW_ORGS)
    qs = selectors.designations_for(scope).select_related("organization")
    designation = get_in_scope_or_404(request, qs, designation_id, what="designation")
    if not designation.evidence:
        raise Http404
    ext = designation.evidence.name.rsplit(".", 1)[-1].lower()
    name = f"minh-chung-{designation.organization.code}-{designation.year}-{designation.kind}.{ext}"
    return FileResponse(
        designation.evidence.open("rb"), as_attachment=True, filename=name,
        content_type=uploads.content_type_for(ext),
    )  # fmt: skip


@login_required
@require_POST
def designation_revoke(request: HttpRequest, designation_id: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_ORGS)
    qs = selectors.designations_for(scope).select_related("organization")
    designation = get_in_scope_or_404(request, qs, designation_id, what="designation")
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            designations.revoke_designation(actor=request.user, designation=designation,
                                            reason=form.cleaned_data["reason"],
                                            expected_version=form.cleaned_data["version"])  # fmt: skip
        except DomainError as exc:
            if exc.code == "forbidden":
                raise PermissionDenied from exc
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã thu hồi danh hiệu."))
    else:
        messages.error(request, _("Hãy nêu lý do thu hồi danh hiệu."))
    unit = designation.organization
    within = unit.parent if unit.parent_id and unit.kind not in designations.GRASSROOTS_KINDS else unit
    return redirect(_list_url(designation.year, within))


def _issuers(scope: Scope) -> Any:
    return (
        organizations_for(scope, right=Right.MANAGE_ORGS)
        .filter(kind__in=sorted(designations.CHECKLIST_ISSUER_KINDS), dissolved_on__isnull=True)
        .order_by("path")
    )


@login_required
@require_http_methods(["GET", "POST"])
def checklist_list(request: HttpRequest) -> HttpResponse:
    """The checklists that judge the user's part of the tree, and the form that issues one."""
    scope = require_right(request, Right.VIEW_ORGS)
    form = None
    if scope.has_right(Right.MANAGE_ORGS):
        form = ChecklistForm(request.POST if request.method == "POST" else None, organizations=_issuers(scope))
    elif request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            designations.save_checklist(
                actor=request.user, organization=form.cleaned_data["organization"], kind=form.cleaned_data["kind"],
                year_from=form.cleaned_data["year_from"], items=form.item_lines(),
                source_document=form.cleaned_data["source_document"],
            )  # fmt: skip
        except DomainError as exc:
            _show(form, exc)
        else:
            messages.success(request, _("Đã ban hành tiêu chí danh hiệu."))
            return redirect("evaluations:checklists")
    checklists = list(selectors.checklists_for(scope).order_by("organization__path", "kind", "-year_from"))
    editable = {c.pk for c in checklists if designations.may_configure(scope, c.organization)}
    status = 400 if request.method == "POST" else 200
    return render(request, "evaluations/designation_checklists.html",
                  {"checklists": checklists, "editable": editable, "form": form}, status=status)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def checklist_edit(request: HttpRequest, checklist_id: int) -> HttpResponse:
    """Correct a checklist no designation uses yet (its criteria and source document)."""
    scope = require_right(request, Right.VIEW_ORGS)
    checklist: DesignationChecklist = get_in_scope_or_404(
        request, selectors.checklists_for(scope), checklist_id, what="designation_checklist"
    )
    if not designations.may_configure(scope, checklist.organization):
        raise PermissionDenied
    form = ChecklistForm(
        request.POST if request.method == "POST" else None,
        organizations=organizations_for(scope, right=Right.MANAGE_ORGS).filter(pk=checklist.organization_id),
        checklist=checklist,
    )
    if request.method == "POST" and form.is_valid():
        try:
            designations.save_checklist(
                actor=request.user, organization=checklist.organization, kind=checklist.kind,
                year_from=checklist.year_from, items=form.item_lines(),
                source_document=form.cleaned_data["source_document"], expected_version=form.cleaned_data["version"],
            )  # fmt: skip
        except DomainError as exc:
            _show(form, exc)
        else:
            messages.success(request, _("Đã lưu tiêu chí danh hiệu."))
            return redirect("evaluations:checklists")
    used = checklist.designations.count()
    status = 400 if request.method == "POST" else 200
    return render(request, "evaluations/designation_checklist_edit.html",
                  {"checklist": checklist, "form": form, "used": used}, status=status)  # fmt: skip
