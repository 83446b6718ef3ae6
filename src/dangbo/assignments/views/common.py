"""What the task pages share: the scoped task, the cells a user may give tasks in, members ticked in a form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope, scope_for
from dangbo.core.audit import log_denied
from dangbo.core.errors import DomainError
from dangbo.members.models import Member
from dangbo.members.selectors import members_for
from dangbo.organizations.enums import MEMBER_HOLDING_KINDS
from dangbo.organizations.models import Organization

from ..models import TaskAssignment
from ..selectors import tasks_for


def require_task_reader(request: HttpRequest) -> Scope:
    """The access check of the pages a member reads about their own tasks: the right to view cell life somewhere,
    or a member record of one's own (403 otherwise)."""
    if request.user.is_authenticated:
        scope = scope_for(request.user)
        if scope.member_id is not None:
            return scope
    return require_right(request, Right.VIEW_CELL_LIFE)


def task_in_scope(request: HttpRequest, scope: Scope, pk: int, *, right: str = Right.VIEW_CELL_LIFE) -> TaskAssignment:
    """One task given in a subtree where the user holds `right` (or the user's own, to read it): 404 and an audit
    entry outside it."""
    qs = tasks_for(scope, right=right, own=right == Right.VIEW_CELL_LIFE).select_related(
        "member", "organization__parent", "assigned_by"
    )
    return get_in_scope_or_404(request, qs, pk, what="task")


def may_manage(scope: Scope, task: TaskAssignment) -> bool:
    return scope.covers_path(Right.MANAGE_CELL_LIFE, task.path)


def may_assign_in(scope: Scope, unit: Organization) -> bool:
    """Whether the user may give tasks in a cell of `unit` (over it, or over a part of it)."""
    return any(p.startswith(unit.path) or unit.path.startswith(p) for p in scope.paths(Right.MANAGE_CELL_LIFE))


def organizations_with(scope: Scope, right: str) -> QuerySet[Organization]:
    """The organizations in the subtrees where the user holds `right` (a cell secretary's is their cell)."""
    return Organization.objects.filter(scope.path_q(right))


def manageable_cells(scope: Scope) -> QuerySet[Organization]:
    """The active cells where the user may give tasks, in tree order."""
    return (
        organizations_with(scope, Right.MANAGE_CELL_LIFE)
        .filter(kind__in=MEMBER_HOLDING_KINDS, dissolved_on__isnull=True)
        .select_related("parent")
        .order_by("path")
    )


def ticked_members(request: HttpRequest, scope: Scope, ids: Sequence[int]) -> list[Member]:
    """The members ticked in a form. An id of a member outside the scope where the user manages cell life answers
    404 and is logged, before any rule is checked (the refusal would name the member); one in scope is left to
    the service, which says in Vietnamese why it refuses it."""
    wanted = set(ids)
    found = {
        m.pk: m for m in members_for(scope, right=Right.MANAGE_CELL_LIFE, include_self=False).filter(pk__in=wanted)
    }
    hidden = sorted(wanted - set(found))
    for pk in hidden:
        if Member.objects.filter(pk=pk).exists():
            log_denied(actor=request.user, what="member", object_id=pk, request=request)
    if hidden:
        raise Http404
    return [found[pk] for pk in ids if pk in found]


def show_error(form: Any, error: DomainError) -> None:
    """Put a service's refusal beside its field (or above the form)."""
    form.add_error(error.field if error.field in form.fields else None, error.message)
