"""Keep the working-day calendar's cache in step with its rows."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .calendar import clear_cache
from .models import CalendarDay


@receiver(post_save, sender=CalendarDay)
@receiver(post_delete, sender=CalendarDay)
def calendar_day_changed(sender: type[CalendarDay], instance: CalendarDay, **kwargs: Any) -> None:
    clear_cache()  # all years: an edit may have moved a row from one year to another
    transaction.on_commit(clear_cache)  # and again once committed, in case a read refilled it meanwhile
