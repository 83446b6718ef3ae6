"""A member's dues profile (`/dang-phi/dang-vien/<id>/`), opened from the cell's month page:

- the history of the member's category and base, each from a month, with a form to add a change from a month
  (or to correct one: the row's version is compared);
- the exemptions and reductions with their decisions, a form to add one, and removing one entered by mistake;
- the 50-year party-age exemption as computed from the member's record (never entered);
- the member's months of the year in the ledger: what is due and how it was computed.

Anyone reading the finance of the member's cell may open it (audited); the forms are for whoever records its
dues (the cell secretary, an officer managing finance). The services (`dues.ledger`) check the rules, write
one audit entry and recompute the member's months already in the ledger with the cell's sums.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.core.audit import log_action, log_denied
from dangbo.core.errors import DomainError
from dangbo.members.models import Member

from . import selectors
from .forms import BaseForm, ReliefForm, RemoveReliefForm
from .ledger import add_relief, remove_relief, set_base
from .models import DuesRelief
from .rules import month_label
from .views import may_record, month_asked


def _member(request: HttpRequest, member_pk: int) -> Member:
    """The member of the URL within the user's finance scope (404 and logged outside it)."""
    scope = require_right(request, Right.VIEW_FINANCE)
    members = Member.objects.filter(scope.path_q(Right.VIEW_FINANCE, "organization__path"))
    return get_in_scope_or_404(request, members.select_related("organization"), member_pk, what="member")


def _recorder_member(request: HttpRequest, member_pk: int) -> Member:
    member = _member(request, member_pk)
    if not may_record(request, member.organization.path):
        raise PermissionDenied
    return member


def _url(member: Member, month: dt.date) -> str:
    return f"{reverse('dues:member', args=[member.pk])}?thang={month:%Y-%m}"


def _page(request: HttpRequest, member: Member, month: dt.date, *, base_form: BaseForm | None = None,
          relief_form: ReliefForm | None = None, status: int = 200) -> HttpResponse:  # fmt: skip
    profile = selectors.member_profile(member, month)
    percents = profile.rules.reduction_percents if profile.rules is not None else ()
    if base_form is None:
        base_form = BaseForm(initial=_base_initial(request, profile, month))
    if relief_form is None:
        relief_form = ReliefForm(initial={"start": month}, percents=percents)
    return render(request, "dues/member.html", {
        "member": member, "profile": profile, "month": month, "month_label": month_label(month),
        "months": selectors.member_year(member, month.year), "year": month.year,
        "may_record": may_record(request, member.organization.path), "base_form": base_form,
        "relief_form": relief_form, "remove_form": RemoveReliefForm(), "max_months": (
            profile.rules.reduction_max_months if profile.rules is not None else None),
        "percents": ", ".join(f"{p}%" for p in percents),
    }, status=status)  # fmt: skip


def _base_initial(request: HttpRequest, profile: selectors.MemberProfile, month: dt.date) -> dict[str, Any]:
    """A new change from the month shown, in the current category; or, with `?sua=<id>`, one row to correct."""
    chosen = request.GET.get("sua", "")
    for record in profile.bases:
        if str(record.pk) == chosen:
            return {"start": record.start, "category": record.category, "base": f"{record.base:,}".replace(",", "."),
                    "note": record.note, "version": record.version}  # fmt: skip
    current = [b for b in profile.bases if b.start <= month]
    return {"start": month, "category": current[-1].category if current else None}


def _refused(form: forms.Form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
@require_GET
def member(request: HttpRequest, member_pk: int) -> HttpResponse:
    """The member's dues profile (audited as a full-record view)."""
    found = _member(request, member_pk)
    month = month_asked(request)
    log_action("dues.profile.viewed", actor=request.user, object_type="member", object_id=found.pk,
               object_repr=found.full_name, scope_path=found.organization.path,
               data={"month": f"{month:%Y-%m}", "path": request.path}, request=request)  # fmt: skip
    return _page(request, found, month)


@login_required
@require_POST
def member_base(request: HttpRequest, member_pk: int) -> HttpResponse:
    """Declare the member's category and base from a month (or correct the row of that month)."""
    found = _recorder_member(request, member_pk)
    month = month_asked(request)
    form = BaseForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            record = set_base(actor=request.user, member=found, start=data["start"], category=data["category"],
                              base=data["base"] or 0, note=data["note"],
                              expected_version=data["version"])  # fmt: skip
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Đã lưu căn cứ tính đảng phí từ tháng %(m)s; các tháng trong sổ đã được "
                                        "tính lại.") % {"m": month_label(record.start)})  # fmt: skip
            return redirect(_url(found, month))
    return _page(request, found, month, base_form=form, status=422)


@login_required
@require_POST
def member_relief(request: HttpRequest, member_pk: int) -> HttpResponse:
    """Record an exemption or a reduction with its decision."""
    found = _recorder_member(request, member_pk)
    month = month_asked(request)
    profile = selectors.member_profile(found, month)
    form = ReliefForm(request.POST, percents=profile.rules.reduction_percents if profile.rules is not None else ())
    if form.is_valid():
        data = form.cleaned_data
        try:
            relief = add_relief(actor=request.user, member=found, kind=data["kind"], start=data["start"],
                                end=data["end"], percent=data["percent"], decision_number=data["decision_number"],
                                decision_date=data["decision_date"], reason=data["reason"])  # fmt: skip
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Đã ghi %(what)s từ tháng %(m)s; các tháng trong sổ đã được tính lại.")
                             % {"what": relief.get_kind_display(), "m": month_label(relief.start)})  # fmt: skip
            return redirect(_url(found, month))
    return _page(request, found, month, relief_form=form, status=422)


@login_required
@require_POST
def member_relief_remove(request: HttpRequest, member_pk: int, relief_pk: int) -> HttpResponse:
    """Remove an exemption or a reduction entered by mistake (the reason is audited)."""
    found = _recorder_member(request, member_pk)
    month = month_asked(request)
    relief = DuesRelief.objects.filter(member=found, pk=relief_pk).first()
    if relief is None:
        if DuesRelief.objects.filter(pk=relief_pk).exists():
            log_denied(actor=request.user, what="dues_relief", object_id=relief_pk, request=request)
        raise Http404
    form = RemoveReliefForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("Hãy ghi lý do xóa."))
        remove_relief(actor=request.user, relief=relief, expected_version=form.cleaned_data["version"],
                      reason=form.cleaned_data["reason"])  # fmt: skip
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã xóa miễn, giảm ghi nhầm; các tháng trong sổ đã được tính lại."))
    return redirect(_url(found, month))
