"""Administrators add and edit training rule sets here: the parameters are checked before saving (the model's
`clean`, through `params.parse_params`), two rule sets may not share a day, and the edit is audited."""

from __future__ import annotations

from django.contrib import admin

from dangbo.core.admin import RuleSetAdminBase

from .models import TrainingRuleSet


@admin.register(TrainingRuleSet)
class TrainingRuleSetAdmin(RuleSetAdminBase[TrainingRuleSet]):
    created_action = "training.ruleset.created"
    changed_action = "training.ruleset.changed"
    audit_object_type = "training_ruleset"
