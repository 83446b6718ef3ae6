"""Pages of the party tree: tree browser, organization page, restructuring, committees, history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.errors import DomainError
from dangbo.core.models import AuditEntry
from dangbo.members.enums import ON_ROLLS, MemberStatus
from dangbo.members.models import Member
from dangbo.members.selectors import member_counts_by_path_prefix, members_for

from . import committees, restructuring, selectors
from .enums import RestructuringKind
from .forms import (
    AbsorbForm,
    AsOfForm,
    CommitteeEditForm,
    CommitteeForm,
    DissolveForm,
    EndForm,
    MergeForm,
    OversightForm,
    RenameForm,
    ReparentForm,
    RestructuringForm,
    SeatForm,
    SplitForm,
)
from .models import Committee, CommitteeSeat, Organization, OversightAssignment

# ---------------------------------------------------------------------------------------------------------
# Tree browser


def _with_counts(nodes: list[Organization], extra_paths: Iterable[str] = ()) -> dict[str, int]:
    """Member counts for every node (and extra paths) with one grouped query; set on each node too."""
    counts = member_counts_by_path_prefix([n.path for n in nodes] + list(extra_paths))
    for n in nodes:
        n.member_count = counts.get(n.path, 0)  # type: ignore[attr-defined]
    return counts


def _as_of_rows(scope: Scope, day: dt.date) -> list[dict[str, Any]]:
    """Flat rows of the as-of tree under the user's roots, each with member and child counts as of `day`."""
    roots = selectors.roots_as_of(selectors.visible_roots(scope), day)
    counts = selectors.member_counts_as_of(scope, day=day)
    rows: list[dict[str, Any]] = []
    for root in roots:
        tree = selectors.tree_as_of(root, day)
        child_count: dict[int, int] = {}
        for _depth, period in tree:
            if period.parent_id is not None:
                child_count[period.parent_id] = child_count.get(period.parent_id, 0) + 1
        for depth, period in tree:
            rows.append(
                {
                    "depth": depth,
                    "indent": depth * 1.25,
                    "period": period,
                    "org": period.organization,
                    "member_count": counts.get(period.organization_id, 0),
                    "child_count": child_count.get(period.organization_id, 0),
                }
            )
    return rows


@login_required
@require_GET
def tree(request: HttpRequest) -> HttpResponse:
    """The tree from the user's scope roots; with ?ngay=dd/mm/yyyy, the tree as it stood that day."""
    scope = require_right(request, Right.VIEW_ORGS)
    form = AsOfForm(request.GET or None)
    day = form.cleaned_data["ngay"] if form.is_bound and form.is_valid() else None
    context: dict[str, Any] = {"form": form, "day": day}
    if day is not None:
        context["rows"] = _as_of_rows(scope, day)
    else:
        roots = list(selectors.with_child_counts(selectors.visible_roots(scope)))
        children = list(selectors.active_children_of(roots))
        _with_counts(roots + children)
        by_parent: dict[int, list[Organization]] = {}
        for child in children:
            by_parent.setdefault(child.parent_id, []).append(child)  # type: ignore[arg-type]
        for root in roots:
            root.loaded_children = by_parent.get(root.pk, [])  # type: ignore[attr-defined]
        context["roots"] = roots
    return render(request, "organizations/tree.html", context)


@login_required
@require_GET
def children(request: HttpRequest, pk: int) -> HttpResponse:
    """The active children of one node, as list items (loaded by htmx when the node is opened)."""
    scope = require_right(request, Right.VIEW_ORGS)
    org = get_in_scope_or_404(request, selectors.organizations_for(scope), pk, what="organization")
    nodes = list(selectors.active_children(org))
    _with_counts(nodes)
    return render(request, "organizations/_nodes.html", {"nodes": nodes})


# ---------------------------------------------------------------------------------------------------------
# Organization page


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
    overview = selectors.current_committee(scope, org=org, on=today)
    can_manage = scope.covers_path(Right.MANAGE_ORGS, org.path)
    context: dict[str, Any] = {
        "org": org,
        "today": today,
        "member_count": counts.get(org.path, 0),
        "subunits": subunits,
        "overview": overview,
        "oversight": selectors.oversight_of(scope, org=org, on=today),
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
    return context


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.VIEW_ORGS)
    org = get_in_scope_or_404(
        request, selectors.organizations_for(scope).select_related("parent"), pk, what="organization"
    )
    return render(request, "organizations/detail.html", _detail_context(request, scope, org))


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
    return render(request, "organizations/detail.html", _detail_context(request, scope, org, posted=form))


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
    committee = get_object_or_404(Committee, pk=committee_id, organization=org)
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
    committee = get_object_or_404(Committee, pk=committee_id, organization=org)
    form = SeatForm(request.POST, prefix="seat", members=_seat_candidates(scope, org))

    def add() -> CommitteeSeat:
        return committees.add_seat(actor=request.user, committee=committee, **form.cleaned_data)

    return _submit_on_page(request, scope, org, form, add, _("Đã bổ sung cấp ủy viên."))


@login_required
@require_POST
def seat_end(request: HttpRequest, pk: int, seat_id: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_ORGS)
    org = _managed_org(request, scope, pk)
    seat = get_object_or_404(CommitteeSeat, pk=seat_id, committee__organization=org)

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
    assignment = get_object_or_404(OversightAssignment, pk=assignment_id, organization=org)

    def end(day: dt.date) -> OversightAssignment:
        return committees.end_oversight(actor=request.user, assignment=assignment, end=day)

    return _end_on_page(request, scope, org, end, _("Đã kết thúc phân công phụ trách."))


# ---------------------------------------------------------------------------------------------------------
# Restructuring


def _check_destinations(request: HttpRequest, scope: Scope, form_class: type[RestructuringForm]) -> None:
    """Every organization named in the POST must lie in the user's MANAGE_ORGS scope (else 404, logged)."""
    managed = selectors.organizations_for(scope, right=Right.MANAGE_ORGS)
    for name in form_class.org_fields:
        for raw in request.POST.getlist(name):
            if raw.strip():
                if not raw.strip().isdigit():
                    raise Http404
                get_in_scope_or_404(request, managed, int(raw), what="organization")


def _restructure_action(kind: str, form: RestructuringForm, org: Organization, actor: Any) -> Callable[[], Any]:
    d = form.cleaned_data
    common = {"actor": actor, "effective_date": d["effective_date"], "decision": form.decision()}
    if kind == RestructuringKind.RENAME:
        return lambda: restructuring.rename(org=org, new_name=d["new_name"], short_name=d["short_name"], **common)
    if kind == RestructuringKind.REPARENT:
        return lambda: restructuring.reparent(org=org, new_parent=d["new_parent"], **common)
    if kind == RestructuringKind.MERGE:
        return lambda: restructuring.merge(
            orgs=[org, *d["others"]],
            code=d["code"],
            name=d["name"],
            kind=d["kind"],
            org_type=d["org_type"],
            parent=d["parent"],
            members_to=d["members_to"],
            **common,
        )
    if kind == RestructuringKind.ABSORB:
        return lambda: restructuring.absorb(source=org, into=d["into"], members_to=d["members_to"], **common)
    if kind == RestructuringKind.SPLIT:
        assert isinstance(form, SplitForm)
        parts = [restructuring.SplitPart(**p) for p in form.parts()]
        return lambda: restructuring.split(source=org, parts=parts, **common)
    return lambda: restructuring.dissolve(org=org, members_to=d["members_to"], children_to=d["children_to"], **common)


FORMS: dict[str, type[RestructuringForm]] = {
    RestructuringKind.RENAME: RenameForm,
    RestructuringKind.REPARENT: ReparentForm,
    RestructuringKind.MERGE: MergeForm,
    RestructuringKind.ABSORB: AbsorbForm,
    RestructuringKind.SPLIT: SplitForm,
    RestructuringKind.DISSOLVE: DissolveForm,
}


@login_required
@require_http_methods(["GET", "POST"])
def restructure(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """One form per operation; POST runs the service and returns to the organization page."""
    scope = require_right(request, Right.MANAGE_ORGS)
    org = _managed_org(request, scope, pk)
    form_class = FORMS.get(kind)
    if form_class is None or not org.is_active:
        raise Http404
    if request.method == "POST":
        _check_destinations(request, scope, form_class)
    choices = (
        selectors.organizations_for(scope, right=Right.MANAGE_ORGS).filter(dissolved_on__isnull=True).order_by("path")
    )
    data = request.POST if request.method == "POST" else None
    extra: dict[str, Any] = {}
    if form_class is SplitForm:
        try:
            parts = int(request.GET.get("phan", "2"))
        except ValueError:
            parts = 2
        extra = {
            "parts": parts,
            "children": list(selectors.active_children(org)),
            "members": list(
                Member.objects.filter(memberships__organization=org, memberships__end__isnull=True).order_by("sort_key")
            ),
        }
    form = form_class(data, org=org, choices=choices, initial={"effective_date": timezone.localdate()}, **extra)
    if request.method == "POST":
        label = RestructuringKind(kind).label
        if form.is_valid():
            action = _restructure_action(kind, form, org, request.user)
            success = _("Đã thực hiện: %(kind)s “%(name)s”.") % {"kind": label, "name": org.name}
            ok, result = _run(request, form, action, success)
            if ok:
                # merge and absorb lead to the organization that now holds the units; the others to this one
                target = result if isinstance(result, Organization) else org
                return redirect("organizations:detail", pk=target.pk)
    return render(
        request,
        "organizations/restructure.html",
        {"org": org, "form": form, "kind": kind, "kind_label": RestructuringKind(kind).label},
    )


# ---------------------------------------------------------------------------------------------------------
# History

ACTION_LABELS = {
    "organizations.organization.created": gettext_lazy("Thành lập tổ chức"),
    "organizations.organization.updated": gettext_lazy("Cập nhật thông tin tổ chức"),
    "organizations.committee.created": gettext_lazy("Cấp ủy nhiệm kỳ mới"),
    "organizations.committee.updated": gettext_lazy("Sửa thông tin cấp ủy"),
    "organizations.committee.seat_added": gettext_lazy("Bổ sung cấp ủy viên"),
    "organizations.committee.seat_ended": gettext_lazy("Kết thúc chức vụ cấp ủy"),
    "organizations.oversight.assigned": gettext_lazy("Phân công phụ trách"),
    "organizations.oversight.ended": gettext_lazy("Kết thúc phân công phụ trách"),
}


def _action_label(action: str) -> str:
    prefix = "organizations.restructured."
    if action.startswith(prefix) and action[len(prefix) :] in RestructuringKind.values:
        return _("Sắp xếp tổ chức: %(kind)s") % {"kind": RestructuringKind(action[len(prefix) :]).label}
    return str(ACTION_LABELS[action]) if action in ACTION_LABELS else action


@login_required
@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    """Audit entries written for this organization (restructuring, committees, edits)."""
    scope = require_right(request, Right.VIEW_AUDIT)
    org = get_in_scope_or_404(
        request, selectors.organizations_for(scope, right=Right.VIEW_AUDIT), pk, what="organization"
    )
    entries = AuditEntry.objects.filter(object_type="organization", object_id=str(org.pk)).select_related("actor")
    page = Paginator(entries, 50).get_page(request.GET.get("trang"))
    for entry in page.object_list:
        entry.label = _action_label(entry.action)
    return render(request, "organizations/history.html", {"org": org, "page": page})
