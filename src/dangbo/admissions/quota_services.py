"""Writes of admission quotas: setting one grassroots organization's quota for a year, and accepting every
suggested quota at once. Only holders of DECIDE_ADMISSIONS over the organization (the bloc's organization
board) hand out quotas; grassroots officers read them (`quotas.quota_rows`)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope, scope_for
from dangbo.core.audit import log_action, log_denied, snapshot
from dangbo.core.date_limits import YEARS_AHEAD
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.organizations.models import Organization

from .models import Quota
from .quotas import GRASSROOTS_KINDS, members_on_first_january, quota_percent, quota_rows

EARLIEST_YEAR = 2000
AUDITED = ("organization_id", "year", "quota", "note")


def _audit(action: str, *, actor: Any, quota: Quota, organization: Organization, **entry: Any) -> None:
    """One audit entry about a quota (`admissions.quota.<action>`)."""
    log_action(
        f"admissions.quota.{action}",
        actor=actor,
        object_type="admission_quota",
        object_id=quota.pk,
        object_repr=f"Chỉ tiêu kết nạp năm {quota.year} của {organization.name}",
        scope_path=organization.path,
        **entry,
    )


def _check_year(year: int) -> None:
    latest = timezone.localdate().year + YEARS_AHEAD
    if not EARLIEST_YEAR <= year <= latest:
        raise DomainError(f"Năm giao chỉ tiêu phải từ {EARLIEST_YEAR} đến {latest}.", field="year")


def _deciding_scope(actor: Any, organization: Organization) -> Scope:
    """The actor's scope when they may hand out quotas to `organization`; otherwise refused (an organization
    they cannot even see is logged and answered as not found)."""
    scope = scope_for(actor)
    if scope.covers_path(Right.DECIDE_ADMISSIONS, organization.path):
        return scope
    if scope.covers_path(Right.VIEW_ADMISSIONS, organization.path):
        raise DomainError("Chỉ Ban Tổ chức cấp trên giao chỉ tiêu kết nạp đảng viên.", code="forbidden")
    log_denied(actor=actor, what="organization", object_id=organization.pk)  # outside the transaction: it stays
    raise DomainError("Không tìm thấy tổ chức đảng này trong phạm vi của bạn.", code="not_found")


def set_quota(
    *,
    actor: Any,
    organization: Organization,
    year: int,
    quota: int,
    expected_version: int | None = None,
    note: str = "",
) -> Quota:
    """Set `organization`'s admission quota for `year` (a new one without `expected_version`, an existing one
    only with its current version).

    Refuses (DomainError, nothing saved): an organization out of the actor's scope (logged) or one they only
    read; an organization that is not a grassroots organization; a year out of range; a negative quota, or one
    above the members on the rolls on 1 January (no organization admits more people than it has members);
    a stale version, or a quota set meanwhile by someone else (ConcurrentEditError).
    """
    _deciding_scope(actor, organization)
    with transaction.atomic():
        return _set(actor, organization, year, quota, expected_version, " ".join(note.split())[:255])


def _set(
    actor: Any, organization: Organization, year: int, value: int, expected_version: int | None, note: str
) -> Quota:
    if organization.kind not in GRASSROOTS_KINDS:
        raise DomainError(
            f"“{organization.name}” không phải tổ chức cơ sở đảng: chỉ tiêu kết nạp giao cho đảng bộ cơ sở "
            "hoặc chi bộ cơ sở.",
            field="organization",
        )
    _check_year(year)
    if value < 0:
        raise DomainError("Chỉ tiêu kết nạp không được là số âm.", field="quota")
    members = members_on_first_january(year, organization.path)
    if value > members:
        raise DomainError(
            f"Chỉ tiêu {value} lớn hơn số đảng viên của {organization.name} ngày 01/01/{year} ({members}): "
            "hãy kiểm tra lại số đã nhập.",
            field="quota",
        )
    existing = Quota.objects.select_for_update().filter(organization=organization, year=year).first()
    if existing is None:
        if expected_version is not None:
            raise ConcurrentEditError()
        try:
            with transaction.atomic():
                created = Quota.objects.create(organization=organization, year=year, quota=value, note=note)
        except IntegrityError as error:  # set by someone else since the page was opened
            raise ConcurrentEditError() from error
        _audit("created", actor=actor, quota=created, organization=organization, after=snapshot(created, AUDITED))
        return created
    if expected_version is None or existing.version != expected_version:
        raise ConcurrentEditError()
    before = snapshot(existing, AUDITED)
    existing.quota, existing.note = value, note
    existing.version += 1
    existing.save(update_fields=["quota", "note", "version", "updated_at"])
    _audit("updated", actor=actor, quota=existing, organization=organization, before=before,
           after=snapshot(existing, AUDITED))  # fmt: skip
    return existing


@transaction.atomic
def accept_suggestions(*, actor: Any, year: int) -> list[Quota]:
    """Give every grassroots organization in the actor's DECIDE_ADMISSIONS scope that has no quota for `year`
    its suggested quota (`quotas.suggested_quota`), all in one transaction; quotas already set are kept.
    Each new quota gets its own audit entry, noted as the suggestion accepted. Refuses an actor who may not
    hand out quotas and a year out of range."""
    scope = scope_for(actor)
    if not scope.has_right(Right.DECIDE_ADMISSIONS):
        raise DomainError("Chỉ Ban Tổ chức cấp trên giao chỉ tiêu kết nạp đảng viên.", code="forbidden")
    _check_year(year)
    deciding = Scope(
        user_id=scope.user_id,
        member_id=scope.member_id,
        paths_by_right={Right.VIEW_ADMISSIONS: scope.paths(Right.DECIDE_ADMISSIONS)},
        is_officer=scope.is_officer,
    )
    note = f"Theo gợi ý {str(quota_percent(year)).replace('.', ',')}% số đảng viên ngày 01/01/{year}"
    created: list[Quota] = []
    for row in quota_rows(deciding, year=year, today=timezone.localdate()):
        if row.quota is not None:
            continue
        try:
            with transaction.atomic():
                quota = Quota.objects.create(organization=row.organization, year=year, quota=row.suggested, note=note)
        except IntegrityError as error:  # set by someone else meanwhile: nothing of this batch is kept
            raise ConcurrentEditError() from error
        _audit("created", actor=actor, quota=quota, organization=row.organization,
               after=snapshot(quota, AUDITED), data={"suggested": True, "members": row.members})  # fmt: skip
        created.append(quota)
    return created
