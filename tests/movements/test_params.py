"""The movement rule set's parameters: the shipped JSON parses, every problem is listed in Vietnamese, unknown
keys are refused, each group's source and confidence reach the explanations; the set in force on a day."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from dangbo.core.errors import DomainError
from dangbo.core.models import AuditEntry
from dangbo.movements.models import MovementRuleSet
from dangbo.movements.params import ParamsError, parse_params
from dangbo.movements.rules import rules_in_force

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped() -> dict[str, Any]:
    return copy.deepcopy(MovementRuleSet.objects.get(code="CSH-2025").params)


def errors_of(raw: Any) -> list[str]:
    with pytest.raises(ParamsError) as caught:
        parse_params(raw, citation="Quy định 294-QĐ/TW")
    return caught.value.errors


def test_the_rule_set_in_force_on_each_side_of_1_july_2025() -> None:
    old, new = rules_in_force(dt.date(2025, 6, 30)), rules_in_force(dt.date(2025, 7, 1))
    assert (old.code, new.code) == ("CSH-2021", "CSH-2025")
    assert (new.transfer_start_working_days, new.transfer_present_working_days) == (60, 30)
    assert (new.temporary_min_months, new.temporary_max_months, new.temporary_study_max_months) == (3, 12, 24)
    assert new.reminder_days_before == 15 and new.abroad_report_working_days == 30
    assert new.residence_feedback_due(2026) == dt.date(2026, 11, 15)
    assert (new.exemption_old_age_men, new.exemption_old_age_women) == (60, 55)
    assert new.transfer_source.cite("X") == "X (Quy định 294-QĐ/TW, mục 6.3.1)"
    assert old.transfer_source.cite("X") == "X (Hướng dẫn 01-HD/TW, mục 6.3)"
    assert "giả định: chưa tìm thấy văn bản" in new.abroad_source.cite("X")
    assert new.effective_from == dt.date(2025, 7, 1) and new.rule_set_id is not None


def test_no_rule_set_in_force_is_refused() -> None:
    with pytest.raises(DomainError, match="Chưa có bộ quy tắc biến động đảng viên nào có hiệu lực ngày 01/01/2020"):
        rules_in_force(dt.date(2020, 1, 1))


def test_invalid_parameters_in_force_are_refused(shipped: dict[str, Any]) -> None:
    shipped["transfer"]["start_working_days"] = 0
    MovementRuleSet.objects.filter(code="CSH-2025").update(params=shipped)
    with pytest.raises(DomainError, match="“CSH-2025” có tham số không hợp lệ"):
        rules_in_force(dt.date(2026, 1, 5))


def test_not_an_object() -> None:
    assert errors_of("60") == ["Tham số của bộ quy tắc biến động đảng viên phải là một đối tượng JSON."]


def test_unknown_groups_and_keys_are_refused(shipped: dict[str, Any]) -> None:
    shipped["dues"] = {}
    shipped["transfer"]["start_days"] = 60
    assert errors_of(shipped) == ["Nhóm tham số “dues” không được hỗ trợ.",
                                  "Tham số “transfer.start_days” không được hỗ trợ."]  # fmt: skip


def test_every_problem_is_listed(shipped: dict[str, Any]) -> None:
    del shipped["reminder"]
    shipped["transfer"]["present_working_days"] = "30"
    shipped["temporary"]["study_max_months"] = True
    shipped["abroad"] = {"report_working_days": 0, "confidence": "maybe"}
    shipped["residence"]["feedback_month"] = 13
    shipped["exemption"]["source"] = " "
    assert errors_of(shipped) == [
        "Thiếu nhóm tham số “reminder” (phải là một đối tượng JSON).",
        "Tham số “transfer.present_working_days” phải là số nguyên từ 1 đến 365.",
        "Tham số “temporary.study_max_months” phải là số nguyên từ 1 đến 60.",
        "Tham số “reminder.days_before” phải là số nguyên từ 0 đến 180.",
        "Tham số “abroad.report_working_days” phải là số nguyên từ 1 đến 365.",
        "Tham số “abroad.confidence” phải là một trong: sure, likely, assumed.",
        "Tham số “residence.feedback_month” phải là số nguyên từ 1 đến 12.",
        "Tham số “exemption.source” phải nêu văn bản quy định.",
    ]


def test_values_that_contradict_each_other(shipped: dict[str, Any]) -> None:
    shipped["temporary"].update(min_months=13, max_months=12, study_max_months=6)
    shipped["residence"].update(feedback_day=31, feedback_month=11)
    assert errors_of(shipped) == [
        "Thời hạn sinh hoạt tạm thời tối thiểu (temporary.min_months) không được lớn hơn tối đa (max_months).",
        "Thời hạn tối đa khi đi học (temporary.study_max_months) không được nhỏ hơn max_months.",
        "Ngày hạn nhận xét nơi cư trú (residence.feedback_day/feedback_month) không phải ngày có thật.",
    ]


def test_a_group_without_source_takes_the_rule_sets_citation(shipped: dict[str, Any]) -> None:
    shipped["transfer"] = {"start_working_days": 45, "present_working_days": 20}
    rules = parse_params(shipped, citation="Quy định 294-QĐ/TW")
    assert rules.transfer_source.cite("X") == "X (Quy định 294-QĐ/TW)"
    assert rules.transfer_start_working_days == 45


def test_the_admin_check_refuses_bad_parameters(shipped: dict[str, Any]) -> None:
    shipped["reminder"]["days_before"] = -1
    rule_set = MovementRuleSet(code="CSH-2030", name="Thử", source_documents="x", citation="x",
                               effective_from=dt.date(2030, 1, 1), params=shipped)  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        rule_set.full_clean()
    assert caught.value.message_dict["params"] == ["Tham số “reminder.days_before” phải là số nguyên từ 0 đến 180."]


def _form(rule_set: MovementRuleSet, params: dict[str, Any]) -> dict[str, object]:
    return {
        "code": rule_set.code,
        "name": rule_set.name,
        "source_documents": rule_set.source_documents,
        "citation": rule_set.citation,
        "effective_from": rule_set.effective_from.isoformat(),
        "effective_to": "",
        "params": json.dumps(params, ensure_ascii=False),
    }


def test_admin_edit_is_versioned_and_audited(admin_client: Client, shipped: dict[str, Any]) -> None:
    rule_set = MovementRuleSet.objects.get(code="CSH-2025")
    shipped["abroad"]["report_working_days"] = 20
    url = f"/quan-tri/movements/movementruleset/{rule_set.pk}/change/"
    assert admin_client.post(url, _form(rule_set, shipped)).status_code == 302
    rule_set.refresh_from_db()
    assert rule_set.params["abroad"]["report_working_days"] == 20 and rule_set.version == 2
    assert AuditEntry.objects.get(action="movements.ruleset.changed").object_type == "movement_ruleset"


def test_admin_refuses_an_unknown_key(admin_client: Client, shipped: dict[str, Any]) -> None:
    rule_set = MovementRuleSet.objects.get(code="CSH-2025")
    shipped["abroad"]["report_days"] = 20
    url = f"/quan-tri/movements/movementruleset/{rule_set.pk}/change/"
    response = admin_client.post(url, _form(rule_set, shipped))
    assert response.status_code == 200
    assert "Tham số “abroad.report_days” không được hỗ trợ." in response.content.decode()
    rule_set.refresh_from_db()
    assert rule_set.version == 1 and not AuditEntry.objects.filter(action="movements.ruleset.changed").exists()
