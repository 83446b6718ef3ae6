"""The member registry: the member sheet, dated status history and dated cell membership.

Current status and current cell are kept on `Member` for fast lists and scope checks; the dated
history (`MemberStatusPeriod`, `CellMembership`) answers "as of" questions. Both are written only
by the services in `services.py`, which keep them in step.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangbo.core.models import VersionedModel
from dangbo.core.text import full_name

from .enums import Education, Gender, MemberStatus, TheoryLevel


class PersonSheet(models.Model):
    """The personal part of the member sheet (2-HSĐV), shared with the admission candidate's sheet so that
    admission creates the member from it without typing twice."""

    family_name = models.CharField(_("họ"), max_length=60)
    middle_name = models.CharField(_("tên đệm"), max_length=80, blank=True)
    given_name = models.CharField(_("tên"), max_length=40)
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("ngày sinh"))
    ethnicity = models.CharField(_("dân tộc"), max_length=40, default="Kinh")
    religion = models.CharField(_("tôn giáo"), max_length=40, blank=True, default="Không")
    home_town = models.CharField(_("quê quán"), max_length=255, blank=True)
    residence = models.CharField(_("nơi ở hiện nay"), max_length=255, blank=True)
    citizen_id = models.CharField(_("số CCCD"), max_length=12, unique=True, null=True, blank=True)
    education = models.CharField(_("trình độ học vấn"), max_length=20, choices=Education.choices, blank=True)
    profession = models.CharField(_("chuyên môn, nghề nghiệp"), max_length=120, blank=True)
    political_theory_level = models.CharField(
        _("trình độ lý luận chính trị"), max_length=20, choices=TheoryLevel.choices, default=TheoryLevel.NONE
    )
    position = models.CharField(_("chức vụ"), max_length=120, blank=True)
    workplace = models.CharField(_("nơi làm việc"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)

    class Meta:
        abstract = True

    @property
    def full_name(self) -> str:
        return full_name(family_name=self.family_name, middle_name=self.middle_name, given_name=self.given_name)


class Member(PersonSheet, VersionedModel):
    card_number = models.CharField(_("số thẻ đảng viên"), max_length=20, unique=True, null=True, blank=True)
    record_number = models.CharField(_("số lý lịch đảng viên"), max_length=20, blank=True)
    admission_decision_date = models.DateField(_("ngày quyết định kết nạp"))
    ceremony_date = models.DateField(_("ngày lễ kết nạp"), null=True, blank=True)
    full_membership_date = models.DateField(_("ngày công nhận chính thức"), null=True, blank=True)
    photo = models.FileField(_("ảnh"), upload_to="members/photos/", blank=True)

    status = models.CharField(_("trạng thái"), max_length=30, choices=MemberStatus.choices, db_index=True)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="members", verbose_name=_("chi bộ")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="member"
    )
    search_name = models.CharField(max_length=200, editable=False)
    sort_key = models.CharField(max_length=600, editable=False)

    class Meta:
        verbose_name = _("đảng viên")
        verbose_name_plural = _("đảng viên")
        indexes = [
            models.Index(fields=["organization", "sort_key"], name="member_org_sort_idx"),
            # Vietnamese order, covering what a name search filters on (PostgreSQL; plain elsewhere): a broad
            # search walks it to fill a page without reading member rows (decision 0054).
            models.Index(
                fields=["sort_key", "id"],
                include=["search_name", "organization", "status"],
                name="member_sort_cover_idx",
            ),
            # The badge list reads the members whose milestone may fall near an award date by this range.
            models.Index(fields=["admission_decision_date"], name="member_admission_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name


class MemberStatusPeriod(models.Model):
    """The member had `status` from `start` until `end` (exclusive; open when null)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="status_periods")
    status = models.CharField(_("trạng thái"), max_length=30, choices=MemberStatus.choices)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True)
    reason = models.CharField(_("lý do"), max_length=255, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("giai đoạn trạng thái")
        ordering = ["member", "start", "id"]
        # The few periods of one status (gaps, deaths) read across the tree without scanning every member's.
        indexes = [models.Index(fields=["status", "start"], name="status_period_status_idx")]
        constraints = [
            models.UniqueConstraint(fields=["member"], condition=models.Q(end__isnull=True), name="status_one_open")
        ]


class CellMembership(models.Model):
    """The member belonged to `organization` (a cell) from `start` until `end` (exclusive)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="memberships")
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True)
    reason = models.CharField(_("lý do"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("sinh hoạt tại chi bộ")
        ordering = ["member", "start", "id"]
        indexes = [models.Index(fields=["organization", "start", "end"], name="membership_org_dates_idx")]
        constraints = [
            models.UniqueConstraint(fields=["member"], condition=models.Q(end__isnull=True), name="membership_one_open")
        ]


class NameSuffix(models.Model):
    """The whole-tree name search's index (PostgreSQL only, decision 0058): one row per word of a member's
    normalized name, holding the name from that word on (`suffix`) and the words before it (`head`).

    A name has the typed text at the start of a word exactly when one of its suffixes starts with it, so a
    search is one range of the `suffix` index. The row also carries what the member list filters and sorts on:
    the cell's `path`, the `status` and the `sort_key`, so a search over the whole tree reads no member rows.
    Triggers on the member and organization tables keep the rows in step with every write, bulk ones included
    (migration `0006_name_suffix`); nothing in the application writes here. SQLite has no such table: there the
    search scans the names.
    """

    pk = models.CompositePrimaryKey("member_id", "position")
    member = models.ForeignKey(Member, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    position = models.PositiveSmallIntegerField()
    suffix = models.CharField(max_length=200)
    head = models.CharField(max_length=200)
    path = models.CharField(max_length=255, null=True)
    status = models.CharField(max_length=30)
    sort_key = models.CharField(max_length=600)

    class Meta:
        managed = False
        db_table = "members_namesuffix"
