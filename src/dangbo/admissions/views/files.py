"""The dossier's scanned files: upload (officers who manage the candidacy) and opening (readers of the
candidacy), both audited. Files are never served from a public media address."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.core.errors import DomainError

from .. import dossier
from ..forms import DossierUploadForm
from ..models import DossierFile
from ..selectors import candidates_for
from .common import candidate_in_scope
from .detail import render_detail


@login_required
@require_POST
def dossier_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Add one file to the candidacy's dossier; a refused file shows the page again with the reason."""
    scope = require_right(request, Right.MANAGE_ADMISSIONS)
    candidate = candidate_in_scope(request, scope, pk, right=Right.MANAGE_ADMISSIONS)
    form = DossierUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            dossier.upload_file(
                actor=request.user, candidate=candidate, item=form.cleaned_data["item"],
                uploaded=form.cleaned_data["file"], consent_kind=form.cleaned_data["consent_kind"],
            )  # fmt: skip
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Đã tải lên tài liệu hồ sơ."))
            return redirect(reverse("admissions:detail", args=[pk]) + "#ho-so")
    return render_detail(request, scope, candidate, upload_form=form, status=400)


@login_required
@require_GET
def dossier_file(request: HttpRequest, pk: int) -> FileResponse:
    """One file of the dossier, inside the reader's scope only (404 and logged outside it); opening it is audited."""
    scope = require_right(request, Right.VIEW_ADMISSIONS)
    files = DossierFile.objects.filter(candidate__in=candidates_for(scope)).select_related("candidate")
    record = get_in_scope_or_404(request, files, pk, what="dossier_file")
    dossier.record_viewed(actor=request.user, file=record, request=request)
    response = FileResponse(record.file.open("rb"), content_type=record.content_type)
    response["Content-Disposition"] = f'inline; filename="{record.pk}.{record.file.name.rsplit(".", 1)[-1]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
