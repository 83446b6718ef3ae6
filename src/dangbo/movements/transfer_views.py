"""The transfer pages: start a transfer inside or out of the tree from a member's record, receive a member from
outside, see one movement (both sides' officers) and act on it, download its introduction letter (DOCX at once,
PDF by the documents job). Each view starts with its access check; an id outside the scope answers 404 and is
logged, also an organization id posted in a form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.audit import log_action
from dangbo.core.errors import DomainError
from dangbo.core.models import BackgroundJob
from dangbo.documents.rendering import PDF_JOB_KIND, render_docx, start_pdf
from dangbo.members.forms import PICKER_LIMIT
from dangbo.members.models import Member
from dangbo.members.selectors import members_for
from dangbo.members.views import log_field_denied
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import matching_organizations

from . import letters, transfers
from .deadlines import deadlines_of, overdue_on
from .duplicates import find_duplicates
from .enums import MovementKind, MovementState
from .models import Movement
from .selectors import movements_for, organizations_with
from .transfer_forms import (
    HandOverForm,
    InternalTransferForm,
    LetterForm,
    ReasonForm,
    TransferInForm,
    TransferOutForm,
    VersionForm,
    active_cells,
)

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
RECENT_JOBS = 5
FIELD_OF = {"to_organization": "to_chuc", "organization": "to_chuc", "member": None, "movement": None}


def show_error(form: forms.Form, error: DomainError) -> None:
    field = FIELD_OF.get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, error.message)


def _member_to_move(request: HttpRequest, scope: Scope, pk: int) -> Member:
    qs = members_for(scope, right=Right.MANAGE_MOVEMENTS).select_related("organization__parent")
    return get_in_scope_or_404(request, qs, pk, what="member")


def movement_in_scope(request: HttpRequest, scope: Scope, pk: int, *, right: str = Right.VIEW_MOVEMENTS) -> Movement:
    qs = movements_for(scope, right).select_related(
        "member", "from_organization__parent", "to_organization__parent", "issuing_organization"
    )
    return get_in_scope_or_404(request, qs, pk, what="movement")


def _form_page(request: HttpRequest, form: forms.Form, *, title: str, member: Member | None, status: int = 200,
               extra: dict[str, Any] | None = None) -> HttpResponse:  # fmt: skip
    context = {"form": form, "title": title, "member": member, **(extra or {})}
    return render(request, "movements/transfer_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def transfer_internal(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_MOVEMENTS)
    member = _member_to_move(request, scope, pk)
    form = InternalTransferForm(request.POST or None)
    title = str(MovementKind.TRANSFER_INTERNAL.label)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            movement = transfers.transfer_internal(
                actor=request.user, member=member, to_organization=data["to_chuc"], on=data["on"],
                reason=data["reason"], decision_number=data["decision_number"],
                decision_date=data["decision_date"], note=data["note"],
            )  # fmt: skip
        except DomainError as exc:
            show_error(form, exc)
        else:
            return redirect("movements:detail", movement.pk)
    return _form_page(request, form, title=title, member=member, status=400 if form.errors else 200)


@login_required
@require_GET
def cell_picker(request: HttpRequest) -> HttpResponse:
    """The receiving cell picker of an internal transfer (htmx): the active cells whose name matches what was typed,
    as radio buttons of the transfer form."""
    require_right(request, Right.MANAGE_MOVEMENTS)
    text = request.GET.get("to_chuc_tim", "")[:100]
    matches = matching_organizations(active_cells(Organization.objects.all()), text, limit=PICKER_LIMIT + 1)
    context = {"picks": matches[:PICKER_LIMIT], "more": len(matches) > PICKER_LIMIT, "text": text.strip()}
    return render(request, "movements/_cell_picker.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def transfer_out(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_MOVEMENTS)
    member = _member_to_move(request, scope, pk)
    form = TransferOutForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            movement = transfers.start_transfer_out(
                actor=request.user, member=member, external_organization=data["external_organization"],
                cause_date=data["cause_date"], reason=data["reason"], letter_number=data["letter_number"],
                letter_date=data["letter_date"], channel=data["channel"],
                portal_reference=data["portal_reference"], note=data["note"],
            )  # fmt: skip
        except DomainError as exc:
            show_error(form, exc)
        else:
            return redirect("movements:detail", movement.pk)
    title = str(MovementKind.TRANSFER_OUT.label)
    return _form_page(request, form, title=title, member=member, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def transfer_in(request: HttpRequest) -> HttpResponse:
    """Receive a member arriving from outside the tree. The registry's matches are shown before saving: the same
    citizen id or card number refuses it, the same name and birth date asks for the officer's confirmation."""
    scope = require_right(request, Right.MANAGE_MOVEMENTS)
    form = TransferInForm(request.POST or None, organizations=organizations_with(scope, Right.MANAGE_MOVEMENTS))
    matches: list[Member] = []
    hidden_matches = 0
    if request.method == "POST":
        if not form.is_valid():
            log_field_denied(request, form)
        else:
            data = form.cleaned_data
            found = find_duplicates({**form.sheet_data(), "given_name": " ".join(data["given_name"].split())})
            visible = set(members_for(scope).filter(pk__in=[m.pk for m in (*found.exact, *found.similar)])
                          .values_list("pk", flat=True))  # fmt: skip
            matches = [m for m in (*found.exact, *found.similar) if m.pk in visible]
            hidden_matches = len(found.exact) + len(found.similar) - len(matches)
            try:
                movement = transfers.receive_transfer_in(
                    actor=request.user, organization=data["to_chuc"], data=form.sheet_data(),
                    joined_on=data["joined_on"], external_organization=data["external_organization"],
                    letter_number=data["letter_number"], letter_date=data["letter_date"], channel=data["channel"],
                    portal_reference=data["portal_reference"], confirm_similar=data["confirm_similar"],
                )  # fmt: skip
            except DomainError as exc:
                show_error(form, exc)
            else:
                return redirect("movements:detail", movement.pk)
    extra = {"matches": matches, "hidden_matches": hidden_matches}
    title = str(MovementKind.TRANSFER_IN.label)
    return _form_page(request, form, title=title, member=None, status=400 if form.errors else 200, extra=extra)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One movement, for both sides' officers; the actions each side may take. Opening it is audited."""
    scope = require_right(request, Right.VIEW_MOVEMENTS)
    movement = movement_in_scope(request, scope, pk)
    log_action("movements.movement.viewed", actor=request.user, object_type="movement", object_id=movement.pk,
               object_repr=str(movement), scope_path=movement.from_path or movement.to_path,
               request=request)  # fmt: skip
    return render(request, "movements/detail.html", _detail_context(request, scope, movement))


def _detail_context(request: HttpRequest, scope: Scope, movement: Movement, **forms_: forms.Form) -> dict[str, Any]:
    is_open = movement.state == MovementState.OPEN
    sender = bool(movement.from_path) and scope.covers_path(Right.MANAGE_MOVEMENTS, movement.from_path)
    receiver = bool(movement.to_path) and scope.covers_path(Right.MANAGE_MOVEMENTS, movement.to_path)
    out = movement.kind == MovementKind.TRANSFER_OUT
    internal = movement.kind == MovementKind.TRANSFER_INTERNAL
    initial = {"version": movement.version}
    context: dict[str, Any] = {
        "movement": movement,
        "can_accept": is_open and internal and receiver,
        "can_cancel": is_open and sender and (out or internal),
        "can_record_out": is_open and out and sender,
        "has_letter": movement.kind in letters.LETTER_KINDS and movement.state != MovementState.CANCELLED,
        "accept_form": forms_.get("accept_form") or VersionForm(initial=initial),
        "reason_form": forms_.get("reason_form") or ReasonForm(initial=initial),
        "letter_form": forms_.get("letter_form") or LetterForm(initial={
            **initial, "letter_number": movement.letter_number, "letter_date": movement.letter_date,
            "channel": movement.channel, "portal_reference": movement.portal_reference}),
        "hand_over_form": forms_.get("hand_over_form") or HandOverForm(initial=initial),
    }  # fmt: skip
    if out and movement.cause_date is not None:
        deadlines = deadlines_of(movement)
        context["deadlines"] = deadlines
        context["overdue"] = overdue_on(movement, timezone.localdate(), deadlines)
    return context


def _act(request: HttpRequest, pk: int, form_class: type[forms.Form], form_name: str, act: Any) -> HttpResponse:
    """A POST acting on one movement: the form, the service, back to the page (or the page with the error)."""
    scope = require_right(request, Right.MANAGE_MOVEMENTS)
    movement = movement_in_scope(request, scope, pk, right=Right.MANAGE_MOVEMENTS)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(movement, form.cleaned_data)
        except DomainError as exc:
            show_error(form, exc)
        else:
            return redirect("movements:detail", movement.pk)
    context = _detail_context(request, scope, movement, **{form_name: form})
    return render(request, "movements/detail.html", context, status=400)


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    def act(movement: Movement, d: dict[str, Any]) -> None:
        transfers.accept_transfer(actor=request.user, movement=movement, expected_version=d["version"])

    return _act(request, pk, VersionForm, "accept_form", act)


def _with_reason(request: HttpRequest, pk: int, service: Callable[..., Any]) -> HttpResponse:
    """A step refusing or ending a transfer, with its reason."""

    def act(movement: Movement, d: dict[str, Any]) -> None:
        service(actor=request.user, movement=movement, reason=d["reason"], expected_version=d["version"])

    return _act(request, pk, ReasonForm, "reason_form", act)


@login_required
@require_POST
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _with_reason(request, pk, transfers.decline_transfer)


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _with_reason(request, pk, transfers.cancel_transfer)


@login_required
@require_POST
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    def act(movement: Movement, d: dict[str, Any]) -> None:
        transfers.record_transfer_letter(
            actor=request.user, movement=movement, letter_number=d["letter_number"], letter_date=d["letter_date"],
            channel=d["channel"], portal_reference=d["portal_reference"], expected_version=d["version"],
        )  # fmt: skip

    return _act(request, pk, LetterForm, "letter_form", act)


@login_required
@require_POST
def hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    def act(movement: Movement, d: dict[str, Any]) -> None:
        transfers.record_hand_over(actor=request.user, movement=movement, handed_over_on=d["handed_over_on"],
                                   expected_version=d["version"])  # fmt: skip

    return _act(request, pk, HandOverForm, "hand_over_form", act)


def _letter_movement(request: HttpRequest, pk: int) -> Movement:
    scope = require_right(request, Right.VIEW_MOVEMENTS)
    movement = movement_in_scope(request, scope, pk)
    if movement.kind not in letters.LETTER_KINDS or movement.state == MovementState.CANCELLED:
        raise Http404
    return movement


def _audit_letter(request: HttpRequest, movement: Movement, action: str, **data: Any) -> None:
    log_action(f"movements.letter.{action}", actor=request.user, object_type="movement", object_id=movement.pk,
               object_repr=str(movement), scope_path=movement.from_path or movement.to_path, data=data,
               request=request)  # fmt: skip


@login_required
@require_GET
def letter_docx(request: HttpRequest, pk: int) -> HttpResponse:
    movement = _letter_movement(request, pk)
    try:
        content = render_docx(letters.APP, letters.TEMPLATE, letters.frame_for(movement), letters.fields_for(movement))
    except DomainError as exc:
        context = {"movement": movement, "error": exc.message, "recent": []}
        return render(request, "movements/letter.html", context, status=500)
    _audit_letter(request, movement, "downloaded", format="docx")
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{letters.file_name(movement, "docx")}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    movement = _letter_movement(request, pk)
    job: BackgroundJob | None = None
    error = ""
    filename = letters.file_name(movement, "pdf")
    if request.method == "POST":
        try:
            job = start_pdf(
                owner=request.user, app_label=letters.APP, name=letters.TEMPLATE, info=letters.frame_for(movement),
                fields=letters.fields_for(movement), filename=filename,
            )  # fmt: skip
        except DomainError as exc:
            error = exc.message
        else:
            _audit_letter(request, movement, "pdf_requested", format="pdf", job=job.pk)
        if request.htmx and job is not None:  # type: ignore[attr-defined]
            return render(request, "core/job_status.html", {"job": job})
    recent = BackgroundJob.objects.filter(owner_id=request.user.pk, kind=PDF_JOB_KIND, params__filename=filename)
    context = {"movement": movement, "job": job, "error": error,
               "recent": list(recent.order_by("-created_at")[:RECENT_JOBS])}  # fmt: skip
    return render(request, "movements/letter.html", context, status=400 if error else 200)
