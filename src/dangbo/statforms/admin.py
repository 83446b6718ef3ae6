"""Administrators enter a form's official layout here (columns, bands, cut-off): the model's `clean` checks the
columns can be computed before saving, and every edit is audited."""

from __future__ import annotations

from django.contrib import admin

from dangbo.core.admin import AuditedAdmin

from .models import StatForm


@admin.register(StatForm)
class StatFormAdmin(AuditedAdmin[StatForm]):
    created_action = "statforms.statform.created"
    changed_action = "statforms.statform.changed"
    audit_object_type = "statform"
    audited_fields = ["code", "title", "source", "kind", "dimension", "bands", "other_label", "period",
                      "cutoff_month", "cutoff_day", "position", "note", "in_use"]  # fmt: skip
    versioned = True
    list_display = ["code", "title", "kind", "dimension", "in_use"]
    list_filter = ["kind", "in_use"]
    search_fields = ["code", "title"]
    readonly_fields = ["version", "created_at", "updated_at"]
