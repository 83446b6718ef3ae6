"""Rating round pages with the three personas: the unit's officer, a member, an officer of another unit."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.core.models import AuditEntry
from dangbo.evaluations.enums import CampaignState, Level, RatingStep
from dangbo.evaluations.models import Rating, RatingCampaign
from dangbo.evaluations.services import open_campaign
from tests.factories import make_member, make_org

from .conftest import decide, open_round, rating_of, take


def _denied(user: Any, what: str) -> bool:
    return AuditEntry.objects.filter(action="core.access.denied", actor=user, object_type=what).exists()


def test_campaign_list_shows_rounds_and_open_form_to_the_bloc(world, round_2024, as_bloc_officer):
    response = as_bloc_officer.get("/danh-gia/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Đảng bộ Khối Các cơ quan và Doanh nghiệp tỉnh" in text and "Mở đợt đánh giá" in text


def test_campaign_list_for_officer_member_and_outsider(world, round_2024, as_officer, as_member, as_outsider):
    assert as_officer.get("/danh-gia/").status_code == 200
    assert as_member.get("/danh-gia/").status_code == 403
    own = open_campaign(actor=world.officer, organization=world.org_a, year=2023)
    text = as_outsider.get("/danh-gia/").content.decode()
    # The bloc's round covers unit B; the round of A does not show.
    assert f"/danh-gia/{round_2024.pk}/" in text and f"/danh-gia/{own.pk}/" not in text


def test_campaign_list_query_count_does_not_grow(world, as_bloc_officer):
    open_round(world, 2023)
    as_bloc_officer.get("/danh-gia/")
    with CaptureQueriesContext(connection) as one:
        as_bloc_officer.get("/danh-gia/")
    open_round(world, 2024)
    open_round(world, 2025)
    with CaptureQueriesContext(connection) as three:
        response = as_bloc_officer.get("/danh-gia/")
    assert response.content.decode().count('class="badge campaign-') == 3
    assert len(three) == len(one)


def test_open_round_form_creates_the_round(world, as_bloc_officer):
    data = {"organization": world.bloc.pk, "year": 2024, "reference_date": "31/12/2024",
            "self_assessment_due": "2024-12-10", "review_due": "2024-12-20", "proposal_due": "2024-12-25",
            "decision_due": "2025-01-10", "verification_due": "2025-01-20"}  # fmt: skip
    response = as_bloc_officer.post("/danh-gia/mo-dot/", data)
    campaign = RatingCampaign.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/danh-gia/{campaign.pk}/"
    again = as_bloc_officer.post("/danh-gia/mo-dot/", data)
    assert again.status_code == 400
    assert "mỗi đối tượng chỉ được xếp loại một lần trong năm" in again.content.decode()
    assert RatingCampaign.objects.count() == 1


def test_open_round_form_refuses_member_and_foreign_org(world, as_member, as_outsider):
    assert as_member.get("/danh-gia/mo-dot/").status_code == 403
    response = as_outsider.post("/danh-gia/mo-dot/", {"organization": world.org_a.pk, "year": 2024})
    assert response.status_code == 400  # org A is not a choice for the officer of B
    assert RatingCampaign.objects.count() == 0


def test_campaign_detail_shows_progress_per_unit(world, round_2024, as_bloc_officer, as_officer, as_member):
    decide(world, rating_of(round_2024, member=world.m1), Level.GOOD)
    response = as_bloc_officer.get(f"/danh-gia/{round_2024.pk}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Đảng bộ Sở Tài chính" in text and "Đảng bộ Công ty Điện lực" in text
    assert "Khóa đợt đánh giá" in text
    officer_text = as_officer.get(f"/danh-gia/{round_2024.pk}/").content.decode()
    assert "Đảng bộ Sở Tài chính" in officer_text and "Đảng bộ Công ty Điện lực" not in officer_text
    assert "Khóa đợt đánh giá" not in officer_text
    assert as_member.get(f"/danh-gia/{round_2024.pk}/").status_code == 403
    partial = as_bloc_officer.get(f"/danh-gia/{round_2024.pk}/", HTTP_HX_REQUEST="true")
    assert b"<h1>" not in partial.content and b"progress-table" in partial.content


def test_campaign_detail_out_of_scope_is_not_found_and_logged(world, as_outsider):
    campaign = open_campaign(actor=world.officer, organization=world.org_a, year=2024)
    assert as_outsider.get(f"/danh-gia/{campaign.pk}/").status_code == 404
    assert _denied(world.outsider, "campaign")


def test_campaign_detail_query_count_does_not_grow(world, as_bloc_officer):
    campaign = open_round(world, 2024)
    as_bloc_officer.get(f"/danh-gia/{campaign.pk}/")
    with CaptureQueriesContext(connection) as few:
        as_bloc_officer.get(f"/danh-gia/{campaign.pk}/")
    campaign.delete()
    for _ in range(2):
        org = make_org(kind="grassroots_committee", parent=world.bloc)
        make_member(organization=make_org(parent=org))
    campaign = open_round(world, 2024)
    with CaptureQueriesContext(connection) as more:
        text = as_bloc_officer.get(f"/danh-gia/{campaign.pk}/").content.decode()
    assert text.count("/don-vi/") == 4
    assert len(more) == len(few)


def test_unit_page_rates_a_cells_members(world, round_2024, as_officer):
    response = as_officer.get(f"/danh-gia/{round_2024.pk}/don-vi/{world.cell_a1.pk}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Nguyễn Văn Hùng" in text and "Đặng Thị Lan" in text and "Chi bộ Phòng Ngân sách" in text
    rating = rating_of(round_2024, member=world.m1)
    prefix = f"r{rating.pk}"
    saved = as_officer.post(f"/danh-gia/xep-loai/{rating.pk}/buoc/", {
        f"{prefix}-step": "self_assessed", f"{prefix}-level": "good", f"{prefix}-version": rating.version,
    }, HTTP_HX_REQUEST="true")  # fmt: skip
    assert saved.status_code == 200 and "Đã lưu." in saved.content.decode()
    assert saved.content.decode().startswith(f'<tr id="rating-{rating.pk}"')
    rating.refresh_from_db()
    assert (rating.step, rating.self_level) == (RatingStep.SELF_ASSESSED, Level.GOOD)


def test_unit_page_shows_the_cap_message_inline(world, round_2024, as_officer):
    for r in (rating_of(round_2024, member=world.m1), rating_of(round_2024, member=world.m2)):
        take(world.officer, r, "self_assessed", Level.GOOD)
    rating = rating_of(round_2024, member=world.m1)
    prefix = f"r{rating.pk}"
    response = as_officer.post(f"/danh-gia/xep-loai/{rating.pk}/buoc/", {
        f"{prefix}-step": "reviewed", f"{prefix}-level": "excellent", f"{prefix}-version": rating.version,
    }, HTTP_HX_REQUEST="true")  # fmt: skip
    text = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in text
    assert "Đã dùng 0/0 suất Hoàn thành xuất sắc nhiệm vụ" in text and "Còn lại 0 suất" in text
    assert Rating.objects.get(pk=rating.pk).review_level == ""


def test_unit_page_refuses_member_and_outsider(world, round_2024, as_member, as_outsider):
    url = f"/danh-gia/{round_2024.pk}/don-vi/{world.cell_a1.pk}/"
    assert as_member.get(url).status_code == 403
    assert as_outsider.get(url).status_code == 404
    assert _denied(world.outsider, "organization")
    rating = rating_of(round_2024, member=world.m1)
    response = as_outsider.post(f"/danh-gia/xep-loai/{rating.pk}/buoc/", {f"r{rating.pk}-step": "self_assessed"})
    assert response.status_code == 404 and _denied(world.outsider, "rating")
    assert Rating.objects.get(pk=rating.pk).step == RatingStep.PENDING


def test_unit_page_query_count_does_not_grow(world, as_officer):
    make_member(organization=world.cell_a2)
    campaign = open_round(world, 2024)
    url = f"/danh-gia/{campaign.pk}/don-vi/{world.cell_a2.pk}/"
    as_officer.get(url)
    with CaptureQueriesContext(connection) as one:
        as_officer.get(url)
    campaign.delete()
    make_member(organization=world.cell_a2)
    make_member(organization=world.cell_a2)
    campaign = open_round(world, 2024)
    url = f"/danh-gia/{campaign.pk}/don-vi/{world.cell_a2.pk}/"
    with CaptureQueriesContext(connection) as three:
        text = as_officer.get(url).content.decode()
    assert text.count('class="rating-row') == 4  # three members and the cell
    assert len(three) == len(one)


def test_rating_detail_shows_reasons_and_history(world, round_2024, as_officer, as_bloc_officer, as_member):
    rating = decide(world, rating_of(round_2024, member=world.m1), Level.GOOD)
    text = as_officer.get(f"/danh-gia/xep-loai/{rating.pk}/").content.decode()
    assert "Quá trình xếp loại" in text and "Cấp có thẩm quyền đã quyết định" in text
    assert "Cấp trên điều chỉnh mức xếp loại" not in text  # the decider cannot override itself
    bloc_text = as_bloc_officer.get(f"/danh-gia/xep-loai/{rating.pk}/").content.decode()
    assert "Cấp trên điều chỉnh mức xếp loại" in bloc_text
    assert as_member.get(f"/danh-gia/xep-loai/{rating.pk}/").status_code == 403


def test_rating_override_view_records_the_reason(world, round_2024, as_bloc_officer):
    rating = decide(world, rating_of(round_2024, member=world.m1), Level.GOOD)
    response = as_bloc_officer.post(
        f"/danh-gia/xep-loai/{rating.pk}/dieu-chinh/",
        {"level": "fulfilled", "reason": "Thẩm định lại", "version": rating.version},
    )
    assert response.status_code == 302
    rating.refresh_from_db()
    assert (rating.final_level, rating.override_reason) == (Level.FULFILLED, "Thẩm định lại")


def test_lock_and_reopen_buttons(world, round_2024, as_bloc_officer, as_officer):
    response = as_officer.post(f"/danh-gia/{round_2024.pk}/khoa/", {"version": round_2024.version, "confirm": "on"})
    assert response.status_code == 403
    assert RatingCampaign.objects.get().state == CampaignState.OPEN
    as_bloc_officer.post(f"/danh-gia/{round_2024.pk}/khoa/", {"version": round_2024.version, "confirm": "on"})
    campaign = RatingCampaign.objects.get()
    assert campaign.state == CampaignState.LOCKED
    assert "Mở lại đợt đánh giá" in as_bloc_officer.get(f"/danh-gia/{campaign.pk}/").content.decode()
    as_bloc_officer.post(f"/danh-gia/{campaign.pk}/mo-lai/", {"version": campaign.version, "reason": ""})
    assert RatingCampaign.objects.get().state == CampaignState.LOCKED
    as_bloc_officer.post(f"/danh-gia/{campaign.pk}/mo-lai/", {"version": campaign.version, "reason": "Sửa sai"})
    assert RatingCampaign.objects.get().state == CampaignState.OPEN


def test_unit_page_shows_the_100_point_sheet_in_2025(world, round_2025, as_officer):
    text = as_officer.get(f"/danh-gia/{round_2025.pk}/don-vi/{world.cell_a1.pk}/").content.decode()
    assert "Phiếu đánh giá" in text and "tối đa" in text and "Nhiệm vụ đúng tiến độ (%)" in text
