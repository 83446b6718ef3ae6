"""Writes of the dues ledger (rules.md "Đảng phí"; decision 0030).

One entry point per change, keyword-only, in one transaction, audited once, the record's version compared
(`ConcurrentEditError` when someone saved meanwhile), bad input refused with a Vietnamese message and nothing
written:

- `set_base`: a member's category and base from a month (a dated change);
- `add_relief` / `remove_relief`: an exemption, or a reduction of the rule set's percents for at most its
  months per decision;
- `record_payment`: one member's month paid (cash to the cell, the national portal, a bank transfer);
- `record_cell_month`: one request for a whole cell's month — everyone paid in full unless marked otherwise;
- `excuse_month`: a valid reason for a month left unpaid (screening then does not count it).

Each keeps the months already in the ledger and the cells' sums (`CellDuesMonth`) in step. `compute_months`
(set-based, `dues.compute`) writes the months themselves; it is run as a job, by `manage.py dues_compute`, and
for one member's months by the services here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import scope_for
from dangbo.core.audit import diff, log_action, log_denied, snapshot
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.members.enums import LEAVING_STATUSES
from dangbo.members.models import Member, MemberStatusPeriod
from dangbo.organizations.models import Organization

from .compute import ComputeResult, compute_months, refresh_cell_months
from .enums import EXEMPTION_KINDS, DuesCategory, PaymentChannel, ReliefKind
from .models import DuesBase, DuesMonth, DuesRelief
from .rules import first_of_month, format_dong, month_label, months_from, rules_in_force

__all__ = [
    "MAX_BASE",
    "MAX_PAYMENT",
    "CellPayment",
    "ComputeResult",
    "add_relief",
    "check_may_record",
    "compute_months",
    "excuse_month",
    "record_cell_month",
    "record_payment",
    "refresh_cell_months",
    "remove_relief",
    "set_base",
]

MAX_PAYMENT = 10_000_000  # dong for one member's month: 1% of a billion-dong salary; anything above is a typo
MAX_BASE = 1_000_000_000  # dong a month
MAX_TEXT = 255
PAYMENT_FIELDS = ["paid", "extra", "paid_on", "channel", "reference", "excused_reason", "version"]


def _d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def check_may_record(actor: Any, path: str) -> None:
    """The actor may record dues under `path` (RECORD_DUES or MANAGE_FINANCE); one who only reads finance is
    refused, one who cannot see it is logged and answered "not found". Called before the transaction."""
    scope = scope_for(actor)
    if scope.covers_path(Right.RECORD_DUES, path) or scope.covers_path(Right.MANAGE_FINANCE, path):
        return
    if scope.covers_path(Right.VIEW_FINANCE, path):
        raise DomainError("Chỉ bí thư chi bộ hoặc cán bộ đảng ủy cơ sở ghi sổ đảng phí.", code="forbidden")
    log_denied(actor=actor, what="organization", object_id=path)
    raise DomainError("Không tìm thấy chi bộ này trong phạm vi của bạn.", code="not_found")


def _audit(action: str, *, actor: Any, obj: Any, repr_: str, path: str, **entry: Any) -> None:
    log_action(f"dues.{action}", actor=actor, object_type=type(obj)._meta.model_name, object_id=obj.pk,
               object_repr=repr_, scope_path=path, **entry)  # fmt: skip


def _check_version(record: Any, expected_version: int | None) -> None:
    if expected_version is not None and record.version != expected_version:
        raise ConcurrentEditError()


def _text(value: str, *, field: str, what: str, required: bool = False) -> str:
    cleaned = " ".join((value or "").split())
    if required and not cleaned:
        raise DomainError(f"Hãy ghi {what}.", field=field)
    if len(cleaned) > MAX_TEXT:
        raise DomainError(f"{what.capitalize()} dài quá {MAX_TEXT} ký tự.", field=field)
    return cleaned


def _check_admitted(member: Member, start: dt.date) -> None:
    """Refuse a month before the member's month of admission: no dues are declared for it."""
    if start < first_of_month(member.admission_decision_date):
        raise DomainError(f"Tháng {month_label(start)} trước tháng kết nạp ({_d(member.admission_decision_date)}): "
                          "chưa khai báo đảng phí cho tháng này.", field="start")  # fmt: skip


def _recompute_member(member: Member, start: dt.date) -> None:
    """Recompute the member's months already in the ledger from `start` on (a base or a relief changed)."""
    months = list(DuesMonth.objects.filter(member=member, month__gte=first_of_month(start))
                  .values_list("month", flat=True))  # fmt: skip
    if months:
        compute_months(root=None, months=months, member_ids=[member.pk])


# --- categories and bases ---------------------------------------------------------------------------------------


def set_base(*, actor: Any, member: Member, start: dt.date, category: str, base: int, note: str = "",
             expected_version: int | None = None) -> DuesBase:  # fmt: skip
    """From the month of `start`, the member is in `category` with `base` dong a month. Refuses a month before
    admission, an unknown category, a negative or absurd base, a base missing for a rate that is a percentage."""
    check_may_record(actor, member.organization.path)
    start = first_of_month(start)
    _check_admitted(member, start)
    if category not in DuesCategory.values:
        raise DomainError("Đối tượng đóng đảng phí không hợp lệ.", field="category")
    if isinstance(base, bool) or not isinstance(base, int) or not 0 <= base <= MAX_BASE:
        raise DomainError(f"Căn cứ tính phải là số đồng từ 0 đến {format_dong(MAX_BASE)}.", field="base")
    if base == 0 and rules_in_force(start).rate(category).basis_points:
        raise DomainError(f"“{DuesCategory(category).label}” đóng theo tỷ lệ: hãy ghi căn cứ tính (đồng/tháng).",
                          field="base")  # fmt: skip
    note = _text(note, field="note", what="ghi chú")
    with transaction.atomic():
        record = DuesBase.objects.select_for_update().filter(member=member, start=start).first()
        if record is None:
            record = DuesBase.objects.create(member=member, start=start, category=category, base=base, note=note)
            after = snapshot(record, ["start", "category", "base", "note"])
            _audit("base.set", actor=actor, obj=record, repr_=f"{member.full_name} từ {month_label(start)}",
                   path=member.organization.path, after=after)  # fmt: skip
        else:
            _check_version(record, expected_version)
            before = snapshot(record, ["category", "base", "note"])
            record.category, record.base, record.note = category, base, note
            record.version += 1
            record.save()
            old, new = diff(before, snapshot(record, ["category", "base", "note"]))
            _audit("base.changed", actor=actor, obj=record, repr_=f"{member.full_name} từ {month_label(start)}",
                   path=member.organization.path, before=old, after=new)  # fmt: skip
        _recompute_member(member, start)
    return record


# --- exemptions and reductions ----------------------------------------------------------------------------------


def add_relief(*, actor: Any, member: Member, kind: str, start: dt.date, end: dt.date | None = None,
               percent: int | None = None, decision_number: str = "", decision_date: dt.date | None = None,
               reason: str = "") -> DuesRelief:  # fmt: skip
    """An exemption (any of the exemption kinds: 100%, open or dated) or a reduction (one of the rule set's
    percents, from `start` to `end`, at most the rule set's months per decision), in months."""
    check_may_record(actor, member.organization.path)
    start = first_of_month(start)
    end = first_of_month(end) if end is not None else None
    _check_admitted(member, start)
    if kind not in ReliefKind.values:
        raise DomainError("Loại miễn, giảm đảng phí không hợp lệ.", field="kind")
    if end is not None and end < start:
        raise DomainError("Tháng kết thúc không được trước tháng bắt đầu.", field="end")
    if kind in EXEMPTION_KINDS:
        percent = 100
    else:
        rules = rules_in_force(start)
        allowed = ", ".join(f"{p}%" for p in rules.reduction_percents)
        if percent not in rules.reduction_percents:
            raise DomainError(rules.reduction_source.cite(f"Mức giảm đảng phí chỉ được là {allowed}"),
                              field="percent")  # fmt: skip
        if end is None:
            raise DomainError("Hãy ghi tháng kết thúc của việc giảm đảng phí.", field="end")
        months = len(list(months_from(start, end)))
        if months > rules.reduction_max_months:
            raise DomainError(
                rules.reduction_source.cite(
                    f"Mỗi quyết định giảm đảng phí tối đa {rules.reduction_max_months} tháng; "
                    f"từ {month_label(start)} đến {month_label(end)} là {months} tháng"
                ),
                field="end",
            )
    decision_number = _text(decision_number, field="decision_number", what="số quyết định")
    reason = _text(reason, field="reason", what="lý do")
    with transaction.atomic():
        relief = DuesRelief.objects.create(member=member, kind=kind, percent=percent, start=start, end=end,
                                           decision_number=decision_number, decision_date=decision_date,
                                           reason=reason)  # fmt: skip
        _audit("relief.added", actor=actor, obj=relief, repr_=f"{member.full_name}: {relief.get_kind_display()}",
               path=member.organization.path,
               after=snapshot(relief, ["kind", "percent", "start", "end", "decision_number", "reason"]))  # fmt: skip
        _recompute_member(member, start)
    return relief


def remove_relief(*, actor: Any, relief: DuesRelief, expected_version: int, reason: str) -> None:
    """Remove an exemption or reduction entered by mistake (the reason is audited); the months are recomputed."""
    member = relief.member
    check_may_record(actor, member.organization.path)
    reason = _text(reason, field="reason", what="lý do xóa", required=True)
    with transaction.atomic():
        locked = DuesRelief.objects.select_for_update().get(pk=relief.pk)
        _check_version(locked, expected_version)
        before = snapshot(locked, ["kind", "percent", "start", "end", "decision_number"])
        start = locked.start
        _audit("relief.removed", actor=actor, obj=locked, repr_=f"{member.full_name}: {locked.get_kind_display()}",
               path=member.organization.path, before=before, data={"reason": reason})  # fmt: skip
        locked.delete()
        _recompute_member(member, start)


# --- the ledger month -------------------------------------------------------------------------------------------


def _leaving_day(member: Member) -> dt.date | None:
    return (
        MemberStatusPeriod.objects.filter(member=member, status__in=sorted(LEAVING_STATUSES))
        .order_by("-start")
        .values_list("start", flat=True)
        .first()
    )


def _path_of(member: Member, month: dt.date) -> str:
    """The cell whose ledger holds the member's month (their current cell when it is not computed yet)."""
    found = DuesMonth.objects.filter(member=member, month=first_of_month(month)).values_list("path", flat=True)
    return found.first() or member.organization.path


def ledger_month(member: Member, month: dt.date) -> DuesMonth:
    """The member's ledger row for `month`, computed now when the month is not in the ledger yet. Refuses a month
    before the month of admission, or one when the member was not on the rolls (after leaving)."""
    month = first_of_month(month)
    if month < first_of_month(member.admission_decision_date):
        raise DomainError(f"Tháng {month_label(month)} trước tháng kết nạp ({_d(member.admission_decision_date)}): "
                          "đảng viên chưa phải đóng đảng phí.", field="month")  # fmt: skip
    row = DuesMonth.objects.filter(member=member, month=month).first()
    if row is None:
        compute_months(root=None, months=[month], member_ids=[member.pk])
        row = DuesMonth.objects.filter(member=member, month=month).first()
    if row is None:
        left = _leaving_day(member)
        after = f" (ra khỏi danh sách từ {_d(left)})" if left is not None else ""
        raise DomainError(f"Tháng {month_label(month)} đảng viên không có tên trong danh sách chi bộ{after}: "
                          "không ghi đảng phí tháng này.", field="month")  # fmt: skip
    return row


def _check_payment(row: DuesMonth, *, amount: Any, paid_on: dt.date, channel: str, extra: bool, today: dt.date,
                   top_up: bool = False) -> None:  # fmt: skip
    """`extra`: a further payment, what is beyond the due being voluntary; `top_up`: a further payment of at most
    what is still due (a cell's month completing a partly paid one)."""
    who = f"{row.member.full_name}, tháng {month_label(row.month)}"
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise DomainError(f"{who}: số tiền phải là số đồng lớn hơn 0.", field="amount")
    if amount > MAX_PAYMENT:
        raise DomainError(f"{who}: số tiền {format_dong(amount)} vượt quá mức hợp lý cho một tháng "
                          f"({format_dong(MAX_PAYMENT)}); hãy kiểm tra lại.", field="amount")  # fmt: skip
    if channel not in PaymentChannel.values:
        raise DomainError(f"{who}: hình thức nộp không hợp lệ.", field="channel")
    if not isinstance(paid_on, dt.date) or paid_on > today:
        raise DomainError(f"{who}: ngày đóng không được sau hôm nay.", field="paid_on")
    if paid_on < first_of_month(row.member.admission_decision_date):
        raise DomainError(f"{who}: ngày đóng trước ngày kết nạp.", field="paid_on")
    if (row.paid or row.extra) and not (extra or top_up):
        raise DomainError(f"{who}: tháng này đã ghi {format_dong(row.paid + row.extra)} ngày "
                          f"{_d(row.paid_on) if row.paid_on else '?'}; khoản đóng thêm phải đánh dấu "
                          "“đóng thêm”.", field="extra")  # fmt: skip
    left = row.due - row.paid
    if not extra and amount > left:
        raise DomainError(f"{who}: số tiền {format_dong(amount)} lớn hơn số phải đóng {format_dong(left)}; phần "
                          "đóng thêm tự nguyện hãy đánh dấu “đóng thêm”.", field="amount")  # fmt: skip


def _apply(row: DuesMonth, *, amount: int, paid_on: dt.date, channel: str, reference: str) -> None:
    """The amount first fills what is still due, the rest is voluntary extra."""
    to_due = min(amount, max(row.due - row.paid, 0))
    row.paid += to_due
    row.extra += amount - to_due
    row.paid_on, row.channel = paid_on, channel
    row.reference = reference or row.reference
    row.version += 1


def record_payment(*, actor: Any, member: Member, month: dt.date, amount: int, paid_on: dt.date, channel: str,
                   reference: str = "", extra: bool = False, expected_version: int | None = None,
                   today: dt.date | None = None) -> DuesMonth:  # fmt: skip
    """Record what the member paid for `month`. Refuses (nothing written): a month before admission or when the
    member was not on the rolls; an amount not above zero, above what is due without `extra`, or absurd; a
    second payment for the month without `extra`; a payment date after today; a stale version."""
    today = today or timezone.localdate()
    check_may_record(actor, _path_of(member, month))
    reference = _text(reference, field="reference", what="mã giao dịch, số biên lai")
    with transaction.atomic():
        row = ledger_month(member, month)
        row = DuesMonth.objects.select_for_update().select_related("member").get(pk=row.pk)
        _check_version(row, expected_version)
        _check_payment(row, amount=amount, paid_on=paid_on, channel=channel, extra=extra, today=today)
        before = snapshot(row, PAYMENT_FIELDS)
        _apply(row, amount=amount, paid_on=paid_on, channel=channel, reference=reference)
        row.save(update_fields=[*PAYMENT_FIELDS, "updated_at"])
        old, new = diff(before, snapshot(row, PAYMENT_FIELDS))
        _audit("payment.recorded", actor=actor, obj=row, repr_=f"{member.full_name}, tháng {month_label(row.month)}",
               path=row.path, before=old, after=new, data={"amount": amount, "extra": extra})  # fmt: skip
        refresh_cell_months([row.organization_id], [row.month])
    return row


@dataclass(frozen=True)
class CellPayment:
    """One line of a cell's month as the secretary sent it: paid in full unless `unpaid`; `amount` None means
    what is still due; `excused_reason` marks an unpaid month as excused."""

    member_id: int
    version: int
    unpaid: bool = False
    amount: int | None = None
    channel: str = PaymentChannel.CASH
    reference: str = ""
    excused_reason: str = ""


def record_cell_month(*, actor: Any, organization: Organization, month: dt.date, rows: Sequence[CellPayment],
                      paid_on: dt.date | None = None, today: dt.date | None = None) -> int:  # fmt: skip
    """Record a cell's month in one go (every line checked first; one refused line refuses them all, nothing
    written): each member paid in full on `paid_on` (today by default) in cash unless the line says otherwise,
    or left unpaid (with an excuse when one is given). Lines already paid are left as they are. Returns the
    number of members recorded as paid."""
    today = today or timezone.localdate()
    paid_on = paid_on or today
    month = first_of_month(month)
    check_may_record(actor, organization.path)
    with transaction.atomic():
        ledger = {r.member_id: r for r in DuesMonth.objects.select_for_update().select_related("member")
                  .filter(organization=organization, month=month)}  # fmt: skip
        if not ledger:
            raise DomainError(f"Sổ đảng phí tháng {month_label(month)} của chi bộ chưa được lập.", field="month")
        changed: list[DuesMonth] = []
        lines = []
        for line in rows:
            row = ledger.get(line.member_id)
            if row is None:
                raise DomainError(f"Đảng viên (mã {line.member_id}) không có trong sổ đảng phí tháng "
                                  f"{month_label(month)} của chi bộ.", field="rows")  # fmt: skip
            if row.paid >= row.due and not line.excused_reason:
                continue  # already settled: nothing to record
            _check_version(row, line.version)
            reason = _text(line.excused_reason, field="rows", what="lý do chưa đóng")
            if line.unpaid or reason:
                if reason != row.excused_reason:
                    row.excused_reason = reason
                    row.version += 1
                    changed.append(row)
                    lines.append({"member": row.member_id, "excused": reason})
                continue
            amount = line.amount if line.amount is not None else row.due - row.paid
            reference = _text(line.reference, field="rows", what="mã giao dịch, số biên lai")
            _check_payment(row, amount=amount, paid_on=paid_on, channel=line.channel, extra=False, today=today,
                           top_up=True)  # fmt: skip
            _apply(row, amount=amount, paid_on=paid_on, channel=line.channel, reference=reference)
            row.excused_reason = ""
            changed.append(row)
            lines.append({"member": row.member_id, "amount": amount, "channel": line.channel})
        DuesMonth.objects.bulk_update(changed, [*PAYMENT_FIELDS, "updated_at"])
        log_action("dues.cell_month.recorded", actor=actor, object_type="organization", object_id=organization.pk,
                   object_repr=f"{organization.name}, tháng {month_label(month)}", scope_path=organization.path,
                   data={"month": month.isoformat(), "paid_on": paid_on.isoformat(), "lines": lines})  # fmt: skip
        refresh_cell_months([organization.pk], [month])
    return sum(1 for line in lines if "amount" in line)


def excuse_month(*, actor: Any, member: Member, month: dt.date, reason: str,
                 expected_version: int | None = None) -> DuesMonth:  # fmt: skip
    """Record the valid reason a month is unpaid (an empty reason withdraws it). Screening does not count an
    excused month."""
    check_may_record(actor, _path_of(member, month))
    reason = _text(reason, field="reason", what="lý do chưa đóng")
    with transaction.atomic():
        row = DuesMonth.objects.select_for_update().get(pk=ledger_month(member, month).pk)
        _check_version(row, expected_version)
        if reason and row.paid >= row.due:
            raise DomainError(f"Tháng {month_label(row.month)} đã đóng đủ: không cần lý do chưa đóng.", field="reason")
        before = snapshot(row, ["excused_reason"])
        row.excused_reason = reason
        row.version += 1
        row.save(update_fields=["excused_reason", "version", "updated_at"])
        _audit("month.excused", actor=actor, obj=row, repr_=f"{member.full_name}, tháng {month_label(row.month)}",
               path=row.path, before=before, after={"excused_reason": reason})  # fmt: skip
    return row
