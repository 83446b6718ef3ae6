"""The rating workflow: who may take each step, the step order, the rules and the cap, lock and reopen."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.jobs import _HANDLERS
from dangbo.core.models import AuditEntry, BackgroundJob
from dangbo.discipline.services import record_discipline
from dangbo.evaluations.enums import CampaignState, Level, RatingStep
from dangbo.evaluations.facts import RatingInputs
from dangbo.evaluations.locking import lock_campaign, reopen_campaign
from dangbo.evaluations.models import Rating
from dangbo.evaluations.workflow import override_rating
from tests.factories import make_member

from .conftest import RULES_124, rating_of, take

STEPS = ["self_assessed", "reviewed", "proposed", "decided", "verified"]


def _advance(world: Any, rating: Rating, before: str) -> Rating:
    """Take every step before `before` as the bloc officer (who may take them all)."""
    for step in STEPS[: STEPS.index(before)]:
        rating = take(world.bloc_officer, rating, step, Level.GOOD if step != "verified" else None)
    return rating


@pytest.mark.parametrize(
    ("subject", "step", "persona", "allowed"),
    [
        ("m1", "self_assessed", "member_user", True),
        ("m1", "self_assessed", "cell_secretary", True),
        ("m1", "self_assessed", "officer", True),
        ("m2", "self_assessed", "member_user", False),
        ("m1", "reviewed", "member_user", False),
        ("m1", "reviewed", "cell_secretary", True),
        ("m1", "reviewed", "officer", True),
        ("m1", "proposed", "cell_secretary", False),
        ("m1", "proposed", "officer", True),
        ("m1", "decided", "cell_secretary", False),
        ("m1", "decided", "officer", True),
        ("m1", "verified", "officer", False),
        ("m1", "verified", "bloc_officer", True),
        ("cell_a1", "self_assessed", "cell_secretary", True),
        ("cell_a1", "reviewed", "cell_secretary", False),
        ("cell_a1", "reviewed", "officer", True),
        ("cell_a1", "decided", "officer", True),
        ("org_a", "proposed", "officer", True),
        ("org_a", "decided", "officer", False),
        ("org_a", "decided", "bloc_officer", True),
    ],
)
def test_workflow_table_step_by_role(world, round_2024, cell_secretary, subject, step, persona, allowed):
    target = getattr(world, subject)
    rating = rating_of(round_2024, **({"member": target} if subject.startswith("m") else {"organization": target}))
    rating = _advance(world, rating, step)
    actor = cell_secretary if persona == "cell_secretary" else getattr(world, persona)
    level = None if step == "verified" else Level.GOOD
    if allowed:
        done = take(actor, rating, step, level)
        assert done.step == step
        assert AuditEntry.objects.filter(action=f"evaluations.rating.{step}", object_id=str(rating.pk),
                                         actor=actor).exists()  # fmt: skip
    else:
        version = rating.version
        with pytest.raises(DomainError) as exc:
            take(actor, rating, step, level)
        assert exc.value.code in {"forbidden", "not_found"}
        rating.refresh_from_db()
        previous = STEPS[STEPS.index(step) - 1] if step != "self_assessed" else RatingStep.PENDING
        assert (rating.version, rating.step) == (version, previous)


def test_step_out_of_scope_is_refused_and_logged(world, round_2024):
    rating = rating_of(round_2024, member=world.m1)
    with pytest.raises(DomainError, match="Không tìm thấy") as exc:
        take(world.outsider, rating, "self_assessed", Level.GOOD)
    assert exc.value.code == "not_found"
    assert AuditEntry.objects.filter(action="core.access.denied", actor=world.outsider, object_type="rating",
                                     object_id=str(rating.pk)).exists()  # fmt: skip
    rating.refresh_from_db()
    assert rating.step == RatingStep.PENDING and rating.self_level == ""


def test_step_out_of_order_is_refused(world, round_2024):
    rating = rating_of(round_2024, member=world.m1)
    with pytest.raises(DomainError, match="cần bước “Đã tự đánh giá” trước"):
        take(world.officer, rating, "reviewed", Level.GOOD)
    rating = take(world.officer, rating, "self_assessed", Level.GOOD)
    rating = take(world.officer, rating, "reviewed", Level.GOOD)
    with pytest.raises(DomainError, match="đã qua bước này"):
        take(world.officer, rating, "self_assessed", Level.EXCELLENT)
    rating.refresh_from_db()
    assert rating.self_level == Level.GOOD


def test_step_with_stale_version_is_refused(world, round_2024):
    from dangbo.evaluations.workflow import perform_step

    rating = rating_of(round_2024, member=world.m1)
    with pytest.raises(ConcurrentEditError):
        perform_step(actor=world.officer, rating=rating, step="self_assessed", level=Level.GOOD,
                     expected_version=rating.version + 1)  # fmt: skip
    assert Rating.objects.get(pk=rating.pk).step == RatingStep.PENDING


def test_level_forbidden_by_discipline_names_the_rule(world, round_2024):
    record_discipline(actor=world.bloc_officer, form="reprimand", violation_date=dt.date(2024, 3, 1),
                      decision_date=dt.date(2024, 5, 12), decision_number="12-QĐ/ĐU", deciding_organization=world.org_a,
                      member=world.m1)  # fmt: skip
    rating = rating_of(round_2024, member=world.m1)
    with pytest.raises(DomainError) as exc:
        take(world.officer, rating, "self_assessed", Level.GOOD)
    assert "Không thể xếp loại Hoàn thành tốt nhiệm vụ: bị kỷ luật ngày 12/05/2024" in exc.value.message
    assert RULES_124 in exc.value.message
    assert Rating.objects.get(pk=rating.pk).self_level == ""
    # Without a level the forced level is taken, and the reason is stored.
    done = take(world.officer, rating, "self_assessed")
    assert done.self_level == Level.UNFULFILLED
    assert any("12/05/2024" in m for m in done.reasons)


def test_sick_leave_on_the_sheet_caps_the_level(world, round_2024):
    rating = rating_of(round_2024, member=world.m1)
    sheet = RatingInputs(sick_leave_months=Decimal(3))
    with pytest.raises(DomainError, match="nghỉ ốm 3 tháng trong năm"):
        take(world.officer, rating, "self_assessed", Level.GOOD, sheet=sheet)
    done = take(world.officer, rating, "self_assessed", Level.FULFILLED, sheet=sheet)
    assert done.score_sheet["sick_leave_months"] == "3"


def _cell_of(world: Any, n: int) -> list[Any]:
    return [make_member(organization=world.cell_a2) for _ in range(n)]


def test_excellent_over_the_cap_says_how_many_remain(world):
    from .conftest import open_round

    members = _cell_of(world, 20)
    campaign = open_round(world, 2024)
    ratings = [rating_of(campaign, member=m) for m in members]
    for r in ratings:
        take(world.officer, r, "self_assessed", Level.GOOD)
    for r in ratings[:4]:  # 20 rated good or better allow floor(20% × 20) = 4 excellent
        done = take(world.officer, r, "reviewed", Level.EXCELLENT)
    assert "Đã dùng 4/4 suất Hoàn thành xuất sắc nhiệm vụ" in done.reasons[-1]
    with pytest.raises(DomainError) as exc:
        take(world.officer, ratings[4], "reviewed", Level.EXCELLENT)
    assert exc.value.code == "cap"
    assert "Đã dùng 4/4 suất Hoàn thành xuất sắc nhiệm vụ" in exc.value.message
    assert "Còn lại 0 suất" in exc.value.message and RULES_124 in exc.value.message
    assert Rating.objects.filter(campaign=campaign, review_level=Level.EXCELLENT).count() == 4
    # The cap is counted within the cell: cell A1 has its own (2 good allow none).
    other = take(world.officer, rating_of(campaign, member=world.m1), "self_assessed", Level.GOOD)
    with pytest.raises(DomainError, match="Đã dùng 0/0 suất"):
        take(world.officer, other, "reviewed", Level.EXCELLENT)


def _scores(rule_set: Any, total: int) -> dict[str, Decimal]:
    left, out = Decimal(total), {}
    for c in rule_set.params.score.criteria_for("member"):
        out[c.code] = min(left, c.max_score)
        left -= out[c.code]
    return out


def test_score_sheet_proposes_the_level_under_the_2025_rules(world, round_2025):
    rule_set = round_2025.rule_set.as_data()
    rating = rating_of(round_2025, member=world.m1)
    sheet = RatingInputs(scores=_scores(rule_set, 90), on_time_pct=Decimal(100), exceeding_pct=Decimal(30))
    done = take(world.officer, rating, "self_assessed", sheet=sheet)
    assert (done.self_level, done.score) == (Level.EXCELLENT, Decimal("90.00"))
    m2 = rating_of(round_2025, member=world.m2)
    scores = _scores(rule_set, 90)
    scores["assigned_tasks" if "assigned_tasks" in scores else next(iter(scores))] -= Decimal("0.5")
    done = take(world.officer, m2, "self_assessed", sheet=RatingInputs(scores=scores, on_time_pct=Decimal(100),
                                                                        exceeding_pct=Decimal(30)))  # fmt: skip
    assert done.self_level == Level.GOOD and done.score == Decimal("89.50")


def test_score_sheet_criterion_over_its_weight_is_refused(world, round_2025):
    rule_set = round_2025.rule_set.as_data()
    scores = _scores(rule_set, 50)
    first = rule_set.params.score.criteria_for("member")[0]
    scores[first.code] = first.max_score + Decimal("0.5")
    rating = rating_of(round_2025, member=world.m1)
    with pytest.raises(DomainError, match="vượt điểm tối đa"):
        take(world.officer, rating, "self_assessed", sheet=RatingInputs(scores=scores, on_time_pct=Decimal(100),
                                                                         exceeding_pct=Decimal(0)))  # fmt: skip
    with pytest.raises(DomainError, match="từ 0 đến 100%"):
        take(world.officer, rating, "self_assessed", sheet=RatingInputs(scores=_scores(rule_set, 80),
                                                                         on_time_pct=Decimal(120),
                                                                         exceeding_pct=Decimal(0)))  # fmt: skip
    with pytest.raises(DomainError, match="hãy chấm điểm"):
        take(world.officer, rating, "self_assessed", Level.GOOD)
    rating.refresh_from_db()
    assert rating.step == RatingStep.PENDING and rating.score is None


def test_not_rated_subject_takes_no_step(world):
    from .conftest import open_round

    recent = make_member(organization=world.cell_a1, admission_decision_date=dt.date(2024, 10, 1),
                         ceremony_date=None, full_membership_date=None, status="probationary")  # fmt: skip
    campaign = open_round(world, 2024)
    with pytest.raises(DomainError, match="Không xếp loại chất lượng"):
        take(world.officer, rating_of(campaign, member=recent), "self_assessed", Level.GOOD)


def test_two_ratings_of_one_subject_in_a_year_are_refused_by_the_database(world, round_2024):
    existing = rating_of(round_2024, member=world.m1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(campaign=round_2024, year=2024, subject_kind="member", member=world.m1,
                              unit=world.cell_a1, unit_path=world.cell_a1.path)  # fmt: skip
    assert Rating.objects.filter(year=2024, member=world.m1).get() == existing


def test_lock_refuses_every_write_and_reopen_needs_the_bloc(world, round_2024):
    rating = rating_of(round_2024, member=world.m1)
    with pytest.raises(DomainError, match="Chỉ Ban Tổ chức"):
        lock_campaign(actor=world.officer, campaign=round_2024, expected_version=round_2024.version)
    campaign = lock_campaign(actor=world.bloc_officer, campaign=round_2024, expected_version=round_2024.version)
    assert campaign.state == CampaignState.LOCKED and campaign.locked_at is not None
    with pytest.raises(DomainError, match="đã khóa"):
        take(world.officer, rating, "self_assessed", Level.GOOD)
    assert Rating.objects.get(pk=rating.pk).step == RatingStep.PENDING
    with pytest.raises(DomainError, match="lý do"):
        reopen_campaign(actor=world.bloc_officer, campaign=campaign, reason=" ", expected_version=campaign.version)
    with pytest.raises(DomainError, match="Chỉ Ban Tổ chức"):
        reopen_campaign(actor=world.officer, campaign=campaign, reason="Sửa sai", expected_version=campaign.version)
    campaign = reopen_campaign(actor=world.bloc_officer, campaign=campaign, reason="Sửa kết quả chi bộ A1",
                               expected_version=campaign.version)  # fmt: skip
    assert campaign.state == CampaignState.OPEN
    entry = AuditEntry.objects.get(action="evaluations.campaign.reopened")
    assert entry.data == {"reason": "Sửa kết quả chi bộ A1"} and entry.actor == world.bloc_officer
    assert AuditEntry.objects.filter(action="evaluations.campaign.locked").count() == 1
    assert take(world.officer, rating, "self_assessed", Level.GOOD).step == RatingStep.SELF_ASSESSED


def test_lock_out_of_scope_is_refused_and_logged(world):
    from dangbo.evaluations.services import open_campaign

    campaign = open_campaign(actor=world.officer, organization=world.org_a, year=2024)
    with pytest.raises(DomainError, match="Không tìm thấy"):
        lock_campaign(actor=world.outsider, campaign=campaign, expected_version=campaign.version)
    assert AuditEntry.objects.filter(action="core.access.denied", actor=world.outsider, object_type="campaign").exists()


def test_lock_starts_kpi_recompute_only_when_registered(world, round_2024, monkeypatch):
    monkeypatch.delitem(_HANDLERS, "planning.kpi.recompute", raising=False)
    campaign = lock_campaign(actor=world.bloc_officer, campaign=round_2024, expected_version=round_2024.version)
    assert not BackgroundJob.objects.exists()
    monkeypatch.setitem(_HANDLERS, "planning.kpi.recompute", lambda job, progress: {})
    reopen_campaign(actor=world.bloc_officer, campaign=campaign, reason="Bổ sung", expected_version=campaign.version)
    job = BackgroundJob.objects.get(kind="planning.kpi.recompute")
    assert job.params == {"year": 2024, "organization_id": world.bloc.pk}


def test_override_by_the_level_above_records_the_reason(world, round_2024):
    rating = rating_of(round_2024, member=world.m1)
    rating = _advance(world, rating, "verified")
    with pytest.raises(DomainError, match="Chỉ cấp trên"):
        override_rating(actor=world.officer, rating=rating, level=Level.FULFILLED, reason="x",
                        expected_version=rating.version)  # fmt: skip
    with pytest.raises(DomainError, match="lý do"):
        override_rating(actor=world.bloc_officer, rating=rating, level=Level.FULFILLED, reason="",
                        expected_version=rating.version)  # fmt: skip
    done = override_rating(actor=world.bloc_officer, rating=rating, level=Level.FULFILLED,
                           reason="Chưa hoàn thành chỉ tiêu quý IV", expected_version=rating.version)  # fmt: skip
    assert (done.decided_level, done.final_level) == (Level.FULFILLED, Level.FULFILLED)
    assert done.override_reason == "Chưa hoàn thành chỉ tiêu quý IV"
    entry = AuditEntry.objects.get(action="evaluations.rating.overridden")
    assert entry.before["final_level"] == Level.GOOD and entry.after["final_level"] == Level.FULFILLED


def test_verification_cannot_change_the_level(world, round_2024):
    rating = _advance(world, rating_of(round_2024, member=world.m1), "verified")
    with pytest.raises(DomainError, match="điều chỉnh của cấp trên"):
        take(world.bloc_officer, rating, "verified", Level.EXCELLENT)
    done = take(world.bloc_officer, rating, "verified")
    assert done.step == RatingStep.VERIFIED and done.final_level == Level.GOOD
