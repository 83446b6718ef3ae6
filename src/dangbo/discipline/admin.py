"""Administrators add and edit discipline rule sets here: the parameters are checked before saving (the model's
`clean`, through `params.parse_params`), two rule sets may not share a day, and the edit is audited."""

from __future__ import annotations

from django.contrib import admin

from dangbo.core.admin import RuleSetAdminBase

from .models import DisciplineRuleSet


@admin.register(DisciplineRuleSet)
class DisciplineRuleSetAdmin(RuleSetAdminBase[DisciplineRuleSet]):
    created_action = "discipline.ruleset.created"
    changed_action = "discipline.ruleset.changed"
    audit_object_type = "discipline_ruleset"
