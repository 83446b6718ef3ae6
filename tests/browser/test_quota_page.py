"""The admission quota page on a phone (390×844): the bloc's organization officer sees each grassroots
organization's members on 1 January and suggested quota, sets one quota, accepts the other suggestions at
once; the dashboard's admission-rate card shows its definition and the year-end projection beside it. No
Content-Security-Policy violation on the way."""

from __future__ import annotations

import datetime as dt

import pytest

from dangbo.admissions.enums import Proposer, Stage
from dangbo.admissions.models import Candidate, Quota
from dangbo.organizations.models import Organization
from dangbo.planning.kpi import recompute_year
from tests.conftest import World
from tests.factories import make_member

from .conftest import log_in, shot
from .test_csp import CspWatch, csp  # noqa: F401  (fixture: the production policy, violations collected)

pytestmark = pytest.mark.browser


def _candidate(cell: Organization, stage: str, decided_on: dt.date | None = None) -> None:
    Candidate.objects.create(
        family_name="Lê", given_name="An", gender="male", birth_date=dt.date(1999, 5, 5), cell=cell, path=cell.path,
        stage=stage, proposer_kind=Proposer.YOUTH_UNION, proposed_on=dt.date(2024, 2, 1), decided_on=decided_on,
    )  # fmt: skip


def test_bloc_officer_sets_quotas_on_a_phone(page, csp: CspWatch, world: World) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    year = dt.date.today().year
    for i in range(38):  # 40 members in A, 1 in B
        make_member(organization=world.cell_a1 if i % 2 else world.cell_a2)
    _candidate(world.cell_a1, Stage.PROBATION, dt.date(year, 1, 1))
    _candidate(world.cell_a2, Stage.CELL_RESOLVED)
    recompute_year(year=year, organization=world.bloc)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "bantochuc")
    page.goto(page.base_url + "/ket-nap/chi-tieu/")
    row_a = page.locator(f"#don-vi-{world.org_a.pk}")
    assert "40" in row_a.inner_text() and "2,5%" in row_a.inner_text()
    assert row_a.locator("input[name=quota]").input_value() == "2"  # the suggestion: 3% of 40, rounded up
    shot(page, "70-chi-tieu-ket-nap-dien-thoai")
    csp.assert_clean("quota page")
    row_a.locator("input[name=quota]").fill("3")
    row_a.get_by_role("button", name="Giao").click()
    page.wait_for_selector(".msg-success")
    assert "Đã giao chỉ tiêu kết nạp năm" in page.locator(".msg-success").inner_text()
    page.get_by_role("button", name="Giao chỉ tiêu theo gợi ý cho các đơn vị chưa có chỉ tiêu").click()
    page.wait_for_selector(".msg-success:has-text('theo gợi ý')")
    shot(page, "71-chi-tieu-da-giao-dien-thoai")
    assert dict(Quota.objects.filter(year=year).values_list("organization_id", "quota")) == {
        world.org_a.pk: 3, world.org_b.pk: 1,
    }  # fmt: skip
    page.goto(page.base_url + f"/chi-tieu/?nam={year}")
    card = page.locator(".kpi-card").filter(has_text="Tỷ lệ kết nạp đảng viên mới")
    assert "Dự báo cuối năm: 4,9% (1 đã kết nạp + 1 có khả năng kết nạp, trên 41 đảng viên" in card.inner_text()
    assert "số đảng viên sinh hoạt tại chi bộ ngày 01/01" in card.inner_text()
    assert "1 người được kết nạp / 41 đảng viên ngày 01/01" in card.inner_text()
    card.scroll_into_view_if_needed()
    shot(page, "72-ty-le-ket-nap-du-bao-dien-thoai")
    csp.assert_clean("quota page and dashboard after the quotas were set")
