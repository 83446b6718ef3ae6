"""API tokens in the admin: who holds which, until when, last used when. Never the key or its digest.

Tokens are made by their owners (page «Mã truy cập API» or the token endpoint), so the admin cannot add
one; it can revoke, which is audited like any other revocation.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import ApiToken
from .tokens import revoke_token

VISIBLE_FIELDS = ("prefix", "name", "user", "created_at", "expires_at", "last_used_at", "revoked_at")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = VISIBLE_FIELDS
    list_filter = ("revoked_at", "expires_at")
    search_fields = ("prefix", "name", "user__username")
    list_select_related = ("user",)
    fields = VISIBLE_FIELDS
    readonly_fields = VISIBLE_FIELDS
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Thu hồi các mã đã chọn"), permissions=("change",))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            revoke_token(actor=request.user, token=token, reason="admin", request=request)  # type: ignore[arg-type]
        self.message_user(request, _("Đã thu hồi các mã truy cập đã chọn."), messages.SUCCESS)
