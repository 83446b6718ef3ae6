"""The bloc inspection officer (view movements, view finance) in headless Chromium, by clicking only from the home
page (its movements and dues cards) on a desktop and on a 390 px phone: the movements hub and one transfer, the
dues of the units down to a cell's month and the quarter's statement — all read-only, no write button or form
anywhere on the way."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangbo.accounts.enums import RoleKind
from dangbo.dues.ledger import compute_months, record_payment
from dangbo.dues.models import DuesBase
from dangbo.movements import transfers
from tests.factories import make_user

from .conftest import log_in, shot
from .test_dues_money import open_statement

pytestmark = pytest.mark.browser
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
FEB = dt.date(2026, 2, 1)


def no_writes(page: Any) -> None:
    """Only the language and sign-out forms of the frame post; nothing in the page itself."""
    assert page.locator("main form[method=post]").count() == 0
    assert page.locator("main button:not(form[method=get] button)").count() == 0


def no_sideways_scroll(page: Any, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.fixture
def inspected(world: Any) -> Any:
    DuesBase.objects.create(member=world.m1, start=dt.date(2025, 1, 1), category="insured", base=8_500_000)
    compute_months(root=world.bloc, months=[FEB])
    record_payment(actor=world.officer, member=world.m1, month=FEB, amount=85_000, paid_on=dt.date(2026, 2, 20),
                   channel="cash")  # fmt: skip
    transfers.transfer_internal(actor=world.officer, member=world.m2, to_organization=world.cell_a2,
                                on=dt.date(2026, 3, 2), reason="Chuyển", today=dt.date(2026, 3, 5))  # fmt: skip
    make_user("kiemtra", role=RoleKind.BLOC_INSPECTION_OFFICER, organization=world.bloc)
    return world


@pytest.mark.parametrize("size", SIZES)
def test_inspection_officer_reads_movements_and_dues(page: Any, inspected: Any, size: str) -> None:
    world = inspected
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, "kiemtra")
    shot(page, f"kiem-tra-01-trang-chu-{size}")

    page.click("#home-movements-link")
    page.wait_for_selector("#movement-table")
    assert page.locator("#movements-start").count() == 0
    no_writes(page)
    no_sideways_scroll(page, width)
    shot(page, f"kiem-tra-02-bien-dong-{size}")
    page.click("#movement-table tbody tr a >> nth=0")
    page.wait_for_url("**/bien-dong/*/")
    assert "Đặng Thị Lan" in page.inner_text("main")
    no_writes(page)
    no_sideways_scroll(page, width)
    shot(page, f"kiem-tra-03-mot-bien-dong-{size}")

    page.click("a.brand")
    page.click("#home-dues-link")
    page.wait_for_selector("#units-table")
    no_writes(page)
    page.click(f"#unit-{world.bloc.pk} a")
    page.wait_for_selector(f"#unit-{world.org_a.pk}")
    page.click(f"#unit-{world.org_a.pk} a")
    page.wait_for_selector(f"#unit-{world.cell_a1.pk}")
    page.click(f"#unit-{world.cell_a1.pk} a")
    page.wait_for_url("**/dang-phi/chi-bo/**")
    no_writes(page)
    no_sideways_scroll(page, width)
    shot(page, f"kiem-tra-04-dang-phi-chi-bo-{size}")

    open_statement(page)
    assert "85.000" in page.locator("table.money-table tr.total").inner_text()
    assert page.locator("main form[method=post]").count() == 0
    no_sideways_scroll(page, width)
    shot(page, f"kiem-tra-05-bao-cao-thu-nop-{size}")
