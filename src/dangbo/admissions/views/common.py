"""What the admission pages share: the scoped candidacy and the organizations a right covers (the logged
refusal of an organization id outside the scope is the member pages' `check_organization_param`)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from dangbo.accounts.access import get_in_scope_or_404
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.organizations.models import Organization

from ..models import Candidate
from ..selectors import candidates_for


def candidate_in_scope(request: HttpRequest, scope: Scope, pk: int, *, right: str = Right.VIEW_ADMISSIONS) -> Candidate:
    """One candidacy where the user holds `right`: 404 and an audit entry outside it."""
    qs = candidates_for(scope, right).select_related("cell__parent", "member__organization", "former_member")
    return get_in_scope_or_404(request, qs, pk, what="candidate")


def organizations_with(scope: Scope, right: str) -> QuerySet[Organization]:
    """The organizations in the subtrees where the user holds `right` (admission rights reach further than
    the right to view the tree: a cell secretary's is their cell)."""
    return Organization.objects.filter(scope.path_q(right))
