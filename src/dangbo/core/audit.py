"""The audit log: every write, full-record view, export and refused access goes through `log_action`.

Action codes are namespaced like ``members.member.created`` or ``organizations.restructured.merge``.
"""

from __future__ import annotations

import datetime as dt
import decimal
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models
from django.http import HttpRequest

from .bulk_insert import insert_new
from .models import AuditEntry
from .network import client_ip

logger = logging.getLogger("dangbo.audit")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The instance's concrete field values, JSON-ready (foreign keys as ids)."""
    names = list(fields) if fields is not None else [f.attname for f in instance._meta.concrete_fields]
    return {name: _jsonable(getattr(instance, name)) for name in names}


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Keep only the keys whose values changed."""
    changed = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in changed}, {k: after.get(k) for k in changed}


def audit_entry(
    action: str,
    *,
    actor: Any,
    object_type: str,
    object_id: Any,
    object_repr: str = "",
    scope_path: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """The entry `log_action` writes, unsaved: a bulk path builds many and writes them with `log_actions`."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry(
        action=action,
        actor=user,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=object_repr[:255],
        scope_path=scope_path,
        before=before,
        after=after,
        data=data,
        ip_address=client_ip(request),
    )


def log_action(
    action: str,
    *,
    actor: Any,
    object_type: str,
    object_id: Any,
    object_repr: str = "",
    scope_path: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Record one action. Call it inside the service's transaction so the entry and the change commit together."""
    record = audit_entry(
        action, actor=actor, object_type=object_type, object_id=object_id, object_repr=object_repr,
        scope_path=scope_path, before=before, after=after, data=data, request=request,
    )  # fmt: skip
    record.save(force_insert=True)
    return record


def log_actions(entries: Sequence[AuditEntry]) -> None:
    """Record many actions of one bulk write (an import) in one `COPY` (PostgreSQL) or batched inserts, inside its
    transaction: the same rows `log_action` writes one by one, unsealed like them."""
    insert_new(AuditEntry, entries)


def log_denied(*, actor: Any, what: str, object_id: Any, request: HttpRequest | None = None) -> None:
    """An attempt to reach an object outside the user's scope: answered 404, and recorded here."""
    logger.warning("access denied: user=%s %s %s", getattr(actor, "pk", None), what, object_id)
    log_action(
        "core.access.denied",
        actor=actor,
        object_type=what,
        object_id=object_id,
        data={"path": request.path if request else ""},
        request=request,
    )
