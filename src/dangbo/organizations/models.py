"""The party tree and its history.

`Organization` holds the current state: parent, name and a materialized `path` ("0000001.0000042.")
that every scope check and subtree query uses (a prefix range on an index). `OrganizationPeriod`
holds the history: one row for each span of time in which an organization had one name and one
parent, so the tree can be rebuilt as of any date. `Restructuring` records each operation with its
effective date and the decision that ordered it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangbo.core.models import VersionedModel

from .enums import (
    LEVEL_OF_KIND,
    MEMBER_HOLDING_KINDS,
    QUALIFIED_BY_PARENT_KINDS,
    CommitteePosition,
    OrgKind,
    OrgType,
    RestructuringKind,
)

PATH_SEGMENT_WIDTH = 7


def path_segment(pk: int) -> str:
    return f"{pk:0{PATH_SEGMENT_WIDTH}d}."


class Organization(VersionedModel):
    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    kind = models.CharField(_("loại tổ chức"), max_length=30, choices=OrgKind.choices)
    org_type = models.CharField(_("loại hình"), max_length=30, choices=OrgType.choices, default=OrgType.OTHER)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("trực thuộc")
    )
    path = models.CharField(_("đường dẫn"), max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("cấp"), default=0, editable=False)
    founded_on = models.DateField(_("ngày thành lập"))
    dissolved_on = models.DateField(_("ngày giải thể"), null=True, blank=True)
    search_name = models.CharField(max_length=255, editable=False, db_index=True)
    sort_key = models.CharField(max_length=600, editable=False)

    class Meta:
        verbose_name = _("tổ chức đảng")
        verbose_name_plural = _("tổ chức đảng")
        ordering = ["path"]
        indexes = [models.Index(fields=["parent", "sort_key"], name="org_children_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def qualified_name(self) -> str:
        """The name that tells the unit apart wherever organizations are listed, filtered or picked.

        Units below the grassroots level carry their parent's name ("Chi bộ 1 — Đảng bộ Sở Tài chính"): after
        the 2025 merger one grassroots organization may hold several cells with the same name. Callers that
        list many organizations `select_related("parent")` (see decision 0017).
        """
        if self.kind in QUALIFIED_BY_PARENT_KINDS and self.parent_id is not None:
            return f"{self.name} — {self.parent.name}"  # type: ignore[union-attr]
        return self.name

    @property
    def level(self) -> str:
        return LEVEL_OF_KIND[OrgKind(self.kind)]

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None

    @property
    def holds_members(self) -> bool:
        return self.kind in MEMBER_HOLDING_KINDS

    def ancestor_paths(self) -> list[str]:
        """Paths of this organization and every ancestor, root first."""
        step = PATH_SEGMENT_WIDTH + 1
        return [self.path[: i + step] for i in range(0, len(self.path), step)]


class OrganizationPeriod(models.Model):
    """A span of time in which the organization had this name and this parent. valid_to is exclusive."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="periods")
    name = models.CharField(_("tên"), max_length=255)
    parent = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    restructuring = models.ForeignKey(
        "Restructuring", null=True, blank=True, on_delete=models.PROTECT, related_name="periods"
    )

    class Meta:
        verbose_name = _("giai đoạn tổ chức")
        ordering = ["organization", "valid_from"]
        indexes = [models.Index(fields=["valid_from", "valid_to"], name="orgperiod_dates_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"], condition=models.Q(valid_to__isnull=True), name="orgperiod_one_open"
            )
        ]

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


class Restructuring(models.Model):
    """One restructuring operation, as ordered by a decision."""

    kind = models.CharField(_("loại"), max_length=20, choices=RestructuringKind.choices)
    effective_date = models.DateField(_("ngày hiệu lực"))
    decision_number = models.CharField(_("số quyết định"), max_length=80, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    sources = models.ManyToManyField(Organization, related_name="restructurings_as_source", blank=True)
    results = models.ManyToManyField(Organization, related_name="restructurings_as_result", blank=True)
    details = models.JSONField(_("chi tiết"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sắp xếp tổ chức")
        verbose_name_plural = _("sắp xếp tổ chức")
        ordering = ["-effective_date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_date:%d/%m/%Y} {self.decision_number}"


class Committee(VersionedModel):
    """Cấp ủy: the elected executive of an organization for one term."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="committees")
    term_label = models.CharField(_("nhiệm kỳ"), max_length=40)
    term_start = models.DateField(_("bắt đầu nhiệm kỳ"))
    term_end = models.DateField(_("kết thúc nhiệm kỳ"), null=True, blank=True)
    secretary_is_head = models.BooleanField(_("bí thư đồng thời là thủ trưởng cơ quan, đơn vị"), default=False)

    class Meta:
        verbose_name = _("cấp ủy")
        verbose_name_plural = _("cấp ủy")
        ordering = ["organization", "-term_start"]

    def __str__(self) -> str:
        return f"Cấp ủy {self.organization} nhiệm kỳ {self.term_label}"


class CommitteeSeat(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="seats")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="committee_seats")
    position = models.CharField(_("chức vụ"), max_length=30, choices=CommitteePosition.choices)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("cấp ủy viên")
        verbose_name_plural = _("cấp ủy viên")
        ordering = ["committee", "position", "start"]
        constraints = [
            # One secretary at a time, and one open seat per member in a committee.
            models.UniqueConstraint(
                fields=["committee"],
                condition=models.Q(position=CommitteePosition.SECRETARY, end__isnull=True),
                name="seat_one_secretary",
            ),
            models.UniqueConstraint(
                fields=["committee", "member"], condition=models.Q(end__isnull=True), name="seat_one_open_per_member"
            ),
        ]


class OversightAssignment(models.Model):
    """Phụ trách cơ sở: an upper-level committee member assigned to follow a unit."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="oversight_assignments")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="oversight_assignments")
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("phân công phụ trách")
        verbose_name_plural = _("phân công phụ trách")
        ordering = ["organization", "-start"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "member"], condition=models.Q(end__isnull=True), name="oversight_one_open"
            )
        ]
