"""The inspection hub `/kiem-tra/` and the programmes' pages.

The hub shows the programmes of the year of the user's units (with their cases' counts) and every case in the scope,
filtered (unit, year, kind, state, overdue only, the subject's name without accents), overdue first, 50 a page. A
programme's page lists its cases with their progress, overdue first. Reading needs `view_discipline`; writing,
`manage_discipline` over the programme's organization. Ids outside the scope, in the address or posted, answer 404
and are logged; each view starts with its access check.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.audit import log_denied
from dangbo.core.errors import DomainError
from dangbo.core.views import query_without
from dangbo.members.models import Member
from dangbo.members.views import check_organization_param, log_field_denied
from dangbo.movements.standing_forms import MemberField
from dangbo.organizations.models import Organization

from . import services
from .deadlines import is_overdue, progress
from .enums import CaseState
from .forms import CaseFilterForm, ProgrammeForm
from .models import Case, Programme
from .selectors import (
    cases_for,
    filter_cases,
    overdue_first,
    programmes_for,
    runners_for,
    with_subjects,
    year_programmes,
)

PAGE_SIZE = 50
VIEW, MANAGE = Right.VIEW_DISCIPLINE, Right.MANAGE_DISCIPLINE


def show_error(form: forms.Form, error: DomainError) -> None:
    """The service's refusal beside its field (or above the form when the field is not on it)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def rows(cases: list[Case], *, today: dt.date) -> list[dict[str, Any]]:
    """A case list's rows: each case with its progress and whether it is overdue."""
    return [{"case": c, "progress": progress(c), "overdue": is_overdue(c, today)} for c in cases]


def with_counts(qs: QuerySet[Programme], *, today: dt.date) -> QuerySet[Programme]:
    return qs.annotate(
        total=Count("cases"),
        done=Count("cases", filter=Q(cases__state=CaseState.CLOSED)),
        late=Count("cases", filter=Q(cases__due_on__lt=today)),
    )


def first_id(organizations: QuerySet[Organization]) -> int | None:
    """The first organization's id (the one a form offers first), None when there is none."""
    first = organizations.first()
    return first.pk if first is not None else None


def visible_units(scope: Scope) -> QuerySet[Organization]:
    return Organization.objects.filter(scope.path_q(VIEW))


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, VIEW)
    today = timezone.localdate()
    organizations = visible_units(scope)
    check_organization_param(request, organizations, request.GET.get("to_chuc"))
    form = CaseFilterForm(request.GET or None, organizations=organizations)
    context: dict[str, Any] = {"form": form, "query": query_without(request), "today": today,
                               "can_manage": scope.has_right(MANAGE)}  # fmt: skip
    year = today.year
    if request.GET and not form.is_valid():
        log_field_denied(request, form)
    else:
        data = form.cleaned_data if form.is_bound else {}
        year = data.get("nam") or year
        qs = with_subjects(filter_cases(cases_for(scope), data, today=today))
        page = Paginator(overdue_first(qs, today=today), PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(page=page, rows=rows(list(page.object_list), today=today))
    context.update(year=year, programmes=list(with_counts(year_programmes(scope, year=year), today=today)))
    return render(request, "inspection/home.html", context)


def _programme(request: HttpRequest, scope: Scope, pk: int, *, right: str = VIEW) -> Programme:
    qs = programmes_for(scope, right=right).select_related("organization__parent")
    return get_in_scope_or_404(request, qs, pk, what="inspection_programme")


@login_required
@require_GET
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, VIEW)
    programme = _programme(request, scope, pk)
    today = timezone.localdate()
    cases = list(overdue_first(with_subjects(programme.cases.all()), today=today))
    return render(request, "inspection/programme.html", {
        "programme": programme, "rows": rows(cases, today=today), "today": today,
        "can_manage": scope.covers_path(MANAGE, programme.organization.path),
        "closed": sum(1 for c in cases if c.state == CaseState.CLOSED),
        "late": sum(1 for c in cases if is_overdue(c, today)),
    })  # fmt: skip


def refuse_posted(request: HttpRequest, form: forms.Form) -> None:
    """A member or organization id posted outside the scope (the form's field refused it): 404, logged when it
    exists."""
    for field in form.fields.values():
        pk = getattr(field, "out_of_scope_id", None)
        if pk is None:
            continue
        model = Member if isinstance(field, MemberField) else Organization
        if model._default_manager.filter(pk=pk).exists():
            log_denied(actor=request.user, what=model._meta.model_name or "", object_id=pk, request=request)
            raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def programme_new(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, MANAGE)
    runners = runners_for(scope)
    initial = {"year": timezone.localdate().year, "organization": first_id(runners)}
    form = ProgrammeForm(request.POST or None, organizations=runners, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                programme = services.create_programme(actor=request.user, **data)
            except DomainError as error:
                show_error(form, error)
            else:
                messages.success(request, _("Đã lập chương trình “%(title)s”.") % {"title": programme.title})
                return redirect("inspection:programme", pk=programme.pk)
        refuse_posted(request, form)
    return render(request, "inspection/programme_form.html", {"form": form, "title": _("Lập chương trình kiểm tra, "
                                                                                      "giám sát")})  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, VIEW)
    programme = _programme(request, scope, pk)
    if not scope.covers_path(MANAGE, programme.organization.path):
        raise PermissionDenied
    initial = {name: getattr(programme, name) for name in ("number", "approved_on", "title", "note")}
    form = ProgrammeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        raw = request.POST.get("version", "")
        try:
            services.update_programme(
                actor=request.user,
                programme=programme,
                **form.cleaned_data,
                expected_version=int(raw) if raw.isdigit() and len(raw) < 10 else -1,
            )
        except DomainError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Đã lưu chương trình."))
            return redirect("inspection:programme", pk=programme.pk)
    return render(request, "inspection/programme_form.html", {"form": form, "programme": programme,
                                                              "title": _("Sửa chương trình")},
                  status=400 if form.is_bound else 200)  # fmt: skip
