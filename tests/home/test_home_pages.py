"""The home page of each role: the open round's progress and lateness, the KPI summary, the shortcuts; only
ever the user's own part of the tree; a fixed number of queries whatever the size of the round."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangbo.accounts.enums import RoleKind
from dangbo.admissions.enums import Stage
from dangbo.core.calendar import add_working_days
from dangbo.evaluations.services import open_campaign
from dangbo.members.enums import MemberStatus
from dangbo.members.models import Member
from dangbo.planning.kpi import recompute_year
from tests.admissions.view_helpers import stored_candidate
from tests.conftest import login
from tests.evaluations.conftest import decide, rating_of
from tests.factories import make_member, make_org, make_user


def main_text(response) -> str:
    """The page's main content as text (navigation and footer left out)."""
    assert response.status_code == 200
    body = response.content.decode()
    main = body[body.index('<main class="page">') : body.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


@pytest.fixture
def round_2024(world):
    """The 2024 round over the whole tree; every deadline has passed, m2 decided good."""
    campaign = open_campaign(actor=world.bloc_officer, organization=world.bloc, year=2024)
    decide(world, rating_of(campaign, member=world.m2), "good")
    return campaign


@pytest.fixture
def secretary(world):
    return make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)


def test_bloc_home_shows_round_progress_late_units_kpi_and_shortcuts(world, round_2024, as_bloc_officer):
    recompute_year(year=2024, organization=world.bloc)
    response = as_bloc_officer.get("/")
    text = main_text(response)
    assert "Đánh giá, xếp loại năm 2024" in text
    home = response.context["home"]
    assert home.kind == "bloc" and home.round.rated == 1 and home.round.counted >= 3
    assert f"{home.round.rated}/{home.round.counted}" in text
    assert "Đơn vị chậm nhất" in text and "Đảng bộ Sở Tài chính" in text and "Đảng bộ Công ty Điện lực" in text
    assert "Chỉ tiêu năm 2024" in text and home.kpi
    body = response.content.decode()
    for name in ("members:list", "organizations:tree", "planning:dashboard", "reporting:year_report",
                 "imports:start", "accounts:audit"):  # fmt: skip
        assert f'href="{reverse(name)}"' in body
    assert f'href="{reverse("evaluations:campaign", args=[round_2024.pk])}"' in body


def test_grassroots_home_shows_its_cells_never_another_organization(world, round_2024, as_officer):
    recompute_year(year=2024, organization=world.bloc)
    response = as_officer.get("/")
    text = main_text(response)
    home = response.context["home"]
    assert home.kind == "grassroots" and home.unit == world.org_a
    assert "Chi bộ Phòng Ngân sách" in text or "Chi bộ Văn phòng Sở" in text
    assert home.round.counted < 10 and all(p.organization.path.startswith(world.org_a.path)
                                          for p in home.round.overdue_units)  # fmt: skip
    for other in ("Công ty Điện lực", "Phân xưởng", "Trần Quốc Bảo"):
        assert other not in text


def test_outsider_home_never_shows_organization_a(world, round_2024, as_outsider):
    text = main_text(as_outsider.get("/"))
    assert "Đảng bộ Công ty Điện lực" in text
    for other in ("Sở Tài chính", "Ngân sách", "Nguyễn Văn Hùng", "Đặng Thị Lan"):
        assert other not in text


def test_cell_secretary_home_shows_members_to_review_and_the_cell_page(world, round_2024, secretary):
    response = login(secretary).get("/")
    text = main_text(response)
    home = response.context["home"]
    assert home.kind == "cell" and home.round.to_review == 1  # m1 waits; m2 is decided
    assert "Đảng viên chờ chi bộ kiểm điểm: 1" in text
    assert f'href="{reverse("evaluations:unit", args=[round_2024.pk, world.cell_a1.pk])}"' in response.content.decode()
    assert "Chỉ tiêu năm" not in text and reverse("reporting:year_report") not in main_text(response)
    assert "Đánh giá, xếp loại" in text  # the shortcut others click from the home page


def test_member_home_shows_own_profile_and_self_assessment_only(world, round_2024, as_member):
    response = as_member.get("/")
    text = main_text(response)
    assert response.context["home"].kind == "member"
    assert "Nguyễn Văn Hùng" in text and "Chi bộ Phòng Ngân sách — Đảng bộ Sở Tài chính" in text
    assert "Tự đánh giá" in text and "Chưa tự đánh giá" in text and "Hạn tự đánh giá" in text
    assert 'id="home-self-assessment-link"' in response.content.decode()
    assert "Đặng Thị Lan" not in text and "Trần Quốc Bảo" not in text and "Đơn vị chậm nhất" not in text
    assert "Hồ sơ của tôi" in text


def test_member_home_without_open_round_says_so(world, as_member):
    assert "Hiện không có đợt đánh giá nào đang mở cho bạn." in main_text(as_member.get("/"))


def test_user_without_role_is_told_to_ask(world):
    text = main_text(login(make_user("moi")).get("/"))
    assert "chưa được phân vai trò nào" in text


def test_home_in_english_when_chosen(world, round_2024, as_bloc_officer):
    as_bloc_officer.cookies["django_language"] = "en"
    text = main_text(as_bloc_officer.get("/"))
    assert "Quality rating 2024" in text and "Slowest units" in text


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    return len(ctx.captured_queries)


def _grow_and_open_2025(world) -> None:
    """Three more cells with members in each grassroots organization, then the 2025 round (now the latest)."""
    for n, parent in enumerate([world.org_a, world.org_b, world.org_a]):
        cell = make_org(name=f"Chi bộ thêm {n}", parent=parent, code=f"X{n}")
        for k in range(3):
            make_member(organization=cell, citizen_id=f"0340800009{n}{k}", card_number=f"0900{n}{k}00")
    open_campaign(actor=world.bloc_officer, organization=world.bloc, year=2025)


@pytest.mark.parametrize("who", ["bloc_officer", "officer", "secretary", "member_user"])
def test_home_query_count_does_not_grow_with_the_round(world, round_2024, secretary, who):
    user = secretary if who == "secretary" else getattr(world, who)
    client = login(user)
    client.get("/")  # the working-day calendar and the rule sets are read once, then cached
    before = _queries(client)
    _grow_and_open_2025(world)
    client = login(user)
    assert client.get("/").context["home"].kind in ("bloc", "grassroots", "cell", "member")
    assert _queries(client) == before


def test_probationary_member_home_shows_own_probation_and_the_recognition_deadline(world, as_member):
    assert "Thời gian dự bị của tôi" not in main_text(as_member.get("/"))  # a full member: no card
    Member.objects.filter(pk=world.m1.pk).update(status=MemberStatus.PROBATIONARY)
    ends = dt.date(2026, 2, 10)  # the 30 working days run across Tết 2026 (14–22/02)
    stored_candidate(cell=world.cell_a1, stage=Stage.PROBATION, member=world.m1, decided_on=dt.date(2025, 1, 20),
                     ceremony_on=ends.replace(year=2025), probation_ends_on=ends)  # fmt: skip
    # someone else's candidacy on probation in the same cell is not shown to this member
    stored_candidate(cell=world.cell_a1, stage=Stage.PROBATION, ceremony_on=dt.date(2025, 5, 5),
                     probation_ends_on=dt.date(2026, 5, 5))  # fmt: skip
    text = main_text(as_member.get("/"))
    assert "Thời gian dự bị của tôi" in text
    assert "10/02/2026" in text and "05/05/2026" not in text
    due = add_working_days(ends, 30)
    assert due > dt.date(2026, 3, 24)  # later than 30 weekdays: the Tết days do not count
    assert f"{due:%d/%m/%Y}" in text and "Đã quá hạn" in text  # today is past it


def test_officers_see_transfers_awaiting_them_and_this_months_dues(world, secretary, as_outsider):
    from dangbo.movements import transfers

    transfers.transfer_internal(actor=world.officer, member=world.m1, to_organization=world.cell_b1,
                                on=dt.date(2026, 3, 2), reason="Chuyển", today=dt.date(2026, 3, 5))  # fmt: skip
    response = as_outsider.get("/")
    home = response.context["home"]
    assert home.movements.awaiting == 1 and home.movements.overdue == 0
    assert "1 chờ tiếp nhận" in main_text(response)
    assert f'id="home-movements-link" href="{reverse("movements:home")}"' in response.content.decode()
    assert home.dues is not None and home.dues.row.organization == world.org_b
    response = login(secretary).get("/")
    text = main_text(response)
    assert "Sổ đảng phí tháng này chưa được lập." in text and "Ghi đảng phí của chi bộ" in text
    assert f'href="{reverse("dues:cell", args=[world.cell_a1.pk])}?thang=' in response.content.decode()


def test_a_member_reaches_their_dues_from_the_home_page(world, as_member):
    response = as_member.get("/")
    assert response.context["home"].dues is None and response.context["home"].movements is None
    assert f'id="home-dues-shortcut" href="{reverse("dues:home")}"' in response.content.decode()
    assert 'id="home-movements-shortcut"' not in response.content.decode()
