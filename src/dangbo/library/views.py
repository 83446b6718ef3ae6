"""The library's pages under /van-ban/: the list (search without accents, kind, year and validity, 20 a page), a
document's page (its file, who it is published to, its line of versions), its file (each download audited), and
for `manage_library` the forms to record a document, edit it, set its validity and record its replacement.

Every officer and every member may read the library, each their own part (`selectors.documents_for`); a document
outside it answers 404 and is logged. Writing needs `manage_library` over the document's keeper."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope, scope_for
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.views import query_without
from dangbo.organizations.models import Organization

from . import services
from .enums import Audience, Validity
from .forms import DocumentForm, FilterForm, ValidityForm
from .models import Bookmark, PartyDocument, StudyMark
from .selectors import (
    documents_for,
    documents_published_to_member,
    filter_documents,
    managed_documents,
    may_manage,
    may_read_library,
    recipients,
    validity_chain,
)

PAGE_SIZE = 20


def require_reader(request: HttpRequest) -> Scope:
    """The user's scope, or 403 for a user who is neither an officer nor a member."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    scope = scope_for(request.user)
    if not may_read_library(scope):
        raise PermissionDenied
    return scope


def managed_units(scope: Scope) -> Any:
    return Organization.objects.filter(scope.path_q(Right.MANAGE_LIBRARY))


def _form_kwargs(scope: Scope) -> dict[str, Any]:
    return {
        "organizations": managed_units(scope),
        "member_scope": scope.path_q(Right.VIEW_MEMBERS, "organization__path"),
    }


def _refuse(form: Any, error: DomainError) -> int:
    if isinstance(error, ConcurrentEditError):
        form.add_error(None, error.message)
        return 409
    form.add_error(error.field if error.field in form.fields else None, error.message)
    return 400


def _save(
    request: HttpRequest, form: Any, write: Callable[[dict[str, Any]], PartyDocument], done: str
) -> HttpResponse | int:
    """A form page's POST: write the valid form's data and go to the document saved, saying `done` (its "%(r)s" is
    the document's number and symbol); otherwise the status to show the form with (200 on GET, 400 refused, 409
    edited meanwhile), the refusal on the form."""
    if request.method != "POST":
        return 200
    if not form.is_valid():
        return 400
    try:
        document = write(form.cleaned_data)
    except DomainError as error:
        return _refuse(form, error)
    messages.success(request, done % {"r": document.reference})
    return redirect("library:detail", pk=document.pk)


def _form_page(request: HttpRequest, outcome: HttpResponse | int, context: dict[str, Any]) -> HttpResponse:
    if isinstance(outcome, HttpResponse):
        return outcome
    return render(request, "library/form.html", context, status=outcome)


@login_required
@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    scope = require_reader(request)
    member_id = scope.member_id
    form = FilterForm(request.GET or None, member=member_id is not None)
    context: dict[str, Any] = {
        "form": form, "query": query_without(request), "can_manage": scope.has_right(Right.MANAGE_LIBRARY),
        "mine": request.GET.get("mine", ""), "member_id": member_id,
    }  # fmt: skip
    if form.is_bound and not form.is_valid():
        return render(request, "library/list.html", context, status=400)
    data = form.cleaned_data if form.is_bound else {}
    qs = filter_documents(documents_for(scope), data)
    if member_id is not None and data.get("mine"):
        qs = _mine(qs, member_id, data["mine"])
    page = Paginator(qs.order_by("-issued_on", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    context["page"] = page
    if member_id is not None:
        ids = [d.pk for d in page.object_list]
        context["saved"] = set(
            Bookmark.objects.filter(member_id=member_id, document_id__in=ids).values_list("document_id", flat=True)
        )
        context["studied"] = set(
            StudyMark.objects.filter(member_id=member_id, document_id__in=ids).values_list("document_id", flat=True)
        )
    return render(request, "library/list.html", context)


def _mine(qs: Any, member_id: int, which: str) -> Any:
    """ "Đã lưu": the member's bookmarks; "Chưa học tập": what is published to them and not yet marked studied."""
    if which == "saved":
        return qs.filter(pk__in=Bookmark.objects.filter(member_id=member_id).values("document_id"))
    return qs.filter(pk__in=documents_published_to_member(member_id).values("pk")).exclude(
        pk__in=StudyMark.objects.filter(member_id=member_id).values("document_id")
    )


def _member_marks(scope: Scope, document: PartyDocument) -> dict[str, Any]:
    """The member's own buttons on the page: only for a document published to them."""
    if scope.member_id is None or not documents_published_to_member(scope.member_id).filter(pk=document.pk).exists():
        return {"can_mark": False}
    mark = StudyMark.objects.filter(member_id=scope.member_id, document=document).first()
    return {
        "can_mark": True, "study_mark": mark,
        "saved": Bookmark.objects.filter(member_id=scope.member_id, document=document).exists(),
        "undo_needs_reason": mark is not None and timezone.localdate(mark.created_at) != timezone.localdate(),
    }  # fmt: skip


@login_required
@require_GET
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_reader(request)
    document = get_in_scope_or_404(request, documents_for(scope).select_related("issuer"), pk, what="party_document")
    manage = may_manage(scope, document)
    return render(request, "library/detail.html", {
        "document": document, "chain": validity_chain(document), "can_manage": manage,
        "recipients": recipients(document), "show_members": manage,
        "can_count": scope.has_right(Right.VIEW_MEMBERS), **_member_marks(scope, document),
    })  # fmt: skip


@login_required
@require_GET
def document_file(request: HttpRequest, pk: int) -> FileResponse:
    scope = require_reader(request)
    document = get_in_scope_or_404(request, documents_for(scope), pk, what="party_document")
    if not document.file:
        raise Http404
    services.record_download(actor=request.user, document=document, request=request)
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.file_name or f"van-ban.{document.file_type}",
        content_type=services.CONTENT_TYPES.get(document.file_type, "application/octet-stream"),
    )  # fmt: skip


def _keeper(scope: Scope, issuer: Organization | None) -> Organization | None:
    """The issuer, or for an outside body the highest unit where the writer keeps the library."""
    return issuer or managed_units(scope).order_by("depth", "path").first()


@login_required
@require_http_methods(["GET", "POST"])
def document_new(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_LIBRARY)
    form = DocumentForm(
        request.POST or None, request.FILES or None, issuers=managed_units(scope), **_form_kwargs(scope)
    )

    def write(data: dict[str, Any]) -> PartyDocument:
        return services.create_document(
            actor=request.user, keeper=_keeper(scope, data.get("issuer")), number=data["number"],
            symbol=data["symbol"], kind=data["kind"], title=data["title"], issued_on=data["issued_on"],
            issuer=data.get("issuer"), issuer_name=data.get("issuer_name", ""), audience=data["audience"],
            organizations=list(data["organizations"]), members=data["members"], uploaded=data.get("file"),
            note=data["note"],
        )  # fmt: skip

    outcome = _save(request, form, write, _("Đã lưu văn bản %(r)s."))
    return _form_page(request, outcome, {"form": form, "title": _("Thêm văn bản")})


def _managed(request: HttpRequest, scope: Scope, pk: int) -> PartyDocument:
    return get_in_scope_or_404(request, managed_documents(scope).select_related("issuer"), pk, what="party_document")


def _initial(document: PartyDocument) -> dict[str, Any]:
    recipients_ = recipients(document)
    return {
        "version": document.version, "number": document.number, "symbol": document.symbol, "kind": document.kind,
        "title": document.title, "issued_on": document.issued_on, "issuer_name": document.issuer_name,
        "audience": document.audience, "organizations": [o.pk for o in recipients_["organizations"]],
        "members": " ".join(m.card_number for m in recipients_["members"]), "note": document.note,
    }  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_LIBRARY)
    document = _managed(request, scope, pk)
    form = DocumentForm(
        request.POST or None, request.FILES or None, initial=_initial(document), document=document,
        **_form_kwargs(scope),
    )  # fmt: skip

    def write(data: dict[str, Any]) -> PartyDocument:
        changes = {k: data[k] for k in ("number", "symbol", "kind", "title", "issued_on", "audience", "note")}
        if "issuer_name" in data:
            changes["issuer_name"] = data["issuer_name"]
        return services.update_document(
            actor=request.user, document=document, expected_version=data.get("version") or 0, data=changes,
            organizations=list(data["organizations"]), members=data["members"], uploaded=data.get("file"),
        )  # fmt: skip

    outcome = _save(request, form, write, _("Đã lưu thay đổi."))
    context = {"form": form, "title": _("Sửa văn bản %(r)s") % {"r": document.reference}, "document": document}
    return _form_page(request, outcome, context)


@login_required
@require_http_methods(["GET", "POST"])
def document_replace(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_LIBRARY)
    document = _managed(request, scope, pk)
    initial = {"version": document.version, "kind": document.kind, "symbol": document.symbol,
               "title": document.title, "audience": Audience.WHOLE_TREE}  # fmt: skip
    form = DocumentForm(
        request.POST or None, request.FILES or None, initial=initial, document=document, **_form_kwargs(scope)
    )
    form.fields.pop("issuer_name", None)

    def write(data: dict[str, Any]) -> PartyDocument:
        return services.replace_document(
            actor=request.user, document=document, expected_version=data.get("version") or 0,
            number=data["number"], symbol=data["symbol"], kind=data["kind"], title=data["title"],
            issued_on=data["issued_on"], audience=data["audience"], organizations=list(data["organizations"]),
            members=data["members"], uploaded=data.get("file"), note=data["note"],
        )  # fmt: skip

    outcome = _save(request, form, write, _("Đã lưu văn bản %(r)s thay thế."))
    context = {
        "form": form, "document": document,
        "title": _("Văn bản thay thế %(r)s") % {"r": document.reference},
    }  # fmt: skip
    return _form_page(request, outcome, context)


@login_required
@require_http_methods(["GET", "POST"])
def document_validity(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_LIBRARY)
    document = get_in_scope_or_404(
        request, managed_documents(scope).select_related("issuer", "replaced_by", "amended_by"), pk,
        what="party_document",
    )  # fmt: skip
    others = documents_for(scope).exclude(pk=document.pk)
    initial = {"version": document.version, "validity": document.validity, "expired_on": document.expired_on}
    form = ValidityForm(request.POST or None, initial=initial, documents=others, document=document)

    def write(data: dict[str, Any]) -> PartyDocument:
        return services.set_validity(
            actor=request.user, document=document, expected_version=data["version"],
            validity=data["validity"], other=data.get("other"), expired_on=data.get("expired_on"),
        )  # fmt: skip

    outcome = _save(request, form, write, _("Đã cập nhật hiệu lực của văn bản."))
    context = {
        "form": form, "document": document, "validity_form": True,
        "title": _("Hiệu lực của văn bản %(r)s") % {"r": document.reference},
        "in_force": Validity.IN_FORCE,
    }  # fmt: skip
    return _form_page(request, outcome, context)
