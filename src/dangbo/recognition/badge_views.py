"""The badge writes from the pages: propose the ticked rows of a list, record the award of the ticked proposals,
withdraw a proposal, record a seriously-ill certificate, record the cell's confirmation of improvement.

Each view starts with its access check: proposing, the certificate and the confirmation need `propose_recognition`
over the unit or the member's cell, the award `decide_recognition`; a member or badge outside that scope answers 404
and is logged. A refusal is shown in Vietnamese and nothing is written (all the rows of one submission or none).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.errors import DomainError
from dangbo.discipline.models import Discipline
from dangbo.members.models import Member
from dangbo.members.selectors import members_for
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import organizations_for

from . import services
from .enums import BadgeState
from .forms import AwardForm, ConfirmationForm, IllnessForm, WithdrawForm
from .selectors import badges_for
from .views import award_date_or_404


def _list_url(day: dt.date, unit: Organization) -> str:
    return f"{reverse('recognition:badges', args=[day.isoformat()])}?to_chuc={unit.pk}"


def _ticked(request: HttpRequest) -> list[tuple[int, int]]:
    """The ticked rows, "member id-years" each; anything else answers 404."""
    out = []
    for value in request.POST.getlist("chon"):
        member_id, _, years = value.partition("-")
        if not (member_id.isdigit() and years.isdigit()):
            raise Http404
        out.append((int(member_id), int(years)))
    return out


@login_required
@require_POST
def propose(request: HttpRequest, day: str) -> HttpResponse:
    """Propose the ticked rows for the award date, from the unit chosen (which proposes them)."""
    scope = require_right(request, Right.PROPOSE_RECOGNITION)
    award_date = award_date_or_404(day)
    raw = request.POST.get("to_chuc", "")
    if not raw.isdigit():
        raise Http404
    unit = get_in_scope_or_404(request, organizations_for(scope, right=Right.PROPOSE_RECOGNITION), int(raw),
                               what="organization")  # fmt: skip
    ticked = _ticked(request)
    allowed = members_for(scope, right=Right.PROPOSE_RECOGNITION, include_self=False).select_related("organization")
    chosen = [(get_in_scope_or_404(request, allowed, member_id, what="member"), years) for member_id, years in ticked]
    if not chosen:
        messages.error(request, _("Chưa chọn đảng viên nào để đề nghị."))
        return redirect(_list_url(award_date, unit))
    try:
        with transaction.atomic():
            for member, years in chosen:
                services.propose_badge(actor=request.user, member=member, years=years, award_date=award_date,
                                       proposing_organization=unit)  # fmt: skip
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã đề nghị tặng Huy hiệu Đảng cho %(n)s đồng chí.") % {"n": len(chosen)})
    return redirect(_list_url(award_date, unit))


def _proposed(scope: Scope, award_date: dt.date) -> Any:
    return (badges_for(scope, right=Right.DECIDE_RECOGNITION)
            .filter(state=BadgeState.PROPOSED, award_date__lte=award_date)
            .select_related("member", "unit").order_by("unit_path", "member__sort_key"))  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def award(request: HttpRequest, day: str) -> HttpResponse:
    """The proposals awaiting a decision up to this award date, and the award of the ticked ones."""
    scope = require_right(request, Right.DECIDE_RECOGNITION)
    award_date = award_date_or_404(day)
    pending = _proposed(scope, award_date)
    form = AwardForm(request.POST or None)
    if request.method == "POST":
        ids = request.POST.getlist("chon")
        if not all(i.isdigit() for i in ids):
            raise Http404
        chosen = [get_in_scope_or_404(request, pending, int(i), what="badge") for i in ids]
        if not chosen:
            form.add_error(None, _("Chưa chọn đề nghị nào."))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    for badge in chosen:
                        services.record_award(actor=request.user, badge=badge, award_date=award_date,
                                              decision_number=data["decision_number"],
                                              decision_date=data["decision_date"],
                                              deciding_authority=data["deciding_authority"],
                                              expected_version=badge.version)  # fmt: skip
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(
                    request, _("Đã ghi quyết định tặng Huy hiệu Đảng cho %(n)s đồng chí.") % {"n": len(chosen)}
                )
                return redirect(reverse("recognition:award", args=[award_date.isoformat()]))
    return render(request, "recognition/award.html", {"form": form, "award_date": award_date,
                                                      "pending": list(pending)},
                  status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.PROPOSE_RECOGNITION)
    badge = get_in_scope_or_404(request, badges_for(scope, right=Right.PROPOSE_RECOGNITION).select_related("member"),
                                pk, what="badge")  # fmt: skip
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần nhập lý do rút đề nghị."))
    else:
        try:
            services.withdraw_badge(actor=request.user, badge=badge, reason=form.cleaned_data["reason"],
                                    expected_version=form.cleaned_data["version"])  # fmt: skip
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã rút đề nghị."))
    return redirect("members:detail", pk=badge.member_id)


def _member_form_page(
    request: HttpRequest, member: Member, form: Any, write: Any, *, title: str, template: str, extra: dict[str, Any]
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            write(form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã ghi."))
            return redirect("members:detail", pk=member.pk)
    return render(request, template, {"form": form, "member": member, "title": title, **extra},
                  status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def illness(request: HttpRequest, member_pk: int) -> HttpResponse:
    """Record that a member was certified seriously ill (allows an early badge)."""
    scope = require_right(request, Right.PROPOSE_RECOGNITION)
    allowed = members_for(scope, right=Right.PROPOSE_RECOGNITION, include_self=False).select_related("organization")
    member = get_in_scope_or_404(request, allowed, member_pk, what="member")
    form = IllnessForm(request.POST or None)

    def write(data: dict[str, Any]) -> None:
        services.record_illness(actor=request.user, member=member, certified_on=data["certified_on"],
                                certified_by=data["certified_by"], note=data["note"])  # fmt: skip

    return _member_form_page(request, member, form, write, title=_("Ghi xác nhận đảng viên bị bệnh nặng"),
                             template="recognition/member_form.html", extra={})  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def confirmation(request: HttpRequest, discipline_pk: int) -> HttpResponse:
    """Record the cell's recognition that a disciplined member mended their ways."""
    scope = require_right(request, Right.PROPOSE_RECOGNITION)
    decisions = Discipline.objects.filter(scope.path_q(Right.PROPOSE_RECOGNITION, "member__organization__path"))
    decision = get_in_scope_or_404(request, decisions.select_related("member__organization"), discipline_pk,
                                   what="discipline")  # fmt: skip
    assert decision.member is not None
    form = ConfirmationForm(request.POST or None, initial={"confirmed_on": timezone.localdate()})

    def write(data: dict[str, Any]) -> None:
        services.confirm_improvement(actor=request.user, discipline=decision, confirmed_on=data["confirmed_on"],
                                     resolution=data["resolution"], note=data["note"])  # fmt: skip

    return _member_form_page(request, decision.member, form, write,
                             title=_("Chi bộ công nhận đảng viên sửa chữa tốt khuyết điểm"),
                             template="recognition/member_form.html", extra={"decision": decision})  # fmt: skip
