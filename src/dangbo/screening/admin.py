"""Administrators add and edit screening rule sets here: the parameters are checked before saving (the model's
`clean`, through `params.parse_params`), and the edit is audited."""

from __future__ import annotations

from django.contrib import admin

from dangbo.core.admin import AuditedAdmin

from .models import ScreeningRuleSet


@admin.register(ScreeningRuleSet)
class ScreeningRuleSetAdmin(AuditedAdmin[ScreeningRuleSet]):
    list_display = ["code", "name", "effective_from", "effective_to"]
    ordering = ["effective_from"]
    readonly_fields = ["version", "created_at", "updated_at"]
    created_action = "screening.ruleset.created"
    changed_action = "screening.ruleset.changed"
    audit_object_type = "screening_ruleset"
    audited_fields = ["code", "name", "source_documents", "citation", "effective_from", "effective_to", "params"]
    versioned = True
