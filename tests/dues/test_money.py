"""Remittances, the statement and its exports, reconciliation up to the review, VietQR, and the pages with the
three personas."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from dangbo.accounts.enums import RoleKind
from dangbo.accounts.models import User
from dangbo.accounts.scope import scope_for
from dangbo.core.errors import DomainError
from dangbo.core.models import AuditEntry
from dangbo.dues.enums import BatchState, LineStatus, StatementSource
from dangbo.dues.models import CellDuesMonth, DuesMonth, ReconciliationBatch, ReconciliationLine, Remittance
from dangbo.dues.reconciliation import apply_batch, review_lines, upload_statement
from dangbo.dues.remittances import record_remittance
from dangbo.dues.statements import period_months, statement, statement_workbook
from dangbo.dues.vietqr import crc16, dues_memo, payload
from tests.conftest import World, login
from tests.factories import make_member, make_user

TODAY = dt.date(2026, 5, 10)
FEB, MAR = dt.date(2026, 2, 1), dt.date(2026, 3, 1)
# A published VietQR example (120 000 đ to account 0011001932418 at BIN 970415, memo "ủng hộ lũ lụt").
KNOWN_GOOD = (
    "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho "
    "lu lut6304C15C"
)


@pytest.fixture
def office(world: World) -> User:
    return make_user("vanphong", role=RoleKind.BLOC_OFFICE_OFFICER, organization=world.bloc)


def collect(world: World) -> None:
    for cell, paid in ((world.cell_a1, 170_001), (world.cell_a2, 33_333), (world.cell_b1, 85_000)):
        for month in (FEB, MAR):
            CellDuesMonth.objects.create(organization=cell, path=cell.path, month=month, paid=paid, due=paid)


# --- VietQR -----------------------------------------------------------------------------------------------------


def test_vietqr_payload_equals_a_published_example() -> None:
    built = payload(bank_bin="970415", account_number="0011001932418", amount=120000, memo="ủng hộ lũ lụt")
    assert built == KNOWN_GOOD
    assert crc16(KNOWN_GOOD[:-4]) == "C15C"
    assert crc16("123456789") == "29B1"  # the CRC-16/CCITT-FALSE check value


def test_vietqr_memo_names_member_and_month() -> None:
    memo = dues_memo(card_number="01000001", name="Nguyễn Văn Hùng", month=FEB)
    assert memo == "DP 01000001 T022026 Nguyen Van Hung"
    code = payload(bank_bin="970436", account_number="0123456789", amount=85000, memo=memo)
    assert "5405850005802VN" in code and code.endswith(crc16(code[:-4]))


# --- remittances ------------------------------------------------------------------------------------------------


def test_grassroots_officer_records_a_remittance(world: World) -> None:
    row = record_remittance(actor=world.officer, scope=scope_for(world.officer), from_organization=world.org_a,
                            to_organization=world.bloc, period_start=FEB, period_end=dt.date(2026, 3, 31),
                            amount=61_000, paid_on=dt.date(2026, 4, 5), channel="bank", today=TODAY)  # fmt: skip
    assert (row.period_start, row.period_end, row.path) == (FEB, MAR, world.org_a.path)
    assert AuditEntry.objects.filter(action="dues.remittance.recorded", object_id=str(row.pk)).exists()


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"amount": 0}, "số nguyên dương"),
        ({"amount": -5}, "số nguyên dương"),
        ({"amount": 500_000_000_000}, "quá lớn"),
        ({"period_end": dt.date(2026, 6, 1)}, "chưa đến"),
        ({"paid_on": dt.date(2026, 5, 11)}, "sau hôm nay"),
        ({"from_organization": "org_b", "to_organization": "bloc"}, "ngoài phạm vi"),
        ({"to_organization": "org_b"}, "cấp trên trực tiếp"),
        ({"from_organization": "cell_a1", "to_organization": "bloc"}, "cấp trên trực tiếp"),
    ],
)
def test_remittance_refusals_write_nothing(world: World, change: dict[str, object], words: str) -> None:
    values: dict[str, object] = {
        "from_organization": world.org_a, "to_organization": world.bloc, "period_start": FEB, "period_end": MAR,
        "amount": 10_000, "paid_on": dt.date(2026, 4, 1), "channel": "bank",
    }  # fmt: skip
    for key, value in change.items():
        values[key] = getattr(world, value) if isinstance(value, str) else value
    audits = AuditEntry.objects.count()
    with pytest.raises(DomainError) as refused:
        record_remittance(actor=world.officer, scope=scope_for(world.officer), today=TODAY, **values)  # type: ignore[arg-type]
    assert words in refused.value.message
    assert not Remittance.objects.exists() and AuditEntry.objects.count() == audits


# --- the statement ----------------------------------------------------------------------------------------------


def test_bloc_statement_rows_add_up_and_show_remitted(world: World, django_assert_max_num_queries: object) -> None:
    collect(world)
    Remittance.objects.create(from_organization=world.org_a, to_organization=world.bloc, path=world.org_a.path,
                              period_start=FEB, period_end=MAR, amount=60_000, paid_on=dt.date(2026, 4, 2),
                              channel="bank")  # fmt: skip
    with django_assert_max_num_queries(9):  # type: ignore[operator]  # 3 reads + a rule set a month, any tree size
        s = statement(world.bloc, period_months(2026, quarter=1))
    b, a = s.children  # in the tree's order: "Công ty Điện lực" before "Sở Tài chính"
    assert (a.organization, b.organization) == (world.org_a, world.org_b)
    assert a.collected == 2 * (170_001 + 33_333) and b.collected == 170_000
    assert a.to_remit == 2 * ((170_001 + 33_333) * 30 // 100)
    assert (a.remitted, a.difference) == (60_000, a.to_remit - 60_000)
    assert s.total.collected == a.collected + b.collected
    assert s.received == a.to_remit + b.to_remit == s.total.retained + s.total.to_remit
    assert "giả định" in s.explanation
    assert statement_workbook(s)[:2] == b"PK"


def test_statement_page_and_exports_for_the_office(world: World, office: User) -> None:
    collect(world)
    client = login(office)
    query = f"?to_chuc={world.bloc.pk}&nam=2026&quy=1"
    page = client.get(reverse("dues:statement") + query)
    assert page.status_code == 200 and "Đảng bộ Sở Tài chính" in page.content.decode()
    xlsx = client.get(reverse("dues:statement_xlsx") + query)
    docx = client.get(reverse("dues:statement_docx") + query)
    assert xlsx.status_code == docx.status_code == 200 and xlsx.content[:2] == docx.content[:2] == b"PK"
    assert AuditEntry.objects.filter(action="dues.statement.exported").count() == 2


def test_statement_pages_with_the_three_personas(world: World, as_officer: Client, as_member: Client,
                                                 as_outsider: Client) -> None:  # fmt: skip
    url = reverse("dues:statement") + f"?to_chuc={world.org_a.pk}&nam=2026&quy=1"
    assert as_officer.get(url).status_code == 200
    assert as_member.get(url).status_code == 403
    assert as_outsider.get(url).status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", object_id=str(world.org_a.pk)).exists()
    for name in ("remittances", "retention", "reconciliations"):
        assert as_officer.get(reverse(f"dues:{name}")).status_code == 200
        assert as_outsider.get(reverse(f"dues:{name}") + f"?to_chuc={world.cell_a1.pk}").status_code == 404


def test_home_links_reach_the_money_pages(world: World, as_officer: Client, as_member: Client) -> None:
    assert reverse("dues:statement") in as_officer.get(reverse("dues:home")).content.decode()
    assert reverse("dues:statement") not in as_member.get(reverse("dues:home")).content.decode()


# --- reconciliation ---------------------------------------------------------------------------------------------

BANK_CSV = (
    "Ngày giao dịch;Số tiền ghi có;Nội dung;Số tham chiếu\n"
    "05/03/2026;85.000;DP 01000001 T022026 Nguyen Van Hung;FT001\n"
    "06/03/2026;50000;ung ho dang phi;FT002\n"
    '06/03/2026;=HYPERLINK("x");DP 01000002 T022026;FT003\n'
    "07/03/2026;85.000;DP 01000001 T022026 Nguyen Van Hung;FT001\n"
)


def upload(world: World, text: str, name: str = "saoke.csv", **kwargs: object) -> ReconciliationBatch:
    return upload_statement(actor=world.officer, scope=scope_for(world.officer), organization=world.org_a,
                            source=StatementSource.BANK, file_name=name, data=text.encode(), **kwargs)  # type: ignore[arg-type]  # fmt: skip


def test_bank_statement_lines_are_classified_without_touching_the_ledger(world: World) -> None:
    batch = upload(world, BANK_CSV)
    lines = {line.row_number: line for line in batch.lines.all()}
    assert lines[2].status == LineStatus.MATCHED and lines[2].member == world.m1 and lines[2].month == FEB
    assert lines[2].amount == 85_000
    assert lines[3].status == LineStatus.UNMATCHED
    assert lines[4].status == LineStatus.UNMATCHED and "Số tiền" in lines[4].message
    assert lines[5].status == LineStatus.DUPLICATE
    assert not DuesMonth.objects.filter(paid__gt=0).exists()
    assert AuditEntry.objects.filter(action="dues.reconciliation.uploaded", object_id=str(batch.pk)).exists()


def test_unknown_layout_names_the_missing_columns_and_writes_nothing(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        upload(world, "Cột A;Cột B\n1;2\n")
    assert "thiếu cột số tiền; ngày" in refused.value.message and "Cột A" in refused.value.message
    with pytest.raises(DomainError) as refused:
        upload(world, BANK_CSV, mapping={"amount": "Tiền"})
    assert "tệp không có cột “Tiền”" in refused.value.message
    assert not ReconciliationBatch.objects.exists() and not ReconciliationLine.objects.exists()


def test_ambiguous_line_gets_a_candidate_picked_in_review(world: World) -> None:
    make_member(organization=world.cell_a2, family_name="Nguyễn", middle_name="Văn", given_name="Hùng")
    batch = upload(world, "Họ và tên,Số tiền,Ngày\nNguyễn Văn Hùng,85000,05/03/2026\n")
    line = batch.lines.get()
    assert line.status == LineStatus.AMBIGUOUS and len(line.candidates) == 2
    with pytest.raises(DomainError):
        review_lines(actor=world.officer, batch=batch, expected_version=batch.version, accepted=[line.pk])
    reviewed = review_lines(actor=world.officer, batch=batch, expected_version=batch.version, accepted=[line.pk],
                            picks={line.pk: world.m1.pk})  # fmt: skip
    line.refresh_from_db()
    assert (line.status, line.member, line.accepted, reviewed.version) == (LineStatus.MATCHED, world.m1, True, 2)
    with pytest.raises(DomainError, match="sửa sau khi bạn mở"):
        review_lines(actor=world.officer, batch=batch, expected_version=1, accepted=[])


def test_apply_refuses_with_nothing_accepted_and_when_already_applied(world: World) -> None:
    batch = upload(world, BANK_CSV)
    scope = scope_for(world.officer)
    with pytest.raises(DomainError, match="Chưa chấp nhận"):
        apply_batch(actor=world.officer, scope=scope, batch=batch, expected_version=batch.version)
    ReconciliationBatch.objects.filter(pk=batch.pk).update(state=BatchState.APPLIED)
    with pytest.raises(DomainError, match="đã được ghi vào sổ"):
        apply_batch(actor=world.officer, scope=scope, batch=batch, expected_version=batch.version)
    assert not DuesMonth.objects.filter(paid__gt=0).exists()


def test_reconciliation_pages_upload_and_review(world: World, as_officer: Client, as_outsider: Client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = as_officer.post(reverse("dues:reconciliations"), {
        "to_chuc": world.org_a.pk, "source": "bank", "file": SimpleUploadedFile("saoke.csv", BANK_CSV.encode()),
    })  # fmt: skip
    assert response.status_code == 302
    batch = ReconciliationBatch.objects.get()
    page = as_officer.get(reverse("dues:reconciliation", args=[batch.pk]))
    assert page.status_code == 200 and "Nguyễn Văn Hùng" in page.content.decode()
    assert "Số tiền không đọc được" in page.content.decode()  # the formula-like amount is text, refused
    assert as_outsider.get(reverse("dues:reconciliation", args=[batch.pk])).status_code == 404
    bad = as_officer.post(reverse("dues:reconciliations"), {
        "to_chuc": world.org_a.pk, "source": "bank", "file": SimpleUploadedFile("x.csv", b"A,B\n1,2\n"),
    })  # fmt: skip
    assert bad.status_code == 400 and "thiếu cột" in bad.content.decode()


def test_payment_code_uses_the_nearest_collection_account(world: World) -> None:
    from django.template.loader import render_to_string

    from dangbo.dues.models import CollectionAccount
    from dangbo.dues.vietqr import payment_code

    assert payment_code(organization_path=world.cell_a1.path, card_number="01000001", name="Nguyễn Văn Hùng",
                        month=FEB, amount=85_000) == {}  # fmt: skip
    CollectionAccount.objects.create(organization=world.org_a, bank_bin="970436", bank_name="Vietcombank",
                                     account_number="0123456789", account_name="DANG UY SO TAI CHINH")  # fmt: skip
    code = payment_code(organization_path=world.cell_a1.path, card_number="01000001", name="Nguyễn Văn Hùng",
                        month=FEB, amount=85_000)  # fmt: skip
    assert "0010A000000727" in code["payload"] and code["svg"].startswith("<svg")
    html = render_to_string("dues/money/_vietqr.html", {"code": code})
    assert "DP 01000001 T022026 Nguyen Van Hung" in html and "<script" not in html
