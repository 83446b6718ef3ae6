"""Notifications: what is due or overdue for one user (computed by the daily job, never twice: `key` is unique
per user), each user's choices per kind (in the app, by e-mail), and the record of each daily run."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import Kind


class Notification(models.Model):
    # No index of its own: the unique (user, key) index leads with the user and answers every read of one user's
    # notices (a user holds tens of them, not thousands). Each index costs the daily run's worst day — a notice
    # for every member at once — a third more time, so the table keeps two: the primary key and (user, key).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", db_index=False
    )
    kind = models.CharField(_("loại"), max_length=30, choices=Kind.choices)
    # What makes it this one ("meeting:12:tomorrow", "rating:5:overdue"): a second run finds it and adds nothing.
    key = models.CharField(max_length=120)
    title = models.CharField(_("tiêu đề"), max_length=255)
    text = models.TextField(_("nội dung"), blank=True)
    link = models.CharField(_("đường dẫn"), max_length=255, blank=True)
    due = models.DateField(_("hạn"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("đã gửi thư lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_key")]

    def __str__(self) -> str:
        return self.title


class Preference(models.Model):
    """One user's choice for one kind; without a row: in the app, not by e-mail (`DEFAULTS`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("loại"), max_length=30, choices=Kind.choices)
    in_app = models.BooleanField(_("trên trang"), default=True)
    by_email = models.BooleanField(_("qua thư điện tử"), default=False)

    class Meta:
        verbose_name = _("lựa chọn nhận thông báo")
        verbose_name_plural = _("lựa chọn nhận thông báo")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")]


class Run(models.Model):
    """One daily run: when it started and finished, how many it made and mailed per kind, or its error."""

    started_at = models.DateTimeField(_("bắt đầu lúc"), db_index=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    day = models.DateField(_("ngày tính"))
    ok = models.BooleanField(_("thành công"), default=False)
    counts = models.JSONField(_("số lượng"), default=dict)
    emailed = models.PositiveIntegerField(_("thư đã gửi"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    trigger = models.CharField(_("chạy từ"), max_length=20, default="command")

    class Meta:
        verbose_name = _("lần chạy thông báo hằng ngày")
        verbose_name_plural = _("lần chạy thông báo hằng ngày")
        ordering = ["-started_at"]
