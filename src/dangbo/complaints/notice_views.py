"""The notices of QĐ 296 under /khieu-nai-to-cao/thong-bao/: the late ones first (sent after their due day, or
still missing past it, each with its rule), then every notice in the scope (50 a page); a form for a new notice and
the step that records the day a notice was sent. Scoped by the member's party organization; ids outside the scope
answer 404 and are logged."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.core.errors import DomainError
from dangbo.discipline.selectors import disciplines_for
from dangbo.members.selectors import members_for

from . import notices
from .forms import NoticeDateForm, NoticeForm
from .views import HANDLE, PAGE_SIZE, log_posted_out_of_scope


@login_required
@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, HANDLE)
    today = timezone.localdate()
    qs = notices.notices_for(scope).select_related("member", "organization__parent", "discipline")
    page = Paginator(qs.order_by("-event_date", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    notices.with_clocks(list(page.object_list), today)
    return render(request, "complaints/notices.html", {
        "late": notices.late_notices(qs, today)[:50], "page": page,
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def notice_new(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, HANDLE)
    form = NoticeForm(
        request.POST or None,
        members=members_for(scope, right=HANDLE, include_self=False),
        disciplines=disciplines_for(scope, right=HANDLE).filter(member__isnull=False)
        .select_related("member").order_by("-decision_date"),
    )  # fmt: skip
    if request.method == "POST":
        if form.is_valid():
            try:
                notices.record_notice(actor=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Đã ghi thông báo."))
                return redirect("complaints:notices")
        log_posted_out_of_scope(request, form)
    return render(request, "complaints/notice_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def notice_date(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, HANDLE)
    notice = get_in_scope_or_404(request, notices.notices_for(scope), pk, what="complaint_notice")
    form = NoticeDateForm(request.POST, prefix="ngay")
    raw = request.POST.get("version", "")
    version = int(raw) if raw.isdigit() and len(raw) < 10 else -1
    if form.is_valid():
        try:
            notices.record_notice_date(actor=request.user, notice=notice, expected_version=version,
                                       notice_date=form.cleaned_data["notice_date"])  # fmt: skip
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã ghi ngày thông báo."))
    else:
        messages.error(request, _("Ngày thông báo không hợp lệ."))
    return redirect("complaints:notices")
