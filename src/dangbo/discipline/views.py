"""The discipline pages under /ky-luat/: the list of decisions in scope (filtered by unit, year, form, state on a day
and the subject's name), a decision with its verdicts explained, the form that records one (the member picked in
scope as one types), and the forms that record and settle an appeal. Each view starts with its access check: viewing
needs `view_discipline`, writing `manage_discipline` over the subject's unit; an id outside the scope answers 404
and is logged. Refusals of the rules are shown beside the form, nothing saved."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
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
from dangbo.members.selectors import members_for
from dangbo.members.views import check_organization_param, log_field_denied
from dangbo.organizations.models import Organization

from . import services
from .checks import require_votes
from .explanations import explain
from .forms import (
    PICKER_LIMIT,
    AppealForm,
    DisciplineFilterForm,
    DisciplineRecordForm,
    SettleAppealForm,
    member_matches,
    offered_units,
)
from .listing import filter_disciplines, rows_on
from .models import Discipline
from .selectors import deciding_organizations, disciplines_for, manages

PAGE_SIZE = 50


def _organizations(scope: Scope, right: str = Right.VIEW_DISCIPLINE) -> QuerySet[Organization]:
    return Organization.objects.filter(scope.path_q(right))


def _show_error(form: Any, error: DomainError) -> None:
    names = {"member": "dang_vien_tim", "filed_on": "filed_on"}
    field = names.get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, error.message)


@login_required
@require_GET
def discipline_list(request: HttpRequest) -> HttpResponse:
    """Every decision in scope, newest first, with where it stands on a day (today by default)."""
    scope = require_right(request, Right.VIEW_DISCIPLINE)
    organizations = _organizations(scope)
    check_organization_param(request, organizations, request.GET.get("to_chuc"))
    form = DisciplineFilterForm(request.GET or None, organizations=organizations)
    today = timezone.localdate()
    context: dict[str, Any] = {"form": form, "query": query_without(request), "today": today,
                               "can_manage": scope.has_right(Right.MANAGE_DISCIPLINE)}  # fmt: skip
    if request.GET and not form.is_valid():
        log_field_denied(request, form)
        return render(request, "discipline/list.html", context, status=400)
    data = form.cleaned_data if request.GET else {}
    on = data.get("ngay") or today
    qs = filter_disciplines(disciplines_for(scope, include_annulled=True), data).filter(decision_date__lte=on)
    rows = rows_on(qs, on=on, state=data.get("tinh_trang") or "")
    context.update(on=on, page=Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")))
    return render(request, "discipline/list.html", context)


def _visible(request: HttpRequest, scope: Scope, pk: int) -> Discipline:
    qs = disciplines_for(scope, include_annulled=True).select_related(
        "member__organization", "organization", "organization_at_decision", "deciding_organization", "rule_set"
    )
    return get_in_scope_or_404(request, qs, pk, what="discipline")


def _managed(request: HttpRequest, scope: Scope, pk: int) -> Discipline:
    d = _visible(request, scope, pk)
    if not manages(scope, d):
        log_denied(actor=request.user, what="discipline", object_id=pk, request=request)
        raise Http404
    return d


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One decision: its facts and each verdict explained with its rule; the appeal forms for those who manage it."""
    scope = require_right(request, Right.VIEW_DISCIPLINE)
    d = _visible(request, scope, pk)
    today = timezone.localdate()
    manage = manages(scope, d)
    context = {"d": d, "explained": explain(d, on=today), "today": today, "can_manage": manage}
    if manage and d.appealed_on is None:
        context["appeal_form"] = AppealForm(initial={"filed_on": today, "version": d.version})
    if manage and d.appeal_pending:
        context["settle_form"] = SettleAppealForm(initial={"decided_on": today, "version": d.version})
    return render(request, "discipline/detail.html", context)


def _record_form(request: HttpRequest, scope: Scope) -> DisciplineRecordForm:
    subjects = offered_units(_organizations(scope, Right.MANAGE_DISCIPLINE))
    members = members_for(scope, right=Right.MANAGE_DISCIPLINE, include_self=False)
    initial = {"decision_date": timezone.localdate()}
    data = request.POST if request.method == "POST" else None
    deciders = deciding_organizations(scope)
    return DisciplineRecordForm(data, initial=initial, members=members, subjects=subjects, deciders=deciders)


@login_required
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest) -> HttpResponse:
    """Record a decision taken by a competent level (the vote required, unless recorded from the paper files)."""
    scope = require_right(request, Right.MANAGE_DISCIPLINE)
    form = _record_form(request, scope)
    if request.method == "POST":
        valid = form.is_valid()
        if form.out_of_scope_member is not None and Member.objects.filter(pk=form.out_of_scope_member).exists():
            log_denied(actor=request.user, what="member", object_id=form.out_of_scope_member, request=request)
        for name in ("organization", "deciding_organization"):
            denied = form.fields[name].out_of_scope_id  # type: ignore[attr-defined]
            if denied is not None and Organization.objects.filter(pk=denied).exists():
                log_denied(actor=request.user, what="organization", object_id=denied, request=request)
        if valid:
            data = form.cleaned_data
            try:
                require_votes(votes_for=data["votes_for"], voters_entitled=data["voters_entitled"],
                              paper_record=data["paper_record"], note=data["note"])  # fmt: skip
                d = services.record_discipline(
                    actor=request.user, member=data["member"], organization=data["organization"], form=data["form"],
                    violation_kind=data["violation_kind"], violation_date=data["violation_date"],
                    concluded_on=data["concluded_on"], decision_date=data["decision_date"],
                    decision_number=data["decision_number"], deciding_organization=data["deciding_organization"],
                    votes_for=data["votes_for"], voters_entitled=data["voters_entitled"],
                    received_on=data["received_on"], state_notified_on=data["state_notified_on"],
                    self_remedied=data["self_remedied"], note=data["note"],
                )  # fmt: skip
            except DomainError as error:
                _show_error(form, error)
            else:
                messages.success(request, _("Đã ghi quyết định kỷ luật."))
                return redirect("discipline:detail", d.pk)
    status = 400 if form.errors else 200
    return render(request, "discipline/record.html", {"form": form}, status=status)


@login_required
@require_GET
def member_picker(request: HttpRequest) -> HttpResponse:
    """The member picker of the record form (htmx): members of the scope whose name matches what was typed."""
    scope = require_right(request, Right.MANAGE_DISCIPLINE)
    text = request.GET.get("dang_vien_tim", "")[:100]
    members = members_for(scope, right=Right.MANAGE_DISCIPLINE, include_self=False)
    matches = member_matches(members, text) if text.strip() else []
    context = {"picks": matches[:PICKER_LIMIT], "more": len(matches) > PICKER_LIMIT, "text": text.strip()}
    return render(request, "discipline/_member_picks.html", context)


def _step_page(request: HttpRequest, d: Discipline, form: Any, title: str, done: str, write: Any) -> HttpResponse:
    if form.is_valid():
        try:
            write(form.cleaned_data)
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(request, done)
            return redirect("discipline:detail", d.pk)
    return render(request, "discipline/step.html", {"d": d, "form": form, "title": title}, status=400)


@login_required
@require_http_methods(["POST"])
def appeal(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the subject's appeal against the decision (within the window)."""
    scope = require_right(request, Right.MANAGE_DISCIPLINE)
    d = _managed(request, scope, pk)
    form = AppealForm(request.POST)

    def write(data: dict[str, Any]) -> None:
        services.record_appeal(actor=request.user, discipline=d, filed_on=data["filed_on"],
                               expected_version=data["version"])  # fmt: skip

    return _step_page(request, d, form, _("Ghi nhận khiếu nại"), _("Đã ghi nhận khiếu nại."), write)


@login_required
@require_http_methods(["POST"])
def settle(request: HttpRequest, pk: int) -> HttpResponse:
    """Record how the appeal was settled: upheld, form changed, annulled."""
    scope = require_right(request, Right.MANAGE_DISCIPLINE)
    d = _managed(request, scope, pk)
    form = SettleAppealForm(request.POST)

    def write(data: dict[str, Any]) -> None:
        services.settle_appeal(actor=request.user, discipline=d, result=data["result"], decided_on=data["decided_on"],
                               decision_number=data["decision_number"], new_form=data["new_form"] or None,
                               expected_version=data["version"])  # fmt: skip

    done = _("Đã ghi kết quả giải quyết khiếu nại.")
    return _step_page(request, d, form, _("Kết quả giải quyết khiếu nại"), done, write)
