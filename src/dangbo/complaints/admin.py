"""Administrators add and edit complaint rule sets here: the parameters are checked before saving (the model's
`clean`, through `params.parse_params`), two rule sets may not share a day, and the edit is audited. The letters
themselves (and the identities) are not in the admin: they are read and written through the audited pages."""

from __future__ import annotations

from django.contrib import admin

from dangbo.core.admin import RuleSetAdminBase

from .models import ComplaintRuleSet


@admin.register(ComplaintRuleSet)
class ComplaintRuleSetAdmin(RuleSetAdminBase[ComplaintRuleSet]):
    created_action = "complaints.ruleset.created"
    changed_action = "complaints.ruleset.changed"
    audit_object_type = "complaint_ruleset"
