"""The whole-cell review: the secretary reviews every member of the cell at once, all or nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.core.models import AuditEntry
from dangbo.discipline.services import record_discipline
from dangbo.evaluations.enums import Level, RatingStep
from dangbo.evaluations.locking import lock_campaign
from dangbo.evaluations.models import Rating
from tests.conftest import login
from tests.factories import make_member

from .conftest import RULES_124, open_round, rating_of, take


def _url(campaign: Any, cell: Any) -> str:
    return f"/danh-gia/{campaign.pk}/chi-bo/{cell.pk}/kiem-diem/"


def _self_assess(world: Any, campaign: Any, levels: dict[Any, str]) -> list[Rating]:
    return [take(world.officer, rating_of(campaign, member=m), "self_assessed", level) for m, level in levels.items()]


def _form(ratings: list[Rating], levels: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for r, level in zip(ratings, levels, strict=True):
        r.refresh_from_db()
        data[f"level_{r.pk}"] = level
        data[f"version_{r.pk}"] = r.version
    return data


def _denied(user: Any, what: str) -> bool:
    return AuditEntry.objects.filter(action="core.access.denied", actor=user, object_type=what).exists()


def test_cell_review_lists_members_with_self_level_and_allowed_levels(world, round_2024, cell_secretary):
    _self_assess(world, round_2024, {world.m1: Level.GOOD, world.m2: Level.FULFILLED})
    client = login(cell_secretary)
    response = client.get(_url(round_2024, world.cell_a1))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Nguyễn Văn Hùng" in text and "Đặng Thị Lan" in text and "Quy định cho phép" in text
    assert 'id="accept-self-levels"' in text and text.count('<option value="good" selected>') == 0
    accepted = client.get(_url(round_2024, world.cell_a1) + "?nhan=1").content.decode()
    assert accepted.count('<option value="good" selected>') == 1
    assert accepted.count('<option value="fulfilled" selected>') == 1


def test_cell_review_saves_every_row_in_one_submit(world, round_2024, cell_secretary):
    ratings = _self_assess(world, round_2024, {world.m1: Level.GOOD, world.m2: Level.GOOD})
    client = login(cell_secretary)
    response = client.post(_url(round_2024, world.cell_a1), _form(ratings, ["good", "fulfilled"]))
    assert response.status_code == 302 and response["Location"] == _url(round_2024, world.cell_a1)
    saved = {r.member_id: r for r in Rating.objects.filter(campaign=round_2024, member__in=[world.m1, world.m2])}
    assert saved[world.m1.pk].review_level == Level.GOOD and saved[world.m2.pk].review_level == Level.FULFILLED
    assert {r.step for r in saved.values()} == {RatingStep.REVIEWED}
    assert AuditEntry.objects.filter(action="evaluations.rating.reviewed", actor=cell_secretary).count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "Đã lưu kết quả kiểm điểm của 2 đảng viên." in page
    # Unchanged rows are not stepped again.
    again = client.post(_url(round_2024, world.cell_a1), _form(ratings, ["good", "fulfilled"]))
    assert again.status_code == 302
    assert AuditEntry.objects.filter(action="evaluations.rating.reviewed").count() == 2


def test_cell_review_is_all_or_nothing_and_names_the_rule(world, round_2024, cell_secretary):
    ratings = _self_assess(world, round_2024, {world.m1: Level.GOOD, world.m2: Level.GOOD})
    record_discipline(actor=world.bloc_officer, form="reprimand", violation_date=dt.date(2024, 3, 1),
                      decision_date=dt.date(2024, 5, 12), decision_number="12-QĐ/ĐU", deciding_organization=world.org_a,
                      member=world.m2)  # fmt: skip
    response = login(cell_secretary).post(_url(round_2024, world.cell_a1), _form(ratings, ["good", "good"]))
    text = response.content.decode()
    assert response.status_code == 400
    assert "chưa dòng nào được lưu" in text
    assert "Không thể xếp loại Hoàn thành tốt nhiệm vụ: bị kỷ luật ngày 12/05/2024" in text and RULES_124 in text
    assert f'id="review-{ratings[1].pk}" class="refused' in text
    assert f'id="review-{ratings[0].pk}" class="refused' not in text
    assert set(Rating.objects.filter(pk__in=[r.pk for r in ratings]).values_list("step", flat=True)) == {
        RatingStep.SELF_ASSESSED
    }
    assert not AuditEntry.objects.filter(action="evaluations.rating.reviewed").exists()


def test_cell_review_over_the_excellent_cap_saves_nothing(world, round_2024, cell_secretary):
    ratings = _self_assess(world, round_2024, {world.m1: Level.EXCELLENT, world.m2: Level.GOOD})
    response = login(cell_secretary).post(_url(round_2024, world.cell_a1), _form(ratings, ["excellent", "good"]))
    text = response.content.decode()
    assert response.status_code == 400
    assert "Không thể xếp loại Hoàn thành xuất sắc nhiệm vụ" in text and "Đã dùng 0/0 suất" in text
    assert not Rating.objects.filter(pk__in=[r.pk for r in ratings], step=RatingStep.REVIEWED).exists()


def test_cell_review_stale_version_saves_nothing(world, round_2024, cell_secretary):
    ratings = _self_assess(world, round_2024, {world.m1: Level.GOOD, world.m2: Level.GOOD})
    data = _form(ratings, ["good", "fulfilled"])
    take(world.officer, ratings[1], "self_assessed", Level.FULFILLED)  # someone edits after the page opened
    response = login(cell_secretary).post(_url(round_2024, world.cell_a1), data)
    text = response.content.decode()
    assert response.status_code == 400
    assert "Có người vừa sửa bản xếp loại sau khi bạn mở trang này" in text
    assert not Rating.objects.filter(pk__in=[r.pk for r in ratings], step=RatingStep.REVIEWED).exists()


def test_cell_review_of_another_cell_is_not_found_and_logged(world, round_2024, cell_secretary, as_outsider):
    client = login(cell_secretary)
    for cell in (world.cell_a2, world.cell_b1):
        assert client.get(_url(round_2024, cell)).status_code == 404
    assert _denied(cell_secretary, "organization")
    m3 = rating_of(round_2024, member=world.m3)
    take(world.outsider, m3, "self_assessed", Level.GOOD)
    m3.refresh_from_db()
    # Rows of another cell posted to the secretary's own page are ignored: only the cell's rows are fields.
    response = client.post(_url(round_2024, world.cell_a1), {f"level_{m3.pk}": "good", f"version_{m3.pk}": m3.version})
    assert response.status_code == 302
    assert Rating.objects.get(pk=m3.pk).step == RatingStep.SELF_ASSESSED
    assert as_outsider.get(_url(round_2024, world.cell_a1)).status_code == 404
    assert _denied(world.outsider, "organization")


def test_cell_review_refuses_members_and_a_locked_round(world, round_2024, cell_secretary, as_member, as_officer):
    assert as_member.get(_url(round_2024, world.cell_a1)).status_code == 403
    assert as_officer.get(_url(round_2024, world.cell_a1)).status_code == 200  # the grassroots committee may
    assert as_officer.get(_url(round_2024, world.org_a)).status_code == 404  # not a cell
    ratings = _self_assess(world, round_2024, {world.m1: Level.GOOD})
    lock_campaign(actor=world.bloc_officer, campaign=round_2024, expected_version=round_2024.version)
    client = login(cell_secretary)
    page = client.get(_url(round_2024, world.cell_a1)).content.decode()
    assert 'id="save-cell-review"' not in page and "<select" not in page
    client.post(_url(round_2024, world.cell_a1), _form(ratings, ["good"]))
    assert Rating.objects.get(pk=ratings[0].pk).step == RatingStep.SELF_ASSESSED


def test_cell_review_query_count_does_not_grow_with_the_cell(world, cell_secretary):
    campaign = open_round(world, 2024)
    client = login(cell_secretary)
    client.get(_url(campaign, world.cell_a1))
    with CaptureQueriesContext(connection) as few:
        client.get(_url(campaign, world.cell_a1))
    campaign.delete()
    for _ in range(4):
        make_member(organization=world.cell_a1)
    campaign = open_round(world, 2024)
    for r in Rating.objects.filter(campaign=campaign, subject_kind="member")[:3]:
        take(world.officer, r, "self_assessed", Level.GOOD)
    with CaptureQueriesContext(connection) as more:
        text = client.get(_url(campaign, world.cell_a1)).content.decode()
    assert text.count('<tr id="review-') == 6
    assert len(more) == len(few)


def test_cell_review_and_rating_page_show_the_residence_feedback_as_a_fact(world, round_2024, cell_secretary):
    from dangbo.movements import residence

    today = dt.date(2025, 3, 1)
    residence.introduce(actor=world.officer, member=world.m1, introduced_on=dt.date(2024, 1, 15), today=today,
                        ward="Phường Ba Đình", residence_cell="Chi bộ Tổ dân phố số 5")  # fmt: skip
    residence.record_feedback(actor=world.officer, member=world.m1, year=2024, received_on=dt.date(2024, 11, 12),
                              assessment="good", content="Gương mẫu.", today=today)  # fmt: skip
    text = login(cell_secretary).get(_url(round_2024, world.cell_a1)).content.decode()
    assert "Nhận xét nơi cư trú năm 2024: Gương mẫu, thực hiện tốt nghĩa vụ công dân nơi cư trú (nhận ngày " \
           "12/11/2024)" in text  # fmt: skip
    assert "Chưa có nhận xét nơi cư trú năm 2024" in text  # m2
    detail = login(cell_secretary).get(f"/danh-gia/xep-loai/{rating_of(round_2024, member=world.m1).pk}/")
    assert detail.status_code == 200 and "(nhận ngày 12/11/2024)" in detail.content.decode()
