"""Reads of candidacies, always within the reader's scope."""

from __future__ import annotations

from django.db.models import QuerySet

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope

from .models import Candidate


def candidates_for(scope: Scope, right: str = Right.VIEW_ADMISSIONS) -> QuerySet[Candidate]:
    """Candidacies whose cell lies in the part of the tree where the user holds `right`."""
    return Candidate.objects.filter(scope.path_q(right, "path"))
