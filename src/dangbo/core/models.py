"""Base models and the audit log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar, Self, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audit_guard import refuse
from .errors import DomainError
from .rule_params import ParamsError


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """A record edited by people: `version` grows on every save, so a stale form is refused."""

    version = models.PositiveIntegerField(_("phiên bản"), default=1)

    class Meta:
        abstract = True


_R = TypeVar("_R", bound="RuleSetBase")


class RuleSetQuerySet(models.QuerySet[_R]):
    def in_force_on(self, day: dt.date) -> Self:
        """The rule sets whose effective range holds `day` (it started by then and has not ended), the latest
        start first."""
        return (
            self.filter(effective_from__lte=day)
            .filter(models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=day))
            .order_by("-effective_from")
        )


class RuleSetBase(VersionedModel):
    """A set of rules in force from a date (to a date, or open), with the documents it comes from, the short
    citation the explanations quote and its parameters (JSON an administrator edits). Each app's rule set names
    its date-order constraint in its Meta and the parser of its parameters in `params_parser`."""

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    source_documents = models.TextField(_("văn bản căn cứ"))
    citation = models.CharField(_("trích dẫn ngắn"), max_length=255)
    effective_from = models.DateField(_("hiệu lực từ ngày"))
    effective_to = models.DateField(_("hiệu lực đến ngày"), null=True, blank=True)
    params = models.JSONField(_("tham số"), default=dict)

    DATES_ORDERED_MESSAGE = "Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực."
    # The app's `params.parse_params`: called as `params_parser(params, citation=...)`, it raises `ParamsError`
    # listing every problem. A rule set whose parser needs more overrides `check_params` instead.
    params_parser: ClassVar[Callable[..., object]]

    class Meta:
        abstract = True
        ordering = ["effective_from"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @staticmethod
    def dates_ordered(name: str) -> models.CheckConstraint:
        """The database's check that the range ends on or after its start; each table names its own."""
        return models.CheckConstraint(
            condition=models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=models.F("effective_from")),
            name=name,
            violation_error_message=RuleSetBase.DATES_ORDERED_MESSAGE,
        )

    def overlapping(self) -> models.QuerySet[Self]:
        """Other rule sets whose effective range shares a day with this one."""
        qs = type(self)._default_manager.exclude(pk=self.pk)
        if self.effective_to is not None:
            qs = qs.filter(effective_from__lte=self.effective_to)
        return qs.filter(models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=self.effective_from))

    def overlap_message(self) -> str | None:
        """Why the effective range is refused because another rule set shares a day with it (None: none does)."""
        other = self.overlapping().first()
        return None if other is None else f"Thời gian hiệu lực trùng với bộ quy tắc “{other}”."

    def check_params(self) -> None:
        """Raise `ParamsError` when the parameters are invalid (the rule set's citation stands in for a group's
        missing source; "?" while it is still empty)."""
        type(self).params_parser(self.params, citation=self.citation or "?")

    def clean(self) -> None:
        """The admin's check: dates in order, no overlap with another rule set, parameters valid."""
        errors: dict[str, Any] = {}
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            errors["effective_to"] = self.DATES_ORDERED_MESSAGE
        elif self.effective_from and (overlap := self.overlap_message()):
            errors["effective_from"] = overlap
        try:
            self.check_params()
        except ParamsError as exc:
            errors["params"] = exc.errors
        if errors:
            raise ValidationError(errors)


_A = TypeVar("_A", bound="AuditRecord")


class AuditQuerySet(models.QuerySet[_A]):
    """Rows of an append-only log: `update()` and `delete()` refuse outside `audit_unlocked()`."""

    def update(self, **kwargs: Any) -> int:
        refuse()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        refuse()
        return super().delete()


class AuditRecord(models.Model):
    """The fields of one recorded action, shared by the live log and its yearly archive.

    `seq` and `digest` are the seal (`core.audit_chain`): empty when written, set once by `seal_audit`.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # an account with recorded actions is deactivated, never deleted
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    action = models.CharField(_("hành động"), max_length=80, db_index=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=60)
    object_id = models.CharField(_("mã đối tượng"), max_length=40)
    object_repr = models.CharField(_("đối tượng"), max_length=255, blank=True)
    scope_path = models.CharField(_("phạm vi"), max_length=255, blank=True, db_index=True)
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)
    data = models.JSONField(_("chi tiết"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    seq = models.BigIntegerField(_("số thứ tự niêm phong"), null=True, blank=True, unique=True, editable=False)
    digest = models.CharField(_("mã băm"), max_length=64, blank=True, null=True, editable=False)

    # Whether `save()` may insert a new row (the live log) or not (the archive: filled by `archive_audit` only).
    inserts_allowed: ClassVar[bool] = True

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not (self._state.adding and self.inserts_allowed):
            refuse()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        refuse()
        return super().delete(*args, **kwargs)


class AuditEntry(AuditRecord):
    """One recorded action: a write, a full-record view, an export, or a refused access.

    `scope_path` is the materialized path of the organization the object belonged to, so the audit
    page can be limited to the reader's part of the tree without joining domain tables.
    """

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)

    objects = AuditQuerySet["AuditEntry"].as_manager()

    class Meta:
        verbose_name = _("nhật ký")
        verbose_name_plural = _("nhật ký")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "-at"], name="audit_object_idx"),
            # the entries still to seal, found without walking the sealed ones
            models.Index(fields=["id"], condition=models.Q(seq__isnull=True), name="audit_unsealed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.object_repr}"


class AuditArchive(AuditRecord):
    """An entry of a closed year moved out of the live log by `archive_audit`, with its id and seal kept."""

    id = models.BigIntegerField(primary_key=True)
    at = models.DateTimeField(_("thời điểm"), db_index=True)

    objects = AuditQuerySet["AuditArchive"].as_manager()
    inserts_allowed: ClassVar[bool] = False

    class Meta:
        verbose_name = _("nhật ký đã lưu trữ")
        verbose_name_plural = _("nhật ký đã lưu trữ")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-at"], name="audit_archive_object_idx")]


def job_output_path(job: BackgroundJob, filename: str) -> str:
    """`jobs/out/<year>/<month>/<job id>/<filename>`: a folder per job, so the file keeps the name the user
    downloads even when another job of the same month made a file of the same name."""
    return f"jobs/out/{timezone.localdate():%Y/%m}/{job.pk}/{filename}"


class BackgroundJob(TimeStampedModel):
    """A long piece of work started by a user: progress for the progress bar, and the outcome."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Lỗi")

    kind = models.CharField(_("loại việc"), max_length=60)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(_("tổng"), default=0)
    done = models.PositiveIntegerField(_("đã xử lý"), default=0)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    result = models.JSONField(_("kết quả"), default=dict, blank=True)
    message = models.TextField(_("thông báo"), blank=True)
    input_file = models.FileField(_("tệp vào"), upload_to="jobs/in/%Y/%m/", blank=True)
    output_file = models.FileField(_("tệp kết quả"), upload_to=job_output_path, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    # Set when a worker claims the job: who runs it (its `WorkerHeartbeat.worker_id`) and since when.
    worker_id = models.CharField(_("tiến trình xử lý"), max_length=64, blank=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tác vụ nền")
        verbose_name_plural = _("tác vụ nền")
        ordering = ["-created_at"]

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def can_rerun(self) -> bool:
        """A failed job its owner may start again with the same parameters (not one that read an upload)."""
        from .jobs import is_rerunnable  # jobs imports this module

        return self.state == self.State.FAILED and is_rerunnable(self.kind)

    @property
    def download_name(self) -> str:
        """The name the output file is downloaded under (empty while there is none)."""
        return self.output_file.name.rsplit("/", 1)[-1] if self.output_file else ""


class WorkerHeartbeat(models.Model):
    """One row per running job worker process, refreshed every few seconds by a thread of that process.

    It is the heartbeat of the job the worker runs too (`job`): a job whose worker has not been seen within
    the window is marked failed (docs/decisions/0050). Kept apart from the job rows so that a job's own long
    transaction (the import writes its progress inside it) never holds up the heartbeat.
    """

    worker_id = models.CharField(_("mã tiến trình"), max_length=64, unique=True)
    host = models.CharField(_("máy"), max_length=255)
    pid = models.PositiveIntegerField(_("số tiến trình"))
    started_at = models.DateTimeField(_("khởi động lúc"), auto_now_add=True)
    last_seen = models.DateTimeField(_("thấy lần cuối lúc"), db_index=True)
    job = models.ForeignKey(
        BackgroundJob, verbose_name=_("tác vụ đang chạy"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("tiến trình xử lý tác vụ nền")
        verbose_name_plural = _("tiến trình xử lý tác vụ nền")

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}"


class CalendarDay(TimeStampedModel):
    """One day that differs from the ordinary week: a public holiday, a day off given in exchange or as a
    bridge, or a Saturday/Sunday declared a make-up working day. Entered per year from the government's
    notice; a year without rows falls back to weekends and the fixed solar holidays (see `core.calendar`)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Ngày lễ, Tết")
        DAY_OFF = "day_off", _("Ngày nghỉ bù, nghỉ hoán đổi")
        MAKEUP = "makeup", _("Ngày làm bù")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại ngày"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("tên ngày"), max_length=200)
    source = models.TextField(
        _("căn cứ"), blank=True, help_text=_("Văn bản thông báo lịch nghỉ; ghi rõ nếu chưa chắc chắn.")
    )

    class Meta:
        verbose_name = _("ngày đặc biệt trong lịch làm việc")
        verbose_name_plural = _("lịch ngày nghỉ, ngày làm bù")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"

    @property
    def is_working(self) -> bool:
        return self.kind == self.Kind.MAKEUP

    def clean(self) -> None:
        if self.date is None or not self.kind:
            return
        weekend = self.date.weekday() >= 5
        if self.kind == self.Kind.MAKEUP and not weekend:
            raise ValidationError(
                {"kind": _("Ngày làm bù phải là thứ Bảy hoặc Chủ nhật: ngày thường vốn đã là ngày làm việc.")}
            )
        if self.kind == self.Kind.DAY_OFF and weekend:
            raise ValidationError({"kind": _("Ngày nghỉ bù, nghỉ hoán đổi phải là ngày thường (thứ Hai đến thứ Sáu).")})


_P = TypeVar("_P")


def parsed_in_force(model: type[_R], day: dt.date, parse: Callable[[_R], _P], *, what: str) -> _P:
    """The parameters of `model`'s rule set in force on `day`, parsed by `parse`. Refuses (DomainError) when none
    is in force, or when its parameters are invalid: nothing is ever computed from made-up numbers. `what` names
    the rules in the messages ("kỷ luật đảng", "biến động đảng viên", ...)."""
    rule_set = model.objects.in_force_on(day).first()  # type: ignore[attr-defined]
    if rule_set is None:
        raise DomainError(f"Chưa có bộ quy tắc {what} nào có hiệu lực ngày {day:%d/%m/%Y}.")
    try:
        return parse(rule_set)
    except ParamsError as exc:
        raise DomainError(f"Bộ quy tắc {what} “{rule_set.code}” có tham số không hợp lệ: {exc}") from exc
