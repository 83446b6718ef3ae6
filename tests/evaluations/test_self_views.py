"""The member's own rating pages: the self-assessment of the open round and the rating history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.core.models import AuditEntry
from dangbo.evaluations.enums import Level, RatingStep
from dangbo.evaluations.locking import lock_campaign
from dangbo.evaluations.models import Rating
from dangbo.members.services import change_status

from .conftest import RULES_124, decide, open_round, rating_of

MINE = "/danh-gia/cua-toi/"


def _post(client: Any, rating: Rating, **fields: Any) -> Any:
    data = {"tdg-step": "self_assessed", "tdg-version": rating.version}
    data.update({f"tdg-{k}": v for k, v in fields.items()})
    return client.post(f"{MINE}{rating.pk}/", data)


def _denied(user: Any, what: str) -> bool:
    return AuditEntry.objects.filter(action="core.access.denied", actor=user, object_type=what).exists()


def _exempt(world: Any, on: dt.date) -> None:
    change_status(actor=world.officer, member=world.m1, status="exempt", on=on, reason="Tuổi cao, sức yếu")


def test_my_rating_shows_the_open_rounds_form(world, round_2024, as_member):
    response = as_member.get(MINE)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Tự đánh giá, xếp loại của tôi" in text and "Viết bản tự đánh giá" in text
    assert 'name="tdg-self_review"' in text and 'name="tdg-level"' in text
    assert "Thông tin quy định dùng để xếp loại" in text and RULES_124 in text
    assert f'action="{MINE}{rating_of(round_2024, member=world.m1).pk}/"' in text


def test_my_rating_saves_the_self_assessment_through_the_step(world, round_2024, as_member):
    rating = rating_of(round_2024, member=world.m1)
    response = _post(as_member, rating, self_review="Hoàn thành tốt công việc được giao.", level="good")
    assert response.status_code == 302 and response["Location"] == f"{MINE}{rating.pk}/"
    rating.refresh_from_db()
    assert (rating.step, rating.self_level) == (RatingStep.SELF_ASSESSED, Level.GOOD)
    assert rating.self_review == "Hoàn thành tốt công việc được giao."
    entry = AuditEntry.objects.get(action="evaluations.rating.self_assessed", object_id=str(rating.pk))
    assert entry.actor == world.member_user
    page = as_member.get(response["Location"]).content.decode()
    assert "Đã lưu bản tự đánh giá của bạn" in page and "Bản tự kiểm điểm đã lưu" in page
    assert "Hoàn thành tốt công việc được giao." in page and "Sửa bản tự đánh giá" in page


def test_my_rating_under_the_2025_rules_takes_the_100_point_sheet(world, round_2025, as_member):
    rating = rating_of(round_2025, member=world.m1)
    rule_set = round_2025.rule_set.as_data()
    criteria = rule_set.params.score.criteria_for("member")
    page = as_member.get(MINE).content.decode()
    assert "Phiếu chấm điểm thang 100 điểm" in page and all(f'name="tdg-c_{c.code}"' in page for c in criteria)
    refused = _post(as_member, rating, self_review="Tự nhận xét.", level="good")
    assert refused.status_code == 400 and "hãy chấm điểm" in refused.content.decode()
    assert Rating.objects.get(pk=rating.pk).step == RatingStep.PENDING
    scores = {f"c_{c.code}": str(c.max_score) for c in criteria}
    saved = _post(as_member, rating, self_review="Tự nhận xét.", on_time_pct="100", exceeding_pct="30", **scores)
    assert saved.status_code == 302
    rating.refresh_from_db()
    assert rating.score == Decimal("100.00") and rating.self_level == Level.EXCELLENT


def test_my_rating_of_another_member_is_not_found_and_logged(world, round_2024, as_member):
    other = rating_of(round_2024, member=world.m2)
    assert as_member.get(f"{MINE}{other.pk}/").status_code == 404
    assert _post(as_member, other, self_review="Viết hộ", level="good").status_code == 404
    assert _denied(world.member_user, "rating")
    other.refresh_from_db()
    assert other.step == RatingStep.PENDING and other.self_review == ""


def test_my_rating_when_no_round_is_open(world, as_member):
    text = as_member.get(MINE).content.decode()
    assert "Hiện chưa có đợt đánh giá, xếp loại chất lượng nào đang mở cho bạn" in text
    assert 'name="tdg-self_review"' not in text
    campaign = open_round(world, 2024)
    lock_campaign(actor=world.bloc_officer, campaign=campaign, expected_version=campaign.version)
    assert "Hiện chưa có đợt đánh giá" in as_member.get(MINE).content.decode()
    rating = rating_of(campaign, member=world.m1)
    refused = _post(as_member, rating, self_review="Muộn", level="good")
    assert refused.status_code == 400 and "đã khóa" in refused.content.decode()
    assert Rating.objects.get(pk=rating.pk).self_review == ""


def test_my_rating_needs_an_account_linked_to_a_member(world, round_2024, as_officer, as_outsider, client):
    assert as_officer.get(MINE).status_code == 403
    assert as_outsider.get(f"{MINE}lich-su/").status_code == 403
    assert client.get(MINE).status_code == 302  # to the login page


def test_my_rating_not_rated_member_writes_the_self_review_and_sees_the_rule(world, as_member):
    _exempt(world, dt.date(2024, 6, 1))
    campaign = open_round(world, 2024)
    rating = rating_of(campaign, member=world.m1)
    assert rating.not_rated
    page = as_member.get(MINE).content.decode()
    assert "Năm nay bạn không xếp loại chất lượng" in page
    assert "đảng viên đang được miễn công tác và sinh hoạt đảng" in page and RULES_124 in page
    assert 'name="tdg-self_review"' in page and 'name="tdg-level"' not in page
    refused = _post(as_member, rating, self_review="")
    assert refused.status_code == 400
    saved = _post(as_member, rating, self_review="Tôi vẫn giữ gìn phẩm chất, tư cách đảng viên.")
    assert saved.status_code == 302
    rating.refresh_from_db()
    assert rating.self_review == "Tôi vẫn giữ gìn phẩm chất, tư cách đảng viên."
    assert rating.step == RatingStep.SELF_ASSESSED and rating.not_rated and rating.self_level == ""


def test_my_rating_html_and_formulas_are_stored_and_shown_escaped(world, round_2024, as_member):
    rating = rating_of(round_2024, member=world.m1)
    text = '<script>alert("x")</script>\n=HYPERLINK("http://ac.example","bấm")'
    assert _post(as_member, rating, self_review=text, level="good").status_code == 302
    assert Rating.objects.get(pk=rating.pk).self_review == text
    page = as_member.get(MINE).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "=HYPERLINK(&quot;http://ac.example&quot;" in page


def test_my_rating_refuses_an_overlong_self_review_and_a_stale_version(world, round_2024, as_member):
    rating = rating_of(round_2024, member=world.m1)
    too_long = _post(as_member, rating, self_review="x" * 5001, level="good")
    assert too_long.status_code == 400 and "5000" in too_long.content.decode()
    stale = as_member.post(f"{MINE}{rating.pk}/", {"tdg-step": "self_assessed", "tdg-version": rating.version - 1,
                                                   "tdg-self_review": "Cũ", "tdg-level": "good"})  # fmt: skip
    assert stale.status_code == 400 and "người khác sửa" in stale.content.decode()
    rating.refresh_from_db()
    assert rating.step == RatingStep.PENDING and rating.self_review == ""


def test_my_rating_after_the_review_is_read_only(world, round_2024, as_member):
    rating = rating_of(round_2024, member=world.m1)
    decide(world, rating, Level.GOOD)
    page = as_member.get(MINE).content.decode()
    assert 'name="tdg-self_review"' not in page and "không sửa được nữa" in page
    rating.refresh_from_db()
    refused = _post(as_member, rating, self_review="Sửa muộn", level="excellent")
    assert refused.status_code == 400 and "đã qua bước này" in refused.content.decode()
    assert 'name="tdg-self_review"' not in refused.content.decode()


def test_my_history_shows_levels_reasons_and_labelled_steps(world, as_member):
    campaign = open_round(world, 2024)
    decide(world, rating_of(campaign, member=world.m1), Level.GOOD)
    response = as_member.get(f"{MINE}lich-su/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Năm 2024" in text and "<strong>Hoàn thành tốt nhiệm vụ</strong>" in text
    for label in ("Đã tự đánh giá", "Đã kiểm điểm tại chi bộ", "Đã đề xuất mức xếp loại",
                  "Cấp có thẩm quyền đã quyết định"):  # fmt: skip
        assert label in text
    assert "self_assessed" not in text and "evaluations.rating" not in text
    assert "Đặng Thị Lan" not in text  # another member's rating never shows


def test_my_history_query_count_does_not_grow_with_the_years(world, as_member):
    decide(world, rating_of(open_round(world, 2023), member=world.m1), Level.GOOD)
    as_member.get(f"{MINE}lich-su/")
    with CaptureQueriesContext(connection) as one:
        as_member.get(f"{MINE}lich-su/")
    for year in (2024, 2025):
        open_round(world, year)
    with CaptureQueriesContext(connection) as three:
        text = as_member.get(f"{MINE}lich-su/").content.decode()
    assert text.count('class="card rating-year"') == 3
    assert len(three) == len(one)


def test_home_and_navigation_lead_members_to_their_rating(world, as_member, as_officer):
    home = as_member.get("/").content.decode()
    assert 'id="home-my-rating"' in home and 'id="nav-my-rating"' in home and f'href="{MINE}"' in home
    officer_home = as_officer.get("/").content.decode()
    assert 'id="home-my-rating"' not in officer_home and 'id="nav-my-rating"' not in officer_home
