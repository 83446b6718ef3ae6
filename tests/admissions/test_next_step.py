"""What the candidacy page says the next step needs, read from the rule set in force (an edited rule set changes
the page), and `workflow.preview`: every rule check of a step on a day's facts, worded as the step's refusal would
word it, with nothing written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from dangbo.admissions import workflow
from dangbo.admissions.enums import Stage, Step
from dangbo.admissions.models import AdmissionRuleSet, Candidate
from dangbo.admissions.rules import RuleRefusal, rules_on

from .pipeline import TODAY, advance, database_state, propose_one, take


def _edit_rules_in_force(**groups: dict[str, Any]) -> None:
    """Change groups of parameters of the shipped rule set in force today (the page reads today's rules)."""
    code = rules_on(timezone.localdate()).code
    rule_set = AdmissionRuleSet.objects.get(code=code)
    params = {**rule_set.params}
    for name, values in groups.items():
        params[name] = {**params[name], **values}
    AdmissionRuleSet.objects.filter(pk=rule_set.pk).update(params=params)


def _page(client: Any, candidate: Candidate) -> str:
    response = client.get(reverse("admissions:detail", args=[candidate.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_next_needs_is_read_from_the_rule_set_in_force(world, as_officer):
    verified = advance(propose_one(world), world, to=Step.SPONSORS)
    assert verified.stage == Stage.VERIFIED
    before = _page(as_officer, verified)
    assert "ít nhất 12 tháng" in before and "2 đảng viên chính thức" in before
    _edit_rules_in_force(sponsors={"count": 3, "known_months": 18})
    after = _page(as_officer, verified)
    assert "ít nhất 18 tháng" in after and "3 đảng viên chính thức" in after
    assert "ít nhất 12 tháng" not in after


def test_cell_vote_and_deadline_wording_follow_the_edited_rules(world, as_officer):
    sponsored = advance(propose_one(world), world, to=Step.CELL_VOTE)
    assert "ít nhất 2/3" in _page(as_officer, sponsored) and "đến 60 tuổi" in _page(as_officer, sponsored)
    _edit_rules_in_force(vote={"numerator": 3, "denominator": 4}, age={"max_months": 12 * 65 + 6})
    body = _page(as_officer, sponsored)
    assert "ít nhất 3/4 số đảng viên" in body and "đến 65 tuổi 6 tháng" in body and "ít nhất 2/3" not in body
    decided = advance(propose_one(world, sheet={"citizen_id": "034098000999", "given_name": "Lan"}), world,
                      to=Step.CEREMONY)  # fmt: skip
    assert "trong 30 ngày làm việc" in _page(as_officer, decided)
    _edit_rules_in_force(deadlines={"ceremony_working_days": 20})
    assert "Lễ kết nạp trong 20 ngày làm việc" in _page(as_officer, decided)


def test_without_a_rule_set_in_force_the_page_leaves_the_thresholds_out(world, as_officer):
    verified = advance(propose_one(world), world, to=Step.SPONSORS)
    AdmissionRuleSet.objects.update(effective_to=dt.date(2025, 12, 31))
    body = _page(as_officer, verified)
    assert "ít nhất 12 tháng" not in body and 'id="next-checks"' not in body and 'id="step-sponsors"' in body


def _sponsors(world: Any, known_since_m1: dt.date) -> dict[str, Any]:
    return {"on": TODAY, "youth_union_resolution": False, "sponsors": [
        {"member_id": world.m1.pk, "acquaintance": "work", "known_since": known_since_m1},
        {"member_id": world.m2.pk, "acquaintance": "work", "known_since": dt.date(2020, 1, 2)},
    ]}  # fmt: skip


def test_preview_of_a_sponsor_short_of_a_year_says_what_the_step_refuses_with(world):
    verified = advance(propose_one(world), world, to=Step.SPONSORS)
    data = _sponsors(world, known_since_m1=dt.date(2025, 12, 28))  # 10 full months on 27/11/2026
    state = database_state()
    preview = workflow.preview(verified, Step.SPONSORS, today=TODAY, data=data)
    assert database_state() == state
    broken = [f for f in preview if not f.ok]
    assert [f.rule for f in broken] == ["sponsor_known"]
    assert "ít nhất 12 tháng; tính đến ngày 27/11/2026 mới 10 tháng" in broken[0].message
    with pytest.raises(RuleRefusal) as refused:
        take(verified, Step.SPONSORS, world.officer, **data)
    assert [f.message for f in refused.value.findings] == [f.message for f in broken]
    assert database_state() == state


def test_preview_of_sponsors_who_qualify_is_all_passed_and_the_step_then_passes(world):
    verified = advance(propose_one(world), world, to=Step.SPONSORS)
    data = _sponsors(world, known_since_m1=dt.date(2025, 11, 27))  # exactly 12 months
    preview = workflow.preview(verified, Step.SPONSORS, today=TODAY, data=data)
    assert [(f.rule, f.ok) for f in preview] == [("sponsors", True)]
    assert take(verified, Step.SPONSORS, world.officer, **data).stage == Stage.SPONSORED


def test_preview_of_the_cell_vote_lists_every_rule_passed_or_not(world):
    sponsored = advance(propose_one(world), world, to=Step.CELL_VOTE)
    plain = workflow.preview(sponsored, Step.CELL_VOTE, today=TODAY)
    assert [(f.rule, f.ok) for f in plain] == [("age", True), ("education", True), ("certificate", True)]
    voted = workflow.preview(sponsored, Step.CELL_VOTE, today=TODAY, data={"votes_for": 1, "votes_against": 1})
    assert [(f.rule, f.ok) for f in voted][-1] == ("vote", False)
    with pytest.raises(RuleRefusal) as refused:
        take(sponsored, Step.CELL_VOTE, world.officer, held_on=TODAY, votes_for=1, votes_against=1,
             resolution_number="9")  # fmt: skip
    assert [f.message for f in refused.value.findings] == [f.message for f in voted if not f.ok]
    late = workflow.preview(sponsored, Step.CELL_VOTE, today=dt.date(2029, 10, 15))  # 60 months: it has expired
    assert [f.rule for f in late if not f.ok] == ["certificate"]
    assert workflow.preview(sponsored, Step.COMMITTEE, today=TODAY) == []


def test_preview_of_the_recognition_vote_before_the_year_is_over(world):
    on_probation = advance(propose_one(world), world, to=Step.RECOGNITION_VOTE)
    early = workflow.preview(on_probation, Step.RECOGNITION_VOTE, today=dt.date(2026, 4, 20))
    assert [(f.rule, f.ok) for f in early] == [("probation", False)] and "21/04/2026" in early[0].message
    assert [(f.rule, f.ok) for f in workflow.preview(on_probation, Step.RECOGNITION_VOTE, today=TODAY)] == [
        ("probation", True)
    ]


def test_page_shows_each_rule_of_the_next_step_with_its_mark_and_source(world, as_officer):
    sponsored = advance(propose_one(world), world, to=Step.CELL_VOTE)
    response = as_officer.get(reverse("admissions:detail", args=[sponsored.pk]))
    body = response.content.decode()
    assert response.context["checked_step"] == Step.CELL_VOTE
    assert [(f.rule, f.ok) for f in response.context["checks"]] == [
        ("age", True), ("education", True), ("certificate", True)
    ]  # fmt: skip
    assert body.count('data-ok="1"') == 3 and "✓" in body and "Quy định 294-QĐ/TW" in body
    assert "Quy định của bước “Ghi nhận nghị quyết chi bộ” nếu xét vào hôm nay" in body
    assert 'id="pending-findings"' not in body
    # A certificate issued on 01/01/2021 ran out 60 months later: the page says so with ✗, in the step's words.
    Candidate.objects.filter(pk=sponsored.pk).update(course_passed_on=dt.date(2021, 1, 1))
    body = _page(as_officer, sponsored)
    assert 'data-rule="certificate" data-ok="0"' in body and "✗" in body and "đã hết hạn từ ngày" in body
    assert 'id="pending-findings"' in body


def test_before_the_sponsors_the_page_looks_ahead_to_the_cell_vote_and_says_so(world, as_officer):
    proposed = propose_one(world)
    response = as_officer.get(reverse("admissions:detail", args=[proposed.pk]))
    body = response.content.decode()
    assert response.context["checked_step"] == Step.CELL_VOTE and response.context["checks_ahead"] is True
    assert "Xem trước quy định của bước “Ghi nhận nghị quyết chi bộ” (các bước trước chưa xong)" in body
    # The certificate is what the next step (the course) brings: no ✗ for it yet.
    assert [f.rule for f in response.context["checks"]] == ["age", "education"]
