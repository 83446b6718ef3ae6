"""The ledger's services: months computed for everyone on the rolls (admission to leaving, the cell from the
dated membership, paid amounts kept), payments for one member and for a whole cell, excuses, bases and reliefs;
every refusal leaves nothing written; the cells' sums kept in step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.models import AuditEntry
from dangbo.dues import ledger as services
from dangbo.dues.ledger import CellPayment
from dangbo.dues.models import CellDuesMonth, DuesBase, DuesMonth, DuesRelief
from dangbo.members import services as members
from dangbo.members.seniority import party_age_reached

from .conftest import FEB, JAN, MAR, Ledger

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 20)


def compute(ledger: Ledger, *months: dt.date) -> None:
    services.compute_months(root=ledger.world.bloc, months=months)


def row(member: Any, month: dt.date) -> DuesMonth:
    return DuesMonth.objects.get(member=member, month=month)


def nothing_written(action: Callable[[], Any], match: str) -> None:
    """The action is refused with `match` in its message and neither the ledger, the sums nor the audit log
    changed."""

    def state() -> tuple[Any, ...]:
        return (list(DuesMonth.objects.order_by("pk").values()), list(CellDuesMonth.objects.values_list(
            "organization_id", "month", "paid", "due", "owing")), AuditEntry.objects.count(),
            DuesRelief.objects.count(), list(DuesBase.objects.values()))  # fmt: skip

    before = state()
    with pytest.raises(DomainError, match=match):
        action()
    assert state() == before


def test_months_computed_for_everyone_on_the_rolls(ledger: Ledger) -> None:
    w = ledger.world
    result = services.compute_months(root=w.bloc, months=[JAN, FEB, MAR])
    assert result.months == 3 and result.rows == 3 * 5  # m1, m2, pensioner, student in A1 and m3 in B1
    assert (row(w.m1, JAN).due, row(w.m1, FEB).due) == (85_000, 85_000)
    assert row(w.m1, JAN).rule_set.code == "DP-342" and row(w.m1, FEB).rule_set.code == "DP-01-2026"
    assert (row(ledger.student, JAN).due, row(ledger.student, FEB).due) == (2_000, 5_000)
    assert (row(ledger.pensioner, FEB).due, row(ledger.pensioner, MAR).due) == (30_000, 0)
    assert "50 năm tuổi đảng" in row(ledger.pensioner, MAR).explanation
    assert row(w.m3, FEB).due == 0 and "chưa khai báo" in row(w.m3, FEB).explanation
    sums = CellDuesMonth.objects.get(organization=w.cell_a1, month=FEB)
    assert (sums.members, sums.due, sums.paid, sums.owing) == (4, 85_000 + 60_000 + 30_000 + 5_000, 0, 4)


def test_before_admission_and_after_leaving_no_month(ledger: Ledger) -> None:
    compute(ledger, dt.date(2025, 8, 1), dt.date(2025, 9, 1))
    assert not DuesMonth.objects.filter(member=ledger.student, month=dt.date(2025, 8, 1)).exists()
    assert row(ledger.student, dt.date(2025, 9, 1)).due == 2_000  # the month of admission is due
    members.change_status(actor=None, member=ledger.world.m2, status="deceased", on=dt.date(2026, 2, 10))
    compute(ledger, FEB, MAR)
    assert row(ledger.world.m2, FEB).due == 60_000  # the month of leaving is due
    assert not DuesMonth.objects.filter(member=ledger.world.m2, month=MAR).exists()


def test_recomputing_keeps_what_was_paid_and_follows_a_move(ledger: Ledger) -> None:
    w = ledger.world
    compute(ledger, FEB)
    services.record_payment(actor=ledger.secretary, member=w.m1, month=FEB, amount=85_000, paid_on=TODAY,
                            channel="cash", today=TODAY)  # fmt: skip
    members.move_to_cell(actor=None, member=w.m1, organization=w.cell_a2, on=dt.date(2026, 2, 15))
    DuesBase.objects.filter(member=w.m1).update(base=9_000_000)
    compute(ledger, FEB)
    again = row(w.m1, FEB)
    assert (again.organization, again.due, again.paid) == (w.cell_a2, 90_000, 85_000)
    assert CellDuesMonth.objects.get(organization=w.cell_a2, month=FEB).paid == 85_000
    assert CellDuesMonth.objects.get(organization=w.cell_a1, month=FEB).members == 3
    version = again.version
    compute(ledger, FEB)
    assert row(w.m1, FEB).version == version  # nothing changed: the row is left alone


def test_a_payment_fills_the_month_and_the_sums(ledger: Ledger) -> None:
    w = ledger.world
    compute(ledger, FEB)
    paid = services.record_payment(actor=ledger.secretary, member=w.m1, month=FEB, amount=85_000, today=TODAY,
                                   paid_on=dt.date(2026, 3, 2), channel="portal", reference="DVC-1")  # fmt: skip
    assert (paid.paid, paid.extra, paid.channel, paid.reference, paid.owed) == (85_000, 0, "portal", "DVC-1", 0)
    more = services.record_payment(actor=ledger.secretary, member=w.m1, month=FEB, amount=15_000, paid_on=TODAY,
                                   channel="cash", extra=True, expected_version=paid.version, today=TODAY)  # fmt: skip
    assert (more.paid, more.extra) == (85_000, 15_000)
    sums = CellDuesMonth.objects.get(organization=w.cell_a1, month=FEB)
    assert (sums.paid, sums.extra, sums.owing) == (85_000, 15_000, 3)
    assert AuditEntry.objects.filter(action="dues.payment.recorded").count() == 2


def test_a_payment_for_a_month_not_computed_yet_computes_it(ledger: Ledger) -> None:
    paid = services.record_payment(actor=ledger.secretary, member=ledger.world.m2, month=MAR, amount=60_000,
                                   paid_on=TODAY, channel="cash", today=TODAY)  # fmt: skip
    assert (paid.due, paid.paid) == (60_000, 60_000)


def test_every_refusal_leaves_nothing_written(ledger: Ledger) -> None:
    w, s = ledger.world, ledger.secretary
    compute(ledger, FEB)
    services.record_payment(actor=s, member=w.m2, month=FEB, amount=60_000, paid_on=TODAY, channel="cash",
                            today=TODAY)  # fmt: skip
    members.change_status(actor=None, member=ledger.pensioner, status="deceased", on=dt.date(2026, 2, 10))

    def pay(member: Any = w.m1, month: dt.date = FEB, amount: Any = 85_000, **kw: Any) -> Callable[[], Any]:
        args = {"paid_on": TODAY, "channel": "cash", "today": TODAY, **kw}
        return lambda: services.record_payment(actor=s, member=member, month=month, amount=amount, **args)

    nothing_written(pay(member=ledger.student, month=dt.date(2025, 8, 1)), "trước tháng kết nạp")
    nothing_written(pay(member=ledger.pensioner, month=dt.date(2026, 4, 1)),
                    "không có tên trong danh sách chi bộ \\(ra khỏi danh sách từ 10/02/2026\\)")  # fmt: skip
    nothing_written(pay(amount=-5), "số tiền phải là số đồng lớn hơn 0")
    nothing_written(pay(amount=0), "số tiền phải là số đồng lớn hơn 0")
    nothing_written(pay(amount=85_000_000, extra=True), "vượt quá mức hợp lý")
    nothing_written(pay(amount=850_000), "lớn hơn số phải đóng 85.000 đ")
    nothing_written(pay(member=w.m2, amount=1_000), "đã ghi 60.000 đ ngày 20/03/2026; khoản đóng thêm")
    nothing_written(pay(expected_version=99), "đã được người khác sửa")
    nothing_written(pay(paid_on=dt.date(2026, 3, 21)), "ngày đóng không được sau hôm nay")
    nothing_written(pay(channel="bitcoin"), "hình thức nộp không hợp lệ")
    nothing_written(lambda: services.excuse_month(actor=s, member=w.m2, month=FEB, reason="ốm"), "đã đóng đủ")
    with pytest.raises(ConcurrentEditError):
        pay(expected_version=99)()


def test_out_of_scope_and_read_only_actors_are_refused(ledger: Ledger) -> None:
    w = ledger.world
    compute(ledger, FEB)
    with pytest.raises(DomainError, match="Không tìm thấy chi bộ") as caught:
        services.record_payment(actor=w.outsider, member=w.m1, month=FEB, amount=85_000, paid_on=TODAY,
                                channel="cash", today=TODAY)  # fmt: skip
    assert caught.value.code == "not_found"
    assert AuditEntry.objects.filter(action="core.access.denied", actor=w.outsider).exists()
    with pytest.raises(DomainError, match="Không tìm thấy chi bộ"):
        services.record_payment(actor=w.member_user, member=w.m1, month=FEB, amount=85_000, paid_on=TODAY,
                                channel="cash", today=TODAY)  # fmt: skip
    assert row(w.m1, FEB).paid == 0


def test_a_whole_cell_in_one_request(ledger: Ledger) -> None:
    w = ledger.world
    compute(ledger, FEB)
    rows = {r.member_id: r for r in DuesMonth.objects.filter(organization=w.cell_a1, month=FEB)}
    lines = [
        CellPayment(member_id=w.m1.pk, version=rows[w.m1.pk].version),
        CellPayment(member_id=w.m2.pk, version=rows[w.m2.pk].version, amount=30_000, channel="bank"),
        CellPayment(
            member_id=ledger.pensioner.pk,
            version=rows[ledger.pensioner.pk].version,
            unpaid=True,
            excused_reason="Nằm viện cả tháng",
        ),
        CellPayment(member_id=ledger.student.pk, version=rows[ledger.student.pk].version, unpaid=True),
    ]
    assert services.record_cell_month(actor=ledger.secretary, organization=w.cell_a1, month=FEB, rows=lines,
                                      today=TODAY) == 2  # fmt: skip
    assert (row(w.m1, FEB).paid, row(w.m1, FEB).paid_on, row(w.m1, FEB).channel) == (85_000, TODAY, "cash")
    assert (row(w.m2, FEB).paid, row(w.m2, FEB).owed) == (30_000, 30_000)
    assert row(ledger.pensioner, FEB).excused_reason == "Nằm viện cả tháng"
    assert row(ledger.student, FEB).paid == 0
    assert AuditEntry.objects.filter(action="dues.cell_month.recorded").count() == 1
    sums = CellDuesMonth.objects.get(organization=w.cell_a1, month=FEB)
    assert (sums.paid, sums.owing) == (115_000, 3)
    # sent again (a double tap): the settled lines are left alone, the stale ones refused
    stale = [CellPayment(member_id=w.m2.pk, version=rows[w.m2.pk].version)]
    nothing_written(lambda: services.record_cell_month(actor=ledger.secretary, organization=w.cell_a1, month=FEB,
                                                       rows=stale, today=TODAY), "đã được người khác sửa")  # fmt: skip
    bad = [CellPayment(member_id=w.m2.pk, version=row(w.m2, FEB).version, amount=999_999)]
    nothing_written(lambda: services.record_cell_month(actor=ledger.secretary, organization=w.cell_a1, month=FEB,
                                                       rows=bad, today=TODAY), "phải đóng 30.000")  # fmt: skip
    foreign = [CellPayment(member_id=w.m3.pk, version=1)]
    nothing_written(lambda: services.record_cell_month(actor=ledger.secretary, organization=w.cell_a1, month=FEB,
                                                       rows=foreign, today=TODAY), "không có trong sổ")  # fmt: skip


def test_a_seventy_percent_reduction_ends_after_twelve_months(ledger: Ledger) -> None:
    w = ledger.world
    relief = services.add_relief(actor=ledger.secretary, member=w.m1, kind="reduction", percent=70, start=FEB,
                                 end=dt.date(2027, 1, 1), decision_number="5-QĐ/CB")  # fmt: skip
    compute(ledger, FEB, dt.date(2027, 1, 1), dt.date(2027, 2, 1))
    assert [row(w.m1, m).due for m in (FEB, dt.date(2027, 1, 1), dt.date(2027, 2, 1))] == [25_500, 25_500, 85_000]
    assert relief.percent == 70
    nothing_written(lambda: services.add_relief(actor=ledger.secretary, member=w.m2, kind="reduction", percent=70,
                                                start=FEB, end=dt.date(2027, 2, 1)),
                    "tối đa 12 tháng; từ 02/2026 đến 02/2027 là 13 tháng")  # fmt: skip
    nothing_written(lambda: services.add_relief(actor=ledger.secretary, member=w.m2, kind="reduction", percent=40,
                                                start=FEB, end=MAR), "chỉ được là 30%, 50%, 70%")  # fmt: skip
    nothing_written(lambda: services.add_relief(actor=ledger.secretary, member=w.m2, kind="reduction", percent=30,
                                                start=FEB), "tháng kết thúc")  # fmt: skip


def test_an_exemption_recomputes_the_months_already_in_the_ledger(ledger: Ledger) -> None:
    w = ledger.world
    compute(ledger, FEB, MAR)
    services.add_relief(actor=ledger.secretary, member=w.m2, kind="poor_household", start=MAR)
    assert (row(w.m2, FEB).due, row(w.m2, MAR).due) == (60_000, 0)
    assert CellDuesMonth.objects.get(organization=w.cell_a1, month=MAR).due == 85_000 + 5_000


def test_a_base_change_from_a_month(ledger: Ledger) -> None:
    w = ledger.world
    compute(ledger, FEB, MAR)
    services.set_base(actor=ledger.secretary, member=w.m2, start=dt.date(2026, 3, 5), category="insured",
                      base=7_000_000)  # fmt: skip
    assert (row(w.m2, FEB).due, row(w.m2, MAR).due) == (60_000, 70_000)
    nothing_written(lambda: services.set_base(actor=ledger.secretary, member=w.m2, start=MAR, category="insured",
                                              base=-1), "Căn cứ tính phải là số đồng")  # fmt: skip
    nothing_written(lambda: services.set_base(actor=ledger.secretary, member=w.m2, start=MAR, category="insured",
                                              base=0), "đóng theo tỷ lệ")  # fmt: skip


def test_excusing_a_month(ledger: Ledger) -> None:
    compute(ledger, FEB)
    excused = services.excuse_month(actor=ledger.secretary, member=ledger.world.m1, month=FEB, reason="Ốm nặng")
    assert excused.excused_reason == "Ốm nặng"
    assert AuditEntry.objects.filter(action="dues.month.excused").count() == 1


def test_party_age_reached_with_and_without_gaps() -> None:
    admitted = dt.date(1976, 3, 17)
    assert party_age_reached(admission_decision_date=admitted, periods=[], years=50) == dt.date(2026, 3, 17)
    gap = [("struck_off", dt.date(1990, 1, 1), dt.date(1991, 7, 1))]  # 18 months that do not count
    assert party_age_reached(admission_decision_date=admitted, periods=gap, years=50) == dt.date(2027, 9, 17)
