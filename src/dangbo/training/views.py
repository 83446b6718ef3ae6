"""The training hub, `/dao-tao/`, and the lists of who still needs which course.

The hub shows what each reader needs first: for those who manage training, the way to open a course; for every
officer who sees members, how many people in their unit still need each course (linked to the lists), and the
courses they may open, filtered (an organization outside the scope: 404 and logged). A cell secretary sees their
own cell's figures and the courses their members are in. Each view starts with its access check.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dangbo.accounts.access import require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.audit import log_denied
from dangbo.core.errors import DomainError
from dangbo.core.views import query_without
from dangbo.members.forms import OrganizationField
from dangbo.members.views import check_organization_param
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import visible_roots

from . import needs
from .forms import CourseFilterForm, DayFilterForm
from .params import TrainingRules
from .rules import rules_in_force
from .selectors import courses_for, filter_courses, with_counts

PAGE_SIZE = 50


def log_denied_fields(request: HttpRequest, form: forms.Form) -> None:
    """An organization outside the scope named in any of the form's organization fields: logged like any other
    refused access (the form shows its message)."""
    for field in form.fields.values():
        denied = field.out_of_scope_id if isinstance(field, OrganizationField) else None
        if denied is not None and Organization.objects.filter(pk=denied).exists():
            log_denied(actor=request.user, what="organization", object_id=denied, request=request)


def viewed_units(scope: Scope) -> Any:
    return Organization.objects.filter(scope.path_q(Right.VIEW_MEMBERS))


def _rules(day: dt.date) -> tuple[TrainingRules | None, str]:
    try:
        return rules_in_force(day), ""
    except DomainError as error:
        return None, error.message


def _need_counts(root: Organization | None, today: dt.date) -> dict[str, Any] | None:
    rules, problem = _rules(today)
    if root is None or rules is None:
        return {"problem": problem} if problem else None
    return {
        "root": root,
        "counts": [
            (
                needs.NEW_MEMBERS,
                needs.LISTS[needs.NEW_MEMBERS],
                needs.new_members_query(root.path, today, rules).count(),
            ),
            (needs.SECRETARIES, needs.LISTS[needs.SECRETARIES], needs.secretaries_query(root.path, today).count()),
            (needs.THEORY, needs.LISTS[needs.THEORY], needs.theory_query(root.path, rules).count()),
        ],
    }


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, Right.VIEW_MEMBERS)
    today = timezone.localdate()
    organizations = viewed_units(scope)
    check_organization_param(request, organizations, request.GET.get("to_chuc"))
    form = CourseFilterForm(request.GET or None, organizations=organizations)
    context: dict[str, Any] = {
        "today": today, "form": form, "query": query_without(request),
        "can_manage": scope.has_right(Right.MANAGE_TRAINING),
        "needs": _need_counts(visible_roots(scope, right=Right.VIEW_MEMBERS).first(), today),
    }  # fmt: skip
    if request.GET and not form.is_valid():
        log_denied_fields(request, form)
    else:
        data = form.cleaned_data if form.is_bound else {}
        qs = with_counts(filter_courses(courses_for(scope), data)).select_related("organizer__parent")
        context["page"] = Paginator(qs.order_by("-starts_on", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "training/home.html", context)


@login_required
@require_GET
def needs_list(request: HttpRequest, which: str) -> HttpResponse:
    """One of the three lists, for a unit of the scope as of a day (today by default), 50 a page."""
    scope = require_right(request, Right.VIEW_MEMBERS)
    if which not in needs.LISTS:
        raise Http404
    organizations = viewed_units(scope)
    check_organization_param(request, organizations, request.GET.get("to_chuc"))
    form = DayFilterForm(request.GET or None, organizations=organizations)
    today = timezone.localdate()
    context: dict[str, Any] = {"form": form, "which": which, "lists": needs.LISTS, "query": query_without(request)}
    if request.GET and not form.is_valid():
        log_denied_fields(request, form)
        return render(request, "training/needs.html", context, status=400)
    day = form.day(today) if form.is_bound else today
    root = (form.cleaned_data.get("to_chuc") if form.is_bound else None) or visible_roots(
        scope, right=Right.VIEW_MEMBERS
    ).first()
    rules, problem = _rules(day)
    context.update(day=day, root=root, problem=problem)
    if root is None or rules is None:
        return render(request, "training/needs.html", context)
    context["rules"] = rules
    number = request.GET.get("page")
    if which == needs.SECRETARIES:
        seats = Paginator(needs.secretaries_query(root.path, day), PAGE_SIZE).get_page(number)
        context.update(page=seats, rows=needs.secretary_rows(list(seats.object_list), day, rules))
    elif which == needs.NEW_MEMBERS:
        page = Paginator(needs.new_members_query(root.path, day, rules), PAGE_SIZE).get_page(number)
        context.update(page=page, rows=needs.new_member_rows(list(page.object_list), day, rules))
    else:
        page = Paginator(needs.theory_query(root.path, rules), PAGE_SIZE).get_page(number)
        context.update(page=page, rows=needs.theory_rows(list(page.object_list), rules))
    return render(request, "training/needs.html", context)
