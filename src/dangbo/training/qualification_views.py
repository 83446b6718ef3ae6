"""Political theory qualifications under /dao-tao/trinh-do/: the list of the scope (filtered by unit, level and
name), recording one for a member (from the list, the member's page or a passed theory course, which prefills
it), correcting one. Reading needs `view_members`; writing needs `manage_training` over the member's cell (a
member outside it: 404, logged)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.core.text import normalize_search, word_prefix_q
from dangbo.core.views import query_without
from dangbo.members.selectors import members_for
from dangbo.members.views import check_organization_param

from .course_views import run_service
from .enums import LEVEL_OF_COURSE, Result
from .forms import QualificationFilterForm, QualificationForm
from .models import Enrollment, Qualification
from .qualifications import correct_qualification, record_qualification
from .selectors import qualifications_for
from .views import PAGE_SIZE, log_denied_fields, viewed_units


@login_required
@require_GET
def qualification_list(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, Right.VIEW_MEMBERS)
    organizations = viewed_units(scope)
    check_organization_param(request, organizations, request.GET.get("to_chuc"))
    form = QualificationFilterForm(request.GET or None, organizations=organizations)
    context: dict[str, Any] = {"form": form, "query": query_without(request)}
    if request.GET and not form.is_valid():
        log_denied_fields(request, form)
        return render(request, "training/qualifications.html", context, status=400)
    data = form.cleaned_data if form.is_bound else {}
    qs = qualifications_for(scope).select_related("member__organization__parent")
    if data.get("to_chuc"):
        qs = qs.filter(member__organization__path__startswith=data["to_chuc"].path)
    if data.get("level"):
        qs = qs.filter(level=data["level"])
    if key := normalize_search(data.get("q") or ""):
        qs = qs.filter(word_prefix_q(key, "member__search_name"))
    page = Paginator(qs.order_by("member__sort_key", "member_id", "issued_on"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context.update(page=page, can_manage=scope.has_right(Right.MANAGE_TRAINING),
                   managed=scope.paths(Right.MANAGE_TRAINING))  # fmt: skip
    return render(request, "training/qualifications.html", context)


def _from_course(member_id: int, enrollment_id: str | None) -> tuple[Enrollment | None, dict[str, Any]]:
    """A passed theory course of the member named in `?hoc_vien=`: what it prefills."""
    if not (enrollment_id or "").isdigit():
        return None, {}
    e = (
        Enrollment.objects.filter(
            pk=int(enrollment_id or 0),
            member_id=member_id,
            result=Result.PASSED,
            course__kind__in=list(LEVEL_OF_COURSE),
        )
        .select_related("course__organizer", "certificate")
        .first()
    )
    if e is None:
        return None, {}
    cert = getattr(e, "certificate", None)
    return e, {
        "level": LEVEL_OF_COURSE[e.course.kind], "institution": e.course.organizer.name,
        "certificate_number": cert.number if cert else "", "issued_on": cert.issued_on if cert else None,
    }  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def qualification_new(request: HttpRequest, member_id: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_TRAINING)
    qs = members_for(scope, right=Right.MANAGE_TRAINING, include_self=False).select_related("organization")
    member = get_in_scope_or_404(request, qs, member_id, what="member")
    enrollment, prefill = _from_course(member.pk, request.GET.get("hoc_vien"))
    form = QualificationForm(request.POST or None, initial={"version": member.version, **prefill})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved, status = run_service(form, lambda: record_qualification(
            actor=request.user, member=member, expected_version=data["version"], level=data["level"],
            certificate_number=data["certificate_number"], issued_on=data["issued_on"],
            institution=data["institution"], note=data["note"], enrollment=enrollment,
        ))  # fmt: skip
        if saved is not None:
            messages.success(request, _("Đã ghi trình độ lý luận chính trị của %(n)s.") % {"n": member.full_name})
            return redirect("members:detail", pk=member.pk)
    return render(request, "training/qualification_form.html", {"form": form, "member": member,
                  "title": _("Ghi trình độ lý luận chính trị")}, status=status)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def qualification_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_TRAINING)
    qs = Qualification.objects.filter(scope.path_q(Right.MANAGE_TRAINING, "member__organization__path"))
    q = get_in_scope_or_404(request, qs.select_related("member__organization"), pk, what="qualification")
    initial = {f: getattr(q, f) for f in ("certificate_number", "issued_on", "institution", "note", "version")}
    form = QualificationForm(request.POST or None, initial=initial, correcting=True)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        version = form.cleaned_data["version"]
        saved, status = run_service(form, lambda: correct_qualification(
            actor=request.user, qualification=q, expected_version=version, data=data))  # fmt: skip
        if saved is not None:
            messages.success(request, _("Đã sửa trình độ lý luận chính trị của %(n)s.") % {"n": q.member.full_name})
            return redirect("members:detail", pk=q.member_id)
    return render(request, "training/qualification_form.html", {"form": form, "member": q.member,
                  "qualification": q, "title": _("Sửa trình độ lý luận chính trị")}, status=status)  # fmt: skip
