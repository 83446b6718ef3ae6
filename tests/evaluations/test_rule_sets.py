"""Rule sets as data: the shipped ones, the pick by year, the check of an administrator's edit."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from dangbo.accounts.models import User
from dangbo.core.errors import DomainError
from dangbo.core.models import AuditEntry
from dangbo.evaluations.enums import CapScope, Confidence, Level, RatingMethod
from dangbo.evaluations.models import RuleSet
from dangbo.evaluations.params import ParamsError, parse_params
from dangbo.evaluations.selectors import rule_set_for_year, rule_set_in_force_on

from .conftest import RULES_124, RULES_366


@pytest.mark.parametrize(
    ("year", "code"), [(2023, "QD124-2023"), (2024, "QD124-2023"), (2025, "QD366-2025"), (2026, "QD366-2025")]
)
def test_rule_set_for_year_picks_the_one_in_force_on_31_december(db: None, year: int, code: str) -> None:
    assert rule_set_for_year(year).code == code


def test_rule_set_in_force_on_switches_on_the_366_effective_date(db: None) -> None:
    assert rule_set_in_force_on(dt.date(2025, 8, 29)).code == "QD124-2023"
    assert rule_set_in_force_on(dt.date(2025, 8, 30)).code == "QD366-2025"


def test_rule_set_for_year_refuses_a_year_without_rules(db: None) -> None:
    with pytest.raises(DomainError, match="Chưa có bộ quy tắc xếp loại chất lượng nào có hiệu lực ngày 31/12/2022"):
        rule_set_for_year(2022)


def test_rule_set_for_year_refuses_two_overlapping_rule_sets(db: None) -> None:
    shipped = RuleSet.objects.get(code="QD366-2025")
    RuleSet.objects.create(
        code="THU-2026",
        name="Thử",
        source_documents="Thử",
        citation="Thử",
        effective_from=dt.date(2026, 1, 1),
        method=shipped.method,
        params=shipped.params,
    )
    with pytest.raises(
        DomainError, match=r"Có 2 bộ quy tắc xếp loại cùng có hiệu lực ngày 31/12/2026 \(QD366-2025, THU-2026\)"
    ):
        rule_set_for_year(2026)
    assert rule_set_for_year(2025).code == "QD366-2025"


def test_shipped_124_rule_set_holds_the_124_thresholds(db: None) -> None:
    rules = rule_set_for_year(2024)
    p = rules.params
    assert rules.method == RatingMethod.FOUR_LEVEL_CHOICE
    assert rules.citation == RULES_124
    assert p.score is None
    assert (p.excellent_cap.ratio, p.excellent_cap.scope) == (Decimal("0.2"), CapScope.ORGANIZATION)
    assert p.forced_unfulfilled.targets_met_below_pct == 50
    assert p.forced_unfulfilled.subordinate_units_disciplined_over_pct == 20
    assert p.forced_unfulfilled.citation.confidence == Confidence.SURE
    assert (p.not_rated.admitted_within_months, p.not_rated.founded_within_months) == (6, 6)
    assert (p.sick_leave.min_months, p.sick_leave.max_level) == (3, Level.FULFILLED)
    assert p.collective_discipline.citation.confidence == Confidence.LIKELY


def test_shipped_366_rule_set_scores_and_keeps_124_defaults_as_assumptions(db: None) -> None:
    rules = rule_set_for_year(2025)
    p = rules.params
    assert rules.method == RatingMethod.SCORE_100
    assert rules.citation == RULES_366
    assert p.score is not None
    assert (p.score.general_weight, p.score.tasks_weight) == (30, 70)
    assert (p.score.excellent_min_score, p.score.good_min_score, p.score.fulfilled_min_score) == (90, 70, 50)
    for group in (p.excellent_cap, p.forced_unfulfilled, p.collective_discipline):
        assert group.citation.source == RULES_124
        assert group.citation.confidence == Confidence.ASSUMED
        assert "Quy định 366-QĐ/TW" in group.citation.note
    assert p.score.citation.source == RULES_366
    for kind in ("member", "collective"):
        total = sum(c.max_score for c in p.score.criteria[kind])
        assert total == 100


def _params_366() -> dict:
    return copy.deepcopy(RuleSet.objects.get(code="QD366-2025").params)


def test_parse_params_lists_every_problem_in_vietnamese(db: None) -> None:
    params = _params_366()
    params["excellent_cap"]["ratio"] = 1.5
    params["excellent_cap"]["scope"] = "galaxy"
    params["sick_leave"]["max_level"] = "superb"
    params["forced_unfulfilled"]["degeneration"] = "yes"
    params["score"]["weights"]["tasks"] = 60
    params["score"]["criteria"]["member"][0]["max"] = 9
    params["not_rated"]["typo"] = 1
    with pytest.raises(ParamsError) as info:
        parse_params("score_100", params, default_source=RULES_366)
    errors = info.value.errors
    assert "Tham số “excellent_cap.ratio” phải là số từ 0 đến 1." in errors
    assert "Tham số “excellent_cap.scope” phải là một trong: organization, grassroots, round." in errors
    assert any(e.startswith("Tham số “sick_leave.max_level” phải là một mức xếp loại") for e in errors)
    assert "Tham số “forced_unfulfilled.degeneration” phải là true hoặc false." in errors
    assert "Trọng số tiêu chí chung (30) và kết quả nhiệm vụ (60) phải cộng lại bằng 100." in errors
    assert "Tổng điểm tối đa các tiêu chí “general” của “member” là 31, phải bằng trọng số 30." in errors
    assert "Tham số “not_rated.typo” không được hỗ trợ." in errors


def test_parse_params_refuses_missing_groups_and_score_under_four_level_choice(db: None) -> None:
    params = _params_366()
    del params["excellent_cap"]
    with pytest.raises(ParamsError) as info:
        parse_params("four_level_choice", params, default_source=RULES_124)
    assert "Thiếu nhóm tham số “excellent_cap” (phải là một đối tượng JSON)." in info.value.errors
    assert "Phương pháp chọn một trong bốn mức không dùng nhóm tham số “score”." in info.value.errors


def test_parse_params_refuses_bands_out_of_order(db: None) -> None:
    params = _params_366()
    params["score"]["bands"]["good"]["min_score"] = 95
    with pytest.raises(ParamsError, match="Ngưỡng điểm phải giảm dần"):
        parse_params("score_100", params, default_source=RULES_366)


def test_rule_set_clean_refuses_bad_params_and_overlap(db: None) -> None:
    shipped = RuleSet.objects.get(code="QD366-2025")
    params = _params_366()
    params["excellent_cap"]["ratio"] = "nhiều"
    draft = RuleSet(
        code="MOI",
        name="Mới",
        source_documents="Mới",
        citation="Mới",
        effective_from=dt.date(2027, 1, 1),
        method=shipped.method,
        params=params,
    )
    with pytest.raises(ValidationError) as info:
        draft.full_clean()
    assert info.value.message_dict["params"] == ["Tham số “excellent_cap.ratio” phải là số từ 0 đến 1."]
    assert "trùng với bộ quy tắc QD366-2025" in info.value.message_dict["effective_from"][0]


def test_rule_set_clean_accepts_a_new_rule_set_after_closing_the_old(db: None) -> None:
    shipped = RuleSet.objects.get(code="QD366-2025")
    shipped.effective_to = dt.date(2026, 12, 31)
    shipped.full_clean()
    shipped.save()
    new = RuleSet(
        code="MOI-2027",
        name="Mới",
        source_documents="Mới",
        citation="Mới",
        effective_from=dt.date(2027, 1, 1),
        method=shipped.method,
        params=shipped.params,
    )
    new.full_clean()
    new.save()
    assert rule_set_for_year(2027).code == "MOI-2027"
    assert rule_set_for_year(2026).code == "QD366-2025"


@pytest.fixture
def admin_client(db: None) -> Client:
    admin = User.objects.create_superuser(username="quantri", password="matkhau-thu-123")
    client = Client()
    client.force_login(admin)
    return client


def _admin_form(rule_set: RuleSet, **changes: object) -> dict[str, object]:
    import json

    data: dict[str, object] = {
        "code": rule_set.code,
        "name": rule_set.name,
        "source_documents": rule_set.source_documents,
        "citation": rule_set.citation,
        "effective_from": rule_set.effective_from.isoformat(),
        "effective_to": rule_set.effective_to.isoformat() if rule_set.effective_to else "",
        "method": rule_set.method,
        "params": json.dumps(rule_set.params, ensure_ascii=False),
    }
    data.update(changes)
    return data


def test_admin_edit_with_invalid_params_shows_the_message_and_saves_nothing(admin_client: Client) -> None:
    import json

    rule_set = RuleSet.objects.get(code="QD124-2023")
    params = copy.deepcopy(rule_set.params)
    params["excellent_cap"]["ratio"] = 2
    url = f"/quan-tri/evaluations/ruleset/{rule_set.pk}/change/"
    response = admin_client.post(url, _admin_form(rule_set, params=json.dumps(params)))
    assert response.status_code == 200
    assert "Tham số “excellent_cap.ratio” phải là số từ 0 đến 1." in response.content.decode()
    rule_set.refresh_from_db()
    assert rule_set.params["excellent_cap"]["ratio"] == 0.2
    assert not AuditEntry.objects.filter(action__startswith="evaluations.ruleset").exists()


def test_admin_edit_of_a_threshold_is_saved_and_audited(admin_client: Client) -> None:
    import json

    rule_set = RuleSet.objects.get(code="QD124-2023")
    params = copy.deepcopy(rule_set.params)
    params["excellent_cap"]["ratio"] = 0.25
    url = f"/quan-tri/evaluations/ruleset/{rule_set.pk}/change/"
    response = admin_client.post(url, _admin_form(rule_set, params=json.dumps(params)))
    assert response.status_code == 302
    assert rule_set_for_year(2024).params.excellent_cap.ratio == Decimal("0.25")
    entry = AuditEntry.objects.get(action="evaluations.ruleset.changed")
    assert entry.before["params"]["excellent_cap"]["ratio"] == 0.2
    assert entry.after["params"]["excellent_cap"]["ratio"] == 0.25
    assert RuleSet.objects.get(pk=rule_set.pk).version == 2
