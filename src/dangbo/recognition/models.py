"""Party badges (Huy hiệu Đảng) and commendations (khen thưởng).

A `Badge` is one member's badge of one milestone: proposed by the cell or the grassroots committee for an award
date, then awarded by the deciding level (decision number and date), or withdrawn. Who is due on an award date is
computed (`badge_list.py`) from the registry, the facts below and the discipline decisions; above the grassroots
level the computed list is kept ahead (`StoredBadgeList`, `stored_lists.py`), since a bloc's list is too big to
compute on every view.
`SeriousIllness` (the certificate that allows an early award) and `ImprovementConfirmation` (the cell's
recognition that a disciplined member has mended their ways) are those facts. The unit fields of a badge and a
commendation are snapshots taken when proposed, so the report per unit stays true after members move.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangbo.core.models import RuleSetBase, RuleSetQuerySet, TimeStampedModel, VersionedModel

from .enums import BadgeKind, BadgeState, CommendationState, CommendationSubject, DecidingLevel, Verdict
from .params import parse_params


class BadgeRuleSet(RuleSetBase):
    """Milestones, award dates, the early and posthumous windows and the discipline waits in force from a date;
    `params` is checked by `params.parse_params`."""

    params_parser = staticmethod(parse_params)

    objects = RuleSetQuerySet["BadgeRuleSet"].as_manager()

    class Meta(RuleSetBase.Meta):
        verbose_name = _("bộ quy tắc Huy hiệu Đảng")
        verbose_name_plural = _("bộ quy tắc Huy hiệu Đảng")
        constraints = [RuleSetBase.dates_ordered("badge_ruleset_dates_ordered")]


class SeriousIllness(TimeStampedModel):
    """A member certified seriously ill on a day (the fact that allows an early award)."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="serious_illnesses", verbose_name=_("đảng viên")
    )
    certified_on = models.DateField(_("ngày xác nhận bệnh nặng"))
    certified_by = models.CharField(_("nơi xác nhận"), max_length=255)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("xác nhận bệnh nặng")
        verbose_name_plural = _("xác nhận bệnh nặng")
        ordering = ["member", "-certified_on"]
        indexes = [models.Index(fields=["certified_on"], name="illness_certified_idx")]


class ImprovementConfirmation(TimeStampedModel):
    """The cell recognized that a member disciplined by `discipline` has mended their ways (chi bộ công nhận sửa
    chữa tốt khuyết điểm): with the wait after the decision, what lets the badge be proposed again."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="improvements", verbose_name=_("đảng viên")
    )
    discipline = models.OneToOneField(
        "discipline.Discipline", on_delete=models.PROTECT, related_name="improvement", verbose_name=_("kỷ luật")
    )
    confirmed_on = models.DateField(_("ngày chi bộ công nhận"))
    resolution = models.CharField(_("nghị quyết, biên bản chi bộ"), max_length=255)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("công nhận sửa chữa khuyết điểm")
        verbose_name_plural = _("công nhận sửa chữa khuyết điểm")
        ordering = ["member", "-confirmed_on"]


class Badge(VersionedModel):
    """One member's badge of one milestone, from the proposal to the award."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="badges", verbose_name=_("đảng viên")
    )
    milestone = models.PositiveSmallIntegerField(_("mốc tuổi đảng (năm)"))
    milestone_day = models.DateField(_("ngày đủ tuổi đảng"))
    kind = models.CharField(_("hình thức"), max_length=20, choices=BadgeKind.choices, default=BadgeKind.REGULAR)
    state = models.CharField(_("tình trạng"), max_length=20, choices=BadgeState.choices, default=BadgeState.PROPOSED)
    award_date = models.DateField(_("đợt trao tặng"))
    # The proposal: who proposed it, and the member's cell then (path snapshot for the report per unit).
    proposed_on = models.DateField(_("ngày đề nghị"))
    proposing_organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("cấp đề nghị")
    )
    unit = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("chi bộ")
    )
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    explanation = models.CharField(_("căn cứ"), max_length=1000, blank=True)
    # The award.
    decision_number = models.CharField(_("số quyết định"), max_length=80, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    deciding_authority = models.CharField(_("cấp quyết định"), max_length=255, blank=True)
    withdrawn_on = models.DateField(_("ngày rút đề nghị"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("lý do rút"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("Huy hiệu Đảng")
        verbose_name_plural = _("Huy hiệu Đảng")
        ordering = ["award_date", "unit_path", "member"]
        indexes = [models.Index(fields=["award_date", "state"], name="badge_date_state_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "milestone"],
                condition=Q(state__in=[BadgeState.PROPOSED, BadgeState.AWARDED]),
                name="badge_once_per_milestone",
                violation_error_message="Đảng viên đã được đề nghị hoặc đã được tặng Huy hiệu của mốc này.",
            ),
            models.CheckConstraint(
                condition=~Q(state=BadgeState.AWARDED) | (Q(decision_date__isnull=False) & ~Q(decision_number="")),
                name="badge_award_has_decision",
                violation_error_message="Huy hiệu đã tặng phải có số và ngày quyết định.",
            ),
        ]

    def __str__(self) -> str:
        return f"Huy hiệu {self.milestone} năm tuổi đảng — {self.member}"


class StoredBadgeList(models.Model):
    """The badge list of one award date for the tree under `root`, as computed at `computed_at` under the rules
    whose fingerprint is `rules_key` (a changed rule set makes it stale)."""

    award_date = models.DateField(_("đợt trao tặng"))
    root = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("tổ chức"))  # fmt: skip
    rules_key = models.CharField(max_length=64)
    computed_at = models.DateTimeField(_("tính lúc"))

    class Meta:
        verbose_name = _("danh sách Huy hiệu Đảng đã tính")
        verbose_name_plural = _("danh sách Huy hiệu Đảng đã tính")
        constraints = [models.UniqueConstraint(fields=["award_date", "root"], name="stored_badge_list_once")]

    def __str__(self) -> str:
        return f"Huy hiệu Đảng đợt {self.award_date:%d/%m/%Y}: {self.root}"


class StoredBadgeRow(models.Model):
    """One row of a stored list: what `badge_list.BadgeRow` says of one member and one milestone, its sentence
    and the seniority on the award date included, so the page reads it without computing anything."""

    listed = models.ForeignKey(StoredBadgeList, on_delete=models.CASCADE, related_name="entries")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    cell = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    years = models.PositiveSmallIntegerField()
    reached = models.DateField()
    verdict = models.CharField(max_length=20, choices=Verdict.choices)
    kind = models.CharField(max_length=20, choices=BadgeKind.choices, blank=True)
    blocked_until = models.DateField(null=True, blank=True)
    block_discipline_id = models.BigIntegerField(null=True, blank=True)
    awaiting_confirmation = models.BooleanField(default=False)
    carried_from = models.DateField(null=True, blank=True)
    badge = models.ForeignKey(Badge, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    seniority_years = models.PositiveSmallIntegerField()
    seniority_months = models.PositiveSmallIntegerField()
    seniority_days = models.PositiveSmallIntegerField()
    explanation = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["listed", "member", "years"], name="stored_badge_row_once"),
        ]
        indexes = [models.Index(fields=["listed", "verdict"], name="stored_badge_row_verdict_idx")]


class CommendationLevel(models.Model):
    """A form of commendation and the committee that grants it (giấy khen of the grassroots committee, bằng khen
    or giấy khen of the committee above it...)."""

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    deciding_level = models.CharField(_("cấp quyết định"), max_length=20, choices=DecidingLevel.choices)
    rank = models.PositiveSmallIntegerField(_("thứ bậc"), default=1, help_text=_("Số lớn hơn là mức cao hơn."))

    class Meta:
        verbose_name = _("mức khen thưởng")
        verbose_name_plural = _("mức khen thưởng")
        ordering = ["rank", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_deciding_level_display()})"


class CommendationKind(models.Model):
    """A title commended (Đảng viên hoàn thành xuất sắc nhiệm vụ 5 năm liền...), for members or organizations, with
    the levels it may be given at; `excellent_years` N puts on the suggestion list the subjects rated "hoàn thành
    xuất sắc nhiệm vụ" N years in a row."""

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên danh hiệu, thành tích"), max_length=255)
    subject = models.CharField(_("đối tượng"), max_length=20, choices=CommendationSubject.choices)
    excellent_years = models.PositiveSmallIntegerField(
        _("số năm liền hoàn thành xuất sắc nhiệm vụ"), null=True, blank=True
    )
    levels = models.ManyToManyField(CommendationLevel, related_name="kinds", verbose_name=_("mức khen thưởng"))
    source = models.CharField(_("căn cứ"), max_length=500)
    active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("loại khen thưởng")
        verbose_name_plural = _("loại khen thưởng")
        ordering = ["subject", "code"]

    def __str__(self) -> str:
        return self.name


class Commendation(VersionedModel):
    """One commendation of one member or one organization for a year: proposed, then decided or refused by the
    competent committee."""

    kind = models.ForeignKey(CommendationKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("loại"))
    level = models.ForeignKey(CommendationLevel, on_delete=models.PROTECT, related_name="+", verbose_name=_("mức"))
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="commendations",
        verbose_name=_("đảng viên"),
    )  # fmt: skip
    organization = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="commendations",
        verbose_name=_("tổ chức đảng"),
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("năm"))
    achievement = models.CharField(_("thành tích"), max_length=1000, blank=True)
    state = models.CharField(
        _("tình trạng"), max_length=20, choices=CommendationState.choices, default=CommendationState.PROPOSED
    )
    proposed_on = models.DateField(_("ngày đề nghị"))
    proposing_organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("cấp đề nghị")
    )
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    deciding_organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("cấp quyết định")
    )
    decision_number = models.CharField(_("số quyết định"), max_length=80, blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    refusal_reason = models.CharField(_("lý do không khen thưởng"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["-year", "unit_path", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False, organization__isnull=True)
                | Q(member__isnull=True, organization__isnull=False),
                name="commendation_member_xor_org",
                violation_error_message="Khen thưởng phải dành cho đúng một đảng viên hoặc một tổ chức đảng.",
            ),
            models.UniqueConstraint(
                fields=["kind", "year", "member"],
                condition=Q(member__isnull=False) & ~Q(state=CommendationState.REFUSED),
                name="commendation_member_once",
            ),
            models.UniqueConstraint(
                fields=["kind", "year", "organization"],
                condition=Q(organization__isnull=False) & ~Q(state=CommendationState.REFUSED),
                name="commendation_org_once",
            ),
        ]

    @property
    def subject_name(self) -> str:
        return str(self.member if self.member_id else self.organization)
