"""Administrators add and edit inspection rule sets here: the parameters are checked before saving (the model's
`clean`, through `params.parse_params`), two rule sets may not share a day, and the edit is audited."""

from __future__ import annotations

from django.contrib import admin

from dangbo.core.admin import RuleSetAdminBase

from .models import InspectionRuleSet


@admin.register(InspectionRuleSet)
class InspectionRuleSetAdmin(RuleSetAdminBase[InspectionRuleSet]):
    created_action = "inspection.ruleset.created"
    changed_action = "inspection.ruleset.changed"
    audit_object_type = "inspection_ruleset"
