"""Administrators add and edit movement rule sets here: the parameters are checked before saving (the model's
`clean`, through `params.parse_params`), two rule sets may not share a day, and the edit is audited."""

from __future__ import annotations

from django.contrib import admin

from dangbo.core.admin import RuleSetAdminBase

from .models import MovementRuleSet


@admin.register(MovementRuleSet)
class MovementRuleSetAdmin(RuleSetAdminBase[MovementRuleSet]):
    created_action = "movements.ruleset.created"
    changed_action = "movements.ruleset.changed"
    audit_object_type = "movement_ruleset"
