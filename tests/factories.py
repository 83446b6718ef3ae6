"""Test data through the real services, so tests exercise the same checks users meet."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from dangbo.accounts.models import Role, User
from dangbo.members import services as member_services
from dangbo.members.models import Member
from dangbo.organizations import services as org_services
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization

_seq = itertools.count(1)


def make_org(
    *, name: str | None = None, kind: str = OrgKind.CELL, parent: Organization | None = None,
    founded_on: dt.date = dt.date(2000, 1, 1), org_type: str = "state_agency", code: str | None = None,
) -> Organization:  # fmt: skip
    n = next(_seq)
    return org_services.create_organization(
        actor=None,
        code=code or f"T{n:05d}",
        name=name or f"Chi bộ thử {n}",
        kind=kind,
        parent=parent,
        founded_on=founded_on,
        org_type=org_type,
    )


def make_member(*, organization: Organization, **overrides: Any) -> Member:
    n = next(_seq)
    data: dict[str, Any] = {
        "family_name": "Nguyễn",
        "middle_name": "Văn",
        "given_name": f"Thử{n}",
        "gender": "male",
        "birth_date": dt.date(1980, 1, 1),
        "admission_decision_date": dt.date(2005, 5, 19),
        "ceremony_date": dt.date(2005, 6, 1),
        "full_membership_date": dt.date(2006, 6, 1),
        "citizen_id": f"{n:012d}",
        "card_number": f"C{n:07d}",
    }
    data.update(overrides)
    return member_services.create_member(actor=None, organization=organization, data=data)


def make_user(
    username: str, *, role: str | None = None, organization: Organization | None = None, **extra: Any
) -> User:
    user = User.objects.create_user(username=username, password="matkhau-thu-123", **extra)
    if role and organization:
        Role.objects.create(user=user, kind=role, organization=organization)
    return user
