"""Administrators edit rule sets here: the thresholds are checked before saving, and the edit is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from dangbo.core.audit import log_action, snapshot

from .models import RuleSet

AUDITED_FIELDS = ["code", "name", "source_documents", "citation", "effective_from", "effective_to", "method", "params"]


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin[RuleSet]):
    list_display = ["code", "name", "method", "effective_from", "effective_to"]
    ordering = ["effective_from"]
    readonly_fields = ["version", "created_at", "updated_at"]

    def save_model(self, request: HttpRequest, obj: RuleSet, form: Any, change: bool) -> None:
        before = snapshot(RuleSet.objects.get(pk=obj.pk), AUDITED_FIELDS) if change else None
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)
        log_action(
            "evaluations.ruleset.changed" if change else "evaluations.ruleset.created",
            actor=request.user,
            object_type="ruleset",
            object_id=obj.pk,
            object_repr=str(obj),
            before=before,
            after=snapshot(obj, AUDITED_FIELDS),
            request=request,
        )
