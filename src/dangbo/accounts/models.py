from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from .enums import RIGHTS, RoleKind


class User(AbstractUser):
    """A person who logs in. Daily work never uses a superuser: rights come from roles."""

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"


class Role(models.Model):
    """The user holds `kind` in `organization` (and everything below it) from `start` to `end`."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField("vai trò", max_length=40, choices=RoleKind.choices)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="roles", verbose_name="tổ chức"
    )
    start = models.DateField("từ ngày", null=True, blank=True)
    end = models.DateField("đến ngày", null=True, blank=True)

    class Meta:
        verbose_name = "vai trò"
        verbose_name_plural = "vai trò"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "organization"], name="role_unique_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.organization}"

    @property
    def rights(self) -> frozenset[str]:
        return RIGHTS[self.kind]
