"""A member's one-tap buttons on a document's page ("Lưu", "Đã học tập" and their undo) and the committee's count
of study marks per unit with its Excel export.

The buttons need a member record and a document published to that member (`documents_published_to_member`;
another answers 404 and is logged). The count needs `view_members` over the unit chosen (`?unit=`; another
answers 404 and is logged) and a document the officer may read."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dangbo.accounts.access import get_in_scope_or_404
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope, scope_for
from dangbo.core.audit import log_action
from dangbo.core.errors import DomainError
from dangbo.members.models import Member
from dangbo.organizations.models import Organization

from . import study
from .models import PartyDocument
from .selectors import documents_for, documents_published_to_member
from .study_counts import counts_workbook, default_unit, study_counts, units_in_scope

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _own(request: HttpRequest, pk: int) -> tuple[Member, PartyDocument]:
    """The member behind the request and the document published to them (403 without a member record)."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    scope = scope_for(request.user)
    if scope.member_id is None:
        raise PermissionDenied
    member = Member.objects.select_related("organization").get(pk=scope.member_id)
    document = get_in_scope_or_404(request, documents_published_to_member(member.pk), pk, what="party_document")
    return member, document


def _done(request: HttpRequest, document: PartyDocument, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("library:detail", pk=document.pk)


def _refused(request: HttpRequest, document: PartyDocument, error: DomainError) -> HttpResponse:
    messages.error(request, error.message)
    return redirect("library:detail", pk=document.pk)


@login_required
@require_POST
def bookmark(request: HttpRequest, pk: int) -> HttpResponse:
    member, document = _own(request, pk)
    try:
        if request.POST.get("action") == "remove":
            study.remove_bookmark(actor=request.user, member=member, document=document)
            return _done(request, document, _("Đã bỏ văn bản khỏi danh sách đã lưu."))
        study.add_bookmark(actor=request.user, member=member, document=document)
    except DomainError as error:
        return _refused(request, document, error)
    return _done(request, document, _("Đã lưu văn bản."))


def _studied_on(request: HttpRequest) -> dt.date | None:
    raw = (request.POST.get("studied_on") or "").strip()
    if not raw:
        return None
    try:
        return dt.datetime.strptime(raw, "%d/%m/%Y").date()
    except ValueError:
        raise DomainError(_("Ngày học tập không hợp lệ: nhập theo dạng dd/mm/yyyy."), field="studied_on") from None


@login_required
@require_POST
def mark_studied(request: HttpRequest, pk: int) -> HttpResponse:
    member, document = _own(request, pk)
    try:
        if request.POST.get("action") == "undo":
            study.unmark_studied(
                actor=request.user, member=member, document=document, reason=request.POST.get("reason", "")
            )
            return _done(request, document, _("Đã hủy đánh dấu học tập."))
        study.mark_studied(actor=request.user, member=member, document=document, studied_on=_studied_on(request))
    except DomainError as error:
        return _refused(request, document, error)
    return _done(request, document, _("Đã ghi nhận đồng chí đã học tập văn bản."))


def _counted(request: HttpRequest, pk: int) -> tuple[Scope, PartyDocument, Organization]:
    if not request.user.is_authenticated:
        raise PermissionDenied
    scope = scope_for(request.user)
    if not scope.has_right(Right.VIEW_MEMBERS):
        raise PermissionDenied
    document = get_in_scope_or_404(request, documents_for(scope), pk, what="party_document")
    unit_id = request.GET.get("unit", "")
    if unit_id:
        if not unit_id.isdigit():
            raise PermissionDenied
        unit = get_in_scope_or_404(request, units_in_scope(scope), int(unit_id), what="organization")
    else:
        found = default_unit(scope, document)
        if found is None:
            raise PermissionDenied
        unit = found
    return scope, document, unit


@login_required
@require_GET
def counts(request: HttpRequest, pk: int) -> HttpResponse:
    scope, document, unit = _counted(request, pk)
    result = study_counts(document, unit)
    parent = unit.parent if unit.parent and scope.covers_path(Right.VIEW_MEMBERS, unit.parent.path) else None
    return render(request, "library/study_counts.html", {
        "document": document, "counts": result, "unit": unit, "parent": parent, "today": timezone.localdate(),
    })  # fmt: skip


@login_required
@require_GET
def counts_export(request: HttpRequest, pk: int) -> HttpResponse:
    _scope, document, unit = _counted(request, pk)
    content = counts_workbook(study_counts(document, unit))
    log_action(
        "library.study.exported", actor=request.user, object_type="party_document", object_id=document.pk,
        object_repr=str(document)[:255], scope_path=unit.path, data={"unit_id": unit.pk}, request=request,
    )  # fmt: skip
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    name = f"hoc-tap-{document.number}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
