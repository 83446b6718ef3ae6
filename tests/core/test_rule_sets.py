"""The rule sets' shared base: which rule set is in force on a day (both ends of the range count, an open end
runs on), and the overlap check the administrator's form relies on. Shown on the two shipped admission rule
sets (KN-2021 up to 30/06/2025, KN-2025 from 01/07/2025, open) and on the rating rule sets; the administrator's
check (dates in order, no overlap, parameters valid) on every app's rule sets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from dangbo.admissions.models import AdmissionRuleSet
from dangbo.core.models import RuleSetBase
from dangbo.evaluations.models import RuleSet
from dangbo.meetings.models import MeetingRuleSet
from dangbo.screening.models import ScreeningRuleSet

pytestmark = pytest.mark.django_db


def _codes(day: dt.date) -> list[str]:
    return list(AdmissionRuleSet.objects.in_force_on(day).values_list("code", flat=True))


def test_both_ends_of_the_range_are_in_force_and_the_open_end_runs_on() -> None:
    assert _codes(dt.date(2021, 7, 30)) == ["KN-2021"]
    assert _codes(dt.date(2025, 6, 30)) == ["KN-2021"]
    assert _codes(dt.date(2025, 7, 1)) == ["KN-2025"]
    assert _codes(dt.date(2040, 1, 1)) == ["KN-2025"]


def test_before_the_first_rule_set_none_is_in_force() -> None:
    assert _codes(dt.date(2021, 7, 29)) == []


def test_overlapping_rule_sets_come_latest_first_and_each_sees_the_other() -> None:
    old = AdmissionRuleSet.objects.get(code="KN-2021")
    AdmissionRuleSet.objects.filter(pk=old.pk).update(effective_to=dt.date(2025, 12, 31))
    old.refresh_from_db()
    assert _codes(dt.date(2025, 9, 1)) == ["KN-2025", "KN-2021"]
    assert list(old.overlapping().values_list("code", flat=True)) == ["KN-2025"]
    assert list(AdmissionRuleSet.objects.get(code="KN-2025").overlapping().values_list("code", flat=True)) == [
        "KN-2021"
    ]


def test_the_rating_rule_sets_answer_the_same_query_from_their_own_table() -> None:
    day = dt.date(2024, 12, 31)
    in_force = list(RuleSet.objects.in_force_on(day))
    assert len(in_force) == 1
    assert in_force[0].effective_from <= day
    assert in_force[0].effective_to is None or in_force[0].effective_to >= day
    assert not in_force[0].overlapping().exists()


SHIPPED = [(AdmissionRuleSet, "KN-2025"), (MeetingRuleSet, "SH-2025"), (ScreeningRuleSet, "SL-2021")]


@pytest.mark.parametrize(("model", "code"), SHIPPED)
def test_the_shared_admin_check_names_the_overlap_and_every_bad_parameter(model: type[RuleSetBase], code: str) -> None:
    shipped = model.objects.get(code=code)
    draft = model(code="MOI", name="Mới", source_documents="x", citation="", effective_from=shipped.effective_from,
                  params={**shipped.params, "typo": {}})  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        draft.clean()
    assert caught.value.message_dict == {
        "effective_from": [f"Thời gian hiệu lực trùng với bộ quy tắc “{shipped}”."],
        "params": ["Nhóm tham số “typo” không được hỗ trợ."],
    }
    draft.effective_to = shipped.effective_from - dt.timedelta(days=1)
    draft.params = shipped.params
    with pytest.raises(ValidationError) as caught:
        draft.clean()
    assert caught.value.message_dict == {"effective_to": [RuleSetBase.DATES_ORDERED_MESSAGE]}
    shipped.clean()


def test_the_rating_rule_sets_list_every_clash_and_check_the_parameters_of_a_known_method() -> None:
    shipped = RuleSet.objects.in_force_on(dt.date(2024, 12, 31)).get()
    draft = RuleSet(code="MOI", name="Mới", source_documents="x", citation="x", effective_from=shipped.effective_from,
                    method="khac", params={})  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        draft.clean()
    assert caught.value.message_dict == {
        "effective_from": [
            "Thời gian hiệu lực trùng với bộ quy tắc QD124-2023, QD366-2025: mỗi ngày chỉ một bộ quy tắc có hiệu lực."
        ]
    }
    draft.method = shipped.method
    with pytest.raises(ValidationError) as caught:
        draft.clean()
    assert "Thiếu nhóm tham số “not_rated” (phải là một đối tượng JSON)." in caught.value.message_dict["params"]
