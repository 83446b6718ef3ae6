"""The money pages of dues: the statement a unit sends up (page, Excel, Word, PDF), remittances, the shares each
unit keeps, and the reconciliation of imported statements (upload → review → apply).

Every view starts with its access check; ids in the query string or the form outside the user's finance scope
answer 404 and are logged. Office and grassroots officers (manage finance) write; inspection and cell
secretaries (view finance) read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.audit import log_action
from dangbo.core.errors import DomainError
from dangbo.core.models import BackgroundJob
from dangbo.documents.rendering import PDF_JOB_KIND, render_docx, start_pdf
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import organizations_for, visible_roots

from . import reconciliation, statements
from .enums import BatchState, LineStatus
from .models import RetentionSetting
from .money_forms import PeriodForm, RemittanceForm, RetentionForm, UploadForm
from .remittances import record_remittance, remittances_for
from .shares import explanation, rule_for_month, set_retention

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def chosen_unit(request: HttpRequest, scope: Scope) -> Organization | None:
    """The unit asked for (?to_chuc= or the form's), 404 and logged outside the finance scope; else the top of
    the user's finance scope."""
    raw = request.POST.get("to_chuc") or request.GET.get("to_chuc")
    units = organizations_for(scope, right=Right.VIEW_FINANCE)
    if raw:
        if not raw.isdigit():
            raise Http404
        return get_in_scope_or_404(request, units, int(raw), what="organization")
    return visible_roots(scope, right=Right.VIEW_FINANCE).first()


def write_from_form(
    request: HttpRequest, form: forms.Form, unit: Organization | None, write: Callable[[dict[str, Any]], str | None]
) -> HttpResponse | None:
    """A POST of one of the money forms: manage finance is required and the unit must be known; `write` gets the
    form's cleaned data and returns where to go next (None: back to the unit's page). A refusal lands on the form
    (None is returned: the page is shown again with status 400)."""
    require_right(request, Right.MANAGE_FINANCE)
    if unit is None:
        raise Http404
    if form.is_valid():
        try:
            next_url = write(form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect(next_url or f"{request.path}?to_chuc={unit.pk}")
    return None


def _period(request: HttpRequest, today: dt.date) -> tuple[PeriodForm, list[dt.date]]:
    data = {"nam": request.GET.get("nam") or today.year, "quy": request.GET.get("quy"),
            "thang": request.GET.get("thang")}  # fmt: skip
    if not data["quy"] and not data["thang"]:
        data["quy"] = (today.month - 1) // 3 + 1
    form = PeriodForm(data)
    if not form.is_valid():
        return form, statements.period_months(today.year, quarter=(today.month - 1) // 3 + 1)
    c = form.cleaned_data
    if c.get("thang"):
        return form, statements.period_months(c["nam"], month=c["thang"])
    return form, statements.period_months(c["nam"], quarter=c.get("quy") or 1)


def _audit_export(request: HttpRequest, s: statements.Statement, fmt: str) -> None:
    log_action("dues.statement.exported", actor=request.user, object_type="organizations.organization",
               object_id=s.unit.pk, object_repr=f"{s.unit.name}: {s.label}", scope_path=s.unit.path,
               data={"format": fmt, "months": [m.isoformat() for m in s.months]}, request=request)  # fmt: skip


def _statement_of(request: HttpRequest) -> tuple[Scope, statements.Statement | None, PeriodForm]:
    scope = require_right(request, Right.VIEW_FINANCE)
    unit = chosen_unit(request, scope)
    form, months = _period(request, timezone.localdate())
    return scope, (statements.statement(unit, months) if unit is not None else None), form


@login_required
@require_GET
def statement_page(request: HttpRequest) -> HttpResponse:
    scope, s, form = _statement_of(request)
    context: dict[str, Any] = {"s": s, "form": form, "query": request.GET.urlencode(),
                               "can_manage": scope.has_right(Right.MANAGE_FINANCE)}  # fmt: skip
    return render(request, "dues/money/statement.html", context)


@login_required
@require_GET
def statement_xlsx(request: HttpRequest) -> HttpResponse:
    _scope, s, _form = _statement_of(request)
    if s is None:
        raise Http404
    _audit_export(request, s, "xlsx")
    response = HttpResponse(statements.statement_workbook(s), content_type=statements.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{statements.file_name(s, "xlsx")}"'
    return response


@login_required
@require_GET
def statement_docx(request: HttpRequest) -> HttpResponse:
    _scope, s, _form = _statement_of(request)
    if s is None:
        raise Http404
    info = statements.frame_for(s, day=timezone.localdate())
    content = render_docx(statements.APP, statements.TEMPLATE, info, statements.fields_for(s))
    _audit_export(request, s, "docx")
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{statements.file_name(s, "docx")}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def statement_pdf(request: HttpRequest) -> HttpResponse:
    _scope, s, _form = _statement_of(request)
    if s is None:
        raise Http404
    filename = statements.file_name(s, "pdf")
    job, error = None, ""
    if request.method == "POST":
        try:
            job = start_pdf(owner=request.user, app_label=statements.APP, name=statements.TEMPLATE,
                            info=statements.frame_for(s, day=timezone.localdate()), fields=statements.fields_for(s),
                            filename=filename)  # fmt: skip
        except DomainError as exc:
            error = exc.message
        else:
            _audit_export(request, s, "pdf")
    recent = BackgroundJob.objects.filter(owner_id=request.user.pk, kind=PDF_JOB_KIND, params__filename=filename)
    context = {"s": s, "job": job, "error": error, "query": request.GET.urlencode(),
               "recent": list(recent.order_by("-created_at")[:5])}  # fmt: skip
    return render(request, "dues/money/statement_pdf.html", context, status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def remittances(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, Right.VIEW_FINANCE)
    unit = chosen_unit(request, scope)
    can_record = unit is not None and unit.parent_id is not None and scope.covers_path(Right.MANAGE_FINANCE, unit.path)
    form = RemittanceForm(request.POST or None)
    status = 200
    if request.method == "POST":
        require_right(request, Right.MANAGE_FINANCE)
        if not can_record:
            raise PermissionDenied

        def write(data: dict[str, Any]) -> None:
            record_remittance(actor=request.user, scope=scope, from_organization=unit,  # type: ignore[arg-type]
                              to_organization=unit.parent, **data)  # type: ignore[arg-type, union-attr]  # fmt: skip

        if done := write_from_form(request, form, unit, write):
            return done
        status = 400
    rows = remittances_for(scope)
    if unit is not None:
        rows = rows.filter(path__startswith=unit.path)
    context = {"unit": unit, "form": form, "rows": rows[:200], "can_record": can_record}
    return render(request, "dues/money/remittances.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def retention(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, Right.VIEW_FINANCE)
    unit = chosen_unit(request, scope)
    form = RetentionForm(request.POST or None)
    status = 200
    if request.method == "POST":

        def write(data: dict[str, Any]) -> None:
            set_retention(actor=request.user, scope=scope, organization=unit, **data)  # type: ignore[arg-type]

        if done := write_from_form(request, form, unit, write):
            return done
        status = 400
    today = timezone.localdate()
    children = list(unit.children.filter(dissolved_on__isnull=True).order_by("sort_key")) if unit else []
    settings = RetentionSetting.objects.filter(organization__in=[unit, *children] if unit else []).select_related(
        "organization"
    )
    can_set = bool(unit and unit.parent and scope.covers_path(Right.MANAGE_FINANCE, unit.parent.path))
    context = {"unit": unit, "children": children, "settings": settings.order_by("organization__sort_key", "-start"),
               "form": form, "can_set": can_set, "explanation": explanation(rule_for_month(today))}  # fmt: skip
    return render(request, "dues/money/retention.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def reconciliations(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, Right.VIEW_FINANCE)
    unit = chosen_unit(request, scope)
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":

        def write(data: dict[str, Any]) -> str:
            batch = reconciliation.upload_statement(
                actor=request.user, scope=scope, organization=unit, source=data["source"],  # type: ignore[arg-type]
                file_name=data["file"].name, data=data["file"].read(), mapping=form.mapping(),
            )  # fmt: skip
            return reverse("dues:reconciliation", args=[batch.pk])

        if done := write_from_form(request, form, unit, write):
            return done
        status = 400
    batches = reconciliation.batches_for(scope)
    if unit is not None:
        batches = batches.filter(path__startswith=unit.path)
    context = {"unit": unit, "form": form, "batches": batches[:50],
               "can_upload": unit is not None and scope.covers_path(Right.MANAGE_FINANCE, unit.path)}  # fmt: skip
    return render(request, "dues/money/reconciliations.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def reconciliation_review(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.VIEW_FINANCE)
    batch = get_in_scope_or_404(request, reconciliation.batches_for(scope), pk, what="dues.reconciliationbatch")
    may_write = scope.covers_path(Right.MANAGE_FINANCE, batch.path)
    can_manage = may_write and batch.state == BatchState.REVIEW
    error = ""
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied
        if not can_manage:
            raise Http404
        accepted = [int(v) for v in request.POST.getlist("nhan") if v.isdigit()]
        picks = {
            int(k.removeprefix("chon_")): int(v)
            for k in request.POST
            if k.startswith("chon_") and k[5:].isdigit() and (v := request.POST.get(k, "")).isdigit()
        }
        try:
            batch = reconciliation.review_lines(actor=request.user, batch=batch, accepted=accepted, picks=picks,
                                                expected_version=int(request.POST.get("version") or 0))  # fmt: skip
            if request.POST.get("ghi_so"):
                reconciliation.apply_batch(actor=request.user, scope=scope, batch=batch,
                                           expected_version=batch.version)  # fmt: skip
        except DomainError as exc:
            error = exc.message
        else:
            return redirect("dues:reconciliation", pk=batch.pk)
        batch.refresh_from_db()
    lines = list(batch.lines.select_related("member").order_by("row_number"))
    context = {"batch": batch, "lines": lines, "counts": reconciliation.counts_of(batch), "error": error,
               "can_manage": can_manage, "statuses": LineStatus}  # fmt: skip
    return render(request, "dues/money/reconciliation.html", context, status=400 if error else 200)


@login_required
@require_POST
def reconciliation_apply(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_FINANCE)
    batch = get_in_scope_or_404(request, reconciliation.batches_for(scope), pk, what="dues.reconciliationbatch")
    try:
        reconciliation.apply_batch(actor=request.user, scope=scope, batch=batch,
                                   expected_version=int(request.POST.get("version") or 0))  # fmt: skip
    except DomainError as exc:
        lines = list(batch.lines.select_related("member").order_by("row_number"))
        context = {"batch": batch, "lines": lines, "counts": reconciliation.counts_of(batch), "error": exc.message,
                   "can_manage": batch.state == BatchState.REVIEW, "statuses": LineStatus}  # fmt: skip
        return render(request, "dues/money/reconciliation.html", context, status=400)
    return redirect("dues:reconciliation", pk=batch.pk)
