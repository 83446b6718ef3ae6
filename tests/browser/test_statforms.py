"""Statistical forms in the browser, by clicking only from the home page, on a desktop and on a 390 px phone: the
bloc's organization officer opens the plans hub, the statistical forms, the age-band form for a past day, goes
down to a grassroots organization, downloads the Excel file and opens it; the grassroots officer, a cell secretary
and the inspection officers of the grassroots organization and of the bloc each see the member register of their
part; the bloc's office officer (party seniority) and propaganda officer (political theory) each open a form from
the hub and download its Excel file, whose figures are those on the page. Each page leaves a screenshot."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from dangbo.accounts.enums import RoleKind
from tests.factories import make_user
from tests.statforms.helpers import build

from .conftest import log_in, shot

pytestmark = pytest.mark.browser
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _fits(page: Any, device: str) -> None:
    if device == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]


def _open_forms(page: Any) -> None:
    page.click("#nav-plans")
    page.click("#plans-statforms")
    page.wait_for_selector("#statforms-list")


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_bloc_officer_downloads_a_form(page: Any, world: Any, device: str) -> None:
    build(world)
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "bantochuc")
    _open_forms(page)
    shot(page, f"s01-bieu-thong-ke-{device}")
    page.click("#statform-DV-DO-TUOI")
    page.fill("#id_ngay", "31/12/2025")
    page.click("#statform-filters button[type=submit]")
    page.wait_for_selector("#statform-table")
    _fits(page, device)
    shot(page, f"s02-do-tuoi-khoi-{device}")
    page.click(f"#row-{world.org_a.pk} a")
    page.wait_for_selector(f"#row-{world.cell_a1.pk}")
    assert "5" in page.inner_text(f"#row-{world.org_a.pk}")
    _fits(page, device)
    shot(page, f"s03-do-tuoi-co-so-{device}")
    with page.expect_download() as info:
        page.click("#statform-export")
    with open(info.value.path(), "rb") as file:
        rows = list(load_workbook(io.BytesIO(file.read())).active.iter_rows(values_only=True))
    assert ("Đảng bộ Sở Tài chính", 5, 2, 1, 2, 0, 0) in rows


# username, the role made for the test (None: the shared world's grassroots officer), where it sits, the size of
# the register of that part on 31/12/2025 (A1: m1, m2, m8; A: A1's and A2's five; the bloc: seven)
REGISTER_READERS = {
    "canbo_a": (None, "org_a", 5),
    "bithu_a1": (RoleKind.CELL_SECRETARY, "cell_a1", 3),
    "ubkt_a": (RoleKind.GRASSROOTS_INSPECTION_OFFICER, "org_a", 5),
    "ubkt_khoi": (RoleKind.BLOC_INSPECTION_OFFICER, "bloc", 7),
}


@pytest.mark.parametrize("username", list(REGISTER_READERS))
@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_each_reader_sees_the_register_of_their_part(page: Any, world: Any, device: str, username: str) -> None:
    build(world)
    role, where, size = REGISTER_READERS[username]
    if role is not None:
        make_user(username, role=role, organization=getattr(world, where))
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, username)
    _open_forms(page)
    page.click("#statform-7-HSDV")
    page.fill("#id_ngay", "31/12/2025")
    page.click("#statform-filters button[type=submit]")
    page.wait_for_selector("#register-size")
    assert f"Sổ có {size} đảng viên" in page.inner_text("#register-size")
    assert "=1+1 Hải" in page.inner_text("#statform-table")
    _fits(page, device)
    shot(page, f"s04-{username}-so-danh-sach-{device}")


# username, the role made for the test, the form, the bloc's row on 31/12/2025 counted by hand (tests/statforms)
FORM_READERS = {
    "vanphong": (RoleKind.BLOC_OFFICE_OFFICER, "DV-TUOI-DANG", [7, 2, 1, 3, 0, 0, 1, 1]),
    "tuyengiao": (RoleKind.BLOC_PROPAGANDA_OFFICER, "DV-LY-LUAN", [7, 5, 1, 0, 1, 0]),
}


@pytest.mark.parametrize("username", list(FORM_READERS))
@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_office_and_propaganda_officers_download_a_form(page: Any, world: Any, device: str, username: str) -> None:
    build(world)
    role, code, figures = FORM_READERS[username]
    make_user(username, role=role, organization=world.bloc)
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, username)
    _open_forms(page)
    page.click(f"#statform-{code}")
    page.fill("#id_ngay", "31/12/2025")
    page.click("#statform-filters button[type=submit]")
    page.wait_for_selector(f"#row-{world.org_a.pk}")
    shown = {org.name: [int(c) for c in page.locator(f"#row-{org.pk} td").all_inner_texts()[1:]]
             for org in (world.bloc, world.org_a, world.org_b)}  # fmt: skip
    assert shown[world.bloc.name] == figures
    _fits(page, device)
    shot(page, f"s05-{username}-{code.lower()}-{device}")
    with page.expect_download() as info:
        page.click("#statform-export")
    assert info.value.suggested_filename.endswith(".xlsx")
    with open(info.value.path(), "rb") as file:
        rows = list(load_workbook(io.BytesIO(file.read())).active.iter_rows(values_only=True))
    in_file = {str(r[0]): list(r[1 : 1 + len(figures)]) for r in rows if isinstance(r[1], int)}
    assert {name: in_file.get(name) for name in shown} == shown  # the file goes down to the cells too
