"""The dashboard's admission rate reads the admission records: admissions whose decision is dated in the year
over members on the rolls on 1 January, live and from the stored KPI values alike, with the year-end
projection (admitted + likely) beside it in the current year.

Known data (grassroots A, seen by its officer): 40 members on the rolls on 01/01/2025; decisions on
15/03/2025 (on probation now) and 20/11/2025 (struck off the probationary list later: still admitted);
decisions on 31/12/2024 and 01/01/2026 (other years); a withdrawn and a not-admitted candidate without a
decision; a member registered with a 2025 admission date but no admission record (not counted); two
candidates past the cell's vote (likely). Grassroots B: one admission in 2025, which A's figures never count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from dangbo.accounts.scope import scope_for
from dangbo.admissions.enums import Proposer, Stage
from dangbo.admissions.models import Candidate
from dangbo.evaluations.enums import CampaignState
from dangbo.evaluations.models import RatingCampaign, RuleSet
from dangbo.organizations.models import Organization
from dangbo.planning.enums import Metric, TargetStatus
from dangbo.planning.kpi import recompute_year
from dangbo.planning.live import live_counts
from dangbo.planning.models import KpiValue
from dangbo.planning.selectors import dashboard_for, kpi_summary_for, unit_dashboard

from ..conftest import World, login
from ..factories import make_member

YEAR = 2025
IN_YEAR = dt.date(2025, 10, 1)
AFTER = dt.date(2026, 2, 1)


def candidate(cell: Organization, stage: str, decided_on: dt.date | None = None, name: str = "An") -> Candidate:
    return Candidate.objects.create(
        family_name="Lê", given_name=name, gender="female", birth_date=dt.date(2000, 1, 1), cell=cell,
        path=cell.path, stage=stage, proposer_kind=Proposer.YOUTH_UNION, proposed_on=dt.date(2024, 3, 1),
        decided_on=decided_on,
    )  # fmt: skip


@dataclass
class Known:
    world: World


@pytest.fixture
def known(world: World) -> Known:
    w = world
    for i in range(38):  # with m1 and m2: 40 members on the rolls of A
        make_member(organization=w.cell_a1 if i % 2 else w.cell_a2)
    # Registered in 2025 (not on the rolls on 01/01, and no admission record: not an admission of the figure).
    make_member(organization=w.cell_a2, admission_decision_date=dt.date(2025, 6, 1), ceremony_date=None,
                full_membership_date=None)  # fmt: skip
    candidate(w.cell_a1, Stage.PROBATION, dt.date(2025, 3, 15), "Bình")
    candidate(w.cell_a2, Stage.STRUCK_OFF, dt.date(2025, 11, 20), "Chi")
    candidate(w.cell_a1, Stage.FULL, dt.date(2024, 12, 31), "Dũng")
    candidate(w.cell_a1, Stage.DECIDED, dt.date(2026, 1, 1), "Giang")
    candidate(w.cell_a2, Stage.WITHDRAWN, None, "Hà")
    candidate(w.cell_a2, Stage.NOT_ADMITTED, None, "Khánh")
    candidate(w.cell_a1, Stage.CELL_RESOLVED, None, "Lan")
    candidate(w.cell_a2, Stage.COMMITTEE_RESOLVED, None, "Minh")
    candidate(w.cell_a1, Stage.SPONSORED, None, "Nga")  # before the cell's vote: not likely
    candidate(w.cell_b1, Stage.PROBATION, dt.date(2025, 5, 10), "Oanh")
    return Known(w)


def admission_figure(board_roots: list, org: Organization):  # type: ignore[no-untyped-def]
    root = next(r for r in board_roots if r.organization_id == org.pk)
    return root.figures[Metric.ADMISSION_RATE]


def test_live_rate_is_admissions_in_the_year_over_members_on_1_january(known: Known) -> None:
    w = known.world
    assert live_counts(w.org_a.path, YEAR)[Metric.ADMISSION_RATE] == (2, 40)
    assert live_counts(w.org_b.path, YEAR)[Metric.ADMISSION_RATE] == (1, 1)
    assert live_counts(w.bloc.path, YEAR)[Metric.ADMISSION_RATE] == (3, 41)
    assert live_counts(w.org_a.path, 2024)[Metric.ADMISSION_RATE] == (1, 40)  # the decision of 31/12/2024
    # On 01/01/2026 the member registered in 2025 is on the rolls too; one decision so far.
    assert live_counts(w.org_a.path, 2026)[Metric.ADMISSION_RATE] == (1, 41)


def test_dashboard_rate_from_an_open_round_is_two_in_forty(known: Known) -> None:
    w = known.world
    day = dt.date(YEAR, 12, 31)
    RatingCampaign.objects.create(
        year=YEAR, organization=w.bloc, rule_set=RuleSet.objects.order_by("effective_from").last(),
        reference_date=day, self_assessment_due=day, review_due=day, proposal_due=day, decision_due=day,
        verification_due=day, state=CampaignState.OPEN,
    )  # fmt: skip
    board = dashboard_for(scope_for(w.officer), year=YEAR, today=IN_YEAR)
    assert board.provisional
    figure = admission_figure(board.roots, w.org_a)
    assert (figure.numerator, figure.denominator, figure.value_text) == (2, 40, "5,0%")
    assert figure.status == TargetStatus.EXCEEDED  # 5% is above the plan's 3–4%


def test_dashboard_rate_from_stored_values_is_two_in_forty(known: Known) -> None:
    w = known.world
    recompute_year(year=YEAR, organization=w.bloc)
    row = KpiValue.objects.get(organization=w.org_a, year=YEAR, metric=Metric.ADMISSION_RATE)
    assert (row.numerator, row.denominator, row.ratio) == (2, 40, 0.05)
    assert KpiValue.objects.get(organization=w.bloc, year=YEAR, metric=Metric.ADMISSION_RATE).numerator == 3
    board = dashboard_for(scope_for(w.officer), year=YEAR, today=AFTER)  # a past year: the stored rows
    assert not board.provisional
    figure = admission_figure(board.roots, w.org_a)
    assert (figure.numerator, figure.denominator, figure.value_text) == (2, 40, "5,0%")
    assert board.trends[Metric.ADMISSION_RATE][board.years.index(YEAR)] == 5.0
    assert [u.figures[Metric.ADMISSION_RATE].value_text for u in board.units] == ["5,0%"]


def test_current_year_card_counts_the_records_as_they_stand(known: Known) -> None:
    """Decisions are recorded all year: in the current year the card (and its trend point) count the records
    now, so the figure and the projection beside it agree even before the stored values are recomputed."""
    w = known.world
    recompute_year(year=YEAR, organization=w.bloc)
    candidate(w.cell_a2, Stage.DECIDED, dt.date(2025, 9, 30), "Phúc")  # recorded after the recompute
    board = dashboard_for(scope_for(w.officer), year=YEAR, today=IN_YEAR)
    figure = admission_figure(board.roots, w.org_a)
    assert (figure.numerator, figure.denominator) == (3, 40)
    assert (figure.projection.admitted, figure.projection.likely) == (3, 2)
    assert board.trends[Metric.ADMISSION_RATE][board.years.index(YEAR)] == 7.5
    detail = unit_dashboard(w.org_a, year=YEAR, live=True, today=IN_YEAR)
    assert detail.figures.figures[Metric.ADMISSION_RATE].numerator == 3
    # Once the year is over the stored rows stand until they are recomputed.
    assert admission_figure(dashboard_for(scope_for(w.officer), year=YEAR, today=AFTER).roots, w.org_a).numerator == 2


def test_projection_beside_the_rate_in_the_current_year_only(known: Known) -> None:
    w = known.world
    recompute_year(year=YEAR, organization=w.bloc)
    board = dashboard_for(scope_for(w.officer), year=YEAR, today=IN_YEAR)
    figure = admission_figure(board.roots, w.org_a)
    assert figure.projection is not None
    p = figure.projection
    assert (p.admitted, p.likely, p.members) == (2, 2, 40)  # cell resolved + committee resolved
    assert (figure.projected.numerator, figure.projected.denominator) == (4, 40)
    assert figure.projected.value_text == "10,0%"
    assert "một quần chúng đã được chi bộ biểu quyết đề nghị" in str(board.notes[0]).lower()
    # Seen in 2026, the 2025 figure is final: no projection; and the other metrics never carry one.
    later = dashboard_for(scope_for(w.officer), year=YEAR, today=AFTER)
    assert admission_figure(later.roots, w.org_a).projection is None
    assert later.notes == []
    assert board.roots[0].figures[Metric.MODEL_CELLS].projection is None
    summary = kpi_summary_for(scope_for(w.officer), year=YEAR, today=IN_YEAR)
    assert admission_figure(summary.roots, w.org_a).projected.numerator == 4
    detail = unit_dashboard(w.org_a, year=YEAR, live=True, today=IN_YEAR)
    assert detail.figures.figures[Metric.ADMISSION_RATE].projection == p
    assert unit_dashboard(w.org_a, year=YEAR, today=IN_YEAR).figures.figures[Metric.ADMISSION_RATE].projection is None


def test_dashboard_page_shows_the_definition_and_the_projection(world: World) -> None:
    w = world
    year = dt.date.today().year
    for _ in range(18):  # 20 members on the rolls of A on 01/01 of this year
        make_member(organization=w.cell_a1)
    candidate(w.cell_a1, Stage.PROBATION, dt.date(year, 1, 1), "Bình")
    candidate(w.cell_a1, Stage.CELL_RESOLVED, None, "Lan")
    candidate(w.cell_a2, Stage.COMMITTEE_RESOLVED, None, "Minh")
    recompute_year(year=year, organization=w.bloc)
    response = login(w.officer).get(f"/chi-tieu/?nam={year}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tỷ lệ kết nạp đảng viên mới = số người có quyết định kết nạp trong năm" in html
    assert "Dự báo cuối năm: 15,0% (1 đã kết nạp + 2 có khả năng kết nạp, trên 20 đảng viên ngày 01/01)" in html
    # The card says what its fraction counts, then what the rate is, before the projection.
    card = html[html.index("1 người được kết nạp / 20 đảng viên ngày 01/01") :]
    assert card.index("Tỷ lệ kết nạp đảng viên mới = số người") < card.index("Dự báo cuối năm")
    assert "Một quần chúng đã được chi bộ biểu quyết đề nghị được tính là có khả năng kết nạp trong năm" in html
    unit = login(w.officer).get(f"/chi-tieu/don-vi/{w.org_a.pk}/?nam={year}").content.decode()
    assert "Dự báo cuối năm: 15,0%" in unit
    past = login(w.officer).get(f"/chi-tieu/?nam={year - 1}").content.decode()
    assert "Dự báo cuối năm" not in past
    assert "Tỷ lệ kết nạp đảng viên mới = số người có quyết định kết nạp trong năm" in past
