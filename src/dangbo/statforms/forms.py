"""The unit and the day a form is computed for."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dangbo.core.forms import VietnameseDateField
from dangbo.members.forms import OrganizationField, VietnameseForm
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization


class UnitDayForm(VietnameseForm):
    ngay = VietnameseDateField(label=_("Tính đến ngày"), required=False)

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer = organizations.exclude(kind=OrgKind.PARTY_GROUP).filter(dissolved_on__isnull=True)
        self.fields["to_chuc"] = OrganizationField(
            label=_("Đơn vị"), required=False, organizations=organizations, offer=offer
        )
        self.order_fields(["to_chuc", "ngay"])
