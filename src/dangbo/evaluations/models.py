"""Rule sets of the yearly quality rating: thresholds as data, versioned by effective date.

A rating for year Y uses the rule set in force on 31/12/Y (`selectors.rule_set_for_year`). The
thresholds live in `params` (JSON, layout in docs/rules.md), checked by `params.parse_params`
whenever a rule set is saved through the admin, so an administrator can change them without code.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangbo.core.models import RuleSetBase, RuleSetQuerySet, VersionedModel

from .enums import CampaignState, DesignationKind, Level, RatingMethod, RatingStep, SubjectKind
from .params import RuleSetData, parse_params


class RuleSet(RuleSetBase):
    source_documents = models.TextField(
        _("văn bản căn cứ"), help_text=_("Ví dụ: Quy định 124-QĐ/TW ngày 10/10/2023; Hướng dẫn 25-HD/BTCTW.")
    )
    citation = models.CharField(
        _("trích dẫn ngắn"),
        max_length=255,
        help_text=_("Dùng trong lời giải thích, ví dụ: Quy định 124-QĐ/TW, Hướng dẫn 25-HD/BTCTW."),
    )
    method = models.CharField(_("phương pháp xếp loại"), max_length=30, choices=RatingMethod.choices)

    objects = RuleSetQuerySet["RuleSet"].as_manager()

    class Meta(RuleSetBase.Meta):
        verbose_name = _("bộ quy tắc xếp loại")
        verbose_name_plural = _("bộ quy tắc xếp loại")
        constraints = [RuleSetBase.dates_ordered("ruleset_dates_ordered")]

    def as_data(self) -> RuleSetData:
        """The rule set as the verdict engine takes it (raises `ParamsError` when the params are invalid)."""
        return RuleSetData(
            code=self.code,
            name=self.name,
            citation=self.citation,
            method=RatingMethod(self.method),
            effective_from=self.effective_from,
            effective_to=self.effective_to,
            params=parse_params(self.method, self.params, default_source=self.citation),
        )

    def check_params(self) -> None:
        """The parameters depend on the method: checked once the method is a known one (the method's own field
        reports a wrong one)."""
        if self.method in RatingMethod.values:
            parse_params(self.method, self.params, default_source=self.citation or "?")

    def overlap_message(self) -> str | None:
        clash = list(self.overlapping().values_list("code", flat=True))
        if not clash:
            return None
        return f"Thời gian hiệu lực trùng với bộ quy tắc {', '.join(clash)}: mỗi ngày chỉ một bộ quy tắc có hiệu lực."


class RatingCampaign(VersionedModel):
    """Đợt đánh giá: one year's rating round over an organization's subtree.

    Each step has a deadline; `reference_date` is the day the "6 months" rules are counted to.
    """

    year = models.PositiveSmallIntegerField(_("năm"))
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="rating_campaigns",
        verbose_name=_("tổ chức đảng"),
    )  # fmt: skip
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="campaigns")
    state = models.CharField(_("trạng thái"), max_length=10, choices=CampaignState.choices, default=CampaignState.OPEN)
    reference_date = models.DateField(_("ngày tính điều kiện"))
    self_assessment_due = models.DateField(_("hạn tự đánh giá"))
    review_due = models.DateField(_("hạn kiểm điểm tại chi bộ"))
    proposal_due = models.DateField(_("hạn đề xuất"))
    decision_due = models.DateField(_("hạn quyết định"))
    verification_due = models.DateField(_("hạn thẩm định"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    locked_at = models.DateTimeField(_("khóa lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đợt đánh giá")
        verbose_name_plural = _("đợt đánh giá")
        ordering = ["-year", "organization"]
        constraints = [models.UniqueConstraint(fields=["year", "organization"], name="campaign_one_per_org_year")]

    def __str__(self) -> str:
        return f"Đánh giá, xếp loại năm {self.year} — {self.organization}"


class Rating(VersionedModel):
    """One subject's rating in one year. The unit fields are snapshots taken when the rating is created
    (the member's cell, its grassroots organization and sector), so roll-ups need no join to members and
    stay true after members move or organizations are restructured."""

    # A round's ratings are read through `rating_campaign_unit_idx`, which starts with the round: no index of
    # its own (opening a round writes a million rows, and each index is paid for on every one).
    campaign = models.ForeignKey(RatingCampaign, on_delete=models.CASCADE, related_name="ratings", db_index=False)
    year = models.PositiveSmallIntegerField(_("năm"))
    subject_kind = models.CharField(_("đối tượng"), max_length=20, choices=SubjectKind.choices)
    # Looked up through `rating_member_once_a_year`, which starts with the member: no index of its own.
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="ratings",
        verbose_name=_("đảng viên"), db_index=False,
    )  # fmt: skip
    # Looked up through `rating_org_once_a_year`, which starts with the organization and holds only the
    # collectives' rows, so the member rows of a round (nearly all of them) add nothing to an index of it.
    organization = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="ratings",
        verbose_name=_("tổ chức đảng được xếp loại"), db_index=False,
    )  # fmt: skip
    # The snapshot's organizations are not checked by the database at each insert (decision 0056, addendum 2):
    # a round writes them from the tree it has just read, organizations are dissolved, never deleted, and the
    # application's PROTECT still refuses to delete one that a rating names.
    unit = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"),
        db_constraint=False,
    )  # fmt: skip
    unit_path = models.CharField(max_length=255, editable=False)  # one index, for subtrees: `rating_unit_path_idx`
    grassroots = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("tổ chức cơ sở đảng"), db_constraint=False,
    )  # fmt: skip
    org_type = models.CharField(_("loại hình"), max_length=30, blank=True)
    step = models.CharField(_("bước"), max_length=20, choices=RatingStep.choices, default=RatingStep.PENDING)
    not_rated = models.BooleanField(_("không xếp loại"), default=False)
    self_level = models.CharField(_("tự xếp loại"), max_length=20, choices=Level.choices, blank=True)
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    score_sheet = models.JSONField(_("phiếu chấm điểm"), default=dict, blank=True)
    # The member's own written self-review; members the rules do not rate still write one.
    self_review = models.TextField(_("bản tự kiểm điểm"), blank=True)
    review_level = models.CharField(_("chi bộ đề nghị"), max_length=20, choices=Level.choices, blank=True)
    proposed_level = models.CharField(_("mức đề xuất"), max_length=20, choices=Level.choices, blank=True)
    decided_level = models.CharField(_("mức quyết định"), max_length=20, choices=Level.choices, blank=True)
    # Counted by year and kind (`rating_year_kind_level_idx`); never looked up alone.
    final_level = models.CharField(_("kết quả xếp loại"), max_length=20, choices=Level.choices, blank=True)
    reasons = models.JSONField(_("căn cứ"), default=list, blank=True)
    override_reason = models.TextField(_("lý do điều chỉnh"), blank=True)

    class Meta:
        verbose_name = _("xếp loại chất lượng")
        verbose_name_plural = _("xếp loại chất lượng")
        ordering = ["campaign", "unit_path"]
        indexes = [
            models.Index(fields=["campaign", "unit"], name="rating_campaign_unit_idx"),
            models.Index(fields=["year", "subject_kind", "final_level"], name="rating_year_kind_level_idx"),
            # A subtree is `unit_path LIKE 'prefix%'`: the pattern operator class serves it (and equality) whatever
            # the database's collation; PostgreSQL only, a plain index elsewhere.
            models.Index(fields=["unit_path"], opclasses=["varchar_pattern_ops"], name="rating_unit_path_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"], condition=Q(member__isnull=False), name="rating_member_once_a_year"
            ),
            models.UniqueConstraint(
                fields=["organization", "year", "subject_kind"],
                condition=Q(organization__isnull=False),
                name="rating_org_once_a_year",
            ),
            models.CheckConstraint(
                condition=(Q(subject_kind="member") & Q(member__isnull=False) & Q(organization__isnull=True))
                | (~Q(subject_kind="member") & Q(member__isnull=True) & Q(organization__isnull=False)),
                name="rating_subject_matches_kind",
            ),
        ]


class DesignationChecklist(VersionedModel):
    """The criteria a committee sets for a designation ("model cell", "four-good") in its subtree."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="designation_checklists",
        verbose_name=_("cấp ủy ban hành"),
    )  # fmt: skip
    kind = models.CharField(_("danh hiệu"), max_length=20, choices=DesignationKind.choices)
    year_from = models.PositiveSmallIntegerField(_("áp dụng từ năm"))
    items = models.JSONField(_("tiêu chí"), default=list)
    source_document = models.CharField(_("văn bản căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("tiêu chí danh hiệu")
        verbose_name_plural = _("tiêu chí danh hiệu")
        constraints = [models.UniqueConstraint(fields=["organization", "kind", "year_from"], name="checklist_unique")]


class Designation(VersionedModel):
    """A cell (or grassroots committee) recognised as "model cell" or "four-good" for a year."""

    year = models.PositiveSmallIntegerField(_("năm"))
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="designations",
        verbose_name=_("tổ chức đảng"),
    )  # fmt: skip
    kind = models.CharField(_("danh hiệu"), max_length=20, choices=DesignationKind.choices)
    checklist = models.ForeignKey(DesignationChecklist, on_delete=models.PROTECT, related_name="designations")
    checked_items = models.JSONField(_("tiêu chí đạt"), default=list)
    evidence = models.FileField(_("minh chứng"), upload_to="designations/%Y/", blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    grassroots = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    org_type = models.CharField(_("loại hình"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("danh hiệu")
        verbose_name_plural = _("danh hiệu")
        constraints = [models.UniqueConstraint(fields=["year", "organization", "kind"], name="designation_once_a_year")]
