"""A user's notifications, `/thong-bao/` (newest first, 30 a page; open one to mark it read and follow its link;
mark all read) and their choices, `/thong-bao/lua-chon/`. Every signed-in user has them; a notification of someone
else answers 404 and is logged."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangbo.accounts.access import get_in_scope_or_404
from dangbo.core.errors import DomainError

from . import services
from .enums import Kind
from .selectors import choices_of, notifications_of

PAGE_SIZE = 30


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(notifications_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def open_one(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark read, then go to what it is about (its own link only)."""
    notification = get_in_scope_or_404(request, notifications_of(request.user), pk, what="notification")
    services.mark_read(actor=request.user, notification=notification)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("notifications:list")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(actor=request.user)
    messages.success(request, _("Đã đánh dấu %(n)s thông báo là đã đọc.") % {"n": count})
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        in_app = {k for k in request.POST.getlist("in_app") if k in Kind.values}
        by_email = {k for k in request.POST.getlist("by_email") if k in Kind.values}
        try:
            services.set_choices(actor=request.user, in_app=in_app, by_email=by_email)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("Đã lưu lựa chọn nhận thông báo."))
            return redirect("notifications:preferences")
    context = {"choices": choices_of(request.user), "error": error, "email": getattr(request.user, "email", "")}
    return render(request, "notifications/preferences.html", context, status=400 if error else 200)
