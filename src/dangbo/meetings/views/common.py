"""What the meeting pages share: the meeting in the user's scope (404 and logged outside it) and the logged
refusal of an id in a form's body that lies outside the scope."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from dangbo.accounts.access import get_in_scope_or_404
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.audit import log_denied
from dangbo.members.models import Member
from dangbo.members.selectors import members_for

from ..models import Meeting
from ..selectors import meetings_for


def meeting_in_scope(request: HttpRequest, scope: Scope, pk: int, *, right: str = Right.VIEW_CELL_LIFE) -> Meeting:
    """One meeting of a unit where the user holds `right`: 404 and an audit entry outside it."""
    qs = meetings_for(scope, right).select_related("organization__parent", "rule_set")
    return get_in_scope_or_404(request, qs, pk, what="meeting")


def refuse_hidden_members(request: HttpRequest, scope: Scope, ids: list[int]) -> None:
    """Member ids posted that the user may not see answer 404 and are logged, before any rule is checked (the
    rule's refusal would name the member). Two queries whatever the number of ids."""
    if not ids:
        return
    visible = set(members_for(scope, right=Right.VIEW_CELL_LIFE).filter(pk__in=ids).values_list("pk", flat=True))
    hidden = [pk for pk in ids if pk not in visible]
    if not hidden:
        return
    for pk in sorted(set(Member.objects.filter(pk__in=hidden).values_list("pk", flat=True))):
        log_denied(actor=request.user, what="member", object_id=pk, request=request)
    raise Http404
