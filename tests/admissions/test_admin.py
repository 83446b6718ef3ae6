"""The administrator's pages for the admission rule sets and the deciding committees: every edit is audited
and bumps the record's version; a refused edit saves nothing and writes no entry."""

from __future__ import annotations

import json

from django.test import Client

from dangbo.admissions.models import AdmissionRuleSet, DecidingCommittee
from dangbo.core.models import AuditEntry
from tests.conftest import World


def _rule_set_form(rule_set: AdmissionRuleSet, **changes: object) -> dict[str, object]:
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


def test_renaming_a_rule_set_is_saved_versioned_and_audited(admin_client: Client) -> None:
    rule_set = AdmissionRuleSet.objects.get(code="KN-2025")
    old_name, old_version = rule_set.name, rule_set.version
    url = f"/quan-tri/admissions/admissionruleset/{rule_set.pk}/change/"
    response = admin_client.post(url, _rule_set_form(rule_set, name="Quy định kết nạp (sửa đổi)"))
    assert response.status_code == 302
    rule_set.refresh_from_db()
    assert (rule_set.name, rule_set.version) == ("Quy định kết nạp (sửa đổi)", old_version + 1)
    entry = AuditEntry.objects.get(action="admissions.ruleset.changed")
    assert (entry.object_type, entry.object_id) == ("admission_ruleset", str(rule_set.pk))
    assert entry.before["name"] == old_name
    assert entry.after["name"] == "Quy định kết nạp (sửa đổi)"


def test_a_rule_set_ending_before_it_starts_is_refused_and_nothing_is_audited(admin_client: Client) -> None:
    rule_set = AdmissionRuleSet.objects.get(code="KN-2025")
    url = f"/quan-tri/admissions/admissionruleset/{rule_set.pk}/change/"
    response = admin_client.post(url, _rule_set_form(rule_set, effective_to="2000-01-01"))
    assert response.status_code == 200
    rule_set.refresh_from_db()
    assert rule_set.effective_to is None or rule_set.effective_to.year != 2000
    assert not AuditEntry.objects.filter(action__startswith="admissions.ruleset").exists()


def test_naming_a_deciding_committee_is_audited_and_a_change_bumps_its_version(
    admin_client: Client, world: World
) -> None:
    response = admin_client.post(
        "/quan-tri/admissions/decidingcommittee/add/", {"subtree": world.org_a.pk, "decider": world.bloc.pk}
    )
    assert response.status_code == 302
    row = DecidingCommittee.objects.get(subtree=world.org_a)
    created = AuditEntry.objects.get(action="admissions.deciding_committee.created")
    assert created.object_repr == f"{world.org_a} → {world.bloc}"
    assert created.after == {"subtree_id": world.org_a.pk, "decider_id": world.bloc.pk}

    url = f"/quan-tri/admissions/decidingcommittee/{row.pk}/change/"
    response = admin_client.post(url, {"subtree": world.org_a.pk, "decider": world.org_b.pk})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.decider_id, row.version) == (world.org_b.pk, 2)
    changed = AuditEntry.objects.get(action="admissions.deciding_committee.changed")
    assert changed.before == {"subtree_id": world.org_a.pk, "decider_id": world.bloc.pk}
    assert changed.after == {"subtree_id": world.org_a.pk, "decider_id": world.org_b.pk}
