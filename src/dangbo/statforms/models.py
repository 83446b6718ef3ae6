"""A statistical form is data: what it counts, its columns (the bands) and its cut-off, so the official layout
of Hướng dẫn 11-HD/BTCTW can be entered in the admin when it is at hand, without a release (decision 0044)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangbo.core.models import VersionedModel
from dangbo.organizations.enums import OrgKind

from .enums import RANGE_DIMENSIONS, Change, Dimension, FormKind, Period, Reconciliation

# The columns of the member register (Mẫu 7-HSĐV) the registry can fill; any other key is written empty and
# named on the page as a column the registry does not hold.
REGISTER_FIELDS = {
    "seq", "full_name", "birth_male", "birth_female", "ethnicity", "religion", "home_town", "admitted_on",
    "full_on", "card_number", "record_number", "joined_on", "cell",
}  # fmt: skip


class StatForm(VersionedModel):
    code = models.CharField(_("mã biểu"), max_length=40, unique=True)
    title = models.CharField(_("tên biểu"), max_length=255)
    source = models.CharField(_("căn cứ"), max_length=255, help_text=_("Văn bản quy định biểu mẫu."))
    kind = models.CharField(_("loại biểu"), max_length=20, choices=FormKind.choices)
    dimension = models.CharField(_("tiêu chí"), max_length=20, choices=Dimension.choices, blank=True)
    bands = models.JSONField(
        _("các cột"),
        default=list,
        help_text=_(
            'Danh sách cột: {"key": ..., "label": ...}; với độ tuổi, tuổi đảng: {"label": ..., "min": ..., '
            '"max": ...} (số năm tròn, bỏ trống một đầu khi không giới hạn).'
        ),
    )
    other_label = models.CharField(
        _("cột “khác”"),
        max_length=80,
        blank=True,
        help_text=_("Đếm các giá trị không thuộc cột nào; bỏ trống: không có cột này."),
    )
    period = models.CharField(_("kỳ"), max_length=10, choices=Period.choices, default=Period.YEAR)
    cutoff_month = models.PositiveSmallIntegerField(_("tháng chốt số liệu"), null=True, blank=True)
    cutoff_day = models.PositiveSmallIntegerField(_("ngày chốt số liệu"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    note = models.TextField(_("ghi chú"), blank=True)
    in_use = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("biểu thống kê")
        verbose_name_plural = _("biểu thống kê")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def clean(self) -> None:
        problems = band_problems(self.kind, self.dimension, self.bands)
        if (self.cutoff_month is None) != (self.cutoff_day is None):
            problems.append(str(_("Ngày và tháng chốt số liệu phải cùng có hoặc cùng bỏ trống.")))
        if self.cutoff_month is not None and not 1 <= self.cutoff_month <= 12:
            problems.append(str(_("Tháng chốt số liệu phải từ 1 đến 12.")))
        if self.cutoff_day is not None and not 1 <= self.cutoff_day <= 31:
            problems.append(str(_("Ngày chốt số liệu phải từ 1 đến 31.")))
        if problems:
            raise ValidationError(problems)


def band_problems(kind: str, dimension: str, bands: Any) -> list[str]:
    """What is wrong with a form's columns, in Vietnamese (empty when they can be computed)."""
    if kind == FormKind.MEMBERS and dimension not in Dimension.values:
        return [str(_("Biểu đảng viên theo tiêu chí cần chọn tiêu chí."))]
    if not isinstance(bands, list) or not bands:
        return [str(_("Cần ít nhất một cột."))]
    vocabularies: dict[str, set[str]] = {
        FormKind.CHANGES: set(Change.values),
        FormKind.RECONCILIATION: set(Reconciliation.values),
        FormKind.ORGANIZATIONS: set(OrgKind.values),
    }
    allowed = vocabularies.get(kind)
    ranges = kind == FormKind.MEMBERS and dimension in RANGE_DIMENSIONS
    problems: list[str] = []
    for number, band in enumerate(bands, start=1):
        if not isinstance(band, dict) or not str(band.get("label", "")).strip():
            problems.append(str(_("Cột %(n)s cần có nhãn (label).")) % {"n": number})
        elif ranges:
            low, high = band.get("min"), band.get("max")
            if any(v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0) for v in (low, high)):
                problems.append(str(_("Cột %(n)s: min, max phải là số năm tròn.")) % {"n": number})
            elif low is not None and high is not None and low > high:
                problems.append(str(_("Cột %(n)s: min lớn hơn max.")) % {"n": number})
        elif not isinstance(band.get("key"), str):
            problems.append(str(_("Cột %(n)s cần có khóa (key).")) % {"n": number})
        elif allowed is not None and band["key"] not in allowed:
            problems.append(str(_("Cột %(n)s: khóa “%(k)s” không tính được.")) % {"n": number, "k": band["key"]})
    return problems
