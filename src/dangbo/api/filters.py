"""Query-string filters of the list endpoints. They narrow an already scoped queryset, never widen it."""

from __future__ import annotations

import django_filters as filters
from django import forms
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from dangbo.members.enums import Gender, MemberStatus
from dangbo.members.models import Member
from dangbo.members.selectors import search_members
from dangbo.organizations.enums import OrgKind, OrgType
from dangbo.organizations.models import Committee, Organization
from dangbo.organizations.selectors import search_organizations


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.NumberFilter):
    """A record id: a whole number in the database's range (larger numbers are refused with 400, not a crash)."""

    field_class = forms.IntegerField

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class OrganizationFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=OrgKind.choices, label="Loại tổ chức")
    org_type = filters.ChoiceFilter(choices=OrgType.choices, label="Loại hình")
    # A plain id, not a model choice: an unknown parent and one outside the scope look the same (empty list).
    parent = IdFilter(field_name="parent_id", label="Tổ chức cấp trên (id)")
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
    organization = IdFilter(field_name="organization_id", label="Tổ chức (id)")

    class Meta:
        model = Committee
        fields = ()


class MemberFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=MemberStatus.choices, label="Trạng thái (có thể lặp lại)")
    gender = filters.ChoiceFilter(choices=Gender.choices, label="Giới tính")
    to_chuc = IdFilter(method="filter_subtree", label="Tổ chức (id): đảng viên của tổ chức và cấp dưới")
    q = filters.CharFilter(method="filter_q", label="Tìm theo họ tên (không phân biệt dấu), số thẻ hoặc số CCCD")

    class Meta:
        model = Member
        fields = ()

    def filter_subtree(self, queryset: QuerySet[Member], name: str, value: int) -> QuerySet[Member]:
        # The queryset is already scoped, so an organization outside the scope just yields no rows.
        path = Organization.objects.filter(pk=value).values_list("path", flat=True).first()
        if path is None:
            return queryset.none()
        return queryset.filter(organization__path__startswith=path)

    def filter_q(self, queryset: QuerySet[Member], name: str, value: str) -> QuerySet[Member]:
        return search_members(queryset, value)
