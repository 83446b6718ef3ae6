"""Training records (issue 10 item 5): the training rule set, courses held by a unit, the people enrolled in them
(members, or candidates who are not members yet) with their results, the certificates issued to those who passed
with their validity, and each member's political theory qualifications.

An enrollment keeps the person's name, birth date and citizen id as they were enrolled, for members too, so that a
certificate is found by citizen id or by name and birth date whether or not the person has become a member since
(the admission pipeline reads the awareness certificate this way, `selectors.awareness_certificate`). `path` is
the materialized path of the unit the record belongs to (the course's organizer; the enrolled person's cell), so
scope checks are a prefix test like everywhere else.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dangbo.core.models import RuleSetBase, RuleSetQuerySet, VersionedModel

from .enums import QUALIFICATION_LEVELS, CourseKind, Result
from .params import parse_params


class TrainingRuleSet(RuleSetBase):
    """Certificate validity per course kind, when the new-member course is due and the theory level every member
    is expected to reach, in force from a date; `params` is checked by `params.parse_params`."""

    params_parser = staticmethod(parse_params)

    objects = RuleSetQuerySet["TrainingRuleSet"].as_manager()

    class Meta(RuleSetBase.Meta):
        verbose_name = _("bộ quy tắc đào tạo, bồi dưỡng")
        verbose_name_plural = _("bộ quy tắc đào tạo, bồi dưỡng")
        constraints = [RuleSetBase.dates_ordered("training_ruleset_dates_ordered")]


class Course(VersionedModel):
    """A course (lớp) of one kind held by a unit from `starts_on` to `ends_on`."""

    kind = models.CharField(_("loại lớp"), max_length=30, choices=CourseKind.choices, db_index=True)
    title = models.CharField(_("tên lớp"), max_length=255)
    organizer = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị tổ chức")
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    starts_on = models.DateField(_("ngày khai giảng"))
    ends_on = models.DateField(_("ngày bế giảng"))
    venue = models.CharField(_("địa điểm"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("lớp đào tạo, bồi dưỡng")
        verbose_name_plural = _("lớp đào tạo, bồi dưỡng")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="training_course_dates_ordered",
                violation_error_message="Ngày bế giảng không được trước ngày khai giảng.",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Enrollment(VersionedModel):
    """One person in one course: a member, or a candidate who is not a member yet (name, birth date, citizen id),
    and the result once the course has ended."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrollments")
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="enrollments",
        verbose_name=_("đảng viên"),
    )  # fmt: skip
    full_name = models.CharField(_("họ và tên"), max_length=200)
    birth_date = models.DateField(_("ngày sinh"))
    citizen_id = models.CharField(_("số CCCD"), max_length=12, null=True, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("chi bộ")
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    result = models.CharField(_("kết quả"), max_length=10, choices=Result.choices, default=Result.PENDING)
    result_note = models.CharField(_("nhận xét"), max_length=500, blank=True)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    sort_key = models.CharField(max_length=600, editable=False)

    class Meta:
        verbose_name = _("học viên")
        verbose_name_plural = _("học viên")
        ordering = ["course", "sort_key", "id"]
        indexes = [models.Index(fields=["citizen_id"], name="training_enrollment_cid_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "member"], condition=Q(member__isnull=False), name="training_enrollment_member_once"
            ),
            models.UniqueConstraint(
                fields=["course", "citizen_id"], condition=Q(citizen_id__isnull=False),
                name="training_enrollment_citizen_once",
            ),
            models.UniqueConstraint(
                fields=["course", "search_name", "birth_date"], name="training_enrollment_person_once"
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.full_name


class Certificate(VersionedModel):
    """The certificate given to a person who passed a course: number, issue date and the last day it is valid
    (from the training rule set in force on the issue date; null: valid without end), with that rule's
    explanation."""

    enrollment = models.OneToOneField(Enrollment, on_delete=models.CASCADE, related_name="certificate")
    number = models.CharField(_("số giấy chứng nhận"), max_length=60)
    issued_on = models.DateField(_("ngày cấp"))
    valid_until = models.DateField(_("có giá trị đến hết ngày"), null=True, blank=True)
    validity_note = models.CharField(_("căn cứ thời hạn"), max_length=500, blank=True)
    # The end was typed from the certificate (at most the rule's validity) rather than computed from the rule.
    validity_stated = models.BooleanField(_("thời hạn ghi trên giấy"), default=False)
    rule_set = models.ForeignKey(TrainingRuleSet, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("giấy chứng nhận")
        verbose_name_plural = _("giấy chứng nhận")
        ordering = ["-issued_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("issued_on")),
                name="training_certificate_valid_after_issue",
                violation_error_message="Giấy chứng nhận không thể cấp sau ngày hết hạn.",
            )
        ]

    def __str__(self) -> str:
        return self.number


class Qualification(VersionedModel):
    """A member's political theory qualification (sơ cấp, trung cấp, cao cấp, cử nhân): the diploma or
    certificate, its date and the institution that issued it. Recording a higher one raises the member's
    `political_theory_level`."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="theory_qualifications")
    level = models.CharField(_("trình độ"), max_length=20, choices=QUALIFICATION_LEVELS)
    certificate_number = models.CharField(_("số bằng, giấy chứng nhận"), max_length=60)
    issued_on = models.DateField(_("ngày cấp"))
    institution = models.CharField(_("cơ sở đào tạo"), max_length=255)
    enrollment = models.OneToOneField(
        Enrollment, null=True, blank=True, on_delete=models.SET_NULL, related_name="qualification",
        verbose_name=_("lớp đã học"),
    )  # fmt: skip
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("trình độ lý luận chính trị")
        verbose_name_plural = _("trình độ lý luận chính trị")
        ordering = ["member", "issued_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "level"], name="training_qualification_level_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} — {self.certificate_number}"
