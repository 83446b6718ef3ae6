"""Remittances: dues a unit passed up to the level directly above it, for whole months.

`record_remittance` writes one (or corrects one, version-checked) and refuses in Vietnamese, with nothing written:
an amount of zero, below or absurdly large; months not yet ended (a period in the future); a paid date in the
future; a unit outside the actor's finance scope; a receiving unit that is not the one directly above (the top
of the tree remits to the province, which the tree does not hold). The statements read these rows as
"remitted".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.audit import log_action, snapshot
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.organizations.models import Organization

from .enums import PaymentChannel
from .models import Remittance

# No unit of one province remits a hundred billion dong at once: a larger figure is a typing slip.
ABSURD_AMOUNT = 100_000_000_000
FIELDS = ["from_organization_id", "to_organization_id", "period_start", "period_end", "amount", "paid_on",
          "channel", "reference", "note"]  # fmt: skip


def remittances_for(scope: Scope) -> QuerySet[Remittance]:
    """Remittances sent by units inside the scope's finance subtrees, or received by them."""
    return Remittance.objects.filter(
        scope.path_q(Right.VIEW_FINANCE) | scope.path_q(Right.VIEW_FINANCE, "to_organization__path")
    ).select_related("from_organization", "to_organization")


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _check(
    *,
    scope: Scope,
    from_organization: Organization,
    to_organization: Organization,
    period_start: dt.date,
    period_end: dt.date,
    amount: int,
    paid_on: dt.date,
    channel: str,
    today: dt.date,
) -> None:
    if not scope.covers_path(Right.MANAGE_FINANCE, from_organization.path):
        raise DomainError("Đơn vị nộp nằm ngoài phạm vi quản lý tài chính của bạn.", field="from_organization")
    if from_organization.parent_id is None:
        raise DomainError(
            "Đơn vị này là cấp cao nhất trong hệ thống; khoản nộp lên Tỉnh ủy không ghi ở đây.",
            field="to_organization",
        )
    if to_organization.pk != from_organization.parent_id:
        raise DomainError(
            f"Đảng phí nộp lên cấp trên trực tiếp: {from_organization.name} nộp cho "
            f"{from_organization.parent.name}, không nộp cho {to_organization.name}.",  # type: ignore[union-attr]
            field="to_organization",
        )
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise DomainError("Số tiền nộp phải là số nguyên dương (đồng).", field="amount")
    if amount >= ABSURD_AMOUNT:
        raise DomainError(f"Số tiền {amount:,} đồng quá lớn; hãy kiểm tra lại.".replace(",", "."), field="amount")
    if period_end < period_start:
        raise DomainError("Tháng kết thúc không được trước tháng bắt đầu.", field="period_end")
    if period_end > month_of(today):
        raise DomainError("Không ghi nộp đảng phí cho tháng chưa đến.", field="period_end")
    if paid_on > today:
        raise DomainError("Ngày nộp không được sau hôm nay.", field="paid_on")
    if channel not in PaymentChannel.values:
        raise DomainError("Hình thức nộp không hợp lệ.", field="channel")


@transaction.atomic
def record_remittance(
    *,
    actor: Any,
    scope: Scope,
    from_organization: Organization,
    to_organization: Organization,
    period_start: dt.date,
    period_end: dt.date,
    amount: int,
    paid_on: dt.date,
    channel: str,
    reference: str = "",
    note: str = "",
    remittance: Remittance | None = None,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Remittance:
    """Record that `from_organization` remitted `amount` dong to the unit directly above for the months
    `period_start`..`period_end` (any day of each; kept as first days). With `remittance`, correct that row
    (its version must be `expected_version`). One audit entry."""
    today = today or timezone.localdate()
    start, end = month_of(period_start), month_of(period_end)
    _check(scope=scope, from_organization=from_organization, to_organization=to_organization, period_start=start,
           period_end=end, amount=amount, paid_on=paid_on, channel=channel, today=today)  # fmt: skip
    values = {
        "from_organization": from_organization, "to_organization": to_organization, "path": from_organization.path,
        "period_start": start, "period_end": end, "amount": amount, "paid_on": paid_on, "channel": channel,
        "reference": reference.strip(), "note": note.strip(),
    }  # fmt: skip
    if remittance is None:
        row = Remittance.objects.create(**values)
        before = None
        action = "dues.remittance.recorded"
    else:
        row = Remittance.objects.select_for_update().get(pk=remittance.pk)
        if expected_version is None or row.version != expected_version:
            raise ConcurrentEditError()
        if not scope.covers_path(Right.MANAGE_FINANCE, row.path):
            raise DomainError("Khoản nộp này nằm ngoài phạm vi quản lý tài chính của bạn.")
        before = snapshot(row, FIELDS)
        for name, value in values.items():
            setattr(row, name, value)
        row.version += 1
        row.save()
        action = "dues.remittance.changed"
    log_action(
        action,
        actor=actor,
        object_type="dues.remittance",
        object_id=row.pk,
        object_repr=f"{from_organization.name} nộp {amount} đồng ({start:%m/%Y}–{end:%m/%Y})",
        scope_path=from_organization.path,
        before=before,
        after=snapshot(row, FIELDS),
    )
    return row
