"""Administrators add and edit admission rule sets here: the parameters are checked before saving (the model's
`clean`), and the edit is audited."""

from __future__ import annotations

from django.contrib import admin

from dangbo.core.admin import AuditedAdmin, RuleSetAdminBase

from .models import AdmissionRuleSet, DecidingCommittee


@admin.register(AdmissionRuleSet)
class AdmissionRuleSetAdmin(RuleSetAdminBase[AdmissionRuleSet]):
    created_action = "admissions.ruleset.created"
    changed_action = "admissions.ruleset.changed"
    audit_object_type = "admission_ruleset"


@admin.register(DecidingCommittee)
class DecidingCommitteeAdmin(AuditedAdmin[DecidingCommittee]):
    """Which committee decides admissions for a part of the tree (without an entry: the grassroots
    organization's parent)."""

    list_display = ["subtree", "decider"]
    raw_id_fields = ["subtree", "decider"]
    readonly_fields = ["version", "created_at", "updated_at"]
    created_action = "admissions.deciding_committee.created"
    changed_action = "admissions.deciding_committee.changed"
    audit_object_type = "deciding_committee"
    audited_fields = ["subtree_id", "decider_id"]
    versioned = True

    def audit_repr(self, obj: DecidingCommittee) -> str:
        return f"{obj.subtree} → {obj.decider}"
