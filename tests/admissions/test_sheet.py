"""The candidate's sheet (checked like the member sheet), its audit, the dossier checklist and the admin's check of
an admission rule set."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from dangbo.admissions import services
from dangbo.admissions.enums import DossierItem, Step
from dangbo.admissions.models import AdmissionRuleSet
from dangbo.admissions.rules import rules_on
from dangbo.admissions.selectors import dossier_checklist, missing_items
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.models import AuditEntry

from .pipeline import TODAY, advance, attach, database_state, propose_one

pytestmark = pytest.mark.django_db


def test_the_proposal_cleans_the_sheet_and_fills_the_search_keys(world: Any) -> None:
    candidate = propose_one(world, sheet={"family_name": "  Lê ", "middle_name": "Thị  ", "given_name": " Mai"})
    assert (candidate.family_name, candidate.middle_name, candidate.given_name) == ("Lê", "Thị", "Mai")
    assert candidate.search_name == "le thi mai" and candidate.sort_key
    assert candidate.path == world.cell_a1.path
    entry = AuditEntry.objects.get(action="admissions.candidate.proposed")
    assert entry.object_id == str(candidate.pk) and entry.scope_path == world.cell_a1.path


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"birth_date": dt.date(2027, 1, 1)}, "Ngày sinh"),
        ({"citizen_id": "0340"}, "12 chữ số"),
        ({"gender": ""}, "giới tính"),
        ({"education": "phd"}, "không hợp lệ"),
    ],
)
def test_a_bad_sheet_is_refused_with_nothing_saved(world: Any, change: dict, fragment: str) -> None:
    before = database_state()
    with pytest.raises(DomainError) as info:
        propose_one(world, sheet=change)
    assert fragment in info.value.message
    assert database_state() == before


def test_the_sheet_is_edited_with_its_version_until_the_ceremony(world: Any) -> None:
    candidate = propose_one(world)
    edited = services.update_sheet(actor=world.officer, candidate=candidate, expected_version=candidate.version,
                                   sheet={"given_name": "Hoa", "hard_area": True}, today=TODAY)  # fmt: skip
    assert (edited.given_name, edited.hard_area, edited.search_name) == ("Hoa", True, "le thi hoa")
    entry = AuditEntry.objects.get(action="admissions.candidate.sheet_updated")
    assert entry.before == {"given_name": "Mai", "hard_area": False}
    with pytest.raises(ConcurrentEditError):
        services.update_sheet(actor=None, candidate=candidate, expected_version=candidate.version,
                              sheet={"given_name": "Lan"}, today=TODAY)  # fmt: skip
    with pytest.raises(DomainError):
        services.update_sheet(actor=None, candidate=edited, expected_version=edited.version,
                              sheet={"citizen_id": world.m2.citizen_id}, today=TODAY)  # fmt: skip
    admitted = advance(edited, world, to=Step.RECOGNITION_VOTE)
    with pytest.raises(DomainError) as info:
        services.update_sheet(actor=None, candidate=admitted, expected_version=admitted.version,
                              sheet={"given_name": "Lan"}, today=TODAY)  # fmt: skip
    assert "hồ sơ đảng viên" in info.value.message


def test_the_dossier_checklist_marks_what_is_missing(world: Any) -> None:
    candidate = propose_one(world)
    attach(candidate, DossierItem.CERTIFICATE)
    rules = rules_on(dt.date(2025, 3, 3))
    missing = missing_items(candidate, rules.dossier, Step.CELL_VOTE)
    assert DossierItem.CERTIFICATE not in missing and DossierItem.SPONSOR_LETTER in missing
    checklist = dossier_checklist(candidate, rules.dossier)
    assert checklist[0].step == Step.APPLICATION and checklist[0].on_file
    assert [c.item for c in checklist if c.step == Step.CELL_VOTE and not c.on_file] == missing


def test_the_admin_check_refuses_bad_parameters_and_overlaps() -> None:
    shipped = AdmissionRuleSet.objects.get(code="KN-2025")
    rule_set = AdmissionRuleSet(code="KN-X", name="Thử", source_documents="x", citation="Quy định thử",
                                effective_from=dt.date(2026, 1, 1), params={**shipped.params, "age": {}})  # fmt: skip
    with pytest.raises(ValidationError) as info:
        rule_set.clean()
    assert "params" in info.value.message_dict and "effective_from" in info.value.message_dict
    shipped.clean()  # the shipped parameters pass
