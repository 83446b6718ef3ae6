"""The tree browser: the tree from the user's scope roots, now or as of a past date, and a node's children."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.members.selectors import member_counts_as_of, member_counts_by_path_prefix
from dangbo.organizations import selectors
from dangbo.organizations.models import Organization

from ..forms import AsOfForm


def _with_counts(nodes: list[Organization], extra_paths: Iterable[str] = ()) -> dict[str, int]:
    """Member counts for every node (and extra paths) with one grouped query; set on each node too."""
    counts = member_counts_by_path_prefix([n.path for n in nodes] + list(extra_paths))
    for n in nodes:
        n.member_count = counts.get(n.path, 0)  # type: ignore[attr-defined]
    return counts


def _as_of_rows(scope: Scope, day: dt.date) -> list[dict[str, Any]]:
    """Flat rows of the as-of tree under the user's roots, each with member and child counts as of `day`."""
    roots = selectors.roots_as_of(selectors.visible_roots(scope), day)
    counts = member_counts_as_of(scope, day=day)
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
    return render(request, "structure/tree.html", context)


@login_required
@require_GET
def children(request: HttpRequest, pk: int) -> HttpResponse:
    """The active children of one node, as list items (loaded by htmx when the node is opened)."""
    scope = require_right(request, Right.VIEW_ORGS)
    org = get_in_scope_or_404(request, selectors.organizations_for(scope), pk, what="organization")
    nodes = list(selectors.active_children(org))
    _with_counts(nodes)
    return render(request, "structure/_nodes.html", {"nodes": nodes})
