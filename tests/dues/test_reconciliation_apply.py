"""Applying a reviewed statement: through the ledger, all or nothing, once."""

from __future__ import annotations

import datetime as dt

import pytest

from dangbo.accounts.scope import scope_for
from dangbo.core.errors import DomainError
from dangbo.dues.enums import BatchState, LineStatus, StatementSource
from dangbo.dues.models import CellDuesMonth, DuesMonth, ReconciliationBatch
from dangbo.dues.reconciliation import apply_batch, review_lines, upload_statement

from .conftest import Ledger

STATEMENT = (
    "Ngày giao dịch,Số tiền,Nội dung,Số tham chiếu\n"
    "05/03/2026,85.000,DP 01000001 T022026 Nguyen Van Hung,FT001\n"
    "05/03/2026,60.000,DP 01000002 T022026 Dang Thi Lan,FT002\n"
)


def reviewed(ledger: Ledger, text: str) -> ReconciliationBatch:
    officer = ledger.world.officer
    batch = upload_statement(actor=officer, scope=scope_for(officer), organization=ledger.world.org_a,
                             source=StatementSource.BANK, file_name="saoke.csv", data=text.encode())  # fmt: skip
    ids = [line.pk for line in batch.lines.all() if line.status == LineStatus.MATCHED]
    return review_lines(actor=officer, batch=batch, expected_version=batch.version, accepted=ids)


def test_apply_writes_the_accepted_lines_through_the_ledger_once(ledger: Ledger) -> None:
    officer = ledger.world.officer
    batch = reviewed(ledger, STATEMENT)
    assert not DuesMonth.objects.filter(paid__gt=0).exists()  # nothing before applying
    assert apply_batch(actor=officer, scope=scope_for(officer), batch=batch, expected_version=batch.version) == 2
    m1 = DuesMonth.objects.get(member=ledger.world.m1, month=dt.date(2026, 2, 1))
    assert (m1.paid, m1.channel, m1.reference) == (85_000, "bank", "FT001")
    assert CellDuesMonth.objects.get(organization=ledger.world.cell_a1, month=dt.date(2026, 2, 1)).paid == 145_000
    batch.refresh_from_db()
    assert batch.state == BatchState.APPLIED
    with pytest.raises(DomainError, match="đã được ghi vào sổ"):
        apply_batch(actor=officer, scope=scope_for(officer), batch=batch, expected_version=batch.version)
    assert DuesMonth.objects.get(pk=m1.pk).paid == 85_000


def test_a_line_before_admission_refuses_the_whole_batch(ledger: Ledger) -> None:
    card = "02000009"
    type(ledger.student).objects.filter(pk=ledger.student.pk).update(card_number=card)
    text = STATEMENT + f"05/09/2025,5.000,DP {card} T082025 Sinh vien,FT003\n"
    batch = reviewed(ledger, text)
    assert batch.lines.filter(accepted=True).count() == 3
    officer = ledger.world.officer
    with pytest.raises(DomainError) as refused:
        apply_batch(actor=officer, scope=scope_for(officer), batch=batch, expected_version=batch.version)
    assert "Dòng 4" in refused.value.message and "trước tháng kết nạp" in refused.value.message
    assert not DuesMonth.objects.filter(paid__gt=0).exists()
    batch.refresh_from_db()
    assert batch.state == BatchState.REVIEW
