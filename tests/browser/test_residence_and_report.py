"""Residence liaison and the movements report in the browser, by clicking only from the home page: a cell
secretary records a residence cell's feedback (on a 390 px phone and on a desktop); a bloc organization officer
opens the movements report, drills down and downloads the Excel. Each step leaves a screenshot."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from dangbo.accounts.enums import RoleKind
from dangbo.members import services as member_services
from dangbo.movements import residence
from dangbo.movements.enums import MovementKind, MovementState
from dangbo.movements.models import Movement, ResidenceFeedback
from tests.factories import make_user

from .conftest import log_in, shot

pytestmark = pytest.mark.browser
SIZES = {"phone": (390, 844), "desktop": (1280, 900)}


def _fits(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_secretary_records_a_residence_feedback(page: Any, world: Any, size: str) -> None:
    make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)
    residence.introduce(actor=world.officer, member=world.m1, introduced_on=dt.date(2025, 2, 3),
                        ward="Phường Ba Đình", residence_cell="Chi bộ Tổ dân phố số 5")  # fmt: skip
    today = timezone.localdate()
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, "bithu_a1")
    page.click("#nav-movements")
    page.click("#residence-link")
    page.wait_for_selector("#residence-rows")
    assert "Chi bộ Tổ dân phố số 5" in page.inner_text(f"#residence-{world.m1.pk}")
    assert "Chưa giới thiệu" in page.inner_text(f"#residence-{world.m2.pk}")
    assert _fits(page)
    shot(page, f"90-bi-thu-noi-cu-tru-{size}")

    page.click(f"#feedback-{world.m1.pk}")
    page.wait_for_selector("#residence-form")
    page.fill("#id_year", str(today.year))
    page.fill("#id_received_on", f"{today:%d/%m/%Y}")
    page.click("label:has-text('Gương mẫu, thực hiện tốt')")
    page.fill("#id_content", "Gương mẫu, tham gia đầy đủ sinh hoạt tổ dân phố.")
    assert _fits(page)
    shot(page, f"91-bi-thu-ghi-nhan-xet-{size}")
    page.click("#feedback-submit")
    page.wait_for_selector(".messages .msg-success")
    assert "Đã có nhận xét" in page.inner_text(f"#residence-{world.m1.pk}")
    assert _fits(page)
    shot(page, f"92-bi-thu-da-ghi-nhan-xet-{size}")
    assert ResidenceFeedback.objects.get(member=world.m1).year == today.year


def test_bloc_officer_opens_the_movements_report_and_downloads_the_excel(page: Any, world: Any, tmp_path: Path
                                                                         ) -> None:  # fmt: skip
    on = dt.date(2025, 4, 1)
    Movement.objects.create(kind=MovementKind.TRANSFER_INTERNAL, state=MovementState.DONE, member=world.m2,
                            from_organization=world.cell_a1, from_path=world.cell_a1.path,
                            to_organization=world.cell_b1, to_path=world.cell_b1.path, start=on)  # fmt: skip
    member_services.move_to_cell(actor=world.officer, member=world.m2, organization=world.cell_b1, on=on)
    for size in ("phone", "desktop"):
        width, height = SIZES[size]
        page.set_viewport_size({"width": width, "height": height})
        if size == "phone":
            log_in(page, "bantochuc")
        else:
            page.goto(page.base_url + "/")
        page.click("#nav-movements")
        page.click("#report-link")
        page.wait_for_selector("#movement-report")
        page.fill("#id_ngay", "31/12/2025")
        page.click("#report-filters button[type=submit]")
        page.wait_for_selector(f"#unit-{world.org_a.pk}")
        assert page.inner_text(f"#unit-{world.org_a.pk}").count("1") >= 2  # on the rolls 1, transferred out 1
        assert _fits(page)
        shot(page, f"93-ban-to-chuc-bien-dong-{size}")
    page.click(f"#unit-{world.org_a.pk} a")
    page.wait_for_selector(f"#unit-{world.cell_a1.pk}")
    shot(page, "94-ban-to-chuc-bien-dong-chi-bo-desktop")
    with page.expect_download() as info:
        page.click("#report-export")
    target = tmp_path / "bien-dong.xlsx"
    info.value.save_as(target)
    rows = list(load_workbook(BytesIO(target.read_bytes())).active.iter_rows(values_only=True))
    assert rows[2][0] == world.org_a.qualified_name and rows[2][6] == 1
