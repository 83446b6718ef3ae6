"""The organization page: details, committee and oversight forms, and the organization's history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.errors import DomainError
from dangbo.core.models import AuditEntry
from dangbo.members.enums import ON_ROLLS, MemberStatus
from dangbo.members.models import Member
from dangbo.members.selectors import members_for
from dangbo.organizations import selectors
from dangbo.organizations.enums import RestructuringKind
from dangbo.organizations.models import Committee, CommitteeSeat, Organization, OversightAssignment

from .. import committees, terms
from ..forms import CommitteeEditForm, CommitteeForm, EndForm, OversightForm, SeatForm
from ..selectors import current_committee, oversight_of
from .tree import _with_counts


def _seat_candidates(scope: Scope, org: Organization) -> QuerySet[Member]:
    """Full members on the rolls in the organization's subtree, visible to the user."""
    return (
        members_for(scope, include_self=False)
        .filter(organization__path__startswith=org.path, status__in=ON_ROLLS)
        .exclude(status=MemberStatus.PROBATIONARY)
        .select_related("organization")
        .order_by("sort_key", "pk")
    )


def _oversight_candidates(scope: Scope, org: Organization, day: dt.date) -> QuerySet[Member]:
    seats = CommitteeSeat.objects.filter(committees.upper_committee_seats(org, on=day))
    return (
        members_for(scope, include_self=False)
        .filter(pk__in=seats.values("member_id"))
        .select_related("organization")
        .order_by("sort_key", "pk")
    )


def _detail_context(
    request: HttpRequest, scope: Scope, org: Organization, posted: Form | None = None
) -> dict[str, Any]:
    """The organization page; `posted`, a form sent back with its errors, replaces the blank form of its prefix."""
    today = timezone.localdate()
    subunits = list(selectors.active_children(org))
    counts = _with_counts(subunits, [org.path])
    overview = current_committee(scope, org=org, on=today)
    can_manage = scope.covers_path(Right.MANAGE_ORGS, org.path)
    context: dict[str, Any] = {
        "org": org,
        "today": today,
        "member_count": counts.get(org.path, 0),
        "subunits": subunits,
        "overview": overview,
        "oversight": oversight_of(scope, org=org, on=today),
        "periods": list(selectors.periods_of(org)),
        "restructurings": list(selectors.restructurings_of(org)),
        "can_manage": can_manage and org.is_active,
        "can_view_members": scope.covers_path(Right.VIEW_MEMBERS, org.path),
        "can_view_audit": scope.covers_path(Right.VIEW_AUDIT, org.path),
        "kinds": [k for k in RestructuringKind if k != RestructuringKind.CREATE],
    }
    if context["can_manage"]:
        sent = {posted.prefix: posted} if posted is not None else {}
        context["committee_form"] = sent.get("committee") or CommitteeForm(prefix="committee")
        if overview is not None:
            committee = overview.committee
            context["committee_edit_form"] = sent.get("edit") or CommitteeEditForm(
                prefix="edit",
                initial={
                    "version": committee.version,
                    "term_label": committee.term_label,
                    "term_end": committee.term_end,
                    "secretary_is_head": committee.secretary_is_head,
                },
            )
            context["seat_form"] = sent.get("seat") or SeatForm(
                prefix="seat", members=_seat_candidates(scope, org), initial={"start": today}
            )
        context["oversight_form"] = sent.get("oversight") or OversightForm(
            prefix="oversight", members=_oversight_candidates(scope, org, today), initial={"start": today}
        )
        context["end_form"] = sent.get("end") or EndForm(prefix="end", initial={"end": today})
        context["restorable"] = terms.restorable_committee(org, today=today)
    return context


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.VIEW_ORGS)
    org = get_in_scope_or_404(
        request, selectors.organizations_for(scope).select_related("parent"), pk, what="organization"
    )
    return render(request, "structure/detail.html", _detail_context(request, scope, org))


def _managed_org(request: HttpRequest, scope: Scope, pk: int) -> Organization:
    return get_in_scope_or_404(
        request,
        selectors.organizations_for(scope, right=Right.MANAGE_ORGS).select_related("parent"),
        pk,
        what="organization",
    )


def _run(request: HttpRequest, form: Form, action: Callable[[], Any], success: str) -> tuple[bool, Any]:
    """Run a service for a valid form; a DomainError goes onto the form and nothing is saved."""
    if not form.is_valid():
        return False, None
    try:
        result = action()
    except DomainError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
        return False, None
    messages.success(request, success)
    return True, result


def _submit_on_page(
    request: HttpRequest, scope: Scope, org: Organization, form: Form, action: Callable[[], Any], success: str
) -> HttpResponse:
    """A form posted from the organization page: back to the page when the service ran; else the page again,
    this form showing its errors, and nothing saved."""
    ok, _result = _run(request, form, action, success)
    if ok:
        return redirect("organizations:detail", pk=org.pk)
    return render(request, "structure/detail.html", _detail_context(request, scope, org, posted=form))


def _end_on_page(
    request: HttpRequest, scope: Scope, org: Organization, end: Callable[[dt.date], Any], success: str
) -> HttpResponse:
    """The end-date form of a committee seat or an oversight assignment, posted from the organization page."""
    form = EndForm(request.POST, prefix="end")
    return _submit_on_page(request, scope, org, form, lambda: end(form.cleaned_data["end"]), success)


# ---------------------------------------------------------------------------------------------------------
# Committees and oversight (forms on the organization page)


@login_required
@require_POST
def committee_create(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_ORGS)
    org = _managed_org(request, scope, pk)
    form = CommitteeForm(request.POST, prefix="committee")

    def create() -> Committee:
        return committees.create_committee(actor=request.user, organization=org, **form.cleaned_data)

    return _submit_on_page(request, scope, org, form, create, _("Đã tạo cấp ủy."))


@login_required
@require_POST
def committee_update(request: HttpRequest, pk: int, committee_id: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_ORGS)
    org = _managed_org(request, scope, pk)
    committee = get_in_scope_or_404(request, Committee.objects.filter(organization=org), committee_id, what="committee")
    form = CommitteeEditForm(request.POST, prefix="edit")

    def update() -> Committee:
        d = form.cleaned_data
        return committees.update_committee(
            actor=request.user,
            committee=committee,
            expected_version=d["version"],
            term_label=d["term_label"],
            term_end=d["term_end"],
            secretary_is_head=d["secretary_is_head"],
        )

    return _submit_on_page(request, scope, org, form, update, _("Đã cập nhật cấp ủy."))


@login_required
@require_POST
def seat_add(request: HttpRequest, pk: int, committee_id: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_ORGS)
    org = _managed_org(request, scope, pk)
    committee = get_in_scope_or_404(request, Committee.objects.filter(organization=org), committee_id, what="committee")
    form = SeatForm(request.POST, prefix="seat", members=_seat_candidates(scope, org))

    def add() -> CommitteeSeat:
        return committees.add_seat(actor=request.user, committee=committee, **form.cleaned_data)

    return _submit_on_page(request, scope, org, form, add, _("Đã bổ sung cấp ủy viên."))


@login_required
@require_POST
def seat_end(request: HttpRequest, pk: int, seat_id: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_ORGS)
    org = _managed_org(request, scope, pk)
    seat = get_in_scope_or_404(
        request, CommitteeSeat.objects.filter(committee__organization=org), seat_id, what="committee_seat"
    )

    def end(day: dt.date) -> CommitteeSeat:
        return committees.end_seat(actor=request.user, seat=seat, end=day)

    return _end_on_page(request, scope, org, end, _("Đã kết thúc chức vụ."))


@login_required
@require_POST
def oversight_add(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_ORGS)
    org = _managed_org(request, scope, pk)
    members = _oversight_candidates(scope, org, timezone.localdate())
    form = OversightForm(request.POST, prefix="oversight", members=members)

    def assign() -> OversightAssignment:
        return committees.assign_oversight(actor=request.user, organization=org, **form.cleaned_data)

    return _submit_on_page(request, scope, org, form, assign, _("Đã phân công phụ trách."))


@login_required
@require_POST
def oversight_end(request: HttpRequest, pk: int, assignment_id: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_ORGS)
    org = _managed_org(request, scope, pk)
    assignment = get_in_scope_or_404(
        request, OversightAssignment.objects.filter(organization=org), assignment_id, what="oversight_assignment"
    )

    def end(day: dt.date) -> OversightAssignment:
        return committees.end_oversight(actor=request.user, assignment=assignment, end=day)

    return _end_on_page(request, scope, org, end, _("Đã kết thúc phân công phụ trách."))


# ---------------------------------------------------------------------------------------------------------
# History


@login_required
@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    """Audit entries written for this organization (restructuring, committees, edits)."""
    scope = require_right(request, Right.VIEW_AUDIT)
    org = get_in_scope_or_404(
        request, selectors.organizations_for(scope, right=Right.VIEW_AUDIT), pk, what="organization"
    )
    entries = (
        AuditEntry.objects.filter(object_type="organization", object_id=str(org.pk))
        .select_related("actor")
        .order_by("-at", "-id")
    )
    page = Paginator(entries, 50).get_page(request.GET.get("trang"))
    return render(request, "structure/history.html", {"org": org, "page": page})
