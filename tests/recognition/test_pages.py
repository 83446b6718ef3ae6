"""The recognition pages: each persona's view, scope (404 and logged), the writes from the pages, the exports."""

from __future__ import annotations

import io

from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from dangbo.core.models import AuditEntry
from dangbo.recognition import commendations, services
from dangbo.recognition.enums import BadgeState
from dangbo.recognition.models import Badge, Commendation, CommendationKind, CommendationLevel
from tests.conftest import login
from tests.factories import make_user
from tests.members.conftest import count_queries, denied_count

from .conftest import D, admitted, discipline

AWARD = D(2025, 5, 19)
LIST = reverse("recognition:badges", args=["2025-05-19"])


def test_hub_offers_the_award_dates_commendations_and_report(world, as_officer):
    body = as_officer.get(reverse("recognition:home")).content.decode()
    for text in ("Các đợt trao tặng Huy hiệu Đảng", 'id="date-2024-02-03"', 'id="date-2026-11-07"',
                 "Khen thưởng tổ chức đảng, đảng viên", "Báo cáo Huy hiệu Đảng"):  # fmt: skip
        assert text in body


def test_hub_refuses_a_member_without_an_officer_role(world, as_member):
    assert as_member.get(reverse("recognition:home")).status_code == 403


def test_list_shows_the_rows_with_verdict_seniority_and_reason(world, as_officer, cell):
    due = admitted(cell, D(1995, 5, 1))
    blocked = admitted(cell, D(1995, 3, 1))
    discipline(blocked, form="warning", decided=D(2025, 1, 10))
    body = as_officer.get(LIST, {"to_chuc": world.org_a.pk}).content.decode()
    assert f'id="row-{due.pk}-30"' in body and "30 năm 0 tháng 18 ngày" in body
    assert "Đủ điều kiện" in body and "Chưa xét tặng (kỷ luật)" in body
    assert f'value="{due.pk}-30"' in body and f'value="{blocked.pk}-30"' not in body  # only proposable rows
    filtered = as_officer.get(LIST, {"to_chuc": world.org_a.pk, "ket_qua": "blocked"}).content.decode()
    assert f'id="row-{blocked.pk}-30"' in filtered and f'id="row-{due.pk}-30"' not in filtered


def test_list_of_a_unit_outside_the_scope_is_404_and_logged(world, as_officer):
    response = as_officer.get(LIST, {"to_chuc": world.org_b.pk})
    assert response.status_code == 404
    assert denied_count("organization", world.org_b.pk) == 1


def test_absurd_award_dates_are_404(world, as_officer):
    for day in ("2025-05-20", "9999-99-99", "abc", "0001-02-03"):
        assert as_officer.get(reverse("recognition:badges", args=[day])).status_code == 404


def test_propose_from_the_list_then_award(world, as_officer, as_bloc_officer, cell):
    m = admitted(cell, D(1995, 5, 1))
    response = as_officer.post(reverse("recognition:propose", args=["2025-05-19"]),
                               {"to_chuc": world.org_a.pk, "chon": [f"{m.pk}-30"]})  # fmt: skip
    assert response.status_code == 302
    badge = Badge.objects.get(member=m, milestone=30)
    assert badge.state == BadgeState.PROPOSED and badge.proposing_organization == world.org_a
    page = as_bloc_officer.get(reverse("recognition:award", args=["2025-05-19"])).content.decode()
    assert f'id="pending-{badge.pk}"' in page
    response = as_bloc_officer.post(reverse("recognition:award", args=["2025-05-19"]), {
        "chon": [badge.pk], "decision_number": "125-QĐ/TU", "decision_date": badge.proposed_on.strftime("%d/%m/%Y"),
        "deciding_authority": "Ban Thường vụ Tỉnh ủy"})  # fmt: skip
    assert response.status_code == 302
    badge.refresh_from_db()
    assert badge.state == BadgeState.AWARDED
    body = as_officer.get(reverse("members:detail", args=[m.pk])).content.decode()
    assert 'id="member-recognition"' in body and "125-QĐ/TU" in body


def test_propose_refused_shows_the_reason_and_writes_nothing(world, as_officer, cell):
    m = admitted(cell, D(1995, 5, 20))
    response = as_officer.post(reverse("recognition:propose", args=["2025-05-19"]),
                               {"to_chuc": world.org_a.pk, "chon": [f"{m.pk}-30"]}, follow=True)  # fmt: skip
    assert "Chưa đủ 30 năm tuổi đảng vào đợt 19/05/2025" in response.content.decode()
    assert not Badge.objects.exists()


def test_propose_a_member_outside_the_scope_is_404_and_logged(world, as_officer):
    response = as_officer.post(reverse("recognition:propose", args=["2025-05-19"]),
                               {"to_chuc": world.org_a.pk, "chon": [f"{world.m3.pk}-30"]})  # fmt: skip
    assert response.status_code == 404
    assert denied_count("member", world.m3.pk) == 1 and not Badge.objects.exists()


def test_cell_secretary_proposes_but_may_not_record_the_award(world, cell):
    secretary = login(make_user("bithu_a1", role="cell_secretary", organization=cell))
    assert secretary.get(LIST, {"to_chuc": cell.pk}).status_code == 200
    assert secretary.get(reverse("recognition:award", args=["2025-05-19"])).status_code == 403


def test_member_sees_own_badges_and_seniority_on_their_page(world, as_member, cell):
    body = as_member.get(reverse("members:detail", args=[world.m1.pk])).content.decode()
    assert 'id="member-seniority"' in body and "ngày" in body
    assert 'id="member-recognition"' in body and "Mốc tiếp theo: Huy hiệu 30 năm tuổi đảng" in body
    assert 'id="record-illness"' not in body


def test_exports_are_audited_and_neutralize_formulas(world, as_officer, cell):
    m = admitted(cell, D(1995, 5, 1), family_name="=HYPERLINK(1)")
    services.propose_badge(actor=None, member=m, years=30, award_date=AWARD, proposing_organization=world.org_a,
                           today=D(2025, 5, 10))  # fmt: skip
    xlsx = as_officer.get(reverse("recognition:badges_xlsx", args=["2025-05-19"]), {"to_chuc": world.org_a.pk})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["B2"].value.startswith("=HYPERLINK") and sheet["B2"].data_type == "s"
    docx = as_officer.get(reverse("recognition:badges_docx", args=["2025-05-19"]), {"to_chuc": world.org_a.pk})
    text = "\n".join(c.text for t in Document(io.BytesIO(docx.content)).tables for r in t.rows for c in r.cells)
    assert "=HYPERLINK(1)" in text and "30 năm 0 tháng 18 ngày" in text
    assert AuditEntry.objects.filter(action="recognition.badges.exported").count() == 2


def test_report_counts_listed_proposed_and_awarded_as_of_a_day(world, as_officer, cell):
    m = admitted(cell, D(1995, 5, 1))
    badge = services.propose_badge(actor=None, member=m, years=30, award_date=AWARD,
                                   proposing_organization=world.org_a, today=D(2025, 5, 10))  # fmt: skip
    services.record_award(actor=None, badge=badge, decision_number="1-QĐ/TU", decision_date=D(2025, 5, 15),
                          deciding_authority="Tỉnh ủy", expected_version=1, today=D(2025, 5, 20))  # fmt: skip
    url = reverse("recognition:report")
    before = as_officer.get(url, {"to_chuc": world.org_a.pk, "nam": 2025, "ngay": "14/05/2025"}).context["report"]
    after = as_officer.get(url, {"to_chuc": world.org_a.pk, "nam": 2025, "ngay": "31/12/2025"}).context["report"]
    may = next(d for d in before.dates if d.award_date == AWARD)
    assert (may.total.listed, may.total.proposed, may.total.awarded) == (1, 1, 0)
    may = next(d for d in after.dates if d.award_date == AWARD)
    assert (may.total.listed, may.total.proposed, may.total.awarded) == (1, 1, 1)
    assert may.by_unit[cell.pk].awarded == 1
    assert (
        as_officer.get(reverse("recognition:report_xlsx"), {"to_chuc": world.org_a.pk, "nam": 2025}).status_code == 200
    )


def test_commendation_proposed_from_the_page_and_decided_by_the_competent_committee(world, as_officer,
                                                                                    as_bloc_officer):  # fmt: skip
    kind = CommendationKind.objects.get(code="dv-xuat-sac-5-nam")
    level = CommendationLevel.objects.get(code="giay-khen-cap-tren")
    body = {"kind": kind.pk, "level": level.pk, "year": 2025, "member": world.m1.pk, "achievement": "<b>Tiêu biểu</b>"}
    response = as_officer.post(f"{reverse('recognition:commendations')}?to_chuc={world.org_a.pk}", body)
    assert response.status_code == 302
    c = Commendation.objects.get()
    page = as_officer.get(reverse("recognition:commendation", args=[c.pk])).content.decode()
    assert "&lt;b&gt;Tiêu biểu&lt;/b&gt;" in page and 'id="decide-form"' not in page  # the bloc decides, not org A
    decide = {"quyet_dinh": "1", "decision_number": "1", "decided_on": "01/01/2026", "version": 1}
    assert as_officer.post(reverse("recognition:commendation_decide", args=[c.pk]), decide).status_code == 404
    response = as_bloc_officer.post(reverse("recognition:commendation_decide", args=[c.pk]), {
        "quyet_dinh": "1", "decision_number": "15-QĐ/ĐUK", "decided_on": c.proposed_on.strftime("%d/%m/%Y"),
        "version": 1})  # fmt: skip
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.decision_number == "15-QĐ/ĐUK"


def test_badge_list_costs_the_same_queries_for_1_and_3_rows(world, as_officer, cell):
    first = admitted(cell, D(1995, 5, 1))
    discipline(first, form="warning", decided=D(2025, 1, 10))
    services.record_illness(actor=None, member=admitted(cell, D(1966, 1, 1)), certified_on=D(2025, 1, 1),
                            certified_by="BV", today=D(2025, 5, 1))  # fmt: skip
    query = {"to_chuc": world.org_a.pk}
    one = count_queries(as_officer, LIST, data=query)
    for day in (D(1995, 5, 2), D(1995, 5, 3)):
        m = admitted(cell, day)
        discipline(m, form="reprimand", decided=D(2025, 2, 1), number=f"{day.day}-QĐ/ĐU")
    assert count_queries(as_officer, LIST, data=query) == one


def test_commendation_list_costs_the_same_queries_for_1_and_3_rows(world, as_officer):
    kind = CommendationKind.objects.get(code="dv-xuat-sac-nam")
    level = CommendationLevel.objects.get(code="giay-khen-co-so")
    url, query = reverse("recognition:commendations"), {"to_chuc": world.org_a.pk, "nam": 2025}

    def propose(member):
        commendations.propose_commendation(actor=None, kind=kind, level=level, year=2025, member=member,
                                           proposing_organization=world.org_a, today=D(2026, 1, 5))  # fmt: skip

    propose(world.m1)
    one = count_queries(as_officer, url, data=query)
    propose(world.m2)
    propose(admitted(world.cell_a2, D(2000, 1, 1)))
    assert count_queries(as_officer, url, data=query) == one
