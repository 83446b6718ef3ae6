"""Administrators add and edit screening rule sets here: the parameters are checked before saving (the model's
`clean`, through `params.parse_params`), and the edit is audited."""

from __future__ import annotations

from django.contrib import admin

from dangbo.core.admin import RuleSetAdminBase

from .models import ScreeningRuleSet


@admin.register(ScreeningRuleSet)
class ScreeningRuleSetAdmin(RuleSetAdminBase[ScreeningRuleSet]):
    created_action = "screening.ruleset.created"
    changed_action = "screening.ruleset.changed"
    audit_object_type = "screening_ruleset"
