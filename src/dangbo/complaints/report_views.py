"""The letters report under /khieu-nai-to-cao/bao-cao/: for each handling unit in the scope, the letters received
in a year and where they stood on a day (any day), with the Excel export (audited)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dangbo.accounts.access import require_right
from dangbo.accounts.enums import Right
from dangbo.core.audit import log_action

from . import report_exports
from .forms import ReportForm
from .report import LettersReport, letters_report
from .selectors import complaints_for
from .views import HANDLE


def _report(request: HttpRequest) -> tuple[ReportForm, LettersReport | None]:
    scope = require_right(request, HANDLE)
    form = ReportForm(request.GET or None)
    if request.GET and not form.is_valid():
        return form, None
    data = form.cleaned_data if request.GET else {}
    today = timezone.localdate()
    day: dt.date = data.get("ngay") or today
    year = data.get("nam") or day.year
    return form, letters_report(complaints_for(scope), year=year, as_of=day)


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    form, result = _report(request)
    return render(request, "complaints/report.html", {"form": form, "report": result},
                  status=200 if result is not None else 400)  # fmt: skip


@login_required
@require_GET
def export_report(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, HANDLE)
    if not scope.has_right(Right.EXPORT):
        raise PermissionDenied
    _form, result = _report(request)
    if result is None:
        raise Http404
    content = report_exports.report_workbook(result)
    log_action("complaints.report.exported", actor=request.user, object_type="complaint", object_id="",
               data={"year": result.year, "day": result.as_of.isoformat()}, request=request)  # fmt: skip
    response = HttpResponse(content, content_type=report_exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="khieu-nai-to-cao-{result.year}-{result.as_of:%Y%m%d}.xlsx"'
    )
    return response
