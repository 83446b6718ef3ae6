"""The administrator's page for the meeting rule sets: an edit is checked, versioned and audited; invalid
parameters are refused in Vietnamese with nothing saved."""

from __future__ import annotations

import json

from django.test import Client

from dangbo.core.models import AuditEntry
from dangbo.meetings.models import MeetingRuleSet


def _form(rule_set: MeetingRuleSet, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "code": rule_set.code,
        "name": rule_set.name,
        "source_documents": rule_set.source_documents,
        "citation": rule_set.citation,
        "effective_from": rule_set.effective_from.isoformat(),
        "effective_to": rule_set.effective_to.isoformat() if rule_set.effective_to else "",
        "params": json.dumps(rule_set.params, ensure_ascii=False),
    }
    data.update(changes)
    return data


def test_edit_is_versioned_and_audited(admin_client: Client) -> None:
    rule_set = MeetingRuleSet.objects.get(code="SH-2025")
    params = {**rule_set.params, "documents": {"lead_days": 2}}
    url = f"/quan-tri/meetings/meetingruleset/{rule_set.pk}/change/"
    response = admin_client.post(url, _form(rule_set, params=json.dumps(params)))
    assert response.status_code == 302
    rule_set.refresh_from_db()
    assert rule_set.params["documents"] == {"lead_days": 2} and rule_set.version == 2
    entry = AuditEntry.objects.get(action="meetings.ruleset.changed")
    assert entry.object_type == "meeting_ruleset"


def test_invalid_parameters_refused(admin_client: Client) -> None:
    rule_set = MeetingRuleSet.objects.get(code="SH-2025")
    params = {**rule_set.params, "length": {"min_minutes": 90, "combined_min_minutes": 120, "max": 3}}
    url = f"/quan-tri/meetings/meetingruleset/{rule_set.pk}/change/"
    response = admin_client.post(url, _form(rule_set, params=json.dumps(params)))
    assert response.status_code == 200
    assert "Tham số “length.max” không được hỗ trợ." in response.content.decode()
    rule_set.refresh_from_db()
    assert rule_set.version == 1 and not AuditEntry.objects.filter(action="meetings.ruleset.changed").exists()
