"""The ledger feeds screening: three months unpaid without reason in a year fire the dues signal with its
evidence; an excused month does not count; a subtree without ledger rows says it has no data."""

from __future__ import annotations

import datetime as dt

import pytest

from dangbo.dues import ledger as services
from dangbo.dues.models import DuesMonth
from dangbo.dues.provider import unpaid_months
from dangbo.screening.enums import Signal
from dangbo.screening.signals import compute

from .conftest import Ledger

pytestmark = pytest.mark.django_db
MONTHS = [dt.date(2025, m, 1) for m in (4, 5, 6)]
END = dt.date(2025, 12, 31)


def dues_hits(ledger: Ledger) -> dict[int, object]:
    computed = compute(2025, ledger.world.org_a, today=END)
    assert computed.dues_available
    return {h.member_id: h for h in computed.hits if h.signal == Signal.DUES_UNPAID}


@pytest.fixture
def unpaid(ledger: Ledger) -> Ledger:
    """April–June 2025 computed; everyone paid but m1 (and the student, not yet admitted)."""
    services.compute_months(root=ledger.world.bloc, months=MONTHS)
    DuesMonth.objects.exclude(member=ledger.world.m1).update(paid=1_000_000)
    return ledger


def test_three_unpaid_months_fire_the_signal_with_its_evidence(unpaid: Ledger) -> None:
    w = unpaid.world
    assert unpaid_months(2025, w.org_a.path) == {w.m1.pk: [4, 5, 6]}
    hit = dues_hits(unpaid)[w.m1.pk]
    assert hit.evidence == {"threshold": 3, "months": ["04/2025", "05/2025", "06/2025"]}
    assert "chưa đóng đảng phí 3 tháng của năm 2025 (tháng 04/2025, 05/2025, 06/2025)" in hit.explanation


def test_an_excused_month_does_not_count(unpaid: Ledger) -> None:
    w = unpaid.world
    services.excuse_month(actor=unpaid.secretary, member=w.m1, month=MONTHS[1], reason="Điều trị dài ngày")
    assert unpaid_months(2025, w.org_a.path) == {w.m1.pk: [4, 6]}
    assert dues_hits(unpaid) == {}


def test_no_ledger_rows_is_no_data(ledger: Ledger) -> None:
    assert unpaid_months(2025, ledger.world.org_a.path) is None
    services.compute_months(root=ledger.world.org_b, months=MONTHS)
    assert unpaid_months(2025, ledger.world.org_a.path) is None
    assert unpaid_months(2025, ledger.world.org_b.path) == {}  # m3 has no base: nothing due
