"""The screening pages with the personas: the cell secretary runs the round, the grassroots officer manages it
too, the bloc officers read, the outsider and the member are refused; ids out of scope in addresses, filters
and bodies answer 404 and are logged; evidence views are audited; what people typed is escaped."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangbo.accounts.enums import RoleKind
from dangbo.core.models import AuditEntry
from dangbo.screening import services
from dangbo.screening.enums import Outcome
from dangbo.screening.models import Review, ScreeningRound, SignalHit
from dangbo.screening.signals import refresh

from ..conftest import login
from ..factories import make_member, make_user
from .conftest import Cell
from .helpers import YEAR, absent_in_months

pytestmark = pytest.mark.django_db
HUGE = "9" * 30


def denied(what: str, object_id: object) -> int:
    return AuditEntry.objects.filter(action="core.access.denied", object_type=what, object_id=str(object_id)).count()


def viewed(member_id: int) -> int:
    entries = AuditEntry.objects.filter(action="screening.evidence.viewed")
    return sum(1 for e in entries if member_id in e.data["members"])


@pytest.fixture
def round_(cell: Cell) -> ScreeningRound:
    absent_in_months(cell.world.m1, [1, 4, 8])
    return services.open_round(actor=cell.secretary, cell=cell.world.cell_a1, year=YEAR)


# --- access ------------------------------------------------------------------------------------------------------


def test_a_member_without_the_right_is_refused(cell: Cell, as_member) -> None:  # type: ignore[no-untyped-def]
    assert as_member.get(reverse("screening:list")).status_code == 403
    assert as_member.get(reverse("screening:cell", args=[cell.world.cell_a1.pk])).status_code == 403


@pytest.mark.parametrize(
    "url",
    [f"/sang-loc/chi-bo/{HUGE}/", f"/sang-loc/dot/{HUGE}/", f"/sang-loc/dang-vien/{HUGE}/",
     f"/sang-loc/dau-hieu/{HUGE}/", "/sang-loc/?to_chuc=" + HUGE, "/sang-loc/?nam=abc&dau_hieu=nope",
     "/sang-loc/?nam=" + HUGE, f"/sang-loc/chi-bo/1/?nam={HUGE}"],
)  # fmt: skip
def test_absurd_ids_never_fail(cell: Cell, as_bloc_officer, url: str) -> None:  # type: ignore[no-untyped-def]
    assert as_bloc_officer.get(url).status_code in (200, 302, 400, 404)


def test_out_of_scope_ids_in_addresses_answer_404_and_are_logged(
    cell: Cell, round_: ScreeningRound, as_outsider
) -> None:  # type: ignore[no-untyped-def]
    review = round_.reviews.get()
    refresh(YEAR, cell.world.bloc)
    hit = SignalHit.objects.get()
    checks = [
        (reverse("screening:cell", args=[cell.world.cell_a1.pk]), "organization", cell.world.cell_a1.pk),
        (reverse("screening:round", args=[round_.pk]), "screening_round", round_.pk),
        (reverse("screening:review", args=[review.pk]), "screening_review", review.pk),
        (reverse("screening:hit", args=[hit.pk]), "screening_signal", hit.pk),
        (reverse("screening:list") + f"?to_chuc={cell.world.org_a.pk}", "organization", cell.world.org_a.pk),
    ]
    for url, what, pk in checks:
        assert as_outsider.get(url).status_code == 404, url
        assert denied(what, pk) >= 1, url
    posts = [
        (reverse("screening:open", args=[cell.world.cell_a1.pk]), {"nam": YEAR}),
        (reverse("screening:vote", args=[review.pk]), {"version": 1, "vote_date": "20/02/2026", "votes_for": 5}),
        (reverse("screening:outcome", args=[review.pk]), {"version": 1, "outcome": "improved", "on": "20/02/2026"}),
        (reverse("screening:close", args=[round_.pk]), {"version": round_.version}),
        (reverse("screening:refresh"), {"nam": YEAR, "to_chuc": cell.world.org_a.pk}),
    ]
    for url, data in posts:
        assert as_outsider.post(url, data).status_code == 404, url
    review.refresh_from_db()
    assert review.votes_for is None and ScreeningRound.objects.count() == 1


def test_a_reader_may_not_decide(cell: Cell, round_: ScreeningRound, as_bloc_officer) -> None:  # type: ignore[no-untyped-def]
    review = round_.reviews.get()
    assert as_bloc_officer.get(reverse("screening:review", args=[review.pk])).status_code == 200
    response = as_bloc_officer.post(reverse("screening:vote", args=[review.pk]),
                                    {"version": 1, "vote_date": "20/02/2026", "votes_for": 5})  # fmt: skip
    assert response.status_code == 403


def test_a_member_id_out_of_scope_in_the_body_answers_404_and_is_logged(cell: Cell, round_: ScreeningRound) -> None:
    client = login(cell.secretary)
    url = reverse("screening:add", args=[round_.pk])
    response = client.post(url, {"version": round_.version, "member": cell.world.m3.pk, "reason": "Lý do"})
    assert response.status_code == 404 and denied("member", cell.world.m3.pk) == 1
    other = make_member(organization=cell.world.cell_a2)  # in the officer's scope, not in the cell
    response = login(cell.world.officer).post(url, {"version": round_.version, "member": other.pk, "reason": "Lý do"},
                                              follow=True)  # fmt: skip
    assert "không sinh hoạt tại Chi bộ Phòng Ngân sách" in response.content.decode()
    assert round_.reviews.count() == 1


# --- the secretary's round ---------------------------------------------------------------------------------------


def test_the_cell_page_lists_the_signals_and_opens_the_round(cell: Cell) -> None:
    absent_in_months(cell.world.m1, [1, 4, 8])
    client = login(cell.secretary)
    page = client.get(reverse("screening:cell", args=[cell.world.cell_a1.pk]) + f"?nam={YEAR}")
    text = page.content.decode()
    assert page.status_code == 200 and cell.world.m1.full_name in text
    assert "Bỏ sinh hoạt đảng không có lý do chính đáng" in text and "10/04/2025" in text
    assert "Chưa có số liệu đảng phí" in text
    assert viewed(cell.world.m1.pk) == 1
    response = client.post(reverse("screening:open", args=[cell.world.cell_a1.pk]), {"nam": YEAR})
    opened = ScreeningRound.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("screening:round", args=[opened.pk])
    # Once open, the cell page leads to the round.
    again = client.get(reverse("screening:cell", args=[cell.world.cell_a1.pk]) + f"?nam={YEAR}")
    assert again.status_code == 302 and again["Location"] == reverse("screening:round", args=[opened.pk])


def test_the_round_page_shows_explanations_and_evidence_audited(cell: Cell, round_: ScreeningRound) -> None:
    page = login(cell.secretary).get(reverse("screening:round", args=[round_.pk]))
    text = page.content.decode()
    assert "Chỉ thị 28-CT/TW" in text and "10/08/2025 (Chi bộ Phòng Ngân sách)" in text
    assert "Hôm nay chi bộ có 6 đảng viên chính thức" in text
    assert viewed(cell.world.m1.pk) == 1


def test_a_reason_typed_with_html_is_escaped(cell: Cell, round_: ScreeningRound) -> None:
    client = login(cell.secretary)
    reason = "<script>alert(1)</script> <b>x</b>"
    client.post(reverse("screening:add", args=[round_.pk]),
                {"version": round_.version, "member": cell.world.m2.pk, "reason": reason})  # fmt: skip
    review = Review.objects.get(member=cell.world.m2)
    for url in (reverse("screening:round", args=[round_.pk]), reverse("screening:review", args=[review.pk])):
        text = client.get(url).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;x&lt;/b&gt;" in text and "<b>x</b>" not in text


def test_vote_then_outcome_through_the_pages(cell: Cell, round_: ScreeningRound) -> None:
    client = login(cell.secretary)
    review = round_.reviews.get()
    url = reverse("screening:review", args=[review.pk])
    assert "Ghi kết quả bỏ phiếu kín" in client.get(url).content.decode() and viewed(cell.world.m1.pk) == 1
    too_many = client.post(reverse("screening:vote", args=[review.pk]),
                           {"version": 1, "vote_date": "20/02/2026", "votes_for": 7})  # fmt: skip
    assert too_many.status_code == 400 and "Số phiếu đồng ý (7) lớn hơn" in too_many.content.decode()
    no_vote = client.post(reverse("screening:outcome", args=[review.pk]),
                          {"version": 1, "outcome": "improved", "on": "20/02/2026"})  # fmt: skip
    assert no_vote.status_code == 400 and "Chưa có kết quả biểu quyết đưa" in no_vote.content.decode()
    ok = client.post(reverse("screening:vote", args=[review.pk]),
                     {"version": 1, "vote_date": "20/02/2026", "votes_for": 4})  # fmt: skip
    assert ok.status_code == 302
    review.refresh_from_db()
    assert (review.eligible, review.outcome) == (6, Outcome.HELPING)
    page = client.get(url).content.decode()
    assert "4/6 đảng viên chính thức đồng ý" in page and "bithu_a1" in page
    done = client.post(reverse("screening:outcome", args=[review.pk]),
                       {"version": review.version, "outcome": "discipline_proposed", "on": "25/02/2026",
                        "note": "Vi phạm <quy định>"})  # fmt: skip
    assert done.status_code == 302
    page = client.get(url).content.decode()
    assert "Đề nghị xem xét kỷ luật" in page and "Vi phạm &lt;quy định&gt;" in page


def test_a_stale_vote_form_is_refused(cell: Cell, round_: ScreeningRound) -> None:
    client = login(cell.secretary)
    review = round_.reviews.get()
    data = {"version": 1, "vote_date": "20/02/2026", "votes_for": 4}
    assert client.post(reverse("screening:vote", args=[review.pk]), data).status_code == 302
    stale = client.post(reverse("screening:vote", args=[review.pk]), {**data, "votes_for": 2})
    assert stale.status_code == 400 and "người khác sửa" in stale.content.decode()


# --- the officers' list ----------------------------------------------------------------------------------------


def test_the_officer_list_shows_the_stored_signals_and_filters(cell: Cell, round_: ScreeningRound) -> None:
    absent_in_months(cell.world.m3, [2, 3, 4])
    refresh(YEAR, cell.world.bloc)
    inspector = make_user("ubkt", role=RoleKind.BLOC_INSPECTION_OFFICER, organization=cell.world.bloc)
    client = login(inspector)
    text = client.get(reverse("screening:list") + f"?nam={YEAR}").content.decode()
    assert cell.world.m1.full_name in text and cell.world.m3.full_name in text and "2</strong> dấu hiệu" in text
    assert "Tính lại dấu hiệu" in text and "Chi bộ Phòng Ngân sách" in text  # the round of A1
    only_a = client.get(reverse("screening:list") + f"?nam={YEAR}&to_chuc={cell.world.org_a.pk}").content.decode()
    assert cell.world.m1.full_name in only_a and cell.world.m3.full_name not in only_a
    none = client.get(reverse("screening:list") + f"?nam={YEAR}&dau_hieu=dues_unpaid").content.decode()
    assert "0</strong> dấu hiệu" in none
    hit = SignalHit.objects.get(member=cell.world.m3)
    detail = client.get(reverse("screening:hit", args=[hit.pk])).content.decode()
    assert "03/2025" in detail and viewed(cell.world.m3.pk) == 1


def test_the_list_costs_the_same_queries_for_one_or_three_signals(cell: Cell, as_bloc_officer) -> None:  # type: ignore[no-untyped-def]
    absent_in_months(cell.world.m1, [1, 2, 3])
    refresh(YEAR, cell.world.bloc)
    url = reverse("screening:list") + f"?nam={YEAR}"
    with CaptureQueriesContext(connection) as one:
        as_bloc_officer.get(url)
    for member in (cell.world.m2, cell.world.m3):
        absent_in_months(member, [1, 2, 3])
    refresh(YEAR, cell.world.bloc)
    with CaptureQueriesContext(connection) as three:
        assert as_bloc_officer.get(url).content.decode().count('id="hit-') == 3
    assert len(one) == len(three)


def test_the_refresh_job_runs_in_the_users_scope(cell: Cell, as_officer, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    absent_in_months(cell.world.m1, [1, 2, 3])
    absent_in_months(cell.world.m3, [1, 2, 3])
    with django_capture_on_commit_callbacks(execute=True):
        response = as_officer.post(reverse("screening:refresh"), {"nam": YEAR})
    assert response.status_code == 302 and "job=" in response["Location"]
    assert list(SignalHit.objects.values_list("member_id", flat=True)) == [cell.world.m1.pk]
    page = as_officer.get(response["Location"]).content.decode()
    assert "Đã xong" in page or "done" in page or cell.world.m1.full_name in page


# --- home and the hub --------------------------------------------------------------------------------------------


def test_home_cards(cell: Cell, round_: ScreeningRound) -> None:
    secretary_home = login(cell.secretary).get("/").content.decode()
    assert (
        reverse("screening:round", args=[round_.pk]) in secretary_home and "1</span> chưa biểu quyết" in secretary_home
    )
    inspector = make_user("ubkt", role=RoleKind.BLOC_INSPECTION_OFFICER, organization=cell.world.bloc)
    assert 'id="home-screening-link" href="/sang-loc/?nam=' in login(inspector).get("/").content.decode()
    assert 'id="home-screening' not in login(cell.world.member_user).get("/").content.decode()


def test_the_hub_link_takes_a_secretary_to_the_cell(cell: Cell) -> None:
    template = Template("{% load screening_links %}{% screening_hub_link %}")
    request = RequestFactory().get("/sinh-hoat/")
    request.user = cell.secretary
    assert reverse("screening:cell", args=[cell.world.cell_a1.pk]) in template.render(Context({"request": request}))
    request.user = cell.world.bloc_officer
    assert 'href="/sang-loc/"' in template.render(Context({"request": request}))
    request.user = cell.world.member_user
    assert template.render(Context({"request": request})).strip() == ""


def test_dates_and_years_outside_the_rules_are_said(cell: Cell) -> None:
    client = login(cell.secretary)
    page = client.get(reverse("screening:cell", args=[cell.world.cell_a1.pk]) + "?nam=2019").content.decode()
    assert "Chưa có bộ quy tắc rà soát, sàng lọc áp dụng cho năm 2019" in page
    response = client.post(reverse("screening:open", args=[cell.world.cell_a1.pk]), {"nam": 2019}, follow=True)
    assert "Năm rà soát phải từ 2019" in response.content.decode() or "2019" in response.content.decode()
    assert not ScreeningRound.objects.exists()
    _ = dt
