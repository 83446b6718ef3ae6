from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
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


class ApiToken(models.Model):
    """A user's API access key. Only its SHA-256 digest is stored; the key itself is shown once, at creation.

    The key reads `<prefix>.<secret>`: the prefix (not secret) finds the row and names the token in lists,
    the digest of the whole key proves it. A token ends at `expires_at`, or when revoked (by its owner, at
    logout or at a password change). See docs/decisions/0012.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("người dùng"))
    name = models.CharField(_("tên"), max_length=100)
    prefix = models.CharField(_("tiền tố"), max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
