"""Restructuring: one form per operation on an organization; the service runs on POST."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.members.models import Member
from dangbo.organizations import selectors
from dangbo.organizations.enums import RestructuringKind
from dangbo.organizations.models import Organization

from .. import restructuring
from ..forms import AbsorbForm, DissolveForm, MergeForm, RenameForm, ReparentForm, RestructuringForm, SplitForm
from .organization import _managed_org, _run


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
        "structure/restructure.html",
        {"org": org, "form": form, "kind": kind, "kind_label": RestructuringKind(kind).label},
    )
