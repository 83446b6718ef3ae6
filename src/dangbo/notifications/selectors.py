"""Reads: a user's own notifications and unread count, their choices per kind, and the daily run's health (the
last successful run, and whether it is older than `stale_hours`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from .enums import AUDIENCE, Kind
from .models import Notification, Preference, Run


def notifications_of(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


@dataclass(frozen=True)
class Choice:
    kind: str
    label: str
    audience: str
    in_app: bool
    by_email: bool


def choices_of(user: Any) -> list[Choice]:
    """Every kind with the user's choice (the defaults where they have not chosen)."""
    rows = {p.kind: p for p in Preference.objects.filter(user=user)}
    out = []
    for kind in Kind:
        row = rows.get(kind.value)
        out.append(Choice(kind.value, str(kind.label), str(AUDIENCE[kind]), row.in_app if row else True,
                          row.by_email if row else False))  # fmt: skip
    return out


@dataclass(frozen=True)
class Health:
    last_success: Run | None
    last_run: Run | None
    stale: bool
    hours: int

    @property
    def message(self) -> str:
        if not self.stale:
            return ""
        if self.last_success is None:
            return "Việc tính thông báo hằng ngày chưa chạy thành công lần nào."
        when = timezone.localtime(self.last_success.finished_at or self.last_success.started_at)
        return f"Việc tính thông báo hằng ngày không chạy từ {when:%H:%M %d/%m/%Y} (quá {self.hours} giờ)."


def health(*, now: dt.datetime | None = None) -> Health:
    """Whether the daily run is late: no successful run, or the last one finished more than `stale_hours` ago."""
    now = now or timezone.now()
    hours = int(str(settings.DANGBO_NOTIFICATIONS["stale_hours"]))
    last_success = Run.objects.filter(ok=True).order_by("-started_at").first()
    last_run = Run.objects.order_by("-started_at").first()
    finished = last_success.finished_at if last_success else None
    stale = finished is None or now - finished > dt.timedelta(hours=hours)
    return Health(last_success, last_run, stale, hours)
