"""The document library in the browser, by clicking only from the home page, on a desktop and on a 390 px phone:
the bloc's office officer records a document with its file, published to one grassroots organization; a member of
that organization finds it by searching without accents, opens it and downloads the file. The officers who read
the library from the hub "Kế hoạch, văn bản, báo cáo" (a cell secretary, the inspection officers of the grassroots
organization and of the bloc, the grassroots officer) find a document published to a cell and open its file; the
cell secretary does not see the one published to the other cell. The grassroots officer records a plan of their
organization with its Word file, and the bloc's propaganda officer a guidance of a central board with its PDF, each
from the hub, and finds it in the list. Each page leaves a screenshot."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangbo.accounts.enums import RoleKind
from dangbo.core.models import AuditEntry
from dangbo.library.enums import Audience
from dangbo.library.models import PartyDocument
from tests.factories import make_user
from tests.library.helpers import DOCX, PDF, make_document, upload

from .conftest import log_in, shot

pytestmark = pytest.mark.browser
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
TITLE = "Hướng dẫn củng cố tổ chức cơ sở đảng trong doanh nghiệp"
TODAY_DOC = dt.date(2025, 9, 15)
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _fits(page: Any, device: str) -> None:
    if device == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_office_records_a_document_and_a_member_finds_it_without_accents(page: Any, world: Any, device: str) -> None:
    make_user("vanphong", role=RoleKind.BLOC_OFFICE_OFFICER, organization=world.bloc)
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "vanphong")
    page.click("#nav-plans")
    _fits(page, device)
    shot(page, f"l01-van-phong-ke-hoach-bao-cao-{device}")
    page.click("#plans-library")
    page.wait_for_selector("h1:has-text('Thư viện văn bản')")
    page.click("#document-new")
    page.fill("#id_number", "17")
    page.fill("#id_symbol", "HD/ĐUK")
    page.select_option("#id_kind", "guidance")
    page.fill("#id_title", TITLE)
    page.fill("#id_issued_on", "12/05/2025")
    page.select_option("#id_issuer", str(world.bloc.pk))
    page.check("input[name=audience][value=organizations]")
    page.select_option("#id_organizations", [str(world.org_a.pk)])
    page.set_input_files("#id_file", files=[{"name": "huong-dan-17.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    _fits(page, device)
    shot(page, f"l02-van-phong-them-van-ban-{device}")
    page.click("#document-save")
    page.wait_for_selector("#document-heading:has-text('Hướng dẫn 17-HD/ĐUK')")
    assert "Đảng bộ Sở Tài chính" in page.inner_text("#document-audience")
    _fits(page, device)
    shot(page, f"l03-van-phong-da-luu-{device}")
    document = PartyDocument.objects.get(number="17", symbol="HD/ĐUK")
    assert document.file_type == "pdf" and document.issuer == world.bloc

    member = page.context.browser.new_context(locale="vi-VN", viewport=VIEWPORTS[device], accept_downloads=True)
    reader = member.new_page()
    reader.set_default_timeout(15_000)
    reader.base_url = page.base_url
    try:
        log_in(reader, "dangvien_m1")
        reader.click("#nav-library")
        reader.wait_for_selector("h1:has-text('Thư viện văn bản')")
        reader.fill("#id_q", "huong dan cung co doanh nghiep")
        reader.click("#document-search")
        reader.wait_for_selector(f"#document-{document.pk}")
        assert reader.locator("#document-table tbody tr").count() == 1
        _fits(reader, device)
        shot(reader, f"l04-dang-vien-tim-khong-dau-{device}")
        reader.get_by_role("link", name="Hướng dẫn 17-HD/ĐUK").click()
        reader.wait_for_selector("#document-download")
        _fits(reader, device)
        shot(reader, f"l05-dang-vien-xem-van-ban-{device}")
        with reader.expect_download() as download:
            reader.click("#document-download")
        assert download.value.suggested_filename == "huong-dan-17.pdf"
        assert AuditEntry.objects.filter(action="library.document.downloaded", object_id=str(document.pk)).exists()
    finally:
        member.close()


# username, the role made for the test (None: the shared world's grassroots officer), where the role sits, whether
# the document published to the other cell (A2) is in their part
READERS = {
    "bithu_a1": (RoleKind.CELL_SECRETARY, "cell_a1", False),
    "ubkt_a": (RoleKind.GRASSROOTS_INSPECTION_OFFICER, "org_a", True),
    "ubkt_khoi": (RoleKind.BLOC_INSPECTION_OFFICER, "bloc", True),
    "canbo_a": (None, "org_a", True),
}


@pytest.mark.parametrize("username", list(READERS))
@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_officers_read_from_the_hub(page: Any, world: Any, device: str, username: str, settings: Any,
                                    tmp_path: Any) -> None:  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    role, where, sees_a2 = READERS[username]
    if role is not None:
        make_user(username, role=role, organization=getattr(world, where))
    mine = make_document(world.org_a, number="8", symbol="TB/ĐU", kind="notice", uploaded=upload("thong-bao-8.pdf"),
                         title="Thông báo củng cố chi bộ Phòng Ngân sách", issued_on=TODAY_DOC,
                         audience=Audience.ORGANIZATIONS, organizations=[world.cell_a1])  # fmt: skip
    other = make_document(world.org_a, number="9", symbol="TB/ĐU", kind="notice", issued_on=TODAY_DOC,
                          title="Thông báo củng cố chi bộ Văn phòng Sở", audience=Audience.ORGANIZATIONS,
                          organizations=[world.cell_a2])  # fmt: skip
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, username)
    page.click("#nav-plans")
    page.wait_for_selector("#plans-library")
    _fits(page, device)
    shot(page, f"l06-{username}-ke-hoach-bao-cao-{device}")
    page.click("#plans-library")
    page.wait_for_selector("h1:has-text('Thư viện văn bản')")
    page.fill("#id_q", "thong bao cung co chi bo")
    page.click("#document-search")
    page.wait_for_selector(f"#document-{mine.pk}")
    assert page.locator(f"#document-{other.pk}").count() == (1 if sees_a2 else 0)
    _fits(page, device)
    shot(page, f"l07-{username}-tim-van-ban-{device}")
    page.get_by_role("link", name="Thông báo 8-TB/ĐU").click()
    page.wait_for_selector("#document-download")
    _fits(page, device)
    shot(page, f"l08-{username}-xem-van-ban-{device}")
    with page.expect_download() as download:
        page.click("#document-download")
    assert download.value.suggested_filename == "thong-bao-8.pdf"


# username, the role made for the test (None: the shared world's grassroots officer), where it sits, the issuer to
# choose (None: a body outside the party committee, typed in), the file, the document's reference on its page
WRITERS = {
    "canbo_a": (None, "org_a", "org_a", ("ke-hoach-21.docx", DOCX), "Kế hoạch 21-KH/ĐU"),
    "tuyengiao": (RoleKind.BLOC_PROPAGANDA_OFFICER, "bloc", None, ("huong-dan-45.pdf", PDF), "Hướng dẫn 45-HD/BTGTW"),
}


@pytest.mark.parametrize("username", list(WRITERS))
@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_writers_record_a_document_from_the_hub(page: Any, world: Any, device: str, username: str, settings: Any,
                                                tmp_path: Any) -> None:  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    role, where, issuer, (name, content), reference = WRITERS[username]
    if role is not None:
        make_user(username, role=role, organization=getattr(world, where))
    number, symbol = reference.split(" ")[-1].split("-", 1)
    title = f"Văn bản thử của {username} về học tập, làm theo tư tưởng Hồ Chí Minh"
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, username)
    page.click("#nav-plans")
    page.click("#plans-library")
    page.wait_for_selector("h1:has-text('Thư viện văn bản')")
    page.click("#document-new")
    page.fill("#id_number", number)
    page.fill("#id_symbol", symbol)
    page.select_option("#id_kind", "plan" if issuer else "guidance")
    page.fill("#id_title", title)
    page.fill("#id_issued_on", "02/09/2025")
    if issuer:
        page.select_option("#id_issuer", str(getattr(world, issuer).pk))
    else:
        page.fill("#id_issuer_name", "Ban Tuyên giáo Trung ương")
    assert page.is_checked("input[name=audience][value=whole_tree]")
    mime = "application/pdf" if name.endswith(".pdf") else DOCX_MIME
    page.set_input_files("#id_file", files=[{"name": name, "mimeType": mime, "buffer": content}])
    _fits(page, device)
    shot(page, f"l09-{username}-them-van-ban-{device}")
    page.click("#document-save")
    page.wait_for_selector(f"#document-heading:has-text('{reference}')")
    document = PartyDocument.objects.get(number=number, symbol=symbol)
    keeper = world.org_a if username == "canbo_a" else world.bloc
    assert document.path == keeper.path and document.file_type == name.rsplit(".", 1)[1]
    page.click(".breadcrumb a:has-text('Thư viện văn bản')")
    page.wait_for_selector(f"#document-{document.pk}")
    assert title in page.inner_text(f"#document-{document.pk}")
    _fits(page, device)
    shot(page, f"l10-{username}-danh-sach-{device}")
    page.get_by_role("link", name=reference).click()
    with page.expect_download() as download:
        page.click("#document-download")
    assert download.value.suggested_filename == name
