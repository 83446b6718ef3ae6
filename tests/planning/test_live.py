"""Live figures: the open year's provisional figures (a round not locked yet) and a cell's own figures, on the
dashboard and the unit page, for the personas, with their query counts.

Hand count from the `rated` fixture (year 2025, both rounds still open): members good or better A 13/15 and
B 9/10, so the bloc 22/25 = 88,0%; grassroots good or better 1/2; model cells 1 of the 3 rated cells; cell A1
10/10 (two excellent, eight good); cell A2 3/5 (three good, one fulfilled, one unfulfilled).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.accounts.enums import RoleKind
from dangbo.accounts.scope import scope_for
from dangbo.core.models import AuditEntry
from dangbo.evaluations.enums import CampaignState, Level
from dangbo.evaluations.models import RatingCampaign
from dangbo.planning.enums import Metric
from dangbo.planning.kpi import recompute_year
from dangbo.planning.live import live_counts
from dangbo.planning.models import KpiValue
from dangbo.planning.selectors import dashboard_for, kpi_summary_for, latest_year, unit_dashboard

from ..conftest import login
from ..factories import make_member, make_user
from .conftest import YEAR, Rated, campaign_for, rate_member

pytestmark = pytest.mark.django_db

MEMBERS = Metric.MEMBERS_GOOD_OR_BETTER
PROVISIONAL = "Tạm tính"


def _lock_rounds() -> None:
    RatingCampaign.objects.filter(year=YEAR).update(state=CampaignState.LOCKED)


def test_live_counts_equal_the_hand_count(rated: Rated) -> None:
    w = rated.world
    counts = live_counts(w.bloc.path, YEAR)
    assert counts[MEMBERS] == (13 + 9, 15 + 10)
    assert counts[Metric.GRASSROOTS_GOOD_OR_BETTER] == (1, 2)
    assert counts[Metric.MODEL_CELLS] == (1, 3)
    assert live_counts(w.cell_a1.path, YEAR)[MEMBERS] == (10, 10)
    assert live_counts(w.cell_a2.path, YEAR)[MEMBERS] == (3, 5)


def test_live_counts_equal_the_stored_figures_once_computed(rated: Rated) -> None:
    w = rated.world
    recompute_year(year=YEAR, organization=w.bloc)
    for org in (w.bloc, w.org_a, w.org_b):
        stored = {v.metric: (v.numerator, v.denominator) for v in KpiValue.objects.filter(organization=org, year=YEAR)}
        assert live_counts(org.path, YEAR) == stored, org.name


def test_dashboard_open_round_provisional_without_stored_figures(rated: Rated) -> None:
    w = rated.world
    assert not KpiValue.objects.exists()
    board = dashboard_for(scope_for(w.bloc_officer), year=YEAR)
    [root] = board.roots
    assert root.provisional and board.provisional and board.as_of is not None
    figure = root.figures[MEMBERS]
    assert (figure.numerator, figure.denominator, figure.value_text) == (22, 25, "88,0%")
    assert board.trend_texts[MEMBERS] == ["88,0%"]


def test_dashboard_locked_round_reads_stored_figures_not_provisional(rated: Rated) -> None:
    w = rated.world
    recompute_year(year=YEAR, organization=w.bloc)
    _lock_rounds()
    rate_member(make_member(organization=w.cell_b1), Level.UNFULFILLED)  # after the lock: not in the stored figures
    board = dashboard_for(scope_for(w.bloc_officer), year=YEAR)
    assert not board.provisional and board.as_of is None
    assert (board.roots[0].figures[MEMBERS].numerator, board.roots[0].figures[MEMBERS].denominator) == (22, 25)


def test_dashboard_page_officer_sees_provisional_figures_with_time(rated: Rated) -> None:
    response = login(rated.world.officer).get("/chi-tieu/", {"nam": YEAR})
    assert response.status_code == 200
    body = response.content.decode()
    assert PROVISIONAL in body and "86,7%" in body and "13/15" in body  # grassroots A only
    assert "Số liệu năm 2025 tạm tính lúc" in body
    assert "Bảng này có số liệu khi khóa đợt đánh giá" in body  # the per-unit tables wait for the lock


def test_dashboard_page_member_refused(rated: Rated) -> None:
    assert login(rated.world.member_user).get("/chi-tieu/", {"nam": YEAR}).status_code == 403


def test_dashboard_defaults_to_the_open_year(rated: Rated) -> None:
    w = rated.world
    campaign_for(w.bloc, 2026)
    assert latest_year(scope_for(w.officer), 2020) == 2026
    _lock_rounds()
    RatingCampaign.objects.filter(year=2026).update(state=CampaignState.LOCKED)
    assert latest_year(scope_for(w.officer), 2020) == 2020  # nothing computed, nothing open


def test_unit_page_open_round_provisional(rated: Rated) -> None:
    w = rated.world
    response = login(w.officer).get(f"/chi-tieu/don-vi/{w.org_a.pk}/", {"nam": YEAR})
    assert response.status_code == 200
    detail = response.context["detail"]
    assert detail.provisional and detail.figures.figures[MEMBERS].value_text == "86,7%"
    assert PROVISIONAL in response.content.decode()


def test_unit_page_outsider_gets_404_and_audit(rated: Rated) -> None:
    w = rated.world
    response = login(w.outsider).get(f"/chi-tieu/don-vi/{w.cell_a2.pk}/", {"nam": YEAR})
    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", actor=w.outsider).exists()


def test_unit_page_member_refused(rated: Rated) -> None:
    w = rated.world
    assert login(w.member_user).get(f"/chi-tieu/don-vi/{w.cell_a1.pk}/", {"nam": YEAR}).status_code == 403


def test_cell_page_shows_its_own_figures_after_the_lock(rated: Rated) -> None:
    w = rated.world
    recompute_year(year=YEAR, organization=w.bloc)
    _lock_rounds()
    response = login(w.officer).get(f"/chi-tieu/don-vi/{w.cell_a2.pk}/", {"nam": YEAR})
    assert response.status_code == 200
    figures = response.context["detail"].figures.figures
    assert (figures[MEMBERS].numerator, figures[MEMBERS].denominator, figures[MEMBERS].value_text) == (3, 5, "60,0%")
    assert (figures[Metric.MODEL_CELLS].numerator, figures[Metric.MODEL_CELLS].denominator) == (0, 1)
    body = response.content.decode()
    assert "60,0%" in body and "3/5" in body and PROVISIONAL not in body
    assert "Số liệu của chi bộ tính lúc" in body


def test_cell_secretary_dashboard_shows_the_cells_figures(rated: Rated) -> None:
    w = rated.world
    secretary = make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=w.cell_a1)
    board = dashboard_for(scope_for(secretary), year=YEAR)
    [root] = board.roots
    assert root.organization_id == w.cell_a1.pk
    assert (root.figures[MEMBERS].value_text, root.figures[Metric.MODEL_CELLS].value_text) == ("100,0%", "100,0%")
    assert root.provisional  # the round is still open


def test_year_report_figures_stay_stored_not_live(rated: Rated) -> None:
    w = rated.world
    recompute_year(year=YEAR, organization=w.bloc)
    rate_member(make_member(organization=w.cell_b1), Level.UNFULFILLED)
    detail = unit_dashboard(w.bloc, year=YEAR)  # as the year report reads it
    assert not detail.provisional and detail.figures.figures[MEMBERS].denominator == 25


def _queries(client: object, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200  # type: ignore[attr-defined]
    return len(ctx.captured_queries)


def test_live_pages_query_count_does_not_grow_with_ratings(rated: Rated) -> None:
    w = rated.world
    client = login(w.bloc_officer)
    client.get("/chi-tieu/")  # session and scope warm-up
    urls = [f"/chi-tieu/?nam={YEAR}", f"/chi-tieu/don-vi/{w.org_a.pk}/?nam={YEAR}",
            f"/chi-tieu/don-vi/{w.cell_a2.pk}/?nam={YEAR}"]  # fmt: skip
    before = [_queries(client, url) for url in urls]
    for _ in range(5):
        rate_member(make_member(organization=w.cell_a2), Level.GOOD)
    assert [_queries(client, url) for url in urls] == before
    assert live_counts(w.cell_a2.path, YEAR)[MEMBERS] == (8, 10)


def test_kpi_summary_for_headline_cards_with_grades(rated: Rated) -> None:
    w = rated.world
    summary = kpi_summary_for(scope_for(w.officer), year=YEAR)
    [root] = summary.roots
    assert root.organization_id == w.org_a.pk and root.provisional and summary.as_of is not None
    figure = root.figures[MEMBERS]
    assert (figure.value_text, figure.grade.text) == ("86,7%", "Chưa đạt chỉ tiêu: 86,7% < 90% (cần > 90%)")
    assert kpi_summary_for(scope_for(w.member_user), year=YEAR).roots == []
