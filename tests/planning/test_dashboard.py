"""The dashboard selector and pages for the three personas, the drill-down and their query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import scope_for
from dangbo.core.models import AuditEntry
from dangbo.evaluations.enums import Level
from dangbo.planning.enums import Metric, TargetStatus
from dangbo.planning.kpi import recompute_year
from dangbo.planning.models import KpiValue
from dangbo.planning.selectors import dashboard_for, rated_members

from ..conftest import login
from ..factories import make_member, make_org
from .conftest import YEAR, Rated, rate_grassroots, rate_member

pytestmark = pytest.mark.django_db

REASON_A = "Tỷ lệ đảng viên HTTNV trở lên 86,7% < 90% (Kế hoạch 20-KH/ĐUK)"


@pytest.fixture
def computed(rated: Rated) -> Rated:
    recompute_year(year=YEAR, organization=rated.world.bloc)
    return rated


def test_dashboard_for_bloc_officer_whole_bloc(computed: Rated) -> None:
    w = computed.world
    board = dashboard_for(scope_for(w.bloc_officer), year=YEAR)
    [root] = board.roots
    assert root.organization_id == w.bloc.pk
    f = root.figures
    assert (f[Metric.MEMBERS_GOOD_OR_BETTER].value_text, f[Metric.MEMBERS_GOOD_OR_BETTER].status) == (
        "88,0%", TargetStatus.NEAR)  # fmt: skip
    assert f[Metric.GRASSROOTS_GOOD_OR_BETTER].status == TargetStatus.MISSED
    assert (f[Metric.MODEL_CELLS].value_text, f[Metric.MODEL_CELLS].status) == ("33,3%", TargetStatus.MET)
    assert (f[Metric.ADMISSION_RATE].value_text, f[Metric.ADMISSION_RATE].status) == ("3,7%", TargetStatus.MET)
    assert [u.organization_id for u in board.units] == sorted([w.org_a.pk, w.org_b.pk], key=lambda i: i)
    assert {s.org_type for s in board.sectors} == {"state_agency", "state_enterprise"}


def test_dashboard_by_sector_sums_grassroots_rows(computed: Rated) -> None:
    board = dashboard_for(scope_for(computed.world.bloc_officer), year=YEAR)
    sectors = {s.org_type: s.figures for s in board.sectors}
    assert (sectors["state_agency"][Metric.MEMBERS_GOOD_OR_BETTER].numerator,
            sectors["state_agency"][Metric.MEMBERS_GOOD_OR_BETTER].denominator) == (13, 15)  # fmt: skip
    assert sectors["state_enterprise"][Metric.MEMBERS_GOOD_OR_BETTER].status == TargetStatus.NEAR


def test_dashboard_below_target_list_with_reasons(computed: Rated) -> None:
    w = computed.world
    board = dashboard_for(scope_for(w.bloc_officer), year=YEAR)
    reasons = {(b.organization_id, b.figure.metric): b.figure.reason() for b in board.below}
    assert reasons[(w.org_a.pk, Metric.MEMBERS_GOOD_OR_BETTER)] == REASON_A
    assert reasons[(w.org_b.pk, Metric.MEMBERS_GOOD_OR_BETTER)] == (
        "Tỷ lệ đảng viên HTTNV trở lên 90,0% ≤ 90% (Kế hoạch 20-KH/ĐUK)"
    )
    assert (w.org_b.pk, Metric.ADMISSION_RATE) not in reasons  # 10% is above the 3–4% range: exceeded, not short
    assert (w.org_a.pk, Metric.MODEL_CELLS) not in reasons  # 50% > 20%
    assert board.below_total == len(board.below) == 5


def test_dashboard_trends_over_all_years(computed: Rated) -> None:
    w = computed.world
    recompute_year(year=2024, organization=w.bloc)
    board = dashboard_for(scope_for(w.bloc_officer), year=YEAR)
    assert board.years == [2024, 2025]
    assert board.trends[Metric.MEMBERS_GOOD_OR_BETTER] == [None, 88.0]
    assert board.trends[Metric.ADMISSION_RATE] == [0.0, 3.7]


def test_dashboard_for_grassroots_officer_only_their_org(computed: Rated) -> None:
    w = computed.world
    board = dashboard_for(scope_for(w.officer), year=YEAR)
    assert [r.organization_id for r in board.roots] == [w.org_a.pk]
    assert board.roots[0].figures[Metric.MEMBERS_GOOD_OR_BETTER].status == TargetStatus.MISSED
    assert [u.organization_id for u in board.units] == [w.org_a.pk]
    assert {b.organization_id for b in board.below} == {w.org_a.pk}


def test_dashboard_page_bloc_officer(computed: Rated) -> None:
    w = computed.world
    response = login(w.bloc_officer).get("/chi-tieu/", {"nam": YEAR})
    assert response.status_code == 200
    body = response.content.decode()
    assert escape(REASON_A) in body and w.org_b.name in body
    assert "chart.umd.min.js" in body and 'id="kpi-chart-data"' in body
    assert "kpi-amber" in body and "kpi-red" in body and "kpi-green" in body


def test_dashboard_page_grassroots_officer_sees_own_org(computed: Rated) -> None:
    w = computed.world
    body = login(w.officer).get("/chi-tieu/", {"nam": YEAR}).content.decode()
    assert w.org_a.name in body and w.org_b.name not in body


def test_dashboard_page_member_refused(computed: Rated) -> None:
    assert login(computed.world.member_user).get("/chi-tieu/").status_code == 403


def test_dashboard_page_bad_year_shows_message_and_saves_nothing(computed: Rated) -> None:
    before = KpiValue.objects.count()
    response = login(computed.world.bloc_officer).get("/chi-tieu/", {"nam": "abc"})
    assert response.status_code == 200
    assert "Năm phải là một số, ví dụ 2025." in response.content.decode()
    assert KpiValue.objects.count() == before


def test_dashboard_defaults_to_latest_computed_year(computed: Rated) -> None:
    response = login(computed.world.bloc_officer).get("/chi-tieu/")
    assert response.context["board"].year == YEAR


def _queries(client: object, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)  # type: ignore[attr-defined]
        assert response.status_code == 200
    return len(ctx.captured_queries)


def test_dashboard_query_count_does_not_grow_with_units(computed: Rated) -> None:
    w = computed.world
    client = login(w.bloc_officer)
    client.get("/chi-tieu/")  # session and scope warm-up
    few = _queries(client, f"/chi-tieu/?nam={YEAR}")
    for i in range(3):
        org = make_org(kind="grassroots_committee", parent=w.bloc, org_type="public_service")
        cell = make_org(parent=org, org_type="public_service")
        rate_member(make_member(organization=cell), Level.GOOD if i else Level.FULFILLED)
        rate_grassroots(org, Level.GOOD)
    recompute_year(year=YEAR, organization=w.bloc)
    assert _queries(client, f"/chi-tieu/?nam={YEAR}") == few


def test_unit_drill_down_lists_rated_members(computed: Rated) -> None:
    w = computed.world
    response = login(w.officer).get(f"/chi-tieu/don-vi/{w.org_a.pk}/", {"nam": YEAR})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nguyễn Văn Hùng" in body and "Hoàn thành xuất sắc nhiệm vụ" in body
    assert response.context["ratings_page"].paginator.count == 17  # 15 rated, one not rated, one pending


def test_unit_drill_down_bloc_lists_grassroots(computed: Rated) -> None:
    w = computed.world
    response = login(w.bloc_officer).get(f"/chi-tieu/don-vi/{w.bloc.pk}/", {"nam": YEAR})
    assert response.status_code == 200
    assert [u.organization_id for u in response.context["units"]] == [w.org_a.pk, w.org_b.pk]


def test_unit_drill_down_outsider_gets_404_and_logged(computed: Rated) -> None:
    w = computed.world
    response = login(w.outsider).get(f"/chi-tieu/don-vi/{w.org_a.pk}/", {"nam": YEAR})
    assert response.status_code == 404
    entry = AuditEntry.objects.get(action="core.access.denied")
    assert (entry.actor_id, entry.object_type, entry.object_id) == (w.outsider.pk, "organization", str(w.org_a.pk))


def test_unit_drill_down_member_refused(computed: Rated) -> None:
    w = computed.world
    assert login(w.member_user).get(f"/chi-tieu/don-vi/{w.cell_a1.pk}/").status_code == 403


def test_rated_members_limited_to_scope(computed: Rated) -> None:
    w = computed.world
    assert not rated_members(scope_for(w.outsider), unit_path=w.org_a.path, year=YEAR).exists()
    assert rated_members(scope_for(w.officer), unit_path=w.org_a.path, year=YEAR).count() == 17
    assert scope_for(w.officer).has_right(Right.VIEW_MEMBERS)


def test_unit_drill_down_query_count_does_not_grow_with_members(computed: Rated) -> None:
    w = computed.world
    client = login(w.officer)
    client.get("/chi-tieu/")
    url = f"/chi-tieu/don-vi/{w.cell_a2.pk}/?nam={YEAR}"
    few = _queries(client, url)
    for _ in range(3):
        rate_member(make_member(organization=w.cell_a2), Level.GOOD)
    assert _queries(client, url) == few


def test_plans_page_lists_seed_targets(world: object) -> None:
    w = world
    response = login(w.officer).get("/chi-tieu/ke-hoach/")  # type: ignore[attr-defined]
    body = response.content.decode()
    assert response.status_code == 200
    assert "20-KH/ĐUK" in body and "&gt; 90%" in body and "3%–4%" in body and "23/04/2024" in body


def test_plans_page_member_refused(world: object) -> None:
    assert login(world.member_user).get("/chi-tieu/ke-hoach/").status_code == 403  # type: ignore[attr-defined]
