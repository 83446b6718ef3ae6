"""The complainant's or denouncer's identity: confidential (Quy định 296-QĐ/TW keeps it secret).

Only a user holding `view_complainant_identity` over the letter's handling organization (the inspection roles)
reads it (`identity_of`), on its own page or API endpoint; every read writes its own audit entry
(`complaints.identity.viewed`, the fact only, never the values). Anyone else asking gets 404 and a
`core.access.denied` entry, as if the letter did not exist. Nothing else in the system reads this table: lists,
exports, the letter's page and the audit snapshots carry no identity field. `clean_identity` checks what the
reception form or the API sends.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.audit import log_action, log_denied
from dangbo.core.errors import ConcurrentEditError, DomainError

from .models import ComplainantIdentity, Complaint

FIELDS = ("full_name", "address", "phone", "email", "citizen_id")
LIMITS = {"full_name": 200, "address": 255, "phone": 30, "email": 254, "citizen_id": 12}
LABELS = {"full_name": "họ và tên", "address": "địa chỉ", "phone": "số điện thoại", "email": "thư điện tử",
          "citizen_id": "số căn cước công dân"}  # fmt: skip
EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
PHONE = re.compile(r"^\+?[0-9 .\-]{6,20}$")


def clean_identity(raw: dict[str, Any] | None) -> dict[str, str]:
    """The person's details, trimmed and checked (every field optional; an anonymous letter has none)."""
    raw = raw or {}
    out: dict[str, str] = {}
    for name in FIELDS:
        value = raw.get(name) or ""
        if not isinstance(value, str):
            raise DomainError(f"{LABELS[name].capitalize()} không hợp lệ.", field=name)
        text = " ".join(value.split())
        if len(text) > LIMITS[name]:
            raise DomainError(f"{LABELS[name].capitalize()} dài quá {LIMITS[name]} ký tự.", field=name)
        out[name] = text
    if out["citizen_id"] and not (out["citizen_id"].isdigit() and len(out["citizen_id"]) == 12):
        raise DomainError("Số căn cước công dân phải gồm đúng 12 chữ số.", field="citizen_id")
    if out["email"] and not EMAIL.match(out["email"]):
        raise DomainError("Địa chỉ thư điện tử không hợp lệ.", field="email")
    if out["phone"] and not PHONE.match(out["phone"]):
        raise DomainError("Số điện thoại chỉ gồm chữ số (có thể có dấu +, dấu cách, dấu chấm, gạch nối).",
                          field="phone")  # fmt: skip
    return out


def may_see_identity(scope: Scope, complaint: Complaint) -> bool:
    return scope.covers_path(Right.VIEW_COMPLAINANT_IDENTITY, complaint.handling_organization.path)


def _audit(action: str, *, actor: Any, complaint: Complaint, request: HttpRequest | None, data: dict[str, Any]) -> None:
    log_action(
        f"complaints.identity.{action}",
        actor=actor,
        object_type="complaint",
        object_id=complaint.pk,
        object_repr=str(complaint),
        scope_path=complaint.handling_organization.path,
        data=data,
        request=request,
    )


def identity_of(
    *, scope: Scope, actor: Any, complaint: Complaint, request: HttpRequest | None = None, via: str = "page"
) -> ComplainantIdentity | None:
    """The identity of a letter for a user allowed to see it, audited; otherwise 404 and `log_denied`. None: the
    letter names nobody (anonymous)."""
    if not may_see_identity(scope, complaint):
        log_denied(actor=actor, what="complainant_identity", object_id=complaint.pk, request=request)
        raise Http404
    identity = ComplainantIdentity.objects.filter(complaint=complaint).first()
    _audit("viewed", actor=actor, complaint=complaint, request=request, data={"via": via})
    return identity


@transaction.atomic
def correct_identity(
    *, actor: Any, scope: Scope, complaint: Complaint, values: dict[str, Any], expected_version: int
) -> ComplainantIdentity:
    """Correct the person's details (an inspection role only); the audit names the fields changed, not their
    values. The letter's version moves, so two people correcting at once do not overwrite each other."""
    if not may_see_identity(scope, complaint):
        log_denied(actor=actor, what="complainant_identity", object_id=complaint.pk)
        raise Http404
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if locked.version != expected_version:
        raise ConcurrentEditError()
    clean = clean_identity(values)
    identity, _ = ComplainantIdentity.objects.get_or_create(complaint=locked)
    changed = [name for name in FIELDS if getattr(identity, name) != clean[name]]
    for name in changed:
        setattr(identity, name, clean[name])
    identity.save()
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])
    _audit("corrected", actor=actor, complaint=complaint, request=None, data={"fields": changed})
    return identity
