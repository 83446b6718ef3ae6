"""Administrators add and edit meeting rule sets here: the parameters are checked before saving (the model's
`clean`, through `params.parse_params`), two rule sets may not share a day, and the edit is audited."""

from __future__ import annotations

from django.contrib import admin

from dangbo.core.admin import RuleSetAdminBase

from .models import MeetingRuleSet


@admin.register(MeetingRuleSet)
class MeetingRuleSetAdmin(RuleSetAdminBase[MeetingRuleSet]):
    created_action = "meetings.ruleset.created"
    changed_action = "meetings.ruleset.changed"
    audit_object_type = "meeting_ruleset"
