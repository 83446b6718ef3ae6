"""Query-string filters of the list endpoints. They narrow an already scoped queryset, never widen it.

An organization named by a filter is checked like an id in a URL: outside the user's scope (or unknown) the
answer is 404, and an attempt on an organization that exists is logged (`core.access.denied`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import django_filters as filters
from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from dangbo.accounts.access import get_in_scope_or_404
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope, scope_for
from dangbo.core.date_limits import DEFAULT_LIMITS
from dangbo.core.errors import DomainError
from dangbo.members.enums import Gender, MemberStatus
from dangbo.members.models import Member
from dangbo.members.selectors import members_for, search_members
from dangbo.organizations.enums import OrgKind, OrgType
from dangbo.organizations.models import Committee, Organization
from dangbo.organizations.selectors import organizations_for, search_organizations


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.NumberFilter):
    """A record id: a whole number in the database's range (larger numbers are refused with 400, not a crash)."""

    field_class = forms.IntegerField

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class ScopedIdFilter(IdFilter):
    """A record id checked against what the user's scope holds (`in_scope(scope)`): outside it the answer is 404,
    logged when the record exists, as for an id in a URL. Narrows `field_name` to that record."""

    def __init__(self, *args: object, in_scope: Callable[[Scope], QuerySet[Any]], what: str, **kwargs: object) -> None:
        self.in_scope = in_scope
        self.what = what
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in (None, ""):
            return qs
        request = self.parent.request
        http_request: HttpRequest = getattr(request, "_request", request)
        found = get_in_scope_or_404(http_request, self.in_scope(scope_for(request.user)), value, what=self.what)
        return self.narrow(qs, found)

    def narrow(self, qs: QuerySet[Any], found: Any) -> QuerySet[Any]:
        return qs.filter(**{self.field_name: found.pk})


@extend_schema_field(OpenApiTypes.INT)
class OrganizationIdFilter(ScopedIdFilter):
    """An organization id checked against the user's scope for `right` (404 and logged outside it).

    Narrows `field_name` to that organization's id, or, with `subtree`, `field_name` (a path) to its subtree.
    """

    def __init__(self, *args: object, right: str = Right.VIEW_ORGS, subtree: bool = False, **kwargs: object) -> None:
        self.right = right
        self.subtree = subtree
        super().__init__(
            *args, in_scope=lambda scope: organizations_for(scope, right=right), what="organization", **kwargs
        )

    def narrow(self, qs: QuerySet[Any], found: Any) -> QuerySet[Any]:
        if self.subtree:
            return qs.filter(**{f"{self.field_name}__startswith": found.path})
        return qs.filter(**{self.field_name: found.pk})


class WholeNumberFilter(filters.NumberFilter):
    field_class = forms.IntegerField


def member_filter(right: str, **kwargs: Any) -> ScopedIdFilter:
    """A member id of the user's scope for `right` (404 and logged outside it)."""
    return ScopedIdFilter(
        field_name="member_id", what="member", label="Đảng viên (id)",
        in_scope=lambda scope: members_for(scope, right=right, include_self=False), **kwargs,
    )  # fmt: skip


class OrganizationFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=OrgKind.choices, label="Loại tổ chức")
    org_type = filters.ChoiceFilter(choices=OrgType.choices, label="Loại hình")
    parent = OrganizationIdFilter(field_name="parent_id", label="Tổ chức cấp trên (id)")
    q = filters.CharFilter(
        method="filter_q",
        label="Tìm theo đầu từ trong tên, tên viết tắt hoặc mã (không phân biệt dấu): «tai chinh» tìm «Sở Tài chính»",
    )

    class Meta:
        model = Organization
        fields = ()

    def filter_q(self, queryset: QuerySet[Organization], name: str, value: str) -> QuerySet[Organization]:
        return search_organizations(queryset, value)


class CommitteeFilter(filters.FilterSet):
    organization = OrganizationIdFilter(field_name="organization_id", label="Tổ chức (id)")

    class Meta:
        model = Committee
        fields = ()


class MemberFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=MemberStatus.choices, label="Trạng thái (có thể lặp lại)")
    gender = filters.ChoiceFilter(choices=Gender.choices, label="Giới tính")
    to_chuc = OrganizationIdFilter(
        field_name="organization__path",
        right=Right.VIEW_MEMBERS,
        subtree=True,
        label="Tổ chức (id): đảng viên của tổ chức và cấp dưới",
    )
    q = filters.CharFilter(method="filter_q", label="Tìm theo họ tên (không phân biệt dấu), số thẻ hoặc số CCCD")

    class Meta:
        model = Member
        fields = ()

    def filter_q(self, queryset: QuerySet[Member], name: str, value: str) -> QuerySet[Member]:
        return search_members(queryset, value)


def date_param(raw: str, *, name: str) -> dt.date:
    """A date query parameter (YYYY-MM-DD) in the range every date input of the system has (400 otherwise)."""
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise DomainError(f"Cần tham số {name} là một ngày dạng YYYY-MM-DD.", field=name) from None
    today = timezone.localdate()
    if DEFAULT_LIMITS.too_early(day) or DEFAULT_LIMITS.too_late(day, today=today):
        raise DomainError(
            f"Tham số {name} phải là ngày từ {DEFAULT_LIMITS.earliest:%d/%m/%Y} "
            f"đến {DEFAULT_LIMITS.latest(today):%d/%m/%Y}.",
            field=name,
        )
    return day


def year_param(raw: str | None, *, default: int) -> int:
    """A year query parameter from 2000 to 2100 (`default` when absent or empty; 400 otherwise)."""
    if raw in (None, ""):
        return default
    assert raw is not None
    if not (raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100):
        raise ValidationError({"year": ["Năm (year) cần là số nguyên từ 2000 đến 2100."]}, code="invalid")
    return int(raw)
