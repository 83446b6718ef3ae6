"""Administrators add and edit admission rule sets here: the parameters are checked before saving (the model's
`clean`), and the edit is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from dangbo.core.audit import log_action, snapshot

from .models import AdmissionRuleSet, DecidingCommittee

AUDITED_FIELDS = ["code", "name", "source_documents", "citation", "effective_from", "effective_to", "params"]


@admin.register(AdmissionRuleSet)
class AdmissionRuleSetAdmin(admin.ModelAdmin[AdmissionRuleSet]):
    list_display = ["code", "name", "effective_from", "effective_to"]
    ordering = ["effective_from"]
    readonly_fields = ["version", "created_at", "updated_at"]

    def save_model(self, request: HttpRequest, obj: AdmissionRuleSet, form: Any, change: bool) -> None:
        before = snapshot(AdmissionRuleSet.objects.get(pk=obj.pk), AUDITED_FIELDS) if change else None
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)
        log_action(
            "admissions.ruleset.changed" if change else "admissions.ruleset.created",
            actor=request.user,
            object_type="admission_ruleset",
            object_id=obj.pk,
            object_repr=str(obj),
            before=before,
            after=snapshot(obj, AUDITED_FIELDS),
            request=request,
        )


@admin.register(DecidingCommittee)
class DecidingCommitteeAdmin(admin.ModelAdmin[DecidingCommittee]):
    """Which committee decides admissions for a part of the tree (without an entry: the grassroots
    organization's parent)."""

    list_display = ["subtree", "decider"]
    raw_id_fields = ["subtree", "decider"]
    readonly_fields = ["version", "created_at", "updated_at"]

    def save_model(self, request: HttpRequest, obj: DecidingCommittee, form: Any, change: bool) -> None:
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)
        log_action(
            "admissions.deciding_committee.changed" if change else "admissions.deciding_committee.created",
            actor=request.user,
            object_type="deciding_committee",
            object_id=obj.pk,
            object_repr=f"{obj.subtree} → {obj.decider}",
            after=snapshot(obj, ["subtree_id", "decider_id"]),
            request=request,
        )
