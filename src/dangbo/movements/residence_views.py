"""The residence liaison pages under /bien-dong/noi-cu-tru/: a unit's cells with what is missing, a cell's working
members with their introduction and the year's feedback, and the forms to introduce, end an introduction, record
and correct a feedback. Each view starts with its access check; the writes go through `residence`, whose refusals
are shown beside the form, nothing saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.errors import DomainError
from dangbo.members.models import Member
from dangbo.members.selectors import members_for
from dangbo.members.views import check_organization_param, log_field_denied
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import visible_roots

from . import residence
from .residence_forms import (
    CorrectFeedbackForm,
    EndIntroductionForm,
    FeedbackForm,
    IntroductionForm,
    ResidenceFilterForm,
)
from .residence_selectors import (
    cell_rows,
    feedback_due,
    feedback_for,
    introductions_for,
    open_introduction,
    reference_day,
    tallies_by_cell,
)


def _organizations(scope: Scope, right: str = Right.VIEW_MOVEMENTS) -> QuerySet[Organization]:
    return Organization.objects.filter(scope.path_q(right))


def _show_error(form: Any, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _list_url(cell_id: int, year: int) -> str:
    return f"{reverse('movements:residence')}?to_chuc={cell_id}&nam={year}"


def _form_page(
    request: HttpRequest, form: Any, write: Callable[[dict[str, Any]], tuple[str, str]], **context: Any
) -> HttpResponse:
    """A residence form's page: on a valid POST `write` (its message and the list to go back to); a refusal beside
    the form, nothing saved."""
    if request.method == "POST" and form.is_valid():
        try:
            message, url = write(form.cleaned_data)
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(request, message)
            return redirect(url)
    context["form"] = form
    return render(request, "movements/residence_form.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def residence_list(request: HttpRequest) -> HttpResponse:
    """A cell: its working members with their introduction and the year's feedback (the forms a step away). Above a
    cell: each cell's working members by state, the cells with something to chase first."""
    scope = require_right(request, Right.VIEW_MOVEMENTS)
    organizations = _organizations(scope)
    check_organization_param(request, organizations, request.GET.get("to_chuc"))
    today = timezone.localdate()
    data = request.GET.copy()
    data.setdefault("nam", str(today.year))
    form = ResidenceFilterForm(data, organizations=organizations)
    context: dict[str, Any] = {"form": form, "today": today}
    if not form.is_valid():
        log_field_denied(request, form)
        return render(request, "movements/residence_list.html", context, status=400)
    unit = form.cleaned_data.get("to_chuc") or visible_roots(scope, right=Right.VIEW_MOVEMENTS).first()
    if unit is None:
        raise Http404
    year = form.cleaned_data["nam"]
    parent_visible = unit.parent is not None and scope.covers_path(Right.VIEW_MOVEMENTS, unit.parent.path)
    context.update(unit=unit, year=year, due=feedback_due(year), day=reference_day(year, today),
                   can_manage=scope.covers_path(Right.MANAGE_MOVEMENTS, unit.path),
                   parent_visible=parent_visible)  # fmt: skip
    if unit.holds_members:
        context["rows"] = cell_rows(unit, year, today=today)
    else:
        tallies = tallies_by_cell(year, unit.path, today=today)
        cells = Organization.objects.filter(pk__in=tallies).select_related("parent").order_by("path")
        context["cells"] = sorted(((c, tallies[c.pk]) for c in cells), key=lambda ct: -ct[1].to_chase)
    return render(request, "movements/residence_list.html", context)


def _managed_member(request: HttpRequest, scope: Scope, member_id: int) -> Member:
    qs = members_for(scope, right=Right.MANAGE_MOVEMENTS, include_self=False).select_related("organization")
    return get_in_scope_or_404(request, qs, member_id, what="member")


@login_required
@require_http_methods(["GET", "POST"])
def introduce(request: HttpRequest, member_id: int) -> HttpResponse:
    """Introduce a working member to the party cell where they live."""
    scope = require_right(request, Right.MANAGE_MOVEMENTS)
    member = _managed_member(request, scope, member_id)
    today = timezone.localdate()
    form = IntroductionForm(request.POST if request.method == "POST" else None,
                            initial={"introduced_on": today, "ward": member.residence})  # fmt: skip

    def write(data: dict[str, Any]) -> tuple[str, str]:
        intro = residence.introduce(actor=request.user, member=member, **data)
        return _("Đã ghi giới thiệu sinh hoạt nơi cư trú."), _list_url(intro.organization_id, intro.introduced_on.year)

    return _form_page(request, form, write, member=member, title=_("Giới thiệu sinh hoạt nơi cư trú"),
                      submit_id="introduce-submit", current=open_introduction(member.pk))  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def end_introduction(request: HttpRequest, pk: int) -> HttpResponse:
    """End an introduction (the member moved house or left the cell)."""
    scope = require_right(request, Right.MANAGE_MOVEMENTS)
    intro = get_in_scope_or_404(request, introductions_for(scope, right=Right.MANAGE_MOVEMENTS).select_related(
        "member"), pk, what="residence_introduction")  # fmt: skip
    form = EndIntroductionForm(request.POST if request.method == "POST" else None,
                               initial={"ended_on": timezone.localdate(), "version": intro.version})  # fmt: skip

    def write(data: dict[str, Any]) -> tuple[str, str]:
        residence.end_introduction(actor=request.user, introduction=intro, expected_version=data["version"],
                                   ended_on=data["ended_on"], reason=data["reason"])  # fmt: skip
        return _("Đã kết thúc giới thiệu sinh hoạt nơi cư trú."), _list_url(
            intro.organization_id, data["ended_on"].year
        )

    return _form_page(request, form, write, member=intro.member, current=intro,
                      title=_("Kết thúc giới thiệu sinh hoạt nơi cư trú"), submit_id="end-submit")  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def record_feedback(request: HttpRequest, member_id: int) -> HttpResponse:
    """Record the residence cell's feedback on a member for a year."""
    scope = require_right(request, Right.MANAGE_MOVEMENTS)
    member = _managed_member(request, scope, member_id)
    today = timezone.localdate()
    form = FeedbackForm(request.POST if request.method == "POST" else None, today=today)

    def write(data: dict[str, Any]) -> tuple[str, str]:
        fb = residence.record_feedback(actor=request.user, member=member, **data)
        message = _("Đã ghi nhận xét của chi bộ nơi cư trú năm %(year)s.") % {"year": fb.year}
        return message, _list_url(fb.introduction.organization_id, fb.year)

    return _form_page(request, form, write, member=member, current=open_introduction(member.pk),
                      submit_id="feedback-submit", title=_("Ghi nhận xét của chi bộ nơi cư trú"))  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def correct_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a recorded feedback (its day, assessment, content)."""
    scope = require_right(request, Right.MANAGE_MOVEMENTS)
    fb = get_in_scope_or_404(request, feedback_for(scope, right=Right.MANAGE_MOVEMENTS).select_related(
        "member", "introduction"), pk, what="residence_feedback")  # fmt: skip
    initial = {"received_on": fb.received_on, "assessment": fb.assessment, "content": fb.content,
               "version": fb.version}  # fmt: skip
    form = CorrectFeedbackForm(request.POST if request.method == "POST" else None, initial=initial)

    def write(data: dict[str, Any]) -> tuple[str, str]:
        residence.correct_feedback(actor=request.user, feedback=fb, expected_version=data["version"],
                                   received_on=data["received_on"], assessment=data["assessment"],
                                   content=data["content"])  # fmt: skip
        return _("Đã sửa nhận xét của chi bộ nơi cư trú."), _list_url(fb.introduction.organization_id, fb.year)

    return _form_page(request, form, write, member=fb.member, current=fb.introduction, submit_id="correct-submit",
                      title=_("Sửa nhận xét nơi cư trú năm %(year)s") % {"year": fb.year})  # fmt: skip
