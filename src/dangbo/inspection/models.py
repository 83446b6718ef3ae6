"""Inspection and supervision (Quy định 296-QĐ/TW): the yearly programmes of the inspecting organizations and the
cases they run, with each case's team, findings and follow-up items.

A `Programme` is one organization's yearly programme (the bloc's inspection commission, a grassroots committee or
its inspection committee, a cell's own plan). A `Case` is one inspection or supervision of one subject (a member or
an organization in the inspecting organization's subtree), inside a programme or opened on its own (from a
complaint, say). Its stages are dated fields, done in order (`enums.STAGES`); their deadlines are computed from the
decision's date and the rule set in force (`deadlines.py`), and the next one is kept on the row (`due_stage`,
`due_on`) by every write so that lists filter "overdue" without computing each case.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dangbo.core.models import RuleSetBase, RuleSetQuerySet, TimeStampedModel, VersionedModel
from dangbo.discipline.enums import DisciplineForm

from .enums import Body, CaseKind, CaseState, ConclusionResult, Stage, TeamRole
from .params import parse_params


class InspectionRuleSet(RuleSetBase):
    """Which kinds of case may target whom and which level runs them, the stages' deadlines in working days from
    the decision, and the discipline forms each body decides itself; `params` is checked by
    `params.parse_params`."""

    params_parser = staticmethod(parse_params)

    objects = RuleSetQuerySet["InspectionRuleSet"].as_manager()

    class Meta(RuleSetBase.Meta):
        verbose_name = _("bộ quy tắc kiểm tra, giám sát")
        verbose_name_plural = _("bộ quy tắc kiểm tra, giám sát")
        constraints = [RuleSetBase.dates_ordered("inspection_ruleset_dates_ordered")]


class Programme(VersionedModel):
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="inspection_programmes",
        verbose_name=_("tổ chức đảng"),
    )
    body = models.CharField(_("chủ thể"), max_length=30, choices=Body.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.CharField(_("số chương trình"), max_length=80)
    approved_on = models.DateField(_("ngày ban hành"))
    title = models.CharField(_("tên chương trình"), max_length=255)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("chương trình kiểm tra, giám sát")
        verbose_name_plural = _("chương trình kiểm tra, giám sát")
        ordering = ["-year", "organization__path", "body"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "body", "year"],
                name="inspection_programme_one_a_year",
                violation_error_message="Chủ thể này đã có chương trình kiểm tra, giám sát của năm này.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.number})"


class Case(VersionedModel):
    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("chương trình"),
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="inspection_cases",
        verbose_name=_("tổ chức đảng tiến hành"),
    )
    body = models.CharField(_("chủ thể"), max_length=30, choices=Body.choices)
    kind = models.CharField(_("loại"), max_length=30, choices=CaseKind.choices)
    state = models.CharField(_("tình trạng"), max_length=20, choices=CaseState.choices, default=CaseState.PLANNED)
    subject_member = models.ForeignKey(
        "members.Member",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection_cases",
        verbose_name=_("đảng viên là đối tượng"),
    )
    subject_organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection_cases_about",
        verbose_name=_("tổ chức đảng là đối tượng"),
    )
    content = models.TextField(_("nội dung"))
    planned_month = models.PositiveSmallIntegerField(_("tháng dự kiến"), null=True, blank=True)
    complaint = models.ForeignKey(
        "complaints.Complaint",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection_cases",
        verbose_name=_("đơn khiếu nại, tố cáo"),
    )

    # The decision that opens the case (stage 1), and the violation a signs-of-violation case looks into.
    decision_number = models.CharField(_("số quyết định"), max_length=80, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    violation_date = models.DateField(_("ngày vi phạm"), null=True, blank=True)
    violation_form = models.CharField(
        _("mức độ vi phạm (hình thức kỷ luật tương ứng)"), max_length=20, choices=DisciplineForm.choices, blank=True
    )
    violation_kind = models.CharField(_("loại vi phạm (thời hiệu)"), max_length=40, blank=True)
    rule_code = models.CharField(_("bộ quy tắc áp dụng"), max_length=40, blank=True)

    # The other stages' done dates, in order (enums.STAGES).
    notice_on = models.DateField(_("ngày thông báo cho đối tượng"), null=True, blank=True)
    report_on = models.DateField(_("ngày đối tượng báo cáo"), null=True, blank=True)
    verified_on = models.DateField(_("ngày xong thẩm tra, xác minh"), null=True, blank=True)
    draft_on = models.DateField(_("ngày đối tượng giải trình dự thảo báo cáo"), null=True, blank=True)
    concluded_on = models.DateField(_("ngày kết luận"), null=True, blank=True)
    conclusion_notice_on = models.DateField(_("ngày thông báo kết luận"), null=True, blank=True)
    closed_on = models.DateField(_("ngày hoàn thành theo dõi"), null=True, blank=True)

    # The conclusion.
    result = models.CharField(_("kết luận"), max_length=20, choices=ConclusionResult.choices, blank=True)
    conclusion = models.TextField(_("nội dung kết luận"), blank=True)
    conclusion_number = models.CharField(_("số thông báo kết luận"), max_length=80, blank=True)
    proposed_form = models.CharField(
        _("hình thức kỷ luật đề nghị"), max_length=20, choices=DisciplineForm.choices, blank=True
    )
    proposed_to = models.CharField(_("đề nghị cấp có thẩm quyền"), max_length=255, blank=True)
    discipline = models.ForeignKey(
        "discipline.Discipline",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection_cases",
        verbose_name=_("quyết định kỷ luật"),
    )

    # The next stage and its deadline, kept by every write (None once closed or while planned).
    due_stage = models.CharField(_("bước tiếp theo"), max_length=20, choices=Stage.choices, blank=True)
    due_on = models.DateField(_("hạn bước tiếp theo"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("cuộc kiểm tra, giám sát")
        verbose_name_plural = _("cuộc kiểm tra, giám sát")
        ordering = ["-decision_date", "-id"]
        indexes = [
            models.Index(fields=["organization", "decision_date"], name="inspection_case_org_idx"),
            models.Index(fields=["state", "due_on"], name="inspection_case_due_idx"),
            models.Index(fields=["concluded_on"], name="inspection_case_concluded_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(subject_member__isnull=False) & Q(subject_organization__isnull=True))
                | (Q(subject_member__isnull=True) & Q(subject_organization__isnull=False)),
                name="inspection_case_one_subject",
                violation_error_message="Đối tượng kiểm tra, giám sát là đúng một đảng viên hoặc một tổ chức đảng.",
            ),
            models.CheckConstraint(
                condition=Q(state=CaseState.PLANNED) | Q(decision_date__isnull=False),
                name="inspection_case_decided_unless_planned",
                violation_error_message="Cuộc kiểm tra, giám sát đã tiến hành phải có ngày quyết định.",
            ),
            models.CheckConstraint(
                condition=Q(concluded_on__isnull=True) | Q(concluded_on__gte=F("decision_date")),
                name="inspection_case_concluded_after_decision",
                violation_error_message="Ngày kết luận không được trước ngày quyết định.",
            ),
            models.CheckConstraint(
                condition=Q(planned_month__isnull=True) | Q(planned_month__gte=1, planned_month__lte=12),
                name="inspection_case_planned_month",
                violation_error_message="Tháng dự kiến phải từ 1 đến 12.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject_name}"

    @property
    def subject_name(self) -> str:
        if self.subject_member_id:
            return str(self.subject_member.full_name)  # type: ignore[union-attr]
        return str(self.subject_organization.qualified_name)  # type: ignore[union-attr]

    @property
    def subject(self) -> object:
        return self.subject_member if self.subject_member_id else self.subject_organization


class TeamMember(models.Model):
    """One person of the case's team: a member of the registry or someone named (from another body)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team", verbose_name=_("cuộc"))
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("đảng viên")
    )
    name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    role = models.CharField(_("vai trò"), max_length=20, choices=TeamRole.choices)
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("thành viên đoàn kiểm tra, giám sát")
        verbose_name_plural = _("thành viên đoàn kiểm tra, giám sát")
        ordering = ["case", "role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(name=""),
                name="inspection_team_member_named",
                violation_error_message="Thành viên đoàn phải là một đảng viên hoặc có họ tên.",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.member.full_name if self.member is not None else self.name


class Finding(TimeStampedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="findings", verbose_name=_("cuộc"))
    found_on = models.DateField(_("ngày ghi nhận"))
    text = models.TextField(_("nội dung"))
    is_violation = models.BooleanField(_("là vi phạm"), default=False)

    class Meta:
        verbose_name = _("kết quả thẩm tra, xác minh")
        verbose_name_plural = _("kết quả thẩm tra, xác minh")
        ordering = ["case", "found_on", "id"]

    def __str__(self) -> str:
        return f"{self.found_on:%d/%m/%Y}: {self.text[:60]}"


class FollowUp(TimeStampedModel):
    """A task the conclusion sets (remedy a shortcoming, report back), its owner, due day and done day."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("cuộc"))
    task = models.TextField(_("việc phải làm"))
    owner = models.CharField(_("người, tổ chức thực hiện"), max_length=255)
    due_on = models.DateField(_("hạn"))
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)

    class Meta:
        verbose_name = _("việc theo dõi sau kết luận")
        verbose_name_plural = _("việc theo dõi sau kết luận")
        ordering = ["case", "due_on", "id"]

    def __str__(self) -> str:
        return self.task[:60]
