"""What the admission pages share: the scoped candidacy and the organizations a right covers (the logged
refusal of an organization id outside the scope is the member pages' `check_organization_param`)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from dangbo.accounts.access import get_in_scope_or_404
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.audit import log_denied
from dangbo.members.models import Member
from dangbo.organizations.models import Organization

from ..models import Candidate
from ..selectors import SponsorPool, candidates_for, sponsors_out_of_scope


def candidate_in_scope(request: HttpRequest, scope: Scope, pk: int, *, right: str = Right.VIEW_ADMISSIONS) -> Candidate:
    """One candidacy where the user holds `right`: 404 and an audit entry outside it."""
    qs = candidates_for(scope, right).select_related("cell__parent", "member__organization", "former_member")
    return get_in_scope_or_404(request, qs, pk, what="candidate")


def organizations_with(scope: Scope, right: str) -> QuerySet[Organization]:
    """The organizations in the subtrees where the user holds `right` (admission rights reach further than
    the right to view the tree: a cell secretary's is their cell)."""
    return Organization.objects.filter(scope.path_q(right))


def refuse_hidden_sponsors(request: HttpRequest, pool: SponsorPool, ids: list[Any]) -> None:
    """A sponsor id of a member outside the user's scope answers 404 and is logged, before any rule is checked
    (the rule's refusal would name the member)."""
    hidden = sponsors_out_of_scope(pool, ids)
    for pk in hidden:
        log_denied(actor=request.user, what="member", object_id=pk, request=request)
    if hidden:
        raise Http404


def log_hidden_card(request: HttpRequest, card_number: str) -> None:
    """A card number of a member outside the scope typed as the former member of a re-admission: the form says
    "not found" (no name) and the attempt is logged like any other."""
    hidden = Member.objects.filter(card_number=card_number).values_list("pk", flat=True).first()
    if hidden is not None:
        log_denied(actor=request.user, what="member", object_id=hidden, request=request)
