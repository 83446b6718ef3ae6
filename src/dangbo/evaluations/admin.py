"""Administrators edit rule sets here: the thresholds are checked before saving, and the edit is audited."""

from __future__ import annotations

from django.contrib import admin

from dangbo.core.admin import RuleSetAdminBase

from .models import RuleSet


@admin.register(RuleSet)
class RuleSetAdmin(RuleSetAdminBase[RuleSet]):
    list_display = ["code", "name", "method", "effective_from", "effective_to"]
    created_action = "evaluations.ruleset.created"
    changed_action = "evaluations.ruleset.changed"
    audit_object_type = "ruleset"
    audited_fields = [
        "code", "name", "source_documents", "citation", "effective_from", "effective_to", "method", "params",
    ]  # fmt: skip
    fields = [*audited_fields, *RuleSetAdminBase.readonly_fields]
