"""Writes of a user on their own notifications: mark one or all read, set their choices per kind. Each write is
one transaction and one audit entry; a notification of someone else is never found (the views answer 404)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from dangbo.core.audit import log_action
from dangbo.core.errors import DomainError

from .enums import Kind
from .models import Notification, Preference


@transaction.atomic
def mark_read(*, actor: Any, notification: Notification) -> Notification:
    if notification.user_id != actor.pk:
        raise DomainError("Thông báo không phải của đồng chí.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        log_action("notifications.read", actor=actor, object_type="notification", object_id=notification.pk,
                   object_repr=notification.title[:100])  # fmt: skip
    return notification


@transaction.atomic
def mark_all_read(*, actor: Any) -> int:
    count = Notification.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())
    if count:
        log_action("notifications.all_read", actor=actor, object_type="user", object_id=actor.pk,
                   data={"count": count})  # fmt: skip
    return count


@transaction.atomic
def set_choices(*, actor: Any, in_app: set[str], by_email: set[str]) -> None:
    """The user's choice for every kind: in the app for the kinds in `in_app`, by e-mail for those in `by_email`.
    E-mail needs an address on the account."""
    unknown = (in_app | by_email) - set(Kind.values)
    if unknown:
        raise DomainError("Loại thông báo không hợp lệ.")
    if by_email and not actor.email:
        raise DomainError("Tài khoản chưa có địa chỉ thư điện tử: không nhận thông báo qua thư được.", field="by_email")
    before = {p.kind: [p.in_app, p.by_email] for p in Preference.objects.filter(user=actor)}
    for kind in Kind.values:
        wanted = {"in_app": kind in in_app, "by_email": kind in by_email}
        Preference.objects.update_or_create(user=actor, kind=kind, defaults=wanted)
    after = {kind: [kind in in_app, kind in by_email] for kind in Kind.values}
    log_action("notifications.preferences_changed", actor=actor, object_type="user", object_id=actor.pk,
               before=before, after=after)  # fmt: skip
