"""`manage.py flush` empties every table, the audit log included: Django's command, run under `audit_unlocked`
(the database refuses to empty the log otherwise). Test cases that reset the database call it too."""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand

from dangbo.core.audit_guard import audit_unlocked


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        with audit_unlocked(using=options["database"]):
            super().handle(**options)
