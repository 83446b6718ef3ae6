"""Log in, log out and two-factor (TOTP) set-up and confirmation."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangbo.core.audit import log_action

from .forms import LoginForm, OTPForm


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
                log_action("accounts.otp.enabled", actor=user, object_type="user", object_id=user.pk, object_repr=str(user))
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


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    """Placeholder replaced by the audit pages."""
    return render(request, "core/home.html")
