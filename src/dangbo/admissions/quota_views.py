"""The quota page /ket-nap/chi-tieu/: every grassroots organization in the user's scope with its members on
1 January, suggested and set quota, admissions and the year-end projection; the bloc's organization board sets
quotas there (one at a time, or every suggestion at once), grassroots officers read them."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.core.errors import DomainError
from dangbo.organizations.models import Organization

from . import quota_services, quotas
from .quota_forms import AcceptSuggestionsForm, QuotaForm, QuotaYearForm

# Rows of the table on one page: a whole province holds thousands of grassroots organizations.
PAGE_SIZE = 100


def _page_url(year: int | None, anchor: str = "", page: int | None = None) -> str:
    params = {k: v for k, v in (("nam", year), ("page", page)) if v is not None}
    query = f"?{urlencode(params)}" if params else ""
    return f"{reverse('admissions:quotas')}{query}{anchor}"


def _form_errors(form: QuotaForm | AcceptSuggestionsForm) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@login_required
@require_GET
def quota_list(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, Right.VIEW_ADMISSIONS)
    today = timezone.localdate()
    form = QuotaYearForm(request.GET)
    year = (form.cleaned_data.get("nam") if form.is_valid() else None) or today.year
    rows = quotas.quota_rows(scope, year=year, today=today)
    decidable = {r.organization.pk for r in rows if scope.covers_path(Right.DECIDE_ADMISSIONS, r.organization.path)}
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "year": year,
        "rows": rows,
        "page": page,
        "totals": quotas.totals(rows),
        "decidable": decidable,
        "may_accept": any(r.quota is None and r.organization.pk in decidable for r in rows),
        "percent": str(quotas.quota_percent(year)).replace(".", ","),
        "current_year": year == today.year,
        "method": quotas.METHOD_TEXT,
        "definition": quotas.RATE_DEFINITION,
        "cell_only": not rows and not quotas.holds_grassroots(scope),
    }
    return render(request, "admissions/quotas/list.html", context)


@login_required
@require_POST
def quota_set(request: HttpRequest, org_id: int) -> HttpResponse:
    scope = require_right(request, Right.DECIDE_ADMISSIONS)
    organization = get_in_scope_or_404(
        request, Organization.objects.filter(scope.path_q(Right.DECIDE_ADMISSIONS)), org_id, what="organization"
    )
    form = QuotaForm(request.POST)
    if not form.is_valid():
        year = form.cleaned_data.get("nam")
        messages.error(request, f"{organization.name}: {_form_errors(form)}")
        return redirect(_page_url(year, f"#don-vi-{organization.pk}", form.cleaned_data.get("page")))
    data = form.cleaned_data
    try:
        quota = quota_services.set_quota(
            actor=request.user, organization=organization, year=data["nam"], quota=data["quota"],
            expected_version=data["version"], note=data["note"],
        )  # fmt: skip
    except DomainError as error:
        messages.error(request, f"{organization.name}: {error.message}")
    else:
        messages.success(
            request,
            _("Đã giao chỉ tiêu kết nạp năm %(year)s cho %(name)s: %(quota)s.")
            % {"year": quota.year, "name": organization.name, "quota": quota.quota},
        )
    return redirect(_page_url(data["nam"], f"#don-vi-{organization.pk}", data.get("page")))


@login_required
@require_POST
def quota_accept(request: HttpRequest) -> HttpResponse:
    require_right(request, Right.DECIDE_ADMISSIONS)
    form = AcceptSuggestionsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(_page_url(None))
    year = form.cleaned_data["nam"]
    try:
        created = quota_services.accept_suggestions(actor=request.user, year=year)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Đã giao chỉ tiêu theo gợi ý cho %(n)s tổ chức cơ sở đảng chưa có chỉ tiêu năm %(year)s.")
            % {"n": len(created), "year": year},
        )
    return redirect(_page_url(year))
