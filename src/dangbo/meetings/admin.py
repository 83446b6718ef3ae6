"""Administrators add and edit meeting rule sets here: the parameters are checked before saving (the model's
`clean`, through `params.parse_params`), two rule sets may not share a day, and the edit is audited."""

from __future__ import annotations

from django.contrib import admin

from dangbo.core.admin import AuditedAdmin

from .models import MeetingRuleSet


@admin.register(MeetingRuleSet)
class MeetingRuleSetAdmin(AuditedAdmin[MeetingRuleSet]):
    list_display = ["code", "name", "effective_from", "effective_to"]
    ordering = ["effective_from"]
    readonly_fields = ["version", "created_at", "updated_at"]
    created_action = "meetings.ruleset.created"
    changed_action = "meetings.ruleset.changed"
    audit_object_type = "meeting_ruleset"
    audited_fields = ["code", "name", "source_documents", "citation", "effective_from", "effective_to", "params"]
    versioned = True
