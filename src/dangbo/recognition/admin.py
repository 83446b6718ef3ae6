"""Administrators edit the badge rule sets (checked before saving) and the commendation kinds and levels here; every
edit is audited."""

from __future__ import annotations

from django.contrib import admin

from dangbo.core.admin import AuditedAdmin, RuleSetAdminBase

from .models import BadgeRuleSet, CommendationKind, CommendationLevel


@admin.register(BadgeRuleSet)
class BadgeRuleSetAdmin(RuleSetAdminBase[BadgeRuleSet]):
    created_action = "recognition.ruleset.created"
    changed_action = "recognition.ruleset.changed"
    audit_object_type = "badge_ruleset"


@admin.register(CommendationLevel)
class CommendationLevelAdmin(AuditedAdmin[CommendationLevel]):
    created_action = "recognition.commendation_level.created"
    changed_action = "recognition.commendation_level.changed"
    audit_object_type = "commendation_level"
    audited_fields = ["code", "name", "deciding_level", "rank"]
    list_display = ["name", "code", "deciding_level", "rank"]


@admin.register(CommendationKind)
class CommendationKindAdmin(AuditedAdmin[CommendationKind]):
    created_action = "recognition.commendation_kind.created"
    changed_action = "recognition.commendation_kind.changed"
    audit_object_type = "commendation_kind"
    audited_fields = ["code", "name", "subject", "excellent_years", "source", "active"]
    list_display = ["name", "code", "subject", "excellent_years", "active"]
    list_filter = ["subject", "active"]
    filter_horizontal = ["levels"]
