"""The one write of the handbook: the audit entry of each view of it (the page or the API)."""

from __future__ import annotations

from typing import Any

from dangbo.core.audit import log_action
from dangbo.members.models import Member


def record_handbook_view(*, actor: Any, member: Member, request: Any = None, via: str = "page") -> None:
    log_action(
        "portal.handbook.viewed", actor=actor, object_type="member", object_id=member.pk,
        object_repr=member.full_name, scope_path=member.organization.path, request=request, data={"via": via},
    )  # fmt: skip
