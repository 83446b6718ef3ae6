"""From a denunciation to a warning, and what the warning changes, in headless Chromium by clicking only.

The bloc's organization board first sees a member of cell A1 allowed up to "good" (85 points) in the open 2025
rating round and due for the 30-year party badge on 03/02/2026. The bloc's inspection officer then opens the
denunciation about that member from the complaints hub, opens an inspection case from it, steps through notice,
report, verification (a violation found), draft and conclusion, and concludes with a warning, which the bloc's
inspection commission is competent to decide: the decision is recorded through the discipline service. The board
then finds the member's rating held at "not fulfilled" by the disciplined-in-the-year rule (proposing "good" is
refused, naming the rule, nothing saved) and the badge blocked by the decision, named by its number. Fixed past
dates (2025 round, letter and case; award date 03/02/2026). Each key page leaves a desktop screenshot; the last two
also a 390×844 phone one, without sideways scrolling.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from dangbo.accounts.enums import RoleKind
from dangbo.complaints import services as complaint_services
from dangbo.complaints.enums import Channel, ComplaintKind
from dangbo.discipline.models import Discipline
from dangbo.evaluations.enums import Level, RatingStep
from dangbo.evaluations.facts import RatingInputs
from dangbo.evaluations.models import Rating
from dangbo.evaluations.services import open_campaign
from dangbo.evaluations.workflow import perform_step
from dangbo.inspection.enums import CaseState, ConclusionResult
from dangbo.inspection.models import Case
from tests.factories import make_user
from tests.recognition.conftest import admitted

from .conftest import log_in, shot

pytestmark = pytest.mark.browser
D = dt.date
PHONE = {"width": 390, "height": 844}
AWARD_DATE = "2026-02-03"
DECISION = "21-QĐ/UBKTĐUK"


def _setup(world: Any) -> tuple[Any, Rating, Any]:
    """The member (30 years of seniority on 15/01/2026), their rating reviewed "good" at the cell in the bloc's
    open 2025 round (85 points on the 100-point sheet), and a denunciation about them received by the bloc's
    inspection commission."""
    make_user("ubkt_khoi", role=RoleKind.BLOC_INSPECTION_OFFICER, organization=world.bloc)
    member = admitted(world.cell_a1, D(1996, 1, 15), family_name="Lê", middle_name="Văn", given_name="Khải")
    campaign = open_campaign(actor=world.bloc_officer, organization=world.bloc, year=2025)
    rating = Rating.objects.get(campaign=campaign, member=member)
    left, scores = Decimal(85), {}
    for criterion in campaign.rule_set.as_data().params.score.criteria_for("member"):
        scores[criterion.code] = min(left, criterion.max_score)
        left -= scores[criterion.code]
    sheet = RatingInputs(scores=scores, on_time_pct=Decimal(100), exceeding_pct=Decimal(10))
    rating = perform_step(actor=world.officer, rating=rating, step="self_assessed", level=Level.GOOD, sheet=sheet,
                          expected_version=rating.version)  # fmt: skip
    rating = perform_step(actor=world.officer, rating=rating, step="reviewed", level=Level.GOOD,
                          expected_version=rating.version)  # fmt: skip
    letter = complaint_services.receive_complaint(
        actor=None, kind=ComplaintKind.DENUNCIATION, received_on=D(2025, 9, 3), channel=Channel.POST,
        handling_organization=world.bloc, summary="Tố cáo sử dụng xe công vào việc riêng",
        identity={"full_name": "Lê Văn Tố", "address": "12 Lý Thường Kiệt", "phone": "", "email": "",
                  "citizen_id": ""},
        subject_member=member, today=D(2025, 9, 30),
    )  # fmt: skip
    return member, rating, letter


def _fits_phone(page: Any) -> None:
    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _rating_verdict(page: Any, rating: Rating, name: str) -> str:
    """Home → rating rounds → the 2025 round → Sở Tài chính → Chi bộ Phòng Ngân sách → the member's rating."""
    page.locator("nav.mainnav").get_by_role("link", name="Đánh giá, xếp loại", exact=True).click()
    page.locator("table").get_by_role("link", name="Đảng bộ Khối Các cơ quan và Doanh nghiệp tỉnh").first.click()
    page.wait_for_selector("h1:has-text('Đánh giá, xếp loại năm 2025')")
    page.locator(".progress-table").get_by_role("link", name="Đảng bộ Sở Tài chính").click()
    page.wait_for_selector("h1:has-text('Đảng bộ Sở Tài chính')")
    page.locator(".progress-table tbody tr").filter(has_text="Chi bộ Phòng Ngân sách").get_by_role(
        "link", name="Chi bộ Phòng Ngân sách").click()  # fmt: skip
    page.wait_for_selector("h1:has-text('Chi bộ Phòng Ngân sách')")
    page.locator(f"#rating-{rating.pk}").get_by_role("link", name=name).click()
    page.wait_for_selector("#verdict")
    return str(page.locator("#verdict").inner_text())


def _badge_row(page: Any, member: Any) -> str:
    """Home → recognition → the award date 03/02/2026 → the member's 30-year row."""
    page.click("#nav-recognition")
    page.wait_for_selector("#award-dates")
    page.click(f"#date-{AWARD_DATE}")
    page.wait_for_selector("#verdict-counts")
    return str(page.locator(f"#row-{member.pk}-30").inner_text())


def _log_out(page: Any) -> None:
    page.locator(".usermenu").get_by_role("button", name="Đăng xuất").click()
    page.wait_for_selector("#id_username")


def _open_case_from_the_letter(page: Any, letter: Any) -> None:
    page.click("#nav-oversight")
    page.click("#oversight-complaints")
    page.wait_for_selector("#complaints-list")
    shot(page, "e2e-03-ubkt-khieu-nai")
    page.locator("#complaint-table").get_by_role("link", name="03/09/2025").click()
    page.wait_for_selector("#letter-facts")
    assert "Lê Văn Khải" in page.locator("#letter-facts").inner_text()
    shot(page, "e2e-04-ubkt-don-to-cao")
    page.click("#open-case")
    page.wait_for_selector("#from-complaint")
    page.fill("#id_decision_number", "20-QĐ/UBKTĐUK")
    page.fill("#id_decision_date", "10/09/2025")
    page.fill("#id_violation_date", "01/06/2025")
    page.select_option("#id_violation_form", "warning")
    page.select_option("#id_violation_kind", "ordinary")
    shot(page, "e2e-05-ubkt-mo-cuoc-tu-don")
    page.click("#submit")
    page.wait_for_selector("#case-stages")


def _step(page: Any, slug: str, day: str) -> None:
    page.fill(f"#id_{slug}-on", day)
    page.click(f"#submit-{slug}")
    page.wait_for_selector(".messages .msg-success")


def _conclude_with_a_warning(page: Any) -> None:
    _step(page, "thong-bao", "12/09/2025")
    _step(page, "bao-cao", "26/09/2025")
    page.fill("#id_ket-qua-found_on", "15/10/2025")
    page.fill("#id_ket-qua-text", "Sử dụng xe công đưa đón gia đình 8 lần trong quý II/2025")
    page.check("#id_ket-qua-is_violation")
    page.click("#submit-ket-qua")
    page.wait_for_selector(".messages .msg-success")
    _step(page, "tham-tra", "15/10/2025")
    _step(page, "du-thao", "30/10/2025")
    page.fill("#id_ket-luan-concluded_on", "20/11/2025")
    page.select_option("#id_ket-luan-result", ConclusionResult.DISCIPLINE)
    page.fill("#id_ket-luan-conclusion", "Đồng chí vi phạm quy định về sử dụng tài sản công; thi hành kỷ luật.")
    page.fill("#id_ket-luan-conclusion_number", "22-TB/UBKTĐUK")
    page.select_option("#id_ket-luan-form", "warning")
    page.fill("#id_ket-luan-decision_number", DECISION)
    page.fill("#id_ket-luan-votes_for", "7")
    page.fill("#id_ket-luan-voters_entitled", "9")
    shot(page, "e2e-06-ubkt-ket-luan")
    page.click("#submit-ket-luan")
    page.wait_for_selector("#case-discipline")


def test_a_denunciation_ends_in_a_warning_that_holds_back_the_rating_and_the_badge(page, world):  # type: ignore[no-untyped-def]
    member, rating, letter = _setup(world)
    name = "Lê Văn Khải"

    log_in(page, "bantochuc")
    verdict = _rating_verdict(page, rating, name)
    assert "Mức được phép: Hoàn thành tốt nhiệm vụ;" in verdict and "kỷ luật" not in verdict
    shot(page, "e2e-01-ban-to-chuc-xep-loai-truoc")
    row = _badge_row(page, member)
    assert "Đủ điều kiện" in row and "kỷ luật" not in row
    shot(page, "e2e-02-ban-to-chuc-huy-hieu-truoc")
    _log_out(page)

    log_in(page, "ubkt_khoi")
    _open_case_from_the_letter(page, letter)
    case = Case.objects.get(complaint=letter)
    assert case.subject_member == member and case.organization == world.bloc
    _conclude_with_a_warning(page)
    assert f"Cảnh cáo: {DECISION}, 20/11/2025" in page.locator("#case-discipline").inner_text()
    shot(page, "e2e-07-ubkt-da-ky-luat")
    decision = Discipline.objects.get(member=member)
    assert (decision.form, decision.decision_number, decision.deciding_organization) == ("warning", DECISION,
                                                                                         world.bloc)  # fmt: skip
    assert Case.objects.get(pk=case.pk).discipline == decision and case.state != CaseState.CLOSED
    _log_out(page)

    log_in(page, "bantochuc")
    verdict = _rating_verdict(page, rating, name)
    assert "Mức được phép: Không hoàn thành nhiệm vụ" in verdict
    assert "bị kỷ luật ngày 20/11/2025" in verdict and "bị kỷ luật trong năm thì xếp loại" in verdict
    row = page.locator(f"#rating-{rating.pk}")
    row.locator("select[name$='-step']").select_option(RatingStep.PROPOSED.value)
    row.locator("select[name$='-level']").select_option(Level.GOOD.value)
    row.get_by_role("button", name="Lưu").click()
    refusal = page.locator(f"#rating-{rating.pk} [role=alert]").first
    refusal.wait_for()
    assert "Không thể xếp loại Hoàn thành tốt nhiệm vụ: bị kỷ luật ngày 20/11/2025 (Quy định 124-QĐ/TW" in \
        refusal.inner_text()  # fmt: skip
    rating.refresh_from_db()
    assert (rating.step, rating.proposed_level) == (RatingStep.REVIEWED, "")
    shot(page, "e2e-08-ban-to-chuc-xep-loai-sau")
    _fits_phone(page)
    shot(page, "e2e-08-ban-to-chuc-xep-loai-sau-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    row = _badge_row(page, member)
    assert "Đủ điều kiện" not in row
    assert f"Chưa xét tặng: đang chịu kỷ luật cảnh cáo (Quyết định số {DECISION} ngày 20/11/2025)" in row
    shot(page, "e2e-09-ban-to-chuc-huy-hieu-sau")
    _fits_phone(page)
    shot(page, "e2e-09-ban-to-chuc-huy-hieu-sau-phone")
