"""Log in, log out and two-factor (TOTP) set-up and confirmation."""

from __future__ import annotations

import base64
import datetime as dt
import io
from typing import Any

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangbo.core.audit import log_action
from dangbo.core.audit_archive import archived_until, with_archive
from dangbo.core.audit_archive import entries as archived_entries
from dangbo.core.forms import check_date_limits
from dangbo.core.models import AuditEntry
from dangbo.core.views import query_without

from .access import require_right
from .enums import Right
from .forms import LoginForm, OTPForm
from .scope import Scope
from .templatetags.audit_display import action_choices


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


@login_required
@require_http_methods(["GET", "POST"])
def otp_view(request: HttpRequest) -> HttpResponse:
    """Set up TOTP (first time: shows the QR code) or confirm a code for this session."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=False)
    form = OTPForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            if not device.confirmed:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                log_action(
                    "accounts.otp.enabled",
                    actor=user,
                    object_type="user",
                    object_id=user.pk,
                    object_repr=str(user),
                    request=request,
                )
            otp_login(request, device)
            messages.success(request, "Đã xác thực hai bước.")
            return redirect("core:home")
        form.add_error("token", "Mã xác thực không đúng hoặc đã hết hạn.")
    qr_svg = ""
    if not device.confirmed:
        image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
        buffer = io.BytesIO()
        image.save(buffer)
        qr_svg = "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()
    return render(request, "accounts/otp.html", {"form": form, "device": device, "qr_svg": qr_svg})


# --- Audit pages -------------------------------------------------------------------------------

AUDIT_PAGE_SIZE = 50
AUDIT_DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


class AuditFilterForm(forms.Form):
    action = forms.RegexField(
        label=_("Hành động"),
        regex=r"^[a-z_.]+$",
        required=False,
        max_length=80,
        error_messages={"invalid": _("Mã hành động chỉ gồm chữ thường không dấu, dấu chấm và gạch dưới.")},
        widget=forms.Select(),  # options by label, filled per request (labels follow the language)
    )
    since = forms.DateField(
        label=_("Từ ngày"), required=False, input_formats=AUDIT_DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": _("Ngày phải có dạng dd/mm/yyyy.")},
    )  # fmt: skip
    until = forms.DateField(
        label=_("Đến ngày"), required=False, input_formats=AUDIT_DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": _("Ngày phải có dạng dd/mm/yyyy.")},
    )  # fmt: skip
    archived = forms.BooleanField(label=_("Kể cả nhật ký đã lưu trữ"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].widget.choices = action_choices()

    # The same range as every date field: a year such as 1 or 9999 would overflow the day arithmetic below.
    def clean_since(self) -> dt.date | None:
        since: dt.date | None = self.cleaned_data.get("since")
        check_date_limits(since)
        return since

    def clean_until(self) -> dt.date | None:
        until: dt.date | None = self.cleaned_data.get("until")
        check_date_limits(until)
        return until

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("“Đến ngày” không được trước “Từ ngày”."))
        return data


def audit_scope_q(scope: Scope) -> Q:
    """Entries about the parts of the tree where the user holds `Right.VIEW_AUDIT`.

    Entries with no scope path (refused accesses, account events) belong to no unit: only users whose
    scope includes a root organization see them.
    """
    q = scope.path_q(Right.VIEW_AUDIT, "scope_path")
    if any(p.count(".") == 1 for p in scope.paths(Right.VIEW_AUDIT)):
        q |= Q(scope_path="")
    return q


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@login_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    """The audit log of the user's part of the tree, newest first, filtered by action and dates."""
    scope = require_right(request, Right.VIEW_AUDIT)
    form = AuditFilterForm(request.GET, label_suffix="")
    page, archived_to = None, None
    if form.is_valid():
        data = form.cleaned_data
        q = audit_scope_q(scope)
        if data.get("action"):
            q &= Q(action__startswith=data["action"])
        if data.get("since"):
            q &= Q(at__gte=_day_start(data["since"]))
        if data.get("until"):
            q &= Q(at__lt=_day_start(data["until"] + dt.timedelta(days=1)))
        if data.get("archived"):
            page = Paginator(with_archive(q), AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
            page.object_list = archived_entries(page.object_list)
        else:
            entries = AuditEntry.objects.filter(q).select_related("actor").order_by("-at", "-id")
            page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
            archived_to = archived_until()
    return render(request, "accounts/audit_list.html", {
        "form": form, "page": page, "query": query_without(request), "archived_to": archived_to,
    })  # fmt: skip
