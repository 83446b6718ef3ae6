"""The rating round in headless Chromium: the bloc opens a round, the grassroots committee rates a cell's
members on one screen and meets the cap on "excellent", the bloc locks the round and sees the dashboard's
members good-or-better figure go from provisional (computed live while the round is open) to final. Each step
leaves a screenshot."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from dangbo.core.models import BackgroundJob
from dangbo.evaluations.enums import GOOD_OR_BETTER, CampaignState, Level, RatingStep, SubjectKind
from dangbo.evaluations.models import Rating, RatingCampaign
from dangbo.planning.models import KpiValue

from .conftest import log_in, shot

pytestmark = pytest.mark.browser


MEMBERS_FIGURE = "Tỷ lệ đảng viên HTTNV trở lên"


def _expected_members_figure(campaign: RatingCampaign) -> tuple[str, str]:
    """The members good-or-better share of the round, counted from the ratings stored in the database:
    ("50,0%", "1/2"), with the dashboard's one decimal and Vietnamese decimal comma."""
    rated = Rating.objects.filter(campaign=campaign, subject_kind=SubjectKind.MEMBER, not_rated=False).exclude(
        final_level=""
    )
    total = rated.count()
    good = rated.filter(final_level__in=[level.value for level in GOOD_OR_BETTER]).count()
    assert total > 0
    share = (Decimal(good) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{share}%".replace(".", ","), f"{good}/{total}"


def check_dashboard_figure(page: Any, year: int) -> tuple[str, str]:
    """Open the dashboard of `year` and read the members good-or-better card of the user's top organization:
    (the percentage shown, the numerator/denominator line)."""
    page.goto(page.base_url + f"/chi-tieu/?nam={year}")
    page.wait_for_selector(f"h1:has-text('năm {year}')")
    card = page.locator(".kpi-cards .kpi-card").filter(has=page.get_by_role("heading", name=MEMBERS_FIGURE, exact=True))
    assert card.count() == 1
    value = card.locator("p.stat").inner_text().split()[0]
    counts = card.locator("p.muted").inner_text().splitlines()[-1].strip()
    return value, counts


def _save_row(page: Any, rating: Rating, step: str, level: str, *, refused: bool = False) -> Any:
    """Take a step from the member's row; htmx swaps the row, which says the step it reached."""
    row = page.locator(f"#rating-{rating.pk}")
    row.locator("select[name$='-step']").select_option(step)
    row.locator("select[name$='-level']").select_option(level)
    with page.expect_response(lambda r: f"/xep-loai/{rating.pk}/buoc/" in r.url):
        row.locator("button[type=submit]").click()
    row = page.locator(f"#rating-{rating.pk}")
    if not refused:
        row.locator("td[data-label='Bước']").get_by_text(str(RatingStep(step).label)).wait_for()
    return row


def test_open_round_rate_cell_meet_cap_and_lock(page, world):
    log_in(page, "bantochuc")
    page.goto(page.base_url + "/danh-gia/")
    page.fill("#id_year", "2024")
    page.fill("#id_reference_date", "31/12/2024")
    page.fill("#id_self_assessment_due", "10/12/2024")
    page.fill("#id_review_due", "20/12/2024")
    page.fill("#id_proposal_due", "25/12/2024")
    page.fill("#id_decision_due", "10/01/2025")
    page.fill("#id_verification_due", "20/01/2025")
    shot(page, "20-mo-dot-danh-gia")
    page.click("form.open-campaign button[type=submit]")
    page.wait_for_selector("h1:has-text('Đánh giá, xếp loại năm 2024')")
    campaign = RatingCampaign.objects.get(year=2024)
    assert page.locator(".progress-table").get_by_text("Đảng bộ Sở Tài chính").is_visible()
    shot(page, "21-tien-do-dot-danh-gia")

    # The grassroots committee of A rates cell A1's members on one screen.
    page.context.clear_cookies()
    log_in(page, "canbo_a")
    page.goto(page.base_url + f"/danh-gia/{campaign.pk}/")
    page.click(".progress-table >> text=Đảng bộ Sở Tài chính")
    page.click(".progress-table >> text=Chi bộ Phòng Ngân sách")
    page.wait_for_selector("h1:has-text('Chi bộ Phòng Ngân sách')")
    m1 = Rating.objects.get(campaign=campaign, member=world.m1)
    m2 = Rating.objects.get(campaign=campaign, member=world.m2)
    for rating in (m1, m2):
        _save_row(page, rating, "self_assessed", Level.GOOD)
    row = _save_row(page, m1, "reviewed", Level.EXCELLENT, refused=True)
    row.get_by_text("Đã dùng 0/0 suất Hoàn thành xuất sắc nhiệm vụ").wait_for()
    assert "Còn lại 0 suất" in row.inner_text()
    shot(page, "22-vuot-suat-xuat-sac")
    # m1 ends "good", m2 only "fulfilled": the dashboard's members good-or-better share is then not trivially 100%.
    for rating, level in ((m1, Level.GOOD), (m2, Level.FULFILLED)):
        for step in ("reviewed", "proposed", "decided"):
            _save_row(page, rating, step, level)
    m1.refresh_from_db()
    m2.refresh_from_db()
    assert (m1.final_level, m2.final_level) == (Level.GOOD, Level.FULFILLED)
    shot(page, "23-chi-bo-da-xep-loai")

    # Before the lock the bloc's dashboard shows the round's figures so far, computed live and marked provisional;
    # the stored KPI values are computed on locking.
    page.context.clear_cookies()
    log_in(page, "bantochuc")
    assert not KpiValue.objects.filter(year=2024).exists()
    assert check_dashboard_figure(page, 2024) == _expected_members_figure(campaign)
    assert page.locator(".kpi-cards .kpi-provisional").first.is_visible()
    shot(page, "24-chi-tieu-truoc-khi-khoa")

    # The bloc locks the round.
    page.goto(page.base_url + f"/danh-gia/{campaign.pk}/")
    page.click("a.lock")
    page.check("#id_confirm")
    page.click("button.lock")
    page.wait_for_selector("text=Đã khóa đợt đánh giá.")
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.LOCKED
    shot(page, "25-khoa-dot-danh-gia")

    # Locking starts the job "planning.kpi.recompute" once the lock commits; the live server runs under the
    # immediate task backend, so the job has run (inside the lock request) by the time the page answers.
    job = BackgroundJob.objects.get(kind="planning.kpi.recompute")
    assert job.state == BackgroundJob.State.DONE, job.message
    assert job.params == {"year": 2024, "organization_id": world.bloc.pk}
    expected = _expected_members_figure(campaign)
    assert expected == ("50,0%", "1/2")  # the levels entered above: m1 good, m2 fulfilled
    assert check_dashboard_figure(page, 2024) == expected
    shot(page, "26-chi-tieu-sau-khi-khoa")
