"""The movements report's filters: the unit in scope and the day the figures are counted on (dd/mm/yyyy)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dangbo.core.forms import VietnameseDateField
from dangbo.members.forms import VietnameseForm
from dangbo.organizations.models import Organization

from .residence_forms import unit_field


class ReportFilterForm(VietnameseForm):
    ngay = VietnameseDateField(label=_("Tính đến ngày"), required=False)

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_chuc"] = unit_field(organizations)
        self.order_fields(["to_chuc", "ngay"])
