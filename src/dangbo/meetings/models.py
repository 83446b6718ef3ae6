"""Cell life as records: the meeting rule sets, meetings with their documents, attendance and upper-level
guests, the quarters a committee has locked, and each cell's quarter of compliance computed ahead.

An attendance row keeps the meeting's day, its unit and the member's status on that day, so the screening
signals and the roll-ups read one narrow table (`../shared` perf notes: snapshot the unit on facts).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangbo.core.models import RuleSetBase, RuleSetQuerySet, TimeStampedModel, VersionedModel

from .enums import AbsenceReason, Compliance, MeetingKind, MeetingStatus, Presence, ReplyAnswer
from .params import parse_params


class MeetingRuleSet(RuleSetBase):
    """The meeting rules in force from a date (frequency, length, documents' lead time, quorum, attendance),
    with their documents. `params` is checked by `params.parse_params`."""

    params_parser = staticmethod(parse_params)

    objects = RuleSetQuerySet["MeetingRuleSet"].as_manager()

    class Meta(RuleSetBase.Meta):
        verbose_name = _("bộ quy tắc sinh hoạt đảng")
        verbose_name_plural = _("bộ quy tắc sinh hoạt đảng")
        constraints = [RuleSetBase.dates_ordered("meeting_ruleset_dates_ordered")]


class Meeting(VersionedModel):
    """One meeting of a cell (or of a committee): planned with its topic, then held with its times, minutes
    and resolutions. `day` is the day it is held (the planned day until then)."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("tổ chức đảng")
    )
    kind = models.CharField(_("loại sinh hoạt"), max_length=30, choices=MeetingKind.choices)
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    planned_start = models.DateTimeField(_("thời gian dự kiến"))
    day = models.DateField(_("ngày sinh hoạt"), db_index=True)
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    topic = models.CharField(_("chủ đề, nội dung"), max_length=500)
    agenda = models.TextField(_("chương trình"), blank=True)
    # The month this meeting counts as the cell's monthly meeting ("2026-03"), set by the service from the
    # rule set in force; the constraint below refuses a second one in the same month.
    monthly_slot = models.CharField(max_length=7, null=True, blank=True, editable=False)
    documents_published_at = models.DateTimeField(_("công bố tài liệu lúc"), null=True, blank=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    ended_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    minutes = models.TextField(_("biên bản"), blank=True)
    resolutions = models.TextField(_("nghị quyết, kết luận"), blank=True)
    cancel_reason = models.CharField(_("lý do hủy"), max_length=255, blank=True)
    rule_set = models.ForeignKey(
        MeetingRuleSet, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("bộ quy tắc")
    )
    # Counted when attendance is saved, so lists and the compliance roll-up read no attendance rows.
    attendance_recorded_at = models.DateTimeField(_("điểm danh lúc"), null=True, blank=True)
    present_count = models.PositiveIntegerField(_("có mặt"), default=0)
    excused_count = models.PositiveIntegerField(_("vắng có lý do"), default=0)
    unexcused_count = models.PositiveIntegerField(_("vắng không lý do"), default=0)
    expected_count = models.PositiveIntegerField(_("phải có mặt"), default=0)
    quorum_base = models.PositiveIntegerField(_("số tính tỷ lệ dự họp"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("buổi sinh hoạt")
        verbose_name_plural = _("buổi sinh hoạt")
        ordering = ["-day", "-planned_start", "-id"]
        indexes = [models.Index(fields=["organization", "day"], name="meeting_org_day_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "monthly_slot"],
                condition=Q(monthly_slot__isnull=False),
                name="meeting_one_monthly_per_month",
                violation_error_message="Chi bộ đã có buổi sinh hoạt thường kỳ trong tháng này.",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True)
                | Q(started_at__isnull=True)
                | Q(ended_at__gt=models.F("started_at")),
                name="meeting_ends_after_start",
                violation_error_message="Giờ kết thúc phải sau giờ bắt đầu.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.day:%d/%m/%Y}"


class MeetingFileKind(models.TextChoices):
    DOCUMENT = "document", _("Tài liệu sinh hoạt")
    MINUTES = "minutes", _("Biên bản (bản ký)")


class MeetingFile(TimeStampedModel):
    """A document for members to read ahead, or the signed minutes; served only by an access-checked view."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("loại tệp"), max_length=20, choices=MeetingFileKind.choices)
    file = models.FileField(_("tệp"), upload_to="meetings/%Y/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng"))
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("tệp của buổi sinh hoạt")
        verbose_name_plural = _("tệp của buổi sinh hoạt")
        ordering = ["kind", "created_at"]


class Attendance(models.Model):
    """One member at one meeting. `day`, `organization` and `member_status` are the meeting's day, its unit
    and the member's status that day, copied when saved."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="attendances")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("ngày"))
    member_status = models.CharField(_("trạng thái đảng viên"), max_length=30)
    presence = models.CharField(_("có mặt"), max_length=10, choices=Presence.choices)
    reason = models.CharField(_("lý do vắng"), max_length=20, choices=AbsenceReason.choices, blank=True)
    reason_note = models.CharField(_("ghi chú lý do"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once_per_meeting"),
            models.CheckConstraint(
                condition=Q(presence=Presence.EXCUSED) | Q(reason=""),
                name="attendance_reason_only_when_excused",
                violation_error_message="Chỉ ghi lý do khi vắng có lý do.",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "day"], name="attendance_org_day_idx"),
            # The screening signal reads only the unexcused absences of a year (perf notes: partial index).
            models.Index(
                fields=["day", "member"], name="attendance_unexcused_idx", condition=Q(presence=Presence.UNEXCUSED)
            ),
        ]


class MeetingReply(TimeStampedModel):
    """A member's answer to a meeting's invitation: will attend, or absent with a reason. One per member and
    meeting, changed until the meeting starts (`replies.reply_to_meeting`); it informs the attendance roll, which
    the secretary still saves (an absence replied pre-fills "absent with a reason")."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="replies")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(_("trả lời"), max_length=10, choices=ReplyAnswer.choices)
    reason = models.CharField(_("lý do vắng"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("trả lời giấy mời sinh hoạt")
        verbose_name_plural = _("trả lời giấy mời sinh hoạt")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="meeting_reply_once"),
            models.CheckConstraint(
                condition=Q(answer=ReplyAnswer.ATTEND, reason="") | (Q(answer=ReplyAnswer.ABSENT) & ~Q(reason="")),
                name="meeting_reply_reason_when_absent",
                violation_error_message="Xin vắng phải có lý do; sẽ dự thì không ghi lý do.",
            ),
        ]


class MeetingGuest(models.Model):
    """A member of an upper-level committee who attended (usually the one assigned to follow the cell)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    assignment = models.ForeignKey(
        "organizations.OversightAssignment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("cấp ủy cấp trên dự")
        verbose_name_plural = _("cấp ủy cấp trên dự")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="meeting_guest_once")]


class QuarterLock(models.Model):
    """A committee has closed a quarter's meetings for its subtree: nothing in it changes afterwards."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    path = models.CharField(max_length=255, editable=False)
    year = models.PositiveSmallIntegerField(_("năm"))
    quarter = models.PositiveSmallIntegerField(_("quý"))
    locked_at = models.DateTimeField(_("khóa lúc"), auto_now_add=True)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("khóa số liệu quý")
        verbose_name_plural = _("khóa số liệu quý")
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "quarter"], name="quarter_lock_once"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="quarter_lock_quarter_1_4"),
        ]


class CellQuarter(models.Model):
    """One cell's quarter, computed from its meetings whenever they change (and in bulk by a job), so the
    compliance pages and the dashboard read one row per cell. `path` and `grassroots` are snapshots."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    grassroots = models.ForeignKey("organizations.Organization", null=True, on_delete=models.SET_NULL, related_name="+")
    path = models.CharField(max_length=255, editable=False)
    year = models.PositiveSmallIntegerField(_("năm"))
    quarter = models.PositiveSmallIntegerField(_("quý"))
    months_due = models.PositiveSmallIntegerField(_("số tháng phải sinh hoạt"), default=0)
    monthly_held = models.PositiveSmallIntegerField(_("số tháng đã sinh hoạt thường kỳ"), default=0)
    thematic_held = models.PositiveSmallIntegerField(_("số buổi chuyên đề"), default=0)
    meetings_held = models.PositiveSmallIntegerField(_("số buổi đã tổ chức"), default=0)
    too_short = models.PositiveSmallIntegerField(_("số buổi chưa đủ thời lượng"), default=0)
    with_guest = models.PositiveSmallIntegerField(_("số buổi có cấp ủy cấp trên dự"), default=0)
    present = models.PositiveIntegerField(_("lượt có mặt"), default=0)
    expected = models.PositiveIntegerField(_("lượt phải có mặt"), default=0)
    status = models.CharField(_("đánh giá"), max_length=10, choices=Compliance.choices, default=Compliance.NONE)
    reasons = models.JSONField(_("lý do"), default=list)
    computed_at = models.DateTimeField(_("tính lúc"), auto_now=True)

    class Meta:
        verbose_name = _("sinh hoạt chi bộ theo quý")
        verbose_name_plural = _("sinh hoạt chi bộ theo quý")
        constraints = [models.UniqueConstraint(fields=["organization", "year", "quarter"], name="cell_quarter_once")]
        indexes = [models.Index(fields=["year", "quarter", "path"], name="cell_quarter_path_idx")]


class GrassrootsQuarter(models.Model):
    """The sums of one grassroots organization's `CellQuarter` rows for a quarter, rewritten with them
    (`compliance.py`), so the bloc's page reads one row per grassroots organization, never a row per cell.
    `path` is the first of its cells' paths (the order of the bloc's list), `oldest`/`newest` their
    computation times."""

    grassroots = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=255, editable=False)
    year = models.PositiveSmallIntegerField(_("năm"))
    quarter = models.PositiveSmallIntegerField(_("quý"))
    cells = models.PositiveIntegerField(default=0)
    red = models.PositiveIntegerField(default=0)
    amber = models.PositiveIntegerField(default=0)
    green = models.PositiveIntegerField(default=0)
    none = models.PositiveIntegerField(default=0)
    with_thematic = models.PositiveIntegerField(default=0)
    months_due = models.PositiveIntegerField(default=0)
    monthly_held = models.PositiveIntegerField(default=0)
    thematic_held = models.PositiveIntegerField(default=0)
    meetings_held = models.PositiveIntegerField(default=0)
    too_short = models.PositiveIntegerField(default=0)
    with_guest = models.PositiveIntegerField(default=0)
    present = models.PositiveIntegerField(default=0)
    expected = models.PositiveIntegerField(default=0)
    oldest = models.DateTimeField(null=True)
    newest = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("sinh hoạt chi bộ theo quý của đảng bộ cơ sở")
        verbose_name_plural = _("sinh hoạt chi bộ theo quý của đảng bộ cơ sở")
        constraints = [
            models.UniqueConstraint(fields=["grassroots", "year", "quarter"], name="grassroots_quarter_once")
        ]
        indexes = [models.Index(fields=["year", "quarter", "path"], name="grassroots_quarter_path_idx")]
