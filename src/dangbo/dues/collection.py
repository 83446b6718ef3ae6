"""The bank account a unit collects dues into, for the VietQR payment codes of its cells' members.

`set_collection_account(...)`: an office or grassroots officer (manage finance over the unit) sets or changes the
account; the bank's BIN is exactly 6 digits (NAPAS), the account number 6 to 19 digits, the bank and holder names
are plain text without control characters (shown escaped). Version-checked, one audit entry, nothing written on a
refusal.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import transaction

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.audit import log_action, snapshot
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.organizations.models import Organization

from .models import CollectionAccount

BIN = re.compile(r"[0-9]{6}")
ACCOUNT_NUMBER = re.compile(r"[0-9]{6,19}")
NAME_LENGTH = 120
FIELDS = ["organization_id", "bank_bin", "bank_name", "account_number", "account_name"]


def _clean_name(value: str, *, field: str, what: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise DomainError(f"Hãy nhập {what}.", field=field)
    if len(text) > NAME_LENGTH:
        raise DomainError(f"{what.capitalize()} dài quá {NAME_LENGTH} ký tự.", field=field)
    if any(unicodedata.category(ch).startswith("C") for ch in value if ch not in " \t"):
        raise DomainError(f"{what.capitalize()} có ký tự điều khiển, không dùng được.", field=field)
    return text


def _check(bank_bin: str, account_number: str) -> tuple[str, str]:
    bank_bin, account_number = bank_bin.strip(), account_number.strip()
    if not BIN.fullmatch(bank_bin):
        raise DomainError("Mã ngân hàng (BIN) phải gồm đúng 6 chữ số.", field="bank_bin")
    if not ACCOUNT_NUMBER.fullmatch(account_number):
        raise DomainError("Số tài khoản chỉ gồm chữ số, từ 6 đến 19 chữ số.", field="account_number")
    return bank_bin, account_number


@transaction.atomic
def set_collection_account(
    *,
    actor: object,
    scope: Scope,
    organization: Organization,
    bank_bin: str,
    bank_name: str,
    account_number: str,
    account_name: str,
    expected_version: int | None = None,
) -> CollectionAccount:
    """Set (or change) the account `organization` collects dues into; the actor manages finance over it."""
    if not scope.covers_path(Right.MANAGE_FINANCE, organization.path):
        raise DomainError("Bạn không quản lý tài chính của đơn vị này.", field="organization")
    bank_bin, account_number = _check(bank_bin, account_number)
    bank_name = _clean_name(bank_name, field="bank_name", what="tên ngân hàng")
    account_name = _clean_name(account_name, field="account_name", what="tên chủ tài khoản")
    values = {"bank_bin": bank_bin, "bank_name": bank_name, "account_number": account_number,
              "account_name": account_name}  # fmt: skip
    account = CollectionAccount.objects.select_for_update().filter(organization=organization).first()
    if account is None:
        if expected_version not in (None, 0):
            raise ConcurrentEditError()
        before = None
        account = CollectionAccount.objects.create(organization=organization, **values)
    else:
        if expected_version is not None and account.version != expected_version:
            raise ConcurrentEditError()
        before = snapshot(account, FIELDS)
        for name, value in values.items():
            setattr(account, name, value)
        account.version += 1
        account.save()
    log_action(
        "dues.account.set",
        actor=actor,
        object_type="dues.collectionaccount",
        object_id=account.pk,
        object_repr=f"{organization.name}: {bank_name} {account_number}",
        scope_path=organization.path,
        before=before,
        after=snapshot(account, FIELDS),
    )
    return account
