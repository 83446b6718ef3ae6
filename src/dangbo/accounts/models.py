from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import RIGHTS, RoleKind


class User(AbstractUser):
    """A person who logs in. Daily work never uses a superuser: rights come from roles."""

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")


class Role(models.Model):
    """The user holds `kind` in `organization` (and everything below it) from `start` to `end`."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("vai trò"), max_length=40, choices=RoleKind.choices)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="roles", verbose_name=_("tổ chức")
    )
    start = models.DateField(_("từ ngày"), null=True, blank=True)
    end = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "organization"], name="role_unique_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.organization}"

    @property
    def rights(self) -> frozenset[str]:
        return RIGHTS[self.kind]
