"""The standing pages: the lists (return reminders, overdue reports after returning from abroad, applications to
go abroad in progress, who is temporarily attached, exempt, abroad or suspended today, a member's records), a
form per new record, and a record's page with its next steps.

Who: anyone with `view_movements` reads what lies in their scope (either side of a record); those who manage
movements over the member's cell (the cell's secretary, the grassroots officer) record and take the cell's steps;
the approval of going abroad needs the right over the grassroots organization. Ids outside the scope, in the URL
or posted, answer 404 and are logged; every record's page is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.audit import log_action, log_denied
from dangbo.core.errors import DomainError
from dangbo.members.enums import ON_ROLLS
from dangbo.members.models import Member
from dangbo.members.selectors import members_for
from dangbo.organizations.enums import MEMBER_HOLDING_KINDS
from dangbo.organizations.models import Organization

from . import abroad, standing
from .enums import MovementKind, MovementState
from .models import Movement
from .selectors import (
    current_on,
    describe,
    overdue_abroad_reports,
    pending_abroad,
    report_due,
    return_reminders,
    standing_for,
    suspension_clock,
    with_suspension_clocks,
)
from .standing_forms import (
    AbroadForm,
    ApprovalForm,
    DayForm,
    DecisionForm,
    EarlyEndForm,
    ExemptionForm,
    ExtensionForm,
    StandingForm,
    SuspensionForm,
    TemporaryInForm,
    TemporaryOutForm,
)

MANAGE = Right.MANAGE_MOVEMENTS


@dataclass(frozen=True)
class NewKind:
    title: Any
    form: type[StandingForm]
    service: Callable[..., Movement]
    host_in_scope: bool = False  # the host cell must be one the user manages (incoming attachment)


NEW_KINDS = {
    "tam-thoi-di": NewKind(
        gettext_lazy("Chuyển sinh hoạt tạm thời đi"), TemporaryOutForm, standing.record_temporary_out
    ),
    "tam-thoi-den": NewKind(
        gettext_lazy("Tiếp nhận sinh hoạt tạm thời (từ ngoài Đảng bộ)"),
        TemporaryInForm,
        standing.record_temporary_in,
        host_in_scope=True,
    ),
    "mien": NewKind(gettext_lazy("Miễn công tác và sinh hoạt đảng"), ExemptionForm, standing.record_exemption),
    "nuoc-ngoai": NewKind(gettext_lazy("Đơn xin đi nước ngoài"), AbroadForm, abroad.apply_abroad),
    "dinh-chi": NewKind(gettext_lazy("Đình chỉ sinh hoạt đảng"), SuspensionForm, standing.record_suspension),
}


@dataclass(frozen=True)
class Step:
    title: Any
    form: type[Any]
    run: Callable[..., Movement]
    approval: bool = False  # taken by the grassroots organization, not the cell


def _day(service: Callable[..., Movement], name: str) -> Callable[..., Movement]:
    return lambda *, data, **kw: service(**{name: data["on"]}, **kw)


STEPS = {
    "tro-ve": Step(
        gettext_lazy("Ghi nhận kết thúc sinh hoạt tạm thời"), DayForm, _day(standing.record_temporary_return, "on")
    ),
    "bao-cao-cap-tren": Step(
        gettext_lazy("Ghi nhận đã báo cáo cấp ủy cấp trên"),
        DayForm,
        _day(standing.record_exemption_informed, "informed_on"),
    ),
    "tro-lai": Step(
        gettext_lazy("Trở lại công tác và sinh hoạt đảng (quyết định mới)"),
        DecisionForm,
        lambda *, data, **kw: standing.end_exemption(**data, **kw),
    ),
    "y-kien": Step(gettext_lazy("Ý kiến của chi bộ"), DayForm, _day(abroad.record_abroad_opinion, "opinion_on")),
    "dong-y": Step(
        gettext_lazy("Cấp ủy cơ sở đồng ý"),
        ApprovalForm,
        lambda *, data, **kw: abroad.approve_abroad(
            approved_on=data["on"], decision_number=data["decision_number"], **kw
        ),
        approval=True,
    ),
    "xuat-canh": Step(gettext_lazy("Ghi nhận xuất cảnh"), DayForm, _day(abroad.record_departure, "on")),
    "ve-nuoc": Step(gettext_lazy("Ghi nhận về nước"), DayForm, _day(abroad.record_abroad_return, "on")),
    "bao-cao": Step(
        gettext_lazy("Ghi nhận báo cáo sau khi về nước"), DayForm, _day(abroad.record_abroad_report, "report_on")
    ),
    "gia-han": Step(
        gettext_lazy("Gia hạn đình chỉ sinh hoạt đảng"),
        ExtensionForm,
        lambda *, data, **kw: standing.extend_suspension(**data, **kw),
    ),
    "cham-dut": Step(
        gettext_lazy("Chấm dứt đình chỉ trước thời hạn"),
        EarlyEndForm,
        lambda *, data, **kw: standing.end_suspension_early(**data, **kw),
    ),
}
ABROAD_STEPS = {"opinion": "y-kien", "approval": "dong-y", "departure": "xuat-canh", "return": "ve-nuoc",
                "report": "bao-cao"}  # fmt: skip


def open_steps(movement: Movement) -> list[str]:
    """The steps the record waits for, in order."""
    if movement.state == MovementState.CANCELLED:
        return []
    kind, ended = movement.kind, movement.ended_on is not None
    if kind in (MovementKind.TEMPORARY_OUT, MovementKind.TEMPORARY_IN):
        return [] if ended else ["tro-ve"]
    if kind == MovementKind.EXEMPTION:
        return ([] if movement.informed_on else ["bao-cao-cap-tren"]) + ([] if ended else ["tro-lai"])
    if kind == MovementKind.ABROAD:
        step = abroad.next_step(movement)
        return [ABROAD_STEPS[step]] if step else []
    if kind == MovementKind.SUSPENSION:
        return [] if ended else ["gia-han", "cham-dut"]
    return []


def may_take(scope: Scope, movement: Movement, step: str) -> bool:
    """The cell's steps need the right over the member's cell (the host's, for an incoming attachment); the
    approval of going abroad, over the grassroots organization."""
    if STEPS[step].approval:
        grassroots = abroad.approving_organization(movement)
        return grassroots is not None and scope.covers_path(MANAGE, grassroots.path)
    return scope.covers_path(MANAGE, movement.from_path or movement.to_path)


def _movement(request: HttpRequest, scope: Scope, pk: int) -> Movement:
    return get_in_scope_or_404(request, standing_for(scope), pk, what="movement")


def _managed_members(scope: Scope) -> QuerySet[Member]:
    return members_for(scope, right=MANAGE, include_self=False).filter(status__in=sorted(ON_ROLLS))


def _cells(scope: Scope, *, in_scope: bool) -> QuerySet[Organization]:
    cells = Organization.objects.filter(kind__in=MEMBER_HOLDING_KINDS, dissolved_on__isnull=True)
    return cells.filter(scope.path_q(MANAGE)) if in_scope else cells


@login_required
def standing_home(request: HttpRequest) -> HttpResponse:
    """The lists: what needs doing (reminders, overdue reports, applications), who stands where today, and, with
    `?dang_vien=<id>`, one member's records."""
    scope = require_right(request, Right.VIEW_MOVEMENTS)
    today = timezone.localdate()
    qs = standing_for(scope)
    member = None
    raw = request.GET.get("dang_vien", "")
    if raw:
        if not raw.isdigit() or len(raw) > 12:
            raise Http404
        member = get_in_scope_or_404(request, members_for(scope, right=Right.VIEW_MOVEMENTS), int(raw), what="member")
        log_action("movements.member_records.viewed", actor=request.user, object_type="member", object_id=member.pk,
                   object_repr=member.full_name, scope_path=member.organization.path, request=request)  # fmt: skip
    current = current_on(qs, today)
    with_suspension_clocks(current["suspended"], today)
    context = {
        "today": today,
        "member": member,
        "records": with_suspension_clocks(list(qs.filter(member=member).order_by("-start")), today) if member else [],
        "reminders": return_reminders(qs, today=today),
        "overdue": overdue_abroad_reports(qs, today=today),
        "pending": pending_abroad(qs),
        "current": current,
        "can_manage": scope.has_right(MANAGE),
        "new_kinds": NEW_KINDS,
    }
    return render(request, "movements/standing.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def standing_new(request: HttpRequest, kind: str) -> HttpResponse:
    scope = require_right(request, MANAGE)
    spec = NEW_KINDS.get(kind)
    if spec is None:
        raise Http404
    members = _managed_members(scope)
    if request.GET.get("dang_vien", "").isdigit() and request.method == "GET":
        initial = {"member": request.GET["dang_vien"]}
    else:
        initial = {}
    form = spec.form(request.POST or None, initial=initial, members=members,
                     cells=_cells(scope, in_scope=spec.host_in_scope))  # fmt: skip
    if request.method == "POST":
        if form.is_valid():
            try:
                movement = spec.service(actor=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Đã ghi nhận: %(what)s.") % {"what": describe(movement)})
                return redirect("movements:standing_detail", pk=movement.pk)
        for what, pk in form.out_of_scope_ids():
            model = Member if what == "member" else Organization
            if model._default_manager.filter(pk=pk).exists():
                log_denied(actor=request.user, what=what, object_id=pk, request=request)
                raise Http404
    return render(request, "movements/standing_form.html", {"form": form, "title": spec.title})


def _detail(request: HttpRequest, scope: Scope, movement: Movement, *, failed: tuple[str, Any, str] | None = None,
            status: int = 200) -> HttpResponse:  # fmt: skip
    steps = []
    for code in open_steps(movement):
        if not may_take(scope, movement, code):
            continue
        form = failed[1] if failed and failed[0] == code else STEPS[code].form(prefix=code)
        steps.append({"code": code, "title": STEPS[code].title, "form": form,
                      "error": failed[2] if failed and failed[0] == code else ""})  # fmt: skip
    context = {
        "movement": movement,
        "summary": describe(movement),
        "steps": steps,
        "report_due": report_due(movement) if movement.kind == MovementKind.ABROAD else None,
        "clock": suspension_clock(movement, timezone.localdate()) if movement.kind == MovementKind.SUSPENSION else None,
        "extensions": list(movement.suspension_extensions.all()) if movement.kind == MovementKind.SUSPENSION else [],
        "grassroots": abroad.approving_organization(movement) if movement.kind == MovementKind.ABROAD else None,
    }
    return render(request, "movements/standing_detail.html", context, status=status)


@login_required
def standing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.VIEW_MOVEMENTS)
    movement = _movement(request, scope, pk)
    standing.audit("viewed", actor=request.user, movement=movement, request=request)
    return _detail(request, scope, movement)


@login_required
@require_POST
def standing_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    scope = require_right(request, Right.VIEW_MOVEMENTS)
    movement = _movement(request, scope, pk)
    if step not in STEPS:
        raise Http404
    if not may_take(scope, movement, step):
        raise PermissionDenied
    form = STEPS[step].form(request.POST, prefix=step)
    raw = request.POST.get("version", "")
    version = int(raw) if raw.isdigit() and len(raw) < 10 else -1
    if form.is_valid():
        try:
            STEPS[step].run(data=form.cleaned_data, actor=request.user, movement=movement, expected_version=version)
        except DomainError as error:
            return _detail(request, scope, movement, failed=(step, form, error.message), status=400)
        messages.success(request, _("Đã lưu: %(step)s.") % {"step": STEPS[step].title})
        return redirect("movements:standing_detail", pk=movement.pk)
    return _detail(request, scope, movement, failed=(step, form, ""), status=400)
