"""The rating page: one verdict explanation that agrees with the refusals, and a readable step history."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from dangbo.core.audit import log_denied
from dangbo.evaluations.enums import Level
from dangbo.evaluations.explanations import explain_rating
from dangbo.evaluations.facts import RatingInputs
from dangbo.evaluations.models import Rating

from .conftest import decide, rating_of, take

NO_RESTRICTION = "Không có quy định nào hạn chế mức xếp loại."


def _scores(rule_set: Any, total: int) -> dict[str, Decimal]:
    left, out = Decimal(total), {}
    for c in rule_set.params.score.criteria_for("member"):
        out[c.code] = min(left, c.max_score)
        left -= out[c.code]
    return out


def _verdict_card(text: str) -> str:
    return text[text.index('id="verdict"') : text.index("</section>", text.index('id="verdict"'))]


def _allowed(card: str) -> str:
    found = re.search(r'class="allowed-levels">(.*?)</strong>', card)
    assert found is not None
    return found.group(1)


def _full(rating: Rating) -> Rating:
    return Rating.objects.select_related(
        "campaign__organization", "campaign__rule_set", "member", "organization", "grassroots", "unit"
    ).get(pk=rating.pk)


def test_rating_detail_sheet_below_excellent_is_one_consistent_answer(world, round_2025, as_officer):
    # The case from the issue: the stored sheet (85 points) rules out "excellent", and the page used to add
    # "excellent allowed, no rule restricts it" because it judged the facts without the sheet.
    rule_set = round_2025.rule_set.as_data()
    sheet = RatingInputs(scores=_scores(rule_set, 85), on_time_pct=Decimal(100), exceeding_pct=Decimal(30))
    rating = take(world.officer, rating_of(round_2025, member=world.m1), "self_assessed", sheet=sheet)
    assert rating.self_level == Level.GOOD
    card = _verdict_card(as_officer.get(f"/danh-gia/xep-loai/{rating.pk}/").content.decode())
    assert NO_RESTRICTION not in card
    assert _allowed(card).split("; ") == [Level.GOOD.label, Level.FULFILLED.label, Level.UNFULFILLED.label]
    restriction = re.findall(r'<ul class="reasons restrictions"><li>(.*?)</li>', card)
    assert len(restriction) == 1
    assert restriction[0].startswith(f"Không thể xếp loại {Level.EXCELLENT.label}: tổng điểm 85 dưới 90 điểm")
    assert "366-QĐ/TW" in restriction[0]  # names the rule's document


def test_rating_detail_full_cap_removes_excellent_with_its_reason(world, round_2024, as_officer):
    # Two members of cell A1 good: floor(20% × 2) = 0 "excellent" places left for the review.
    for member in (world.m1, world.m2):
        take(world.officer, rating_of(round_2024, member=member), "self_assessed", Level.GOOD)
    rating = rating_of(round_2024, member=world.m1)
    explanation = explain_rating(_full(rating))
    assert Level.EXCELLENT not in explanation.allowed_levels
    assert explanation.restrictions == (
        f"Không thể xếp loại {Level.EXCELLENT.label}: Đã dùng 0/0 suất {Level.EXCELLENT.label} "
        "(tối đa 20% số được xếp loại Hoàn thành tốt nhiệm vụ trở lên; Quy định 124-QĐ/TW, Hướng dẫn 25-HD/BTCTW). "
        "Còn lại 0 suất.",
    )
    card = _verdict_card(as_officer.get(f"/danh-gia/xep-loai/{rating.pk}/").content.decode())
    assert NO_RESTRICTION not in card and str(Level.EXCELLENT.label) not in _allowed(card)


def test_rating_detail_without_restriction_says_so_once(world, round_2024, as_officer):
    rating = rating_of(round_2024, member=world.m1)
    explanation = explain_rating(_full(rating))
    assert explanation.unrestricted and explanation.allowed_levels[0] == Level.EXCELLENT
    card = _verdict_card(as_officer.get(f"/danh-gia/xep-loai/{rating.pk}/").content.decode())
    assert card.count(NO_RESTRICTION) == 1 and "Không thể xếp loại" not in card


def test_rating_detail_history_shows_labels_names_and_dates(world, round_2024, as_officer):
    world.officer.first_name, world.officer.last_name = "Minh", "Lê Văn"
    world.officer.save()
    rating = decide(world, rating_of(round_2024, member=world.m1), Level.GOOD)
    log_denied(actor=world.outsider, what="rating", object_id=rating.pk)  # not a step: left out
    text = as_officer.get(f"/danh-gia/xep-loai/{rating.pk}/").content.decode()
    timeline = text[text.index('<ol class="timeline">') : text.index("</ol>")]
    assert timeline.count("<li><strong>") == 4
    assert "Cấp có thẩm quyền đã quyết định: <strong>Hoàn thành tốt nhiệm vụ</strong>" in timeline
    assert "Đã kiểm điểm tại chi bộ: <strong>Hoàn thành tốt nhiệm vụ</strong>" in timeline
    assert re.search(r"<strong>\d\d/\d\d/\d{4} \d\d:\d\d</strong> — Minh Lê Văn", timeline)
    for raw in ("decided_level", "review_level", "self_assessed", ": good", "canbo_b", "core.access"):
        assert raw not in timeline


def test_rating_detail_history_shows_the_override_reason(world, round_2024, as_bloc_officer):
    from dangbo.evaluations.workflow import override_rating

    rating = decide(world, rating_of(round_2024, member=world.m1), Level.GOOD)
    override_rating(actor=world.bloc_officer, rating=rating, level=Level.FULFILLED, reason="Thẩm định lại",
                    expected_version=rating.version)  # fmt: skip
    text = as_bloc_officer.get(f"/danh-gia/xep-loai/{rating.pk}/").content.decode()
    timeline = text[text.index('<ol class="timeline">') : text.index("</ol>")]
    assert "Cấp trên điều chỉnh mức xếp loại: <strong>Hoàn thành nhiệm vụ</strong>" in timeline
    assert "Thẩm định lại" in timeline


def test_rating_detail_refuses_member_and_outsider(world, round_2024, as_member, as_outsider):
    rating = rating_of(round_2024, member=world.m1)
    assert as_member.get(f"/danh-gia/xep-loai/{rating.pk}/").status_code == 403
    assert as_outsider.get(f"/danh-gia/xep-loai/{rating.pk}/").status_code == 404
