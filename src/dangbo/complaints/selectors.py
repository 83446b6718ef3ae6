"""Reads of complaints, always limited to a scope and never touching the complainant's identity.

A letter is visible where the user holds `right` over its handling organization (the inspection committee of
that level receives and handles it). The identity (`ComplainantIdentity`) is read only by `identity.py`.
"""

from __future__ import annotations

from django.db.models import QuerySet

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope

from .models import Complaint


def complaints_for(scope: Scope, *, right: str = Right.HANDLE_COMPLAINTS) -> QuerySet[Complaint]:
    return Complaint.objects.filter(scope.path_q(right, "handling_organization__path"))
