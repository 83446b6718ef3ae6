"""The discipline rule set's parameters: the shipped sets parse, every problem of an edited set is listed."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from dangbo.core.models import AuditEntry
from dangbo.discipline.models import DisciplineRuleSet
from dangbo.discipline.params import ParamsError, parse_params
from dangbo.discipline.rules import rules_in_force


@pytest.mark.django_db
def test_the_shipped_rule_sets_cover_2017_onwards_without_a_gap() -> None:
    days = [dt.date(2017, 11, 15), dt.date(2022, 7, 5), dt.date(2022, 7, 6), dt.date(2025, 2, 13),
            dt.date(2025, 2, 14), dt.date(2030, 1, 1)]  # fmt: skip
    codes = [rules_in_force(day).code for day in days]
    assert codes == ["KL-2017", "KL-2017", "KL-2022", "KL-2022", "KL-2025", "KL-2025"]
    rules = rules_in_force(dt.date(2026, 1, 1))
    assert rules.limitation_years == {"reprimand": 5, "warning": 10, "dismissal": 10, "expulsion": None,
                                      "dissolution": None}  # fmt: skip
    assert rules.appeal_working_days == 30 and rules.lapse_months == 12
    assert rules.vote_passes("warning", 6, 11) and not rules.vote_passes("warning", 5, 10)
    assert rules.vote_passes("expulsion", 7, 10) and not rules.vote_passes("expulsion", 6, 9)


@pytest.mark.django_db
def test_every_problem_of_an_edited_rule_set_is_listed() -> None:
    raw = copy.deepcopy(DisciplineRuleSet.objects.get(code="KL-2025").params)
    raw["votes"]["more_than_half"].append("expulsion")
    raw["limitation"]["reprimand"] = 0
    raw["appeal"]["days"] = 30
    raw["forms"]["probationary"] = ["expulsion", "fine"]
    raw["extra"] = {}
    with pytest.raises(ParamsError) as info:
        parse_params(raw, citation="x")
    assert info.value.errors == [
        "Nhóm tham số “extra” không được hỗ trợ.",
        "Tham số “appeal.days” không được hỗ trợ.",
        "Tham số “forms.probationary” phải là danh sách không rỗng, không lặp, gồm các giá trị: reprimand, warning, "
        "dismissal, expulsion, dissolution.",
        "Hình thức “expulsion” nằm trong hơn một ngưỡng biểu quyết (votes).",
        "Tham số “limitation.reprimand” phải là số nguyên từ 1 đến 50.",
    ]


@pytest.mark.django_db
def test_the_admin_check_refuses_invalid_params() -> None:
    rule_set = DisciplineRuleSet.objects.get(code="KL-2025")
    rule_set.params = {**rule_set.params, "lapse": {"months": 12, "never": ["expulsion"], "confidence": "maybe"}}
    with pytest.raises(ValidationError) as info:
        rule_set.clean()
    assert "confidence" in str(info.value)


def _form(rule_set: DisciplineRuleSet, params: dict[str, Any]) -> dict[str, object]:
    return {
        "code": rule_set.code, "name": rule_set.name, "source_documents": rule_set.source_documents,
        "citation": rule_set.citation, "effective_from": rule_set.effective_from.isoformat(), "effective_to": "",
        "params": json.dumps(params, ensure_ascii=False),
    }  # fmt: skip


def test_admin_edit_is_versioned_and_audited(admin_client: Client) -> None:
    rule_set = DisciplineRuleSet.objects.get(code="KL-2025")
    params = copy.deepcopy(rule_set.params)
    params["appeal"]["working_days"] = 22
    url = f"/quan-tri/discipline/disciplineruleset/{rule_set.pk}/change/"
    assert admin_client.post(url, _form(rule_set, params)).status_code == 302
    rule_set.refresh_from_db()
    assert rule_set.params["appeal"]["working_days"] == 22 and rule_set.version == 2
    assert AuditEntry.objects.get(action="discipline.ruleset.changed").object_type == "discipline_ruleset"
    params["appeal"]["days"] = 1
    response = admin_client.post(url, _form(rule_set, params))
    assert "Tham số “appeal.days” không được hỗ trợ." in response.content.decode()
