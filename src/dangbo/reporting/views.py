"""The report page /bao-cao/: choose the organization and year, fill in the document's frame, make the
report in the background and download it when the progress box says it is done."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.errors import DomainError
from dangbo.core.models import BackgroundJob
from dangbo.documents.frame import (
    DEFAULT_PLACE,
    DEFAULT_SIGNER_TITLE,
    default_on_behalf,
    default_recipients,
    default_superior,
    default_symbol,
)
from dangbo.organizations.enums import CommitteePosition
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import organizations_for, visible_roots
from dangbo.structure.selectors import current_committee

from . import services
from .forms import YearReportForm
from .year_report import REPORTABLE_KINDS, latest_year_of

RECENT_JOBS = 10


@dataclass(frozen=True)
class ReportLink:
    """A report of another area offered on this hub to the users who hold the right its page checks."""

    url_name: str
    title: str | Promise
    description: str | Promise
    right: str
    anchor: str


REPORT_LINKS = (
    ReportLink(
        "inspection:report",
        _("Kiểm tra, giám sát"),
        _("Cuộc kiểm tra, giám sát đã mở và đã kết luận theo đơn vị, năm"),
        Right.VIEW_DISCIPLINE,
        "report-inspection",
    ),
    ReportLink(
        "complaints:report",
        _("Khiếu nại, tố cáo"),
        _("Đơn đã nhận, đã giải quyết, quá hạn theo đơn vị, năm"),
        Right.HANDLE_COMPLAINTS,
        "report-complaints",
    ),
    ReportLink(
        "discipline:report",
        _("Kỷ luật"),
        _("Kỷ luật theo hình thức và cấp quyết định, theo đơn vị, năm"),
        Right.VIEW_DISCIPLINE,
        "report-discipline",
    ),
    ReportLink(
        "recognition:report",
        _("Huy hiệu Đảng"),
        _("Huy hiệu đến hạn và đã tặng theo từng đợt trao tặng"),
        Right.VIEW_MEMBERS,
        "report-recognition",
    ),
    ReportLink(
        "training:report",
        _("Đào tạo, bồi dưỡng"),
        _("Tỷ lệ đảng viên đã được bồi dưỡng, trình độ lý luận chính trị"),
        Right.VIEW_MEMBERS,
        "report-training",
    ),
)


def report_links(scope: Scope) -> list[ReportLink]:
    return [link for link in REPORT_LINKS if scope.has_right(link.right)]


def _chosen_organization(request: HttpRequest, scope: Scope) -> Organization | None:
    """The organization asked for (POST or ?to_chuc=), 404 and logged when outside the scope; else the user's
    top organization."""
    raw = request.POST.get("to_chuc") if request.method == "POST" else request.GET.get("to_chuc")
    if raw:
        try:
            pk = int(raw)
        except ValueError:
            raise Http404 from None
        return get_in_scope_or_404(request, organizations_for(scope), pk, what="organization")
    return visible_roots(scope).order_by("sort_key").first()


def _secretary_name(scope: Scope, organization: Organization, today: dt.date) -> str:
    overview = current_committee(scope, org=organization, on=today)
    if overview is None:
        return ""
    return next((s.member.full_name for s in overview.seats if s.position == CommitteePosition.SECRETARY), "")


def frame_initial(scope: Scope, organization: Organization, today: dt.date) -> dict[str, Any]:
    """The document frame's defaults for a report by `organization`'s committee (the form's frame fields)."""
    return {
        "cap_tren": default_superior(organization),
        "ky_hieu": default_symbol(organization),
        "noi_ban_hanh": DEFAULT_PLACE,
        "ngay": today,
        "thay_mat": default_on_behalf(organization),
        "chuc_vu": DEFAULT_SIGNER_TITLE,
        "nguoi_ky": _secretary_name(scope, organization, today),
        "noi_nhan": "\n".join(default_recipients(organization)),
    }


def _initial(scope: Scope, organization: Organization, today: dt.date) -> dict[str, Any]:
    return {
        "to_chuc": organization.pk,
        "nam": latest_year_of(organization, today.year),
        "dinh_dang": "pdf",
        **frame_initial(scope, organization, today),
    }


@login_required
@require_http_methods(["GET", "POST"])
def year_report(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, Right.VIEW_ORGS)
    organization = _chosen_organization(request, scope)
    reportable = organizations_for(scope).filter(kind__in=REPORTABLE_KINDS, dissolved_on__isnull=True)
    today = timezone.localdate()
    job: BackgroundJob | None = None
    status = 200
    if request.method == "POST":
        form = YearReportForm(request.POST, organizations=reportable)
        if form.is_valid():
            data = form.cleaned_data
            try:
                job = services.start_year_report(
                    actor=request.user, scope=scope, organization=data["to_chuc"], year=data["nam"],
                    fmt=data["dinh_dang"], params=form.document_params(),
                )  # fmt: skip
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        if job is None:
            status = 400
    else:
        initial = _initial(scope, organization, today) if organization is not None else {}
        form = YearReportForm(initial=initial, organizations=reportable)
    context: dict[str, Any] = {
        "form": form,
        "organization": organization,
        "is_reportable": organization is not None and organization.kind in REPORTABLE_KINDS,
        "choices": list(reportable.order_by("depth", "sort_key").only("pk", "name", "kind")),
        "job": job,
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "reporting/_panel.html", context)  # htmx swaps only 2xx answers
    context["recent"] = list(
        BackgroundJob.objects.filter(owner_id=request.user.pk, kind=services.JOB_KIND).order_by("-created_at")[
            :RECENT_JOBS
        ]
    )
    context["formats"] = {f.code: f.label for f in services.FORMATS.values()}
    context["report_links"] = report_links(scope)
    return render(request, "reporting/year_report.html", context, status=status)
