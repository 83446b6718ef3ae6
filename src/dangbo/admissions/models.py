"""Admission records: rule sets, candidacies with their sponsors, votes, steps and dossier files, yearly quotas
and who decides admissions in each part of the tree."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangbo.core.models import RuleSetBase, RuleSetQuerySet, TimeStampedModel, VersionedModel
from dangbo.members.models import PersonSheet

from .enums import ACTIVE, Acquaintance, ConsentKind, DossierItem, ExitReason, Proposer, Stage, Step, VoteKind
from .params import parse_params


class AdmissionRuleSet(RuleSetBase):
    """The admission thresholds in force from a date (ages, certificate validity, sponsors, votes, deadlines,
    re-admission), with the documents they come from. `params` is checked by `params.parse_params`."""

    params_parser = staticmethod(parse_params)

    objects = RuleSetQuerySet["AdmissionRuleSet"].as_manager()

    class Meta(RuleSetBase.Meta):
        verbose_name = _("bộ quy tắc kết nạp")
        verbose_name_plural = _("bộ quy tắc kết nạp")
        constraints = [RuleSetBase.dates_ordered("admission_ruleset_dates_ordered")]


class Candidate(PersonSheet, VersionedModel):
    """One candidacy of one person, from the proposal by a mass organization or a cell to full membership (or an
    exit). The person's sheet is the member sheet's, so admission creates the member without typing twice."""

    citizen_id = models.CharField(_("số CCCD"), max_length=12, null=True, blank=True)
    cell = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="candidates",
        verbose_name=_("chi bộ bồi dưỡng"),
    )  # fmt: skip
    path = models.CharField(_("đường dẫn chi bộ"), max_length=255, db_index=True, editable=False)
    stage = models.CharField(_("giai đoạn"), max_length=30, choices=Stage.choices, default=Stage.PROPOSED)
    proposer_kind = models.CharField(_("tổ chức giới thiệu"), max_length=20, choices=Proposer.choices)
    proposer_name = models.CharField(_("tên tổ chức giới thiệu"), max_length=255, blank=True)
    proposed_on = models.DateField(_("ngày giới thiệu"))
    # Lives or works in a hard area: primary education may do, with the provincial consent (rules-2025.md §1).
    hard_area = models.BooleanField(_("ở vùng có điều kiện kinh tế - xã hội khó khăn"), default=False)
    # Re-admission of a former member (rules-2025.md §1).
    former_member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="readmissions",
        verbose_name=_("đảng viên cũ (kết nạp lại)"),
    )  # fmt: skip
    left_party_on = models.DateField(_("ngày ra khỏi Đảng"), null=True, blank=True)
    exit_reason = models.CharField(_("lý do ra khỏi Đảng"), max_length=30, choices=ExitReason.choices, blank=True)
    record_cleared_on = models.DateField(_("ngày được xóa án tích"), null=True, blank=True)
    # Awareness course.
    certificate_number = models.CharField(_("số giấy chứng nhận"), max_length=60, blank=True)
    course_passed_on = models.DateField(_("ngày cấp giấy chứng nhận"), null=True, blank=True)
    applied_on = models.DateField(_("ngày nộp đơn"), null=True, blank=True)
    verified_on = models.DateField(_("ngày thẩm tra xong lý lịch"), null=True, blank=True)
    youth_union_resolution = models.BooleanField(_("có nghị quyết giới thiệu của Đoàn"), default=False)
    committee_resolution_number = models.CharField(_("số nghị quyết đảng ủy"), max_length=60, blank=True)
    committee_resolved_on = models.DateField(_("ngày nghị quyết đảng ủy"), null=True, blank=True)
    # Admission decision and ceremony.
    deciding_committee = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("cấp ủy quyết định kết nạp"),
    )  # fmt: skip
    decision_number = models.CharField(_("số quyết định kết nạp"), max_length=60, blank=True)
    decided_on = models.DateField(_("ngày quyết định kết nạp"), null=True, blank=True, db_index=True)
    decision_received_on = models.DateField(_("ngày chi bộ nhận quyết định"), null=True, blank=True)
    ceremony_on = models.DateField(_("ngày lễ kết nạp"), null=True, blank=True)
    # The member the candidacy made (from the ceremony on). A re-admission reuses the former member's record, so
    # one member may have two candidacies (the first admission and the re-admission); `services.propose` keeps one
    # candidacy under way per person.
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="candidacies",
        verbose_name=_("đảng viên"),
    )  # fmt: skip
    # Recognition.
    probation_ends_on = models.DateField(_("ngày hết thời gian dự bị"), null=True, blank=True)
    recognition_decision_number = models.CharField(_("số quyết định công nhận"), max_length=60, blank=True)
    recognized_on = models.DateField(_("ngày quyết định công nhận"), null=True, blank=True)
    full_membership_on = models.DateField(_("ngày công nhận chính thức"), null=True, blank=True)
    # Exits.
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    closing_reason = models.TextField(_("lý do"), blank=True)
    # Search and sort keys, filled by the services like the member's.
    search_name = models.CharField(max_length=200, editable=False)
    sort_key = models.CharField(max_length=600, editable=False)

    class Meta:
        verbose_name = _("quần chúng ưu tú / người được kết nạp")
        verbose_name_plural = _("quần chúng ưu tú / người được kết nạp")
        ordering = ["sort_key"]
        indexes = [
            models.Index(fields=["path", "stage"], name="candidate_path_stage_idx"),
            models.Index(fields=["stage", "decided_on"], name="candidate_stage_decided_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["citizen_id"],
                condition=Q(stage__in=sorted(ACTIVE)) & Q(citizen_id__isnull=False),
                name="candidate_one_active_per_person",
                violation_error_message="Người này đang có một hồ sơ kết nạp khác chưa kết thúc.",
            )
        ]

    def __str__(self) -> str:
        return self.full_name


class Sponsor(models.Model):
    """A full member who vouches for the candidate (or the Youth Union's resolution stands for one of two)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="sponsors")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="sponsored")
    acquaintance = models.CharField(_("quan hệ"), max_length=20, choices=Acquaintance.choices)
    known_since = models.DateField(_("cùng công tác, học tập hoặc cư trú từ ngày"))
    recorded_on = models.DateField(_("ngày ghi nhận"))

    class Meta:
        verbose_name = _("người giới thiệu")
        verbose_name_plural = _("người giới thiệu")
        constraints = [models.UniqueConstraint(fields=["candidate", "member"], name="sponsor_once")]


class Vote(models.Model):
    """A cell's vote on the candidate: for admission, or (up to three times) for recognition as a full member.
    `voters` is the number of the cell's full members on the day; probationary members do not vote."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="votes")
    kind = models.CharField(_("loại biểu quyết"), max_length=20, choices=VoteKind.choices)
    held_on = models.DateField(_("ngày họp"))
    voters = models.PositiveIntegerField(_("số đảng viên chính thức của chi bộ"))
    votes_for = models.PositiveIntegerField(_("số tán thành"))
    votes_against = models.PositiveIntegerField(_("số không tán thành"))
    resolution_number = models.CharField(_("số nghị quyết"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("biểu quyết")
        verbose_name_plural = _("biểu quyết")
        ordering = ["held_on", "pk"]


class Transition(models.Model):
    """One step taken on a candidacy: who, when, from which stage to which, with the step's data and the rule
    set that checked it. Steps are never edited; a correction is a transition of its own."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="transitions")
    step = models.CharField(_("bước"), max_length=30, choices=Step.choices)
    from_stage = models.CharField(_("từ giai đoạn"), max_length=30, choices=Stage.choices)
    to_stage = models.CharField(_("sang giai đoạn"), max_length=30, choices=Stage.choices)
    on = models.DateField(_("ngày"))
    at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    rule_set = models.ForeignKey(AdmissionRuleSet, null=True, on_delete=models.PROTECT, related_name="+")
    data = models.JSONField(_("dữ liệu"), default=dict)
    note = models.TextField(_("ghi chú"), blank=True)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections",
        verbose_name=_("đính chính bước"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("bước kết nạp")
        verbose_name_plural = _("các bước kết nạp")
        ordering = ["at", "pk"]


class DossierFile(TimeStampedModel):
    """A scanned document of the dossier, served only through an access-checked view."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="files")
    item = models.CharField(_("loại tài liệu"), max_length=30, choices=DossierItem.choices)
    consent_kind = models.CharField(_("loại văn bản đồng ý"), max_length=20, choices=ConsentKind.choices, blank=True)
    file = models.FileField(_("tệp"), upload_to="admissions/%Y/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng"))
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("tài liệu hồ sơ")
        verbose_name_plural = _("tài liệu hồ sơ")
        ordering = ["item", "created_at"]


class Quota(VersionedModel):
    """A grassroots organization's admission quota for a year (the plan's 3–4% of members as the default)."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    quota = models.PositiveIntegerField(_("chỉ tiêu kết nạp"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu kết nạp")
        verbose_name_plural = _("chỉ tiêu kết nạp")
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="quota_once_a_year")]


class DecidingCommittee(VersionedModel):
    """Who decides admissions for the grassroots organizations under `subtree` (since the district level was
    removed in 2025 this differs per tree). Without an entry the organization directly above the grassroots
    organization decides."""

    subtree = models.OneToOneField(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("áp dụng cho")
    )
    decider = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("cấp ủy quyết định kết nạp"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("cấp ủy quyết định kết nạp")
        verbose_name_plural = _("cấp ủy quyết định kết nạp")
