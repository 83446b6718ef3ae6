"""The library's writes: what is recorded, and every refusal with its Vietnamese message and nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.models import AuditEntry
from dangbo.library import services
from dangbo.library.enums import Audience, Validity
from dangbo.library.models import PartyDocument, Publication
from dangbo.library.selectors import validity_chain

from .helpers import DOC, DOCX, PDF, TODAY, XLSX, make_document, upload

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int]:
    return PartyDocument.objects.count(), Publication.objects.count(), AuditEntry.objects.count()


def test_create_stores_search_text_publication_and_one_audit_entry(world):
    before = AuditEntry.objects.count()
    document = make_document(world.bloc, title="Về tăng cường củng cố tổ chức cơ sở đảng", uploaded=upload())
    assert document.reference == "20-KH/ĐUK" and document.year == 2025
    assert document.issuer_name == world.bloc.name and document.path == world.bloc.path
    assert "cung co to chuc co so dang" in document.search_text and "20-kh/duk" in document.search_text
    assert list(document.publications.values_list("path", flat=True)) == [world.bloc.path]
    assert document.file_type == "pdf" and document.file_name == "van-ban.pdf" and document.file_size == len(PDF)
    assert AuditEntry.objects.count() == before + 1
    assert AuditEntry.objects.latest("id").action == "library.document.created"


@pytest.mark.parametrize(("name", "content"), [("a.pdf", PDF), ("a.docx", DOCX), ("a.doc", DOC), ("a.xlsx", XLSX)])
def test_each_declared_type_with_its_content_is_accepted(world, name, content):
    document = make_document(world.org_a, uploaded=upload(name, content))
    assert document.file_type == name.rsplit(".", 1)[1]


def test_duplicate_number_of_the_issuer_in_the_year_refused(world):
    make_document(world.org_a, number="5", symbol="NQ/ĐU")
    before = counts()
    with pytest.raises(DomainError, match="Số 5-NQ/ĐU đã được Đảng bộ Sở Tài chính dùng cho một văn bản năm 2025"):
        make_document(world.org_a, number="5", symbol="nq/đu", issued_on=dt.date(2025, 12, 1))
    assert counts() == before
    # Another year, or another issuer, may use it.
    make_document(world.org_a, number="5", symbol="NQ/ĐU", issued_on=dt.date(2026, 1, 5))
    make_document(world.org_b, number="5", symbol="NQ/ĐU")


def test_duplicate_number_of_an_outside_body_refused_whatever_the_accents(world):
    make_document(None, keeper=world.bloc, issuer_name="Tỉnh ủy Thái Bình", number="7", symbol="CT/TU")
    with pytest.raises(DomainError, match="đã được"):
        make_document(None, keeper=world.bloc, issuer_name="tinh uy thai binh", number="7", symbol="CT/TU")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("bao-cao.pdf", DOCX, "không phải là tệp PDF"), ("bao-cao.docx", PDF, r"không phải là tệp Word \(\.docx\)"),
     ("bao-cao.docx", XLSX, r"không phải là tệp Word \(\.docx\)"), ("bang.xlsx", DOCX, "không phải là tệp Excel"),
     ("cu.doc", PDF, "không phải là tệp Word 97"), ("anh.png", b"\x89PNG\r\n\x1a\n", "Chỉ nhận tệp PDF, Word"),
     ("khong-duoi", PDF, "Chỉ nhận tệp PDF"), ("rong.pdf", b"", "Tệp rỗng")],
)  # fmt: skip
def test_upload_not_of_the_declared_type_refused(world, name, content, message):
    before = counts()
    with pytest.raises(DomainError, match=message):
        make_document(world.org_a, uploaded=upload(name, content))
    assert counts() == before


@override_settings(DANGBO_LIBRARY_FILE_MAX_BYTES=1024 * 1024)
def test_upload_too_big_refused(world):
    before = counts()
    with pytest.raises(DomainError, match="Tệp quá lớn: tối đa 1 MB"):
        make_document(world.org_a, uploaded=upload("lon.pdf", PDF + b"0" * (1024 * 1024)))
    assert counts() == before


@pytest.mark.parametrize(
    ("issued_on", "message"),
    [(dt.date(1929, 12, 31), "không được trước ngày 03/02/1930"), (dt.date(2026, 3, 17), "không được sau hôm nay")],
)
def test_absurd_issue_dates_refused(world, issued_on, message):
    before = counts()
    with pytest.raises(DomainError, match=message):
        make_document(world.org_a, issued_on=issued_on)
    assert counts() == before


@pytest.mark.parametrize(
    ("number", "symbol", "message"),
    [("", "KH/ĐUK", "Chưa nhập số văn bản"), ("20 a", "KH/ĐUK", "Số văn bản “20 a” không hợp lệ"),
     ("20", "KHĐUK", "Ký hiệu “KHĐUK” không hợp lệ")],
)  # fmt: skip
def test_bad_number_or_symbol_refused(world, number, symbol, message):
    with pytest.raises(DomainError, match=message):
        make_document(world.org_a, number=number, symbol=symbol)


def test_outside_body_needs_a_name(world):
    with pytest.raises(DomainError, match="Chưa nhập cơ quan ban hành"):
        make_document(None, keeper=world.bloc, issuer_name="  ")


def test_recipients_outside_the_issuers_tree_refused(world):
    before = counts()
    with pytest.raises(DomainError, match="“Chi bộ Phân xưởng” không thuộc đảng bộ của đơn vị ban hành"):
        make_document(world.org_a, audience=Audience.ORGANIZATIONS, organizations=[world.cell_b1])
    with pytest.raises(DomainError, match="Đảng viên Trần Quốc Bảo không thuộc"):
        make_document(world.org_a, audience=Audience.MEMBERS, members=[world.m3])
    with pytest.raises(DomainError, match="Chưa chọn tổ chức đảng nhận"):
        make_document(world.org_a, audience=Audience.ORGANIZATIONS)
    assert counts() == before


def test_stale_version_refused(world):
    document = make_document(world.org_a)
    services.update_document(actor=None, document=document, expected_version=1, data={"title": "Mới"}, today=TODAY)
    with pytest.raises(ConcurrentEditError):
        services.update_document(actor=None, document=document, expected_version=1, data={"title": "Cũ"}, today=TODAY)
    document.refresh_from_db()
    assert document.title == "Mới" and document.version == 2


def test_edit_into_a_used_number_refused(world):
    make_document(world.org_a, number="1", symbol="KH/ĐU")
    second = make_document(world.org_a, number="2", symbol="KH/ĐU")
    with pytest.raises(DomainError, match="Số 1-KH/ĐU đã được"):
        services.update_document(actor=None, document=second, expected_version=1, data={"number": "1"}, today=TODAY)
    second.refresh_from_db()
    assert second.number == "2" and second.version == 1


def test_replace_marks_the_old_one_and_builds_the_chain(world):
    old = make_document(world.org_a, number="3", symbol="QĐ/ĐU", kind="regulation", issued_on=dt.date(2024, 1, 5))
    new = services.replace_document(
        actor=None, document=old, expected_version=1, number="9", symbol="QĐ/ĐU", kind="regulation",
        title="Quy định mới", issued_on=dt.date(2025, 6, 1), uploaded=upload(), today=TODAY,
    )  # fmt: skip
    old.refresh_from_db()
    assert old.validity == Validity.REPLACED and old.replaced_by == new and old.expired_on == dt.date(2025, 6, 1)
    assert new.path == old.path and new.issuer == world.org_a
    assert [d.pk for d in validity_chain(new)] == [old.pk, new.pk]
    assert AuditEntry.objects.latest("id").action == "library.document.replaced"


def test_replacement_dated_before_the_replaced_refused(world):
    old = make_document(world.org_a, number="3", symbol="QĐ/ĐU", issued_on=dt.date(2025, 1, 5))
    before = counts()
    with pytest.raises(DomainError, match="không được ban hành trước"):
        services.replace_document(
            actor=None, document=old, expected_version=1, number="4", symbol="QĐ/ĐU", kind="regulation",
            title="Sớm hơn", issued_on=dt.date(2024, 12, 1), today=TODAY,
        )  # fmt: skip
    assert counts() == before


def test_replaced_by_itself_earlier_or_in_a_cycle_refused(world):
    first = make_document(world.org_a, number="1", symbol="HD/ĐU", issued_on=dt.date(2024, 1, 1))
    second = make_document(world.org_a, number="2", symbol="HD/ĐU", issued_on=dt.date(2024, 1, 1))
    with pytest.raises(DomainError, match="không thể thay thế hoặc sửa đổi chính nó"):
        services.set_validity(actor=None, document=first, expected_version=1, validity="replaced", other=first)
    services.set_validity(actor=None, document=first, expected_version=1, validity="replaced", other=second)
    with pytest.raises(DomainError, match="không thể tạo vòng thay thế"):
        services.set_validity(actor=None, document=second, expected_version=1, validity="amended", other=first)
    later = make_document(world.org_a, number="3", symbol="HD/ĐU", issued_on=dt.date(2025, 1, 1))
    with pytest.raises(DomainError, match="văn bản ban hành trước không thể thay thế"):
        services.set_validity(actor=None, document=later, expected_version=1, validity="replaced", other=second)
    second.refresh_from_db()
    later.refresh_from_db()
    assert second.validity == later.validity == Validity.IN_FORCE and second.version == later.version == 1


def test_expiry_dates_checked(world):
    document = make_document(world.org_a, issued_on=dt.date(2024, 5, 1))
    for expired_on, message in [
        (None, "Chưa nhập ngày hết hiệu lực"), (dt.date(2024, 4, 30), "không được trước ngày ban hành"),
        (dt.date(2040, 1, 1), "không được sau ngày"),
    ]:  # fmt: skip
        with pytest.raises(DomainError, match=message):
            services.set_validity(
                actor=None, document=document, expected_version=1, validity="expired", expired_on=expired_on,
                today=TODAY,
            )  # fmt: skip
    services.set_validity(
        actor=None, document=document, expected_version=1, validity="expired", expired_on=dt.date(2025, 12, 31),
        today=TODAY,
    )  # fmt: skip
    document.refresh_from_db()
    assert document.validity == Validity.EXPIRED and document.version == 2


def test_edit_date_after_its_replacement_refused(world):
    old = make_document(world.org_a, number="1", symbol="HD/ĐU", issued_on=dt.date(2024, 1, 1))
    new = make_document(world.org_a, number="2", symbol="HD/ĐU", issued_on=dt.date(2024, 6, 1))
    services.set_validity(actor=None, document=old, expected_version=1, validity="replaced", other=new)
    with pytest.raises(DomainError, match="ngày ban hành không được sau ngày đó"):
        services.update_document(
            actor=None, document=old, expected_version=2, data={"issued_on": dt.date(2024, 7, 1)}, today=TODAY
        )
    with pytest.raises(DomainError, match="ngày ban hành không được trước ngày đó"):
        services.update_document(
            actor=None, document=new, expected_version=1, data={"issued_on": dt.date(2023, 7, 1)}, today=TODAY
        )
